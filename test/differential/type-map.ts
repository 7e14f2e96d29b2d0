/**
 * The documented type map between a vanilla stack and pg-exact, as one comparison for the
 * differential suites (test/differential/*.differential.test.ts): a value one query read through
 * the vanilla stack, the value the same query read through pg-exact, and the PostgreSQL type of
 * the column → the same value, the same value in the documented other representation, a value
 * vanilla lost and pg-exact kept, or a difference (which fails the suite).
 *
 * The rules (DESIGN.md, "Value representations"); `V` is the vanilla value, `E` pg-exact's:
 *
 * | type | vanilla reads | pg-exact reads | same value when |
 * |---|---|---|---|
 * | int8 | digit string (node-postgres, postgres.js), number or bigint (ORM modes) | bigint | `String(V) === String(E)` (a number beyond 2^53 is `vanilla-lossy` when `Number(E) === V`) |
 * | numeric | the text PostgreSQL printed, a number (numeric[] in node-postgres, ORM modes) or a decimal.js value | `Decimal`, printing the scale PostgreSQL printed | `String(V) === String(E)`; a number or a Decimal that drops the scale or digits is `vanilla-lossy` when it is `E` rounded to a float / without trailing zeros |
 * | json, jsonb | `JSON.parse` of the text | lossless JSON: bigint beyond ±(2^53−1), Decimal where a float cannot hold the number; inside Kysely's JSON helpers, each column as it reads at top level | deep equality; a number is `representation` of a bigint/Decimal with the same text, `vanilla-lossy` when it is `Number(E)`; two ISO timestamp strings with offsets naming the same instant to the µs, or a timestamp string and a PreciseDate of the same instant (with offset) or UTC wall clock (without), are `representation` |
 * | timestamptz | `Date` (ms) or the text | `PreciseDate`, the instant | the same instant; µs ≠ 0 in E is `vanilla-lossy` for a Date; ±infinity: V is ±Infinity (node-postgres) or the text |
 * | timestamp | `Date` of the wall clock in the process zone (node-postgres; `conventions.timestamp: 'local'`) or in UTC (`'utc'`, Drizzle's mode 'date'), or the text | `PreciseDate` whose UTC fields are the wall clock | the same wall clock (µs lost: `vanilla-lossy`; a wall clock the process zone skips (DST) that vanilla shifted: `vanilla-lossy`) |
 * | date | `Date` at midnight of the process zone (node-postgres; `conventions.date: 'local'`) or UTC (`'utc'`), or the text | ISO text (`'2024-01-01'`, `'infinity'`, `'4713-01-01 BC'`) | the same calendar day |
 * | interval | node-postgres' `PostgresInterval` object, or the text | the text PostgreSQL printed | V deep-equals node-postgres' own parse of E, or V === E |
 * | `T[]` of any of these | arrays | arrays | element by element, with T's rule (NULL elements are null in both) |
 * | anything else (int2, int4, float4, float8, text, bool, uuid, bytea, time, timetz, …) | | | identical (`Object.is`, deep for objects and arrays, byte-equal for Buffers) |
 *
 * Generic: nothing here knows an ORM. Pass `conventions` for a stack whose Dates are built
 * differently from node-postgres'.
 *
 * ```ts
 * compareThroughTypeMap('9007199254740993', 9007199254740993n, 'int8'); // { kind: 'representation', rule: 'int8 …' }
 * expectRowsThroughTypeMap(vanillaRows, exactRows, { id: 'int8', total: 'numeric', at: 'timestamptz' });
 * ```
 */
import { isDecimal, PreciseDate } from '@pg-exact/core';
import pg from 'pg';

/** A PostgreSQL type name (`'int8'`, `'numeric'`, `'timestamptz'`, …), `'T[]'` for arrays of T. */
export type PgType = string;

/** How the vanilla stack builds `Date`s for the types without a zone. Defaults: node-postgres' (`'local'`). */
export interface VanillaConventions {
  /** `timestamp` (without time zone): the wall clock in the process zone (`'local'`) or in UTC (`'utc'`). */
  readonly timestamp?: 'local' | 'utc';
  /** `date`: midnight in the process zone (`'local'`) or in UTC (`'utc'`). */
  readonly date?: 'local' | 'utc';
}

