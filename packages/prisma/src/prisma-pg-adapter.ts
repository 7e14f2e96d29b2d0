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
import { commitFailure, isConnectionLost, transactionEnd } from '@pg-exact/core';
import { loadPgBinding } from './bindings.js';
import { isExactRawQuery } from './exact-raw-query.js';
import { prismaArguments } from './prisma-arguments.js';
import { modelTextOids, nonCodecParser } from './prisma-columns.js';
import { toPrismaError } from './prisma-errors.js';
import { toResultSet, type ResultField } from './prisma-result-set.js';
import type { PgClientLike, PgPoolClientLike, PgPoolLike } from './prisma-pg-exact-config.js';

const debug = Debug('prisma:driver-adapter:pg-exact');

export const adapterName = '@pg-exact/prisma';

/**
 * The per-query `types` every query passes: the @pg-exact/core parsers (put in front by
 * @pg-exact/pg's `withExactParsers`) for every codec OID, this package's own parsers for the
 * rest. Neither pg's process-wide registry nor the pool's `types` is ever consulted, so a
 * parser registered globally elsewhere in the process cannot change what Prisma reads.
 */
export async function prismaTypes(): Promise<PgTypes> {
  // Imported here so a PGlite-only application loads neither pg nor @pg-exact/pg.
  const { withExactParsers, withExactParsersExcept } = await loadPgBinding();
  const types = withExactParsers(nonCodecTypes);
  modelTypesCache.set(types, withExactParsersExcept(nonCodecTypes, modelTextOids));
  return types;
}

// The `types` of Prisma's model path (modelTextOids as text) for each `types` prismaTypes() made.
const modelTypesCache = new WeakMap<PgTypes, PgTypes>();

/** `types` for Prisma's model path: {@link modelTextOids} as text, everything else parsed as by `types`. */
function modelTypes(types: PgTypes): PgTypes {
  return modelTypesCache.get(types) ?? types; // the converters also take parsed values
}

/** The fallback behind the core parsers: bool and bytea parsed, everything else the text itself. */
export const nonCodecTypes = { getTypeParser: (oid: number) => nonCodecParser(oid) };

/** A node-postgres `types` object. */
export interface PgTypes {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown;
}

interface ArrayResult {
  fields: ResultField[];
  rows: unknown[][];
  rowCount: number | null;
}

/** Queries and statements on a pg pool or one of its clients. */
class PgExactQueryable implements SqlQueryable {
  readonly provider = 'postgres';
  readonly adapterName = adapterName;

  constructor(
    protected readonly client: PgClientLike,
    protected readonly types: PgTypes,
  ) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    debug('[js::query_raw] %O', query);
    const exact = isExactRawQuery(query.sql);
    const { fields, rows } = await this.performIO(query, exact ? this.types : modelTypes(this.types));
    return toResultSet(fields, rows, exact);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    debug('[js::execute_raw] %O', query);
    return (await this.performIO(query)).rowCount ?? 0;
  }

  protected async performIO(query: SqlQuery, types: PgTypes = this.types): Promise<ArrayResult> {
    const values = prismaArguments(query);
    try {
      return (await this.client.query({ text: query.sql, values, rowMode: 'array', types })) as ArrayResult;
    } catch (error) {
      toPrismaError(this.failure(query, error));
    }
  }

  /** The error a failed query rejects with, before Prisma's mapping. */
  protected failure(_query: SqlQuery, error: unknown): unknown {
    return error;
  }
}

class PgExactTransaction extends PgExactQueryable implements Transaction {
  readonly options: TransactionOptions = { usePhantomQuery: false };
  /** The connection emitted 'error' (lost) since the transaction began. */
  lost = false;

  constructor(
    private readonly connection: PgPoolClientLike,
    types: PgTypes,
    private readonly cleanup: () => void,
  ) {
    super(connection, types);
  }

