/**
 * What the conformance trap suite needs from a stack: a driver binding, a vanilla driver, or
 * later an ORM adapter. Writes and reads go through the stack's normal paths (an ORM's insert
 * and select), raw SQL through its raw API; the suite checks what the server stored itself.
 */
export interface ConformanceAdapter {
  /** Column heading in docs/trap-matrix.md, e.g. `pg-exact/pg` or `pg (vanilla)`. */
  readonly name: string;
  /** pg-exact stacks must be exact everywhere; vanilla stacks are measured, not judged. */
  readonly exact: boolean;
  /** The targets this stack can run on. */
  readonly targets: readonly TargetKind[];
  /**
   * A documented limit of the stack: why a path of a case cannot be exact (e.g. Prisma builds
   * DateTime model fields as JS Dates itself). Only non-exact outcomes are marked; the matrix
   * shows them as documented limits, and the suite accepts them. Undefined: no limit.
   */
  knownLimit?(trap: import('./cases.js').TrapCase, path: import('./run-cases.js').TrapPath): string | undefined;
  open(target: Target): Promise<ConformanceSession>;
}

export type TargetKind = 'server' | 'pglite';

/**
 * Where the suite runs. `server`: the local PostgreSQL, in a database whose default TimeZone is
 * not UTC. `pglite`: an embedded PGlite; stacks that speak the wire protocol reach it through
 * `url` (a pglite-socket server), the PGlite binding uses `db` directly.
 */
export type Target =
  | { kind: 'server'; url: string }
  | { kind: 'pglite'; url: string; db: import('@electric-sql/pglite').PGlite };

/** A table the suite creates: `id` is an identity column, `v` holds the value under test. */
export interface TrapTable {
  /** Schema-qualified, quoted name, usable in SQL as is. */
  readonly sql: string;
  readonly schema: string;
  readonly name: string;
  /** SQL type of column `v`, e.g. `int8`, `numeric[]`. */
  readonly type: string;
}

export interface ConformanceSession {
  /** Runs a statement (DDL, SET) for its effect. */
  execute(sql: string): Promise<void>;
  /** Raw SQL with `$n` parameters through the stack's raw API; rows as objects. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Inserts `{ v: value }` through the stack's write path; returns the generated `id` as the stack reads it. */
  insert(table: TrapTable, value: unknown): Promise<unknown>;
  /** Reads column `v` of row `id` through the stack's read path. */
  select(table: TrapTable, id: unknown): Promise<unknown>;
  close(): Promise<void>;
}