/** What the type map says about one pair of values. */
export type TypeMapVerdict =
  | { readonly kind: 'identical' }
  /** The same value in the documented other representation (`rule` names the row of the table above). */
  | { readonly kind: 'representation'; readonly rule: string }
  /** Vanilla lost information pg-exact kept (`lost` says what). */
  | { readonly kind: 'vanilla-lossy'; readonly rule: string; readonly lost: string }
  /** Anything the map does not document: a failure. */
  | { readonly kind: 'different'; readonly reason: string };

/** A verdict located in a row set (`[2].total`, `.items[0].price`). */
export type TypeMapFinding = TypeMapVerdict & { readonly path: string };

const identical: TypeMapVerdict = { kind: 'identical' };
const representation = (rule: string): TypeMapVerdict => ({ kind: 'representation', rule });
const lossy = (rule: string, lost: string): TypeMapVerdict => ({ kind: 'vanilla-lossy', rule, lost });
const different = (reason: string): TypeMapVerdict => ({ kind: 'different', reason });

/** Compares one value read through vanilla with the value read through pg-exact, for a column of `type`. */
export function compareThroughTypeMap(vanilla: unknown, exact: unknown, type: PgType, conventions: VanillaConventions = {}): TypeMapVerdict {
  return worst(collect(vanilla, exact, type, conventions, ''));
}

/** Every verdict for the pair, located (arrays and JSON are compared element by element). */
export function compareDeepThroughTypeMap(
  vanilla: unknown,
  exact: unknown,
  type: PgType,
  conventions: VanillaConventions = {},
  path = '',
): TypeMapFinding[] {
  return collect(vanilla, exact, type, conventions, path);
}

/**
 * Compares two row sets column by column: `types` names the PostgreSQL type of each column (a
 * column not named must be identical). Row count, order and column names must be the same.
 */
export function compareRowsThroughTypeMap(
  vanillaRows: readonly unknown[],
  exactRows: readonly unknown[],
  types: Readonly<Record<string, PgType>>,
  conventions: VanillaConventions = {},
): TypeMapFinding[] {
  if (vanillaRows.length !== exactRows.length) {
    return [{ path: '', ...different(`${vanillaRows.length} rows through vanilla, ${exactRows.length} through pg-exact`) }];
  }
  const findings: TypeMapFinding[] = [];
  vanillaRows.forEach((vanillaRow, i) => {
    const exactRow = exactRows[i];
    if (!isRecord(vanillaRow) || !isRecord(exactRow)) {
      findings.push(...collect(vanillaRow, exactRow, 'record', conventions, `[${i}]`));
      return;
    }
    const keys = Object.keys(vanillaRow);
    if (keys.join('\0') !== Object.keys(exactRow).join('\0')) {
      findings.push({ path: `[${i}]`, ...different(`columns [${keys}] through vanilla, [${Object.keys(exactRow)}] through pg-exact`) });
      return;
    }
    for (const key of keys) findings.push(...collect(vanillaRow[key], exactRow[key], types[key] ?? 'unknown', conventions, `[${i}].${key}`));
  });
  return findings;
}

/**
 * {@link compareRowsThroughTypeMap} that throws, listing every `different` finding; returns the
 * findings that are not `identical`, for the caller to assert which losses it expected.
 */
export function expectRowsThroughTypeMap(
  vanillaRows: readonly unknown[],
  exactRows: readonly unknown[],
  types: Readonly<Record<string, PgType>>,
  conventions: VanillaConventions = {},
): TypeMapFinding[] {
  return failOnDifferent(compareRowsThroughTypeMap(vanillaRows, exactRows, types, conventions));
}

/** {@link compareDeepThroughTypeMap} that throws on any `different` finding; returns the non-identical ones. */
export function expectThroughTypeMap(vanilla: unknown, exact: unknown, type: PgType, conventions: VanillaConventions = {}): TypeMapFinding[] {
  return failOnDifferent(collect(vanilla, exact, type, conventions, ''));
}

/** The findings of a kind, as `path: rule (lost)` lines: short, for assertions on what vanilla lost. */
export function describeFindings(findings: readonly TypeMapFinding[], kind: TypeMapVerdict['kind'] = 'vanilla-lossy'): string[] {
  return findings
    .filter((f) => f.kind === kind)
    .map((f) => (f.kind === 'vanilla-lossy' ? `${f.path}: ${f.lost}` : f.kind === 'representation' ? `${f.path}: ${f.rule}` : f.path));
}

