import type { ExactOptionsInput } from '@pg-exact/postgres-js';
import type { PostgresDialectConfig } from 'kysely';

/** The slice of a postgres.js `sql` the dialect uses (3.4 and 4 both have it): structural, as Kysely declares pg's. */
export interface PostgresJsSql {
  unsafe(query: string, parameters?: any[]): PromiseLike<unknown>;
  reserve(): Promise<PostgresJsReservedSql>;
  end(): Promise<void>;
}

/** The slice of a reserved postgres.js connection (`await sql.reserve()`) the dialect uses. */
export interface PostgresJsReservedSql {
  unsafe(query: string, parameters?: any[]): PostgresJsPendingQuery;
  release(): void;
}

/** A postgres.js query: a promise of its rows (with `command` and `count`) that can also be read by cursor. */
export interface PostgresJsPendingQuery extends PromiseLike<PostgresJsResult> {
  cursor(rows?: number): AsyncIterable<readonly Record<string, unknown>[]>;
}

/** postgres.js's result: the rows, plus the command tag's parts. */
export interface PostgresJsResult extends Iterable<Record<string, unknown>> {
  readonly command: string;
  readonly count: number | null;
}

/** Kysely's connection hooks, meaning what Kysely's `PostgresDialectConfig` says. */
export type ExactPostgresJsDialectHooks = Pick<PostgresDialectConfig, 'onCreateConnection' | 'onReserveConnection'>;

/**
 * Either your postgres.js `sql` (make it with `@pg-exact/postgres-js`'s `createSql`: a plain
 * `postgres()` is accepted, but it is only as exact as its own types), or a function returning one,
 * as the community `kysely-postgres-js` dialect takes it; or `connectionString` plus any postgres.js
 * options, from which the dialect makes `createSql(connectionString, options)` on first use.
 * `db.destroy()` ends the `sql` in both forms.
 */
export type ExactPostgresJsDialectConfig =
  | ({
      /** A postgres.js `sql` from `createSql`, or a function returning one (called once, on first use). */
      postgres: PostgresJsSql | (() => PostgresJsSql | Promise<PostgresJsSql>);
    } & ExactPostgresJsDialectHooks)
  | ({
      postgres?: undefined;
      /** `postgres://…`; omit it to use postgres.js's own defaults and PG* environment variables. */
      connectionString?: string | undefined;
    } & ExactOptionsInput &
      ExactPostgresJsDialectHooks);
