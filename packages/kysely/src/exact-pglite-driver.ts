import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { loadPGliteBinding } from './bindings.js';
import { ExactPGliteConnection } from './exact-pglite-connection.js';
import type { ExactPGliteDialectConfig, ExactPGliteInstance } from './exact-pglite-dialect-config.js';

/** A FIFO lock: PGlite has one session, so one Kysely connection holder at a time. */
class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves, once every earlier holder has released, to the function that releases this hold. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Kysely `Driver` for PGlite. All queries share PGlite's single session; `acquireConnection`
 * waits until the previous holder (a query, or a whole transaction) has released it. Normally
 * created by {@link ExactPGliteDialect}; use it directly to build your own dialect.
 *
 * ```ts
 * import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Dialect } from 'kysely';
 * import { ExactPGliteDriver } from '@pg-exact/kysely';
 *
 * const dialect: Dialect = {
 *   createDriver: () => new ExactPGliteDriver({ dataDir: './data' }),
 *   createAdapter: () => new PostgresAdapter(),
 *   createIntrospector: (db) => new PostgresIntrospector(db),
 *   createQueryCompiler: () => new PostgresQueryCompiler(),
 * };
 * ```
 */
export class ExactPGliteDriver implements Driver {
  readonly #config: ExactPGliteDialectConfig;
  readonly #mutex = new ConnectionMutex();
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  #pglite?: ExactPGliteInstance;
  #connection?: ExactPGliteConnection;
  #owned = false;

  constructor(config: ExactPGliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const config = this.#config;
    if (config.pglite !== undefined) {
      this.#pglite = typeof config.pglite === 'function' ? await config.pglite() : config.pglite;
    } else {
      // Imported lazily so that a server-only application needs no PGlite.
      const { createPGlite } = await loadPGliteBinding();
      this.#pglite = (await createPGlite(config.dataDir, config.options)) as unknown as ExactPGliteInstance;
      this.#owned = true;
    }
    this.#connection = new ExactPGliteConnection(this.#pglite);
    await config.onCreateConnection?.(this.#connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    const connection = this.#connection;
    if (connection === undefined) {
      release();
      throw new Error('ExactPGliteDriver: the driver is not initialized or was destroyed');
    }
    this.#releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let text = 'begin';
    if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) text += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(text));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(savepointName)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(savepointName)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    release?.();
  }

  async destroy(): Promise<void> {
    const pglite = this.#pglite;
    this.#connection = undefined;
    this.#pglite = undefined;
    // An instance the caller passed in is theirs to close.
    if (pglite !== undefined && this.#owned) await pglite.close();
  }
}
