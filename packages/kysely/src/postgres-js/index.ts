export { ExactPostgresJsDialect } from './exact-postgres-js-dialect.js';
export type {
  ExactPostgresJsDialectConfig,
  ExactPostgresJsDialectHooks,
  PostgresJsPendingQuery,
  PostgresJsReservedSql,
  PostgresJsResult,
  PostgresJsSql,
} from './exact-postgres-js-dialect-config.js';
// The exact postgres.js `sql` for `{ postgres }`, and the values this dialect reads and writes, so an
// application needs no second install to build them.
export { createSql } from '@pg-exact/postgres-js';
export { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