function failOnDifferent(findings: TypeMapFinding[]): TypeMapFinding[] {
  const bad = findings.filter((f) => f.kind === 'different');
  if (bad.length > 0) {
    throw new Error(`not the same through the type map:\n${bad.map((f) => `  ${f.path || '(value)'}: ${(f as { reason: string }).reason}`).join('\n')}`);
  }
  return findings.filter((f) => f.kind !== 'identical');
}

const order: Record<TypeMapVerdict['kind'], number> = { identical: 0, representation: 1, 'vanilla-lossy': 2, different: 3 };

function worst(findings: readonly TypeMapFinding[]): TypeMapVerdict {
  let result: TypeMapVerdict = identical;
  for (const { path: _path, ...verdict } of findings) if (order[verdict.kind] > order[result.kind]) result = verdict as TypeMapVerdict;
  return result;
}

function collect(vanilla: unknown, exact: unknown, type: PgType, conventions: VanillaConventions, path: string): TypeMapFinding[] {
  if (type.endsWith('[]')) {
    if (vanilla === null && exact === null) return [{ path, ...identical }];
    if (!Array.isArray(vanilla) || !Array.isArray(exact)) return [{ path, ...different(`${show(vanilla)} vs ${show(exact)}: not both arrays`) }];
    if (vanilla.length !== exact.length) return [{ path, ...different(`arrays of ${vanilla.length} and ${exact.length} elements`) }];
    const element = type.slice(0, -2);
    return vanilla.flatMap((item, i) => collect(item, exact[i], element, conventions, `${path}[${i}]`));
  }
  if (type === 'json' || type === 'jsonb') return collectJson(vanilla, exact, path);
  if (vanilla === null || exact === null || vanilla === undefined || exact === undefined) {
    return [{ path, ...(Object.is(vanilla, exact) ? identical : different(`${show(vanilla)} vs ${show(exact)}`)) }];
  }
  return [{ path, ...compareScalar(vanilla, exact, type, conventions) }];
}

function compareScalar(vanilla: unknown, exact: unknown, type: PgType, conventions: VanillaConventions): TypeMapVerdict {
  switch (type) {
    case 'int8':
      return compareInt8(vanilla, exact);
    case 'numeric':
      return compareNumeric(vanilla, exact);
    case 'timestamptz':
      return compareTimestamptz(vanilla, exact);
    case 'timestamp':
      return compareTimestamp(vanilla, exact, conventions.timestamp ?? 'local');
    case 'date':
      return compareDate(vanilla, exact, conventions.date ?? 'local');
    case 'interval':
      return compareInterval(vanilla, exact);
    default:
      return deepIdentical(vanilla, exact) ? identical : different(`${show(vanilla)} vs ${show(exact)} (${type}: must be identical)`);
  }
}

function compareInt8(vanilla: unknown, exact: unknown): TypeMapVerdict {
  if (typeof exact !== 'bigint') return different(`pg-exact read ${show(exact)} for an int8, not a bigint`);
  if (typeof vanilla === 'bigint') return vanilla === exact ? identical : different(`${vanilla}n vs ${exact}n`);
  if (typeof vanilla === 'string') return vanilla === exact.toString() ? representation('int8: digit string ↔ bigint') : different(`'${vanilla}' vs ${exact}n`);
  if (typeof vanilla === 'number') {
    if (Number.isSafeInteger(vanilla) && BigInt(vanilla) === exact) return representation('int8: number ↔ bigint');
    if (vanilla === Number(exact)) return lossy('int8: number ↔ bigint', `${exact} rounded to the float ${vanilla}`);
  }
  return different(`${show(vanilla)} vs ${exact}n (int8)`);
}

function compareNumeric(vanilla: unknown, exact: unknown): TypeMapVerdict {
  if (!isDecimal(exact)) return different(`pg-exact read ${show(exact)} for a numeric, not a Decimal`);
  const text = String(exact);
  if (typeof vanilla === 'string') return vanilla === text ? representation('numeric: text ↔ Decimal') : different(`'${vanilla}' vs Decimal ${text}`);
  if (typeof vanilla === 'number') {
    if (String(vanilla) === text) return representation('numeric: number ↔ Decimal');
    if (Object.is(vanilla, Number(exact.toString()))) return lossy('numeric: number ↔ Decimal', `${text} read as the float ${vanilla}`);
    return different(`${vanilla} vs Decimal ${text}`);
  }
  if (isDecimal(vanilla)) {
    const theirs = String(vanilla);
    if (theirs === text) return representation('numeric: Decimal ↔ Decimal');
    if (exact.isNaN() ? vanilla.isNaN() : vanilla.equals(exact)) return lossy('numeric: Decimal ↔ Decimal', `${text} printed as ${theirs}`);
  }
  return different(`${show(vanilla)} vs Decimal ${text} (numeric)`);
}