  // Prisma's engine sends COMMIT itself: when the connection is lost around it, say whether the
  // transaction may have committed (PgExactCommitUnknownError) or surely did not (PgExactNotCommittedError).
  protected override async performIO(query: SqlQuery, types?: PgTypes): Promise<ArrayResult> {
    // A connection that was lost or whose query timed out is destroyed on release, which ends the
    // transaction on the server: the engine's ROLLBACK is not sent (it would fail, or wait behind the
    // timed-out query).
    const end = transactionEnd(query.sql);
    if (end === 'rollback' && (this.broken !== undefined || this.lost)) return { fields: [], rows: [], rowCount: null };
    if (end !== 'commit') return super.performIO(query, types);
    const lostBefore = this.lost;
    this.committing = { lostBefore };
    try {
      return await super.performIO(query, types);
    } finally {
      this.committing = undefined;
    }
  }

  private committing: { lostBefore: boolean } | undefined;
  /** Why the connection must not serve again: its session was lost, or a query timed out client-side (and still runs on it). */
  private broken: Error | undefined;

  protected override failure(_query: SqlQuery, error: unknown): unknown {
    if (isConnectionLost(error)) this.broken ??= error as Error;
    if (this.committing === undefined) return error;
    const unsent = error instanceof Error && / is not queryable$/.test(error.message);
    return commitFailure(error, !this.committing.lostBefore && !unsent);
  }

  // Prisma sends COMMIT / ROLLBACK itself (usePhantomQuery: false); these only return the connection,
  // with the error that makes it unfit when there is one, so pg-pool destroys it instead of handing a
  // connection still busy with a timed-out query to the next checkout.
  async commit(): Promise<void> {
    this.cleanup();
    this.connection.release(this.broken);
  }

  async rollback(): Promise<void> {
    this.cleanup();
    this.connection.release(this.broken);
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

/** The SqlDriverAdapter over a pg pool that {@link PrismaPgExact} connects. */
export class PgExactAdapter extends PgExactQueryable implements SqlDriverAdapter {
  constructor(
    private readonly pool: PgPoolLike,
    types: PgTypes,
    private readonly schema: string | undefined,
    private readonly release: () => Promise<void>,
    private readonly onConnectionError?: (error: Error) => void,
  ) {
    super(pool, types);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    debug('[js::startTransaction] %s', isolationLevel ?? '');
    let connection: PgPoolClientLike;
    try {
      connection = await this.pool.connect();
    } catch (error) {
      toPrismaError(error);
    }
    let tx: PgExactTransaction | undefined;
    const onError = (error: Error) => {
      debug('error from a transaction connection: %O', error);
      if (tx !== undefined) tx.lost = true;
      this.onConnectionError?.(error);
    };
    connection.on?.('error', onError);
    const cleanup = () => connection.removeListener?.('error', onError);
    try {
      tx = new PgExactTransaction(connection, this.types, cleanup);
      await tx.executeRaw({ sql: 'BEGIN', args: [], argTypes: [] });
      if (isolationLevel) {
        await tx.executeRaw({ sql: `SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`, args: [], argTypes: [] });
      }
      return tx;
    } catch (error) {
      cleanup();
      connection.release(error as Error);
      throw error;
    }
  }

  /** Runs the script as one simple-protocol query on one connection: `DO $$ … $$` blocks and all. */
  async executeScript(script: string): Promise<void> {
    let connection: PgPoolClientLike;
    try {
      connection = await this.pool.connect();
    } catch (error) {
      toPrismaError(error);
    }
    try {
      await connection.query(script);
    } catch (error) {
      toPrismaError(error);
    } finally {
      connection.release();
    }
  }

  getConnectionInfo(): ConnectionInfo {
    // No relation joins: Prisma would build the related rows as JSON on the server, where
    // numeric and int8 inside become JSON numbers that its JSON.parse rounds.
    return { schemaName: this.schema, supportsRelationJoins: false };
  }

  async dispose(): Promise<void> {
    await this.release();
  }

  underlyingDriver(): PgPoolLike {
    return this.pool;
  }
}
