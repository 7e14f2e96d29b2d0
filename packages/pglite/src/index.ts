export { createPGlite, type ExactPGlite } from './create-pglite.js';
export { exactParsers, type ExactParser } from './exact-parsers.js';
export { exactSerializers, PGLITE_MAX_JSON_DEPTH, type ExactSerializer } from './exact-serializers.js';
export { serializeParameter } from './parameter-serializer.js';
export { pinnedStartParams } from './session-pin.js';
// The values this package reads and writes, so an application needs no second install to build them.
export { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
export { isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError } from '@pg-exact/core';
