import {
  Debug,
  type ConnectionInfo,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from '@prisma/driver-adapter-utils';
import { isExactRawQuery } from './exact-raw-query.js';
import { prismaArguments } from './prisma-arguments.js';
import { modelTextOids, nonCodecOids, nonCodecParser } from './prisma-columns.js';
import { toPrismaError } from './prisma-errors.js';
import { adapterName } from './prisma-pg-adapter.js';
import { toResultSet } from './prisma-result-set.js';

const debug = Debug('prisma:driver-adapter:pglite-exact');

type Parser = (text: string, typeId?: number) => unknown;
type Serializer = (value: unknown) => string;

/**
 * The instance a PrismaPGliteExact adapter queries (a PGlite from createPGlite, or any PGlite): the
 * slice of PGlite's interface it uses, declared here so that a project without PGlite type-checks.
 */
export interface PGliteLike {
  query<T>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object'; parsers?: Record<number, Parser>; serializers?: Record<number, Serializer> },
  ): Promise<{ rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
  readonly parsers: Readonly<Record<number, unknown>>;
}

// Every argument is already text (prismaArguments): sent as it is, whatever type the server describes.
const sendText: Serializer = (value) => (typeof value === 'string' ? value : String(value));
const textSerializers = new Proxy({} as Record<number, Serializer>, { get: () => sendText });
const rawText: Parser = (text) => text;

/** A FIFO lock: PGlite has one session, so a transaction holds it from BEGIN to COMMIT. */
class SessionLock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }
}

class PGliteExactQueryable implements SqlQueryable {
  readonly provider = 'postgres';
  readonly adapterName = adapterName;

  constructor(
    protected readonly db: PGliteLike,
    protected readonly exactParsers: Readonly<Record<number, Parser>>,
  ) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    debug('[js::query_raw] %O', query);
    const exact = isExactRawQuery(query.sql);
    const { fields, rows } = await this.performIO(query, exact);
    return toResultSet(fields, rows, exact);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    debug('[js::execute_raw] %O', query);
    return (await this.performIO(query)).affectedRows ?? 0;
  }

  protected async performIO(query: SqlQuery, exact = true) {
    const params = prismaArguments(query);
    try {
      return await this.db.query<unknown[]>(query.sql, params, {
        rowMode: 'array',
        parsers: this.#parsers(exact),
        serializers: textSerializers,
      });
    } catch (error) {
      toPrismaError(error);
    }
  }

  /**
   * PGlite merges per-query parsers over the instance's by spreading them, so every OID the
   * instance has a parser for is given one here: the core parsers for codec OIDs, this package's
   * for bool and bytea, and the text itself for the rest. The instance's own parsers never run.
   */
  #parsers(exact: boolean): Record<number, Parser> {
    const parsers: Record<number, Parser> = {};
    for (const key of Object.keys(this.db.parsers)) parsers[Number(key)] = rawText;
    for (const oid of nonCodecOids) parsers[oid] = nonCodecParser(oid);
    Object.assign(parsers, this.exactParsers);
    if (!exact) for (const oid of modelTextOids) parsers[oid] = rawText; // Prisma's model path: see modelTextOids
    return parsers;
  }
}

class PGliteExactTransaction extends PGliteExactQueryable implements Transaction {
  readonly options: TransactionOptions = { usePhantomQuery: false };

  constructor(
    db: PGliteLike,
    exactParsers: Readonly<Record<number, Parser>>,
    private readonly release: () => void,
  ) {
    super(db, exactParsers);
  }

  // Prisma sends COMMIT / ROLLBACK itself (usePhantomQuery: false); these hand the session back.
  async commit(): Promise<void> {
    this.release();
  }

  async rollback(): Promise<void> {
    this.release();
  }

  async createSavepoint(name: string): Promise<void> {
    await this.executeRaw({ sql: `SAVEPOINT ${name}`, args: [], argTypes: [] });
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.executeRaw({ sql: `ROLLBACK TO SAVEPOINT ${name}`, args: [], argTypes: [] });
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.executeRaw({ sql: `RELEASE SAVEPOINT ${name}`, args: [], argTypes: [] });
  }
}

/** The SqlDriverAdapter over one PGlite instance that {@link PrismaPGliteExact} connects. */
export class PGliteExactAdapter extends PGliteExactQueryable implements SqlDriverAdapter {
  readonly #lock = new SessionLock();

  constructor(
    db: PGliteLike,
    exactParsers: Readonly<Record<number, Parser>>,
    private readonly schema: string | undefined,
    private readonly release: () => Promise<void>,
  ) {
    super(db, exactParsers);
  }

  override async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    const release = await this.#lock.acquire();
    try {
      return await super.queryRaw(query);
    } finally {
      release();
    }
  }

  override async executeRaw(query: SqlQuery): Promise<number> {
    const release = await this.#lock.acquire();
    try {
      return await super.executeRaw(query);
    } finally {
      release();
    }
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    debug('[js::startTransaction] %s', isolationLevel ?? '');
    const release = await this.#lock.acquire();
    const tx = new PGliteExactTransaction(this.db, this.exactParsers, release);
    try {
      await tx.executeRaw({ sql: 'BEGIN', args: [], argTypes: [] });
      if (isolationLevel) {
        await tx.executeRaw({ sql: `SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`, args: [], argTypes: [] });
      }
      return tx;
    } catch (error) {
      await this.db.exec('ROLLBACK').catch(() => undefined);
      release();
      throw error;
    }
  }

  async executeScript(script: string): Promise<void> {
    const release = await this.#lock.acquire();
    try {
      await this.db.exec(script);
    } catch (error) {
      toPrismaError(error);
    } finally {
      release();
    }
  }

  getConnectionInfo(): ConnectionInfo {
    // No relation joins: the related rows would be JSON built on the server, rounded by JSON.parse.
    return { schemaName: this.schema, supportsRelationJoins: false };
  }

  async dispose(): Promise<void> {
    await this.release();
  }

  underlyingDriver(): PGliteLike {
    return this.db;
  }
}
