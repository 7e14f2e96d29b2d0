import { describeValue, PgExactValueError } from './errors.js';
import {
  civilFromDays,
  SCAN_FIELD,
  SCAN_NO_OFFSET,
  SCAN_OFFSET_ALLOWED,
  SCAN_OFFSET_REQUIRED,
  SCAN_OK,
  SCAN_SYNTAX,
  SCAN_TIME_OPTIONAL,
  SCAN_UNEXPECTED_OFFSET,
  scanDateTime,
  scanError,
  scanFailureReason,
  scanInJsRange,
  scanned,
  scannedEpochMicroseconds,
} from './date-time-text.js';
import { PreciseDate } from './precise-date.js';

const DATESTYLE_HINT =
  '; expected PostgreSQL output with DateStyle ISO, e.g. "2024-03-10 01:59:59.123456+00" (the session must use DateStyle ISO)';

/**
 * Reads `timestamptz` text (DateStyle ISO) as the instant it denotes, converted by the offset it
 * carries (`+05:30`, `-04:56:02`, …), so the session TimeZone does not matter.
 * `infinity` / `-infinity` give the PreciseDate infinities. Text that is not DateStyle ISO output is
 * a SyntaxError; an impossible date or an instant outside the Date range is a RangeError.
 *
 * ```ts
 * const d = parseTimestamptz('2024-03-10 07:29:59.123456+05:30');
 * d.toISOString(); // '2024-03-10T01:59:59.123456Z'
 * ```
 */
export function parseTimestamptz(text: string): PreciseDate {
  const type = 'timestamptz';
  const code = scanDateTime(text, SCAN_OFFSET_REQUIRED | SCAN_OFFSET_ALLOWED);
  if (code === SCAN_OK) return scanInJsRange() ? new PreciseDate(scanned.ms, scanned.us) : beyondDateRange(type, text);
  return parseFailure(type, text, code);
}

/**
 * Reads `timestamp` (without time zone) text as its wall-clock time in UTC, whatever the process
 * TZ: `'2024-03-10 02:30:00'` (inside a US DST gap) is `2024-03-10T02:30:00.000000Z`.
 *
 * ```ts
 * parseTimestamp('0001-01-01 00:00:00 BC').toISOString(); // '0000-01-01T00:00:00.000000Z'
 * ```
 */
export function parseTimestamp(text: string): PreciseDate {
  const type = 'timestamp';
  const code = scanDateTime(text, 0);
  if (code === SCAN_OK) return scanInJsRange() ? new PreciseDate(scanned.ms, scanned.us) : beyondDateRange(type, text);
  return parseFailure(type, text, code);
}

/**
 * PostgreSQL stores timestamps up to 294276-12-31, beyond a Date: read exactly all the same (a row
 * a statement already wrote must not make it look failed).
 */
function beyondDateRange(type: string, text: string): PreciseDate {
  try {
    return PreciseDate.fromEpochMicroseconds(scannedEpochMicroseconds());
  } catch {
    throw scanError(type, text, SCAN_OK); // beyond PostgreSQL's range too: name the text
  }
}

function parseFailure(type: string, text: string, code: number): PreciseDate {
  if (text === 'infinity') return PreciseDate.POSITIVE_INFINITY;
  if (text === '-infinity') return PreciseDate.NEGATIVE_INFINITY;
  // A missing/extra offset means the text is not what this type prints (say, a timestamptz column
  // read with the timestamp parser): refuse rather than guess a zone.
  if (code === SCAN_NO_OFFSET || code === SCAN_UNEXPECTED_OFFSET) {
    throw new SyntaxError(
      `${type}: cannot read ${describeValue(text)}: ${type} output ${code === SCAN_NO_OFFSET ? 'always has' : 'never has'} a UTC offset`,
    );
  }
  throw scanError(type, text, code, code === SCAN_SYNTAX ? DATESTYLE_HINT : '');
}

