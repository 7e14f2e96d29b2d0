export { parseArray, serializeArray, type PgArray } from './array-codec.js';
export { byteDecoders, type ByteDecode } from './byte-decoders.js';
export { builtinArrayTypes } from './array-types.generated.js';
export type { Codec } from './codec.js';
export { codecs, getParser, type CodecName } from './codecs.js';
export { Decimal, decimalFromText, decimalToText, isDecimal } from './decimal.js';
export { describeValue, PgExactValueError } from './errors.js';
export {
  commitFailure,
  isConnectionLost,
  PgExactCommitUnknownError,
  PgExactConnectionError,
  PgExactNotCommittedError,
  transactionEnd,
} from './connection-errors.js';
export { exactNumberText } from './numeric-codec.js';
export { oids, type PgTypeName } from './oids.generated.js';
export { jsonNeedsExactParse, parseJson, type JsonValue } from './parse-json.js';
export { PreciseDate } from './precise-date.js';
export { poolerSessionSetSql, poolerSessionSettings, sessionOptions, sessionSettings, sessionSetSql } from './session.js';
export { stringifyJson } from './stringify-json.js';
export { serializeUntyped } from './untyped-value.js';
export { checkWellFormed } from './well-formed-text.js';
export { presets, type FloatToNumericOptions, type PresetOptions, type PresetSql, type SerialToIdentityOptions, type TimestampToTimestamptzOptions } from './presets/index.js';
export { publishTrap, TRAP_CHANNEL, trapChannel, type TrapKind, type TrapMessage } from './diagnostics.js';
export {
  onlineMigration,
  OnlineMigration,
  type OnlineMigrationOptions,
  type OnlinePhase,
  type OnlinePlan,
  type OnlineProgress,
  type OnlineState,
} from './presets/online/online-migration.js';
export type { OnlineConversionName } from './presets/online/online-conversions.js';
export { audit, AUDIT_KIND_EXPLANATIONS, looksLikeMoney, type AuditFinding, type AuditFindingKind, type AuditOptions } from './audit/audit.js';
export { FRAMEWORK_ZONES, frameworkZoneAdvice, type FrameworkZone, type ZoneAdvice } from './audit/framework-zones.js';
export {
  changeBlockers,
  columnDependencies,
  type AffectedColumn,
  type ColumnDependencies,
  type ColumnDependenciesOptions,
  type ColumnSequence,
  type DependentObject,
} from './presets/dependencies.js';
export { presetColumnChange, type PresetColumnChange } from './preset-column-change.js';
export { checkWallClockZone, instantToWallClock, wallClockToInstant } from './wall-clock.js';
export { gaplessCounter, type GaplessCounter, type GaplessCounterOptions } from './gapless-counter.js';
export type { Queryable } from './queryable.js';
