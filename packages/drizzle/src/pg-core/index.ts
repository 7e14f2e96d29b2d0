// drizzle-orm/pg-core, with the exact column builders in place of drizzle's own: swap the import
// and pgTable, text, boolean, relations… stay drizzle's.
export * from 'drizzle-orm/pg-core';
export { bigint, ExactBigInt, ExactBigIntBuilder, type ExactBigIntBuilderInitial, type ExactBigIntConfig } from './exact-bigint.js';
export { date, ExactDate, ExactDateBuilder, type ExactDateBuilderInitial, type ExactDateConfig } from './exact-date.js';
export {
  ExactJson,
  ExactJsonb,
  ExactJsonbBuilder,
  type ExactJsonbBuilderInitial,
  ExactJsonBuilder,
  type ExactJsonBuilderInitial,
  json,
  jsonb,
} from './exact-json.js';
export { decimal, ExactNumeric, ExactNumericBuilder, type ExactNumericBuilderInitial, type ExactNumericConfig, numeric } from './exact-numeric.js';
export {
  ExactTimestamp,
  ExactTimestampBuilder,
  type ExactTimestampBuilderInitial,
  type ExactTimestampConfig,
  type ExactTimestamptzConfig,
  timestamp,
  timestamptz,
} from './exact-timestamp.js';
export { type ExactIdentityBuilder, identity, type IdentityOptions } from './identity.js';
export { type ExactTimestamps, timestamps } from './timestamps.js';
export { doublePrecision, ExactDoublePrecision, ExactDoublePrecisionBuilder, ExactReal, ExactRealBuilder, real } from './exact-float.js';
