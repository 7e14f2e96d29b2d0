import { isConnectionLost } from '@pg-exact/core';
import { recoverValueError } from '@pg-exact/postgres-js';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { CommitOutcome } from '../connection-fault-guard.js';
import type { PostgresJsReservedSql, PostgresJsResult, PostgresJsSql } from './exact-postgres-js-dialect-config.js';

/**
 * A postgres.js `sql` as the pool Kysely's own PostgresDriver drives: a connection is a reserved
 * postgres.js connection (`sql.reserve()`), so a Kysely transaction stays on one connection, and
 * Kysely's own driver code runs unchanged — BEGIN/COMMIT/ROLLBACK, isolation levels and access
 * modes, savepoints, the aborted-transaction check on COMMIT, the hooks, 0.29's query cancellation.
 */
export class PostgresJsPool implements PostgresPool {
  /** What Kysely 0.29 passes to a control client; there is none here (it cancels through the pool). */
  readonly options = {};
  readonly #sql: PostgresJsSql;

  constructor(sql: PostgresJsSql) {
    this.#sql = sql;
  }

  /**
   * One query on the pool before any connection is reserved: postgres.js 3.4.0 fetches the
   * database's array types on the first query, but never when the first connection is reserved
   * (then text[], uuid[]… read as their text for the life of the pool; fixed by 3.4.9).
   */
  async warmUp(): Promise<this> {
    await this.#sql.unsafe('select 1');
    return this;
  }

  async connect(): Promise<PostgresPoolClient> {
    return new PostgresJsPoolClient(await this.#sql.reserve());
  }

  async end(): Promise<void> {
    await this.#sql.end();
  }
}

class PostgresJsPoolClient implements PostgresPoolClient {
  readonly #reserved: PostgresJsReservedSql;
  #lost = false; // a query on this connection found it lost
  readonly #outcome = new CommitOutcome();

  constructor(reserved: PostgresJsReservedSql) {
    this.#reserved = reserved;
  }

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: readonly unknown[]): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (sqlOrCursor instanceof PostgresJsCursor) return sqlOrCursor.on(this.#reserved) as PostgresCursor<R>;
    if (typeof sqlOrCursor !== 'string') throw new TypeError('ExactPostgresJsDialect: not a query or a cursor of this dialect');
    return this.#run<R>(sqlOrCursor, parameters ?? []);
  }

  async #run<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    let result: PostgresJsResult;
    const lostBefore = this.#lost;
    try {
      // Kysely's COMMIT: say whether the transaction may have committed (the connection was fine
      // when it was sent) or surely did not (an earlier query already found the connection lost).
      result = (await this.#outcome.track(sql, () => this.#reserved.unsafe(sql, [...parameters]), () => !lostBefore)) as PostgresJsResult;
    } catch (error) {
      if (isConnectionLost(error)) this.#lost = true;
      throw withWritableStack(error);
    }
    return {
      command: result.command as PostgresQueryResult<R>['command'],
      rowCount: result.count ?? 0,
      rows: Array.from(result) as R[],
    };
  }

  // postgres.js closes a broken connection itself; a reserved one can only be given back.
  release(): void {
    this.#reserved.release();
  }
}

/**
 * The cursor Kysely's driver builds for `stream()`: postgres.js's own `.cursor(chunkSize)` on the
 * reserved connection, read chunk by chunk. Parameters and rows go through the `sql`'s exact
 * serializers and parsers like any other query.
 */
export class PostgresJsCursor<T> implements PostgresCursor<T> {
  readonly #sql: string;
  readonly #parameters: unknown[];
  #reserved: PostgresJsReservedSql | undefined;
  #chunks: AsyncIterator<readonly Record<string, unknown>[]> | undefined;

  constructor(sql: string, parameters: unknown[]) {
    this.#sql = sql;
    this.#parameters = parameters;
  }

  /** Binds the cursor to the connection Kysely's driver reads it on. */
  on(reserved: PostgresJsReservedSql): this {
    this.#reserved = reserved;
    return this;
  }

  async read(rowsCount: number): Promise<T[]> {
    if (this.#chunks === undefined) {
      if (this.#reserved === undefined) throw new Error('ExactPostgresJsDialect: cursor read before it was given to a connection');
      this.#chunks = this.#reserved.unsafe(this.#sql, this.#parameters).cursor(rowsCount)[Symbol.asyncIterator]();
    }
    let next: IteratorResult<readonly Record<string, unknown>[]>;
    try {
      next = await this.#chunks.next();
    } catch (error) {
      // @pg-exact/postgres-js recovers a refused parameter's PgExactValueError when a query is
      // awaited; a cursor's chunks are not, so it is recovered here.
      throw withWritableStack(recoverValueError(error));
    }
    return next.done === true ? [] : (Array.from(next.value) as T[]);
  }

  async close(): Promise<void> {
    // Ends postgres.js's cursor early when the stream is left before its last chunk.
    await this.#chunks?.return?.();
  }
}

/**
 * The error, or a copy of it (same prototype and properties) whose `stack` can be written: Kysely
 * appends the caller's stack to a query's error, and postgres.js 3.4.0 defines a PostgresError's
 * `stack` read-only and non-configurable, which made every query error a TypeError about `stack`.
 */
function withWritableStack(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const stack = Object.getOwnPropertyDescriptor(error, 'stack');
  if (stack === undefined || stack.writable !== false) return error;
  const descriptors = Object.getOwnPropertyDescriptors(error);
  descriptors.stack = { ...stack, writable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(error) as object | null, descriptors) as unknown;
}
