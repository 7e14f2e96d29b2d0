export { createSql, type ExactSql } from './create-sql.js';
export { exactOptions, type ExactOptions, type ExactOptionsInput, type ExactTypeMap, type NoTypes, type PostgresJsSessionPin } from './exact-options.js';
export { type ArrayParameter, exactTypes, type ExactTypes, type JsonParameter } from './exact-types.js';
export { PgExactQueryTimeoutError } from './query-deadline.js';
export { recoverValueError } from './refused-parameter.js';
export { transactionOutcome } from './transaction-outcome.js';
// The values this package reads and writes, so an application needs no second install to build them.
export { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
