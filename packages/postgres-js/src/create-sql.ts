import postgres from 'postgres';
import { type ExactOptionsInput, type ExactTypeMap, exactOptions, type NoTypes } from './exact-options.js';
import { exactSql } from './exact-sql.js';

/** JS value types of a postgres.js `types` map, as `postgres()` derives them for its `Sql` type. */
type TypeValues<T extends Record<string, postgres.PostgresType>> = {
  [K in keyof T]: T[K] extends postgres.PostgresType<infer R> ? R : never;
};

/** The `sql` {@link createSql} returns: postgres.js's own `Sql` type, with pg-exact's typed helpers. */
export type ExactSql<T extends Record<string, postgres.PostgresType> = NoTypes> = postgres.Sql<TypeValues<ExactTypeMap<T>>>;

/**
 * `postgres(url, exactOptions(options))`, wrapped so that Dates are never sent as timestamptz.
 *
 * On top of {@link exactOptions} (exact parsers and serializers, pinned session): every Date or
 * PreciseDate parameter is sent as its UTC text with µs and `+00`, untyped, so a `timestamp`
 * column stores the UTC wall clock and a `date` column the UTC calendar date whatever the session
 * TimeZone, including after a `SET TIME ZONE`, and whether postgres.js types values itself (3, or 4
 * with `infer: true`) or leaves them to the server (4); plain arrays starting with a bigint, Date or
 * boolean are sent untyped so the server picks their array type; on postgres.js 3,
 * `sql.array(values)` and `sql.array(values, oid)` use pg-exact's array types (4 removed
 * `sql.array`). A value a serializer refuses rejects the query with its PgExactValueError. This
 * covers the tagged template, the `sql(rows)` helper, `sql.unsafe`, `sql.file`, `sql.array`,
 * fragments' `.join`, `sql.batch`, and the `sql` handed out by `sql.begin`, `savepoint` and
 * `sql.reserve`; everything else is postgres.js's own `sql`, unchanged.
 *
 * An untyped Date in an expression needs a cast (`${d}::timestamptz + interval '1 day'`), as with
 * node-postgres; `sql.types.timestamptz(d)` types it explicitly.
 *
 * ```ts
 * import { createSql } from '@pg-exact/postgres-js';
 *
 * const sql = createSql('postgres://localhost/app', { max: 5 });
 * await sql`INSERT INTO events ${sql({ id: 9007199254740993n, at: new Date(), local: new Date() })}`;
 * const rows = await sql.unsafe('SELECT id, at FROM events WHERE id = $1', [9007199254740993n]);
 * await sql.end();
 * ```
 */
export function createSql<T extends Record<string, postgres.PostgresType> = NoTypes>(
  url: string,
  options?: ExactOptionsInput<T>,
): ExactSql<T>;
export function createSql<T extends Record<string, postgres.PostgresType> = NoTypes>(options?: ExactOptionsInput<T>): ExactSql<T>;
export function createSql<T extends Record<string, postgres.PostgresType> = NoTypes>(
  urlOrOptions?: string | ExactOptionsInput<T>,
  options?: ExactOptionsInput<T>,
): ExactSql<T> {
  const sql =
    typeof urlOrOptions === 'string'
      ? postgres(urlOrOptions, exactOptions(options))
      : postgres(exactOptions(urlOrOptions));
  return exactSql(sql) as unknown as ExactSql<T>;
}