/**
 * Writes a `timestamptz` value as text that PostgreSQL reads as the same instant whatever the
 * session TimeZone or DateStyle:
 * - a PreciseDate or Date → `YYYY-MM-DD HH:MM:SS.ffffff+00` (` BC` for years before 1 AD);
 *   the infinities → `'infinity'` / `'-infinity'`;
 * - a string must carry its offset (`Z`, `+05:30`, …) or be `'infinity'` / `'-infinity'`, and is
 *   sent unchanged, so the server parses exactly what was given. Only ECMAScript's signed years
 *   (`-004712-…`, `+010000-…`) and year `0000`, which PostgreSQL rejects, are rewritten to its
 *   ` BC` / unsigned form with the same fields and offset.
 *
 * ```ts
 * serializeTimestamptz(new PreciseDate('2024-03-10T01:59:59.123456Z')); // '2024-03-10 01:59:59.123456+00'
 * serializeTimestamptz('2024-03-10T07:29:59+05:30');                    // unchanged
 * ```
 */
export function serializeTimestamptz(value: PreciseDate | Date | string): string {
  if (typeof value === 'string') return serializeString(
      'timestamptz',
      value,
      SCAN_OFFSET_REQUIRED | SCAN_OFFSET_ALLOWED | SCAN_TIME_OPTIONAL,
    );
  return formatDate('timestamptz', value, true);
}

/**
 * Writes a `timestamp` (without time zone) value: a PreciseDate or Date as its UTC wall-clock
 * `YYYY-MM-DD HH:MM:SS.ffffff` (µs kept), the inverse of {@link parseTimestamp}. A string is sent
 * unchanged once it looks like a date-time (`YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]`, ` BC`, `T`); an offset
 * other than `Z`/`+00` is refused, because PostgreSQL silently drops it for this type.
 *
 * ```ts
 * serializeTimestamp(new PreciseDate('2024-03-10T02:30:00Z')); // '2024-03-10 02:30:00.000000'
 * ```
 */
export function serializeTimestamp(value: PreciseDate | Date | string): string {
  if (typeof value === 'string') return serializeString('timestamp', value, SCAN_OFFSET_ALLOWED | SCAN_TIME_OPTIONAL);
  return formatDate('timestamp', value, false);
}

function serializeString(type: 'timestamptz' | 'timestamp', text: string, flags: number): string {
  if (text === 'infinity' || text === '-infinity') return text;
  const code = scanDateTime(text, flags);
  if (code === SCAN_SYNTAX) {
    const zoned = withZoneName(type, text);
    if (zoned !== undefined) return zoned;
  } else if (code === SCAN_FIELD && LEAP_SECOND.test(text)) {
    // PostgreSQL reads second 60 as the next minute's second 0: one instant, so the text goes as it is.
    const at59 = text.replace(LEAP_SECOND, '$159');
    if (scanDateTime(at59, flags) === SCAN_OK && !scanned.jsYear) {
      serializeString(type, at59, flags); // the same offset rules
      return text;
    }
  }
  if (code !== SCAN_OK) {
    const reason = scanFailureReason(text, code);
    throw new PgExactValueError(
      code === SCAN_SYNTAX
        ? `${reason}; pass a PreciseDate or Date, or ISO 8601 text${type === 'timestamptz' ? ' with an offset' : ''}`
        : reason,
      { value: text, type },
    );
  }
  if (type === 'timestamp' && scanned.offsetSeconds !== 0) {
    throw new PgExactValueError(
      `${describeValue(text)} has a UTC offset other than Z, which PostgreSQL drops for timestamp (without time zone); ` +
        'convert it to the UTC wall-clock or pass a PreciseDate',
      { value: text, type },
    );
  }
  if (!scanned.jsYear) return text;
  const year = scanned.year;
  return `${pgYear(year)}${text.slice(scanned.yearEnd)}${year <= 0 ? ' BC' : ''}`;
}