function compareTimestamptz(vanilla: unknown, exact: unknown): TypeMapVerdict {
  if (!(exact instanceof PreciseDate)) return different(`pg-exact read ${show(exact)} for a timestamptz, not a PreciseDate`);
  if (PreciseDate.isInfinite(exact)) {
    if (vanilla === exact.getTime()) return representation('timestamptz: ±Infinity ↔ PreciseDate infinity');
    if (typeof vanilla === 'string' && vanilla === (exact.getTime() > 0 ? 'infinity' : '-infinity')) return representation('timestamptz: text ↔ PreciseDate');
    return different(`${show(vanilla)} vs ${show(exact)} (timestamptz infinity)`);
  }
  if (typeof vanilla === 'string') {
    const instant = instantOfText(vanilla);
    if (instant !== undefined && instant === instantOf(exact)) return representation('timestamptz: text ↔ PreciseDate');
    return different(`'${vanilla}' vs ${exact.toISOString()} µs ${exact.getMicroseconds()} (timestamptz)`);
  }
  if (vanilla instanceof Date) {
    if (vanilla.getTime() !== exact.getTime()) return different(`${show(vanilla)} vs ${show(exact)}: another instant`);
    if (vanilla instanceof PreciseDate) return vanilla.getMicroseconds() === exact.getMicroseconds() ? identical : different('other microseconds');
    return exact.getMicroseconds() === 0
      ? representation('timestamptz: Date ↔ PreciseDate')
      : lossy('timestamptz: Date ↔ PreciseDate', `µs ${exact.getMicroseconds()} of ${exact.toISOString()}`);
  }
  return different(`${show(vanilla)} vs ${show(exact)} (timestamptz)`);
}

function compareTimestamp(vanilla: unknown, exact: unknown, zone: 'local' | 'utc'): TypeMapVerdict {
  if (!(exact instanceof PreciseDate)) return different(`pg-exact read ${show(exact)} for a timestamp, not a PreciseDate`);
  if (PreciseDate.isInfinite(exact)) {
    if (vanilla === exact.getTime()) return representation('timestamp: ±Infinity ↔ PreciseDate infinity');
    if (typeof vanilla === 'string' && vanilla === (exact.getTime() > 0 ? 'infinity' : '-infinity')) return representation('timestamp: text ↔ PreciseDate');
    return different(`${show(vanilla)} vs ${show(exact)} (timestamp infinity)`);
  }
  // The wall clock pg-exact read: its UTC fields.
  const wall = wallClockText(exact);
  if (typeof vanilla === 'string') {
    return normalizeWallClock(vanilla) === wall ? representation('timestamp: text ↔ PreciseDate (UTC wall clock)') : different(`'${vanilla}' vs wall clock ${wall}`);
  }
  if (vanilla instanceof Date && !(vanilla instanceof PreciseDate)) {
    const ms = exact.getTime();
    const u = new Date(ms);
    const expected =
      zone === 'utc'
        ? ms
        : localDate(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), u.getUTCHours(), u.getUTCMinutes(), u.getUTCSeconds(), u.getUTCMilliseconds()).getTime();
    if (vanilla.getTime() !== expected) return different(`${show(vanilla)} vs wall clock ${wall} (${zone})`);
    const rule = `timestamp: Date (${zone} wall clock) ↔ PreciseDate (UTC wall clock)`;
    // The process zone skips this wall clock (a DST gap): vanilla's Date shows another one.
    if (zone === 'local' && localFieldsAsUtc(vanilla) !== ms) {
      return lossy(rule, `wall clock ${wall} does not exist in the process zone; vanilla's Date reads ${wallClockText(new PreciseDate(localFieldsAsUtc(vanilla)))}`);
    }
    return exact.getMicroseconds() === 0 ? representation(rule) : lossy(rule, `µs ${exact.getMicroseconds()} of ${wall}`);
  }
  return different(`${show(vanilla)} vs ${show(exact)} (timestamp)`);
}

