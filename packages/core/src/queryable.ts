/**
 * The one method pg-exact's driver-free helpers (`audit`, the gapless counter) need from a
 * connection: run SQL with `$1`-style parameters and give back the rows. A node-postgres `Client`,
 * `Pool` or `PoolClient` and a PGlite instance or transaction fit as they are; for postgres.js pass
 * `{ query: (text, params) => sql.unsafe(text, params).then((rows) => ({ rows })) }`.
 *
 * The helpers cast what they read to text in SQL, so they work whatever parsers the connection
 * has (pg-exact's or the driver's own).
 */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: readonly Record<string, unknown>[] }>;
}
