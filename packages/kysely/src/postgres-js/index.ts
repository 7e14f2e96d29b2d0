export { ExactPostgresJsDialect } from './exact-postgres-js-dialect.js';
export type {
  ExactPostgresJsDialectConfig,
  ExactPostgresJsDialectHooks,
  PostgresJsPendingQuery,
  PostgresJsReservedSql,
  PostgresJsResult,
  PostgresJsSql,
} from './exact-postgres-js-dialect-config.js';
// The values this dialect reads and writes, so an application needs no second install to build them.
export { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
