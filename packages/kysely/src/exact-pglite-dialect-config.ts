import type { DatabaseConnection } from 'kysely';

/** The slice of PGlite's interface the driver uses (so PGlite's own types are not needed at run time). */
export interface ExactPGliteInstance {
  query<R>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'object' },
  ): Promise<{ rows: R[]; affectedRows?: number }>;
  close(): Promise<void>;
}

/** Hooks of {@link ExactPGliteDialectConfig}. */
export interface ExactPGliteDialectHooks {
  /** Called once, when the driver first gets its (single) connection. Default: none. */
  onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
}

/**
 * Either an instance from `@pg-exact/pglite`'s `createPGlite` (a plain PGlite is accepted but is
 * only as exact as its own parsers; `db.destroy()` leaves it open: you close what you create), or
 * `createPGlite`'s arguments, in which case the dialect creates the instance and `db.destroy()`
 * closes it.
 */
export type ExactPGliteDialectConfig =
  | ({
      /** An instance (or a function resolving to one) from `createPGlite`. */
      pglite: ExactPGliteInstance | (() => Promise<ExactPGliteInstance>);
    } & ExactPGliteDialectHooks)
  | ({
      pglite?: undefined;
      /** Data directory, e.g. `'./data'` or `'idb://app'`. Default: in memory. */
      dataDir?: string;
      /**
       * `PGlite.create` options (PGlite's `PGliteOptions`). Default: none. Never modified. Typed
       * loosely so that a project without PGlite type-checks.
       */
      options?: object;
    } & ExactPGliteDialectHooks);