function compareDate(vanilla: unknown, exact: unknown, zone: 'local' | 'utc'): TypeMapVerdict {
  if (typeof exact !== 'string') return different(`pg-exact read ${show(exact)} for a date, not its text`);
  if (typeof vanilla === 'string') return vanilla === exact ? identical : different(`'${vanilla}' vs '${exact}' (date)`);
  if (typeof vanilla === 'number' && (exact === 'infinity' || exact === '-infinity')) {
    return vanilla === (exact === 'infinity' ? Infinity : -Infinity) ? representation('date: ±Infinity ↔ text') : different(`${vanilla} vs '${exact}'`);
  }
  if (vanilla instanceof Date) {
    const m = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/.exec(exact);
    if (m === null) return different(`${show(vanilla)} vs '${exact}' (date)`);
    let year = Number(m[1]);
    if (m[4] !== undefined) year = 1 - year;
    const [y, mo, d] = zone === 'utc'
      ? [vanilla.getUTCFullYear(), vanilla.getUTCMonth() + 1, vanilla.getUTCDate()]
      : [vanilla.getFullYear(), vanilla.getMonth() + 1, vanilla.getDate()];
    const midnight = zone === 'utc' ? vanilla.getUTCHours() + vanilla.getUTCMinutes() + vanilla.getUTCSeconds() + vanilla.getUTCMilliseconds() : vanilla.getHours() + vanilla.getMinutes() + vanilla.getSeconds() + vanilla.getMilliseconds();
    if (y === year && mo === Number(m[2]) && d === Number(m[3]) && midnight === 0) return representation(`date: Date (${zone} midnight) ↔ ISO text`);
    return different(`${show(vanilla)} (${zone}) vs '${exact}' (date)`);
  }
  return different(`${show(vanilla)} vs '${exact}' (date)`);
}

// node-postgres' own interval parser (postgres-interval), read from its default registry (never changed here).
const parseIntervalLikePg = pg.types.getTypeParser(1186, 'text') as (text: string) => unknown;

function compareInterval(vanilla: unknown, exact: unknown): TypeMapVerdict {
  if (typeof exact !== 'string') return different(`pg-exact read ${show(exact)} for an interval, not its text`);
  if (typeof vanilla === 'string') return vanilla === exact ? identical : different(`'${vanilla}' vs '${exact}' (interval)`);
  if (isRecord(vanilla) && deepIdentical({ ...vanilla }, { ...(parseIntervalLikePg(exact) as object) })) {
    return representation('interval: PostgresInterval ↔ text');
  }
  return different(`${show(vanilla)} vs '${exact}' (interval)`);
}

// ── JSON ─────────────────────────────────────────────────────────────────────────────────────

function collectJson(vanilla: unknown, exact: unknown, path: string): TypeMapFinding[] {
  if (Array.isArray(vanilla) || Array.isArray(exact)) {
    if (!Array.isArray(vanilla) || !Array.isArray(exact)) return [{ path, ...different(`${show(vanilla)} vs ${show(exact)}: not both JSON arrays`) }];
    if (vanilla.length !== exact.length) return [{ path, ...different(`JSON arrays of ${vanilla.length} and ${exact.length} elements`) }];
    return vanilla.flatMap((item, i) => collectJson(item, exact[i], `${path}[${i}]`));
  }
  if (isPlainJsonObject(vanilla) && isPlainJsonObject(exact)) {
    const keys = Object.keys(vanilla);
    if (keys.join('\0') !== Object.keys(exact).join('\0')) {
      return [{ path, ...different(`JSON keys [${keys}] vs [${Object.keys(exact)}]`) }];
    }
    return keys.flatMap((key) => collectJson(vanilla[key], exact[key], `${path}.${key}`));
  }
  return [{ path, ...compareJsonScalar(vanilla, exact) }];
}

