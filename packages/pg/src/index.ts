export { createPool, type ExactPoolConfig } from './create-pool.js';
export { ExactClient, livenessDefaults, type ExactClientConfig } from './exact-client.js';
export { exactTypes, withExactParsers, withExactParsersExcept, type TypeParserSource } from './exact-types.js';
export { exactQuery, type SendQuery } from './exact-query.js';
export { serializeParameter, serializeParameters } from './parameter-serializer.js';
export type { SessionPin } from './session-pin.js';
// The values this package reads and writes, so an application needs no second install to build them.
export { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