// Second 60 with no fraction beyond it (PostgreSQL refuses 60.5).
const LEAP_SECOND = /^(\S+[ Tt]\d\d:\d\d:)60(?=\.0*(?!\d)|(?![.\d]))/;

// `<date-time> <zone>`: an IANA name (`America/New_York`, `Etc/GMT+5`) or an abbreviation (`EST`).
const ZONE_NAME = /^(.+) ([A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*)$/;

/**
 * A date-time followed by a time zone name, which PostgreSQL resolves itself (DST gaps included) into
 * exactly one timestamptz: sent unchanged. For timestamp (without time zone) the server drops the
 * zone, so it is refused like an offset. undefined: the text has no such form.
 */
function withZoneName(type: 'timestamptz' | 'timestamp', text: string): string | undefined {
  const match = ZONE_NAME.exec(text);
  if (match === null || scanDateTime(match[1]!, SCAN_TIME_OPTIONAL) !== SCAN_OK || scanned.jsYear) return undefined;
  if (type === 'timestamp') {
    throw new PgExactValueError(
      `${describeValue(text)} names a time zone, which PostgreSQL drops for timestamp (without time zone); ` +
        'convert it to the UTC wall-clock or pass a PreciseDate',
      { value: text, type },
    );
  }
  return text;
}

const civil = { year: 0, month: 0, day: 0 };

/** 4714-11-24 00:00:00 BC UTC (Julian day 0), the first timestamp PostgreSQL stores. */
const PG_MIN_MS = -210_866_803_200_000;

function formatDate(type: string, value: unknown, withOffset: boolean): string {
  if (!(value instanceof Date)) {
    throw new PgExactValueError(`expected a PreciseDate, Date or string, got ${describeValue(value)}`, { value, type });
  }
  const ms = value.getTime();
  if (!Number.isFinite(ms)) {
    if (ms === Infinity) return 'infinity';
    if (ms === -Infinity) return '-infinity';
    throw new PgExactValueError('Invalid Date', { value, type });
  }
  if (ms < PG_MIN_MS) {
    throw new PgExactValueError(
      `${value.toISOString()} is before PostgreSQL's earliest ${type}, 4714-11-24 00:00:00 BC (UTC)`,
      { value, type },
    );
  }
  let days: number;
  let rest: number;
  let us: number;
  if (PreciseDate.isBeyondDateRange(value)) {
    // Its float64 ms are rounded: the exact epoch µs give the fields.
    const epochUs = (value as PreciseDate).getEpochMicroseconds();
    const dayUs = 86_400_000_000n;
    const whole = epochUs / dayUs - (epochUs % dayUs < 0n ? 1n : 0n);
    const microsOfDay = Number(epochUs - whole * dayUs);
    days = Number(whole);
    rest = Math.floor(microsOfDay / 1000);
    us = microsOfDay % 1000;
  } else {
    us = value instanceof PreciseDate ? value.getMicroseconds() : 0;
    days = Math.floor(ms / 86_400_000);
    rest = ms - days * 86_400_000;
  }
  civilFromDays(days, civil);
  const hour = (rest / 3_600_000) | 0;
  rest -= hour * 3_600_000;
  const minute = (rest / 60_000) | 0;
  rest -= minute * 60_000;
  const second = (rest / 1000) | 0;
  const micros = (rest - second * 1000) * 1000 + us;
  return (
    `${pgYear(civil.year)}-${pad2(civil.month)}-${pad2(civil.day)} ${pad2(hour)}:${pad2(minute)}:${pad2(second)}.` +
    `${String(micros).padStart(6, '0')}${withOffset ? '+00' : ''}${civil.year <= 0 ? ' BC' : ''}`
  );
}

/** @internal PostgreSQL's year field: at least 4 digits, years before 1 AD as BC years (0 → 1). */
export function pgYear(year: number): string {
  return String(year > 0 ? year : 1 - year).padStart(4, '0');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