function compareJsonScalar(vanilla: unknown, exact: unknown): TypeMapVerdict {
  if (typeof vanilla === 'number' && typeof exact === 'bigint') {
    if (Number.isSafeInteger(vanilla) || BigInt(vanilla) === exact) {
      return BigInt(vanilla) === exact ? representation('json: number ↔ bigint') : different(`${vanilla} vs ${exact}n (JSON)`);
    }
    return vanilla === Number(exact) ? lossy('json: number ↔ bigint', `${exact} rounded to the float ${vanilla}`) : different(`${vanilla} vs ${exact}n (JSON)`);
  }
  if (typeof vanilla === 'number' && isDecimal(exact)) {
    if (String(vanilla) === String(exact)) return representation('json: number ↔ Decimal');
    return Object.is(vanilla, Number(exact.toString()))
      ? lossy('json: number ↔ Decimal', `${String(exact)} read as the float ${vanilla}`)
      : different(`${vanilla} vs Decimal ${String(exact)} (JSON)`);
  }
  // to_json writes a non-finite numeric as a JSON string ("NaN"); under pg-exact's helpers, a Decimal.
  if (typeof vanilla === 'string' && isDecimal(exact)) {
    return vanilla === String(exact) ? representation('json: numeric text ↔ Decimal') : different(`'${vanilla}' vs Decimal ${String(exact)} (JSON)`);
  }
  if (typeof vanilla === 'string' && typeof exact === 'string' && vanilla !== exact) {
    const a = instantOfText(vanilla);
    if (a !== undefined && a === instantOfText(exact)) return representation('json: timestamptz text in another offset (pg-exact prints UTC)');
  }
  // Kysely's JSON helpers under pg-exact: a nested timestamptz/timestamp is a PreciseDate, as at top level.
  if (typeof vanilla === 'string' && exact instanceof PreciseDate) {
    if (PreciseDate.isInfinite(exact)) {
      return vanilla === (exact.getTime() > 0 ? 'infinity' : '-infinity') ? representation('json: timestamp text ↔ PreciseDate') : different(`'${vanilla}' vs ${show(exact)} (JSON)`);
    }
    const instant = instantOfText(vanilla);
    if (instant !== undefined) return instant === instantOf(exact) ? representation('json: timestamptz text ↔ PreciseDate') : different(`'${vanilla}' vs ${show(exact)} (JSON)`);
    return normalizeWallClock(vanilla) === wallClockText(exact) ? representation('json: timestamp text ↔ PreciseDate (UTC wall clock)') : different(`'${vanilla}' vs ${show(exact)} (JSON)`);
  }
  return deepIdentical(vanilla, exact) ? identical : different(`${show(vanilla)} vs ${show(exact)} (JSON)`);
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

/** µs since the epoch of a PostgreSQL or ISO timestamp text with an offset, else undefined. */
function instantOfText(text: string): bigint | undefined {
  const m = /^(\d{4,})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d(?::?\d\d(?::?\d\d)?)?)$/.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', offset = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let offsetSeconds = 0;
  if (offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const parts = offset.slice(1).replace(/:/g, '');
    offsetSeconds = sign * (Number(parts.slice(0, 2)) * 3600 + Number(parts.slice(2, 4) || 0) * 60 + Number(parts.slice(4, 6) || 0));
  }
  return BigInt(ms - offsetSeconds * 1000) * 1000n + BigInt(frac.padEnd(6, '0'));
}

function instantOf(date: PreciseDate): bigint {
  return BigInt(date.getTime()) * 1000n + BigInt(date.getMicroseconds());
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` of a PreciseDate's UTC fields. */
function wallClockText(date: PreciseDate): string {
  const ms = date.getTime();
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ (±YYYYYY for far years)
  return `${iso.slice(0, -1).replace('T', ' ')}${String(date.getMicroseconds()).padStart(3, '0')}`;
}

/** A timestamp text (`2024-01-01 12:00:00.5`, `2024-01-01T12:00:00`) as `YYYY-MM-DD HH:MM:SS.ffffff`. */
function normalizeWallClock(text: string): string | undefined {
  const m = /^(\d{4,}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/.exec(text);
  return m === null ? undefined : `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(6, '0')}`;
}

function localDate(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date {
  const date = new Date(y, mo, d, h, mi, s, ms);
  if (y >= 0 && y < 100) date.setFullYear(y); // Date's two-digit-year rule
  return date;
}

/** The local fields of a Date, as the same fields in UTC (ms since the epoch). */
function localFieldsAsUtc(date: Date): number {
  const utc = new Date(0);
  utc.setUTCFullYear(date.getFullYear(), date.getMonth(), date.getDate());
  utc.setUTCHours(date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds());
  return utc.getTime();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainJsonObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !isDecimal(value) && !(value instanceof Date) && !ArrayBuffer.isView(value);
}

function deepIdentical(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isDecimal(a) && isDecimal(b)) return String(a) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepIdentical(item, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepIdentical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof PreciseDate) return `PreciseDate(${PreciseDate.isInfinite(value) ? value.getTime() : `${value.toISOString()} µs ${value.getMicroseconds()}`})`;
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  if (isDecimal(value)) return `Decimal(${String(value)})`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
