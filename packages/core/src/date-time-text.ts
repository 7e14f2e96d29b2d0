// The date-time text scanner and calendar arithmetic behind PreciseDate's string constructor and
// the timestamp/date codecs. Internal: fixed-format, charCodeAt-based, results in `scanned` so the
// row-parsing hot path allocates nothing but the PreciseDate itself.
import { describeValue } from './errors.js';

/** Largest |time value| a JavaScript Date can hold, in ms (±100,000,000 days around the epoch). */
export const MAX_MS = 8.64e15;
export const MS_PER_DAY = 86_400_000;


/** @internal An offset (`Z`, `±hh[:mm[:ss]]`, `±hhmm`) must be present. */
export const SCAN_OFFSET_REQUIRED = 1;
/** @internal An offset may be present. */
export const SCAN_OFFSET_ALLOWED = 2;
/** @internal A date without a time of day is accepted (midnight). */
export const SCAN_TIME_OPTIONAL = 4;

/** @internal */
export const SCAN_OK = 0;
/** @internal The text does not have the shape of a date-time. */
export const SCAN_SYNTAX = 1;
/** @internal A field is out of range: month 13, 2023-02-29, hour 24, offset +16. */
export const SCAN_FIELD = 2;
/** @internal More than 6 fractional digits. */
export const SCAN_TOO_PRECISE = 3;
/** @internal An offset is required but absent. */
export const SCAN_NO_OFFSET = 4;
/** @internal An offset is present but not allowed. */
export const SCAN_UNEXPECTED_OFFSET = 5;

/**
 * @internal What the last {@link scanDateTime} call read. One shared object keeps the hot path
 * free of allocations; it is overwritten by the next call.
 */
export const scanned = {
  /** Epoch ms of the instant (for text without an offset: of the wall-clock read as UTC). */
  ms: 0,
  /** Microseconds beyond `ms`, 0..999. */
  us: 0,
  /** Astronomical year (1 BC = 0). */
  year: 0,
  /** Index just after the year digits in the text. */
  yearEnd: 0,
  /** The year is written in a form PostgreSQL cannot read: signed (`+002024`, `-004712`) or `0000`. */
  jsYear: false,
  hasOffset: false,
  /** Offset east of UTC in seconds. */
  offsetSeconds: 0,
  /** Days since 1970-01-01 of the date fields; with `secondsOfDay` and `fraction` exact at any year. */
  days: 0,
  /** Seconds into that day of the time fields, minus the offset (may be negative or ≥ 86400). */
  secondsOfDay: 0,
  /** Fractional seconds in µs, 0..999999. */
  fraction: 0,
};

/** @internal The last scan's instant in epoch µs, exact also where `scanned.ms` is not (beyond 2^53 ms). */
export function scannedEpochMicroseconds(): bigint {
  return BigInt(scanned.days) * 86_400_000_000n + BigInt(scanned.secondsOfDay * 1_000_000 + scanned.fraction);
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const SPACE = 32;

/** Two ASCII digits at `i` as a number, or -1. The caller guarantees `i + 1 < text.length`. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** @internal Proleptic Gregorian leap year, astronomical numbering. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** @internal Days in a month of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : 30 + ((month + (month >> 3)) & 1);
}

/**
 * @internal Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). Unlike `Date.UTC`, years 0..99 are not moved to the 1900s.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

/** @internal Civil date of a day count since 1970-01-01 (Hinnant's civil_from_days); reuses `out`. */
export function civilFromDays(days: number, out: { year: number; month: number; day: number }): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  out.day = doy - (((153 * mp + 2) / 5) | 0) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
}

/** @internal Whether the last scan's instant fits in a Date. */
export function scanInJsRange(): boolean {
  const ms = scanned.ms;
  return ms >= -MAX_MS && ms <= MAX_MS;
}

/**
 * @internal Reads `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][offset][ BC]` into {@link scanned} and
 * returns a SCAN_* code. Years: 4–7 digits, or ± and 6 digits (ECMAScript's extended years).
 * Hand-written with charCodeAt: it runs once per timestamp value in every result row.
 */
export function scanDateTime(text: string, flags: number): number {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  let sign = 0;
  if (c === PLUS || c === MINUS) {
    sign = c === PLUS ? 1 : -1;
    i = 1;
  }
  const yearStart = i;
  let year = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    year = year * 10 + d;
  }
  const yearDigits = i - yearStart;
  if (sign === 0 ? yearDigits < 4 || yearDigits > 7 : yearDigits !== 6 || (sign < 0 && year === 0)) return SCAN_SYNTAX;
  scanned.yearEnd = i;
  scanned.jsYear = sign !== 0 || year === 0;
  if (sign < 0) year = -year;

  if (i + 6 > n || text.charCodeAt(i) !== MINUS || text.charCodeAt(i + 3) !== MINUS) return SCAN_SYNTAX;
  const month = twoDigits(text, i + 1);
  const day = twoDigits(text, i + 4);
  if (month < 0 || day < 0) return SCAN_SYNTAX;
  i += 6;

  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0; // µs
  c = text.charCodeAt(i);
  if (i + 6 <= n && (c === SPACE || c === 84 /* T */ || c === 116 /* t */) && text.charCodeAt(i + 3) === COLON) {
    hour = twoDigits(text, i + 1);
    minute = twoDigits(text, i + 4);
    if (hour < 0 || minute < 0) return SCAN_SYNTAX;
    i += 6;
    if (i < n && text.charCodeAt(i) === COLON) {
      if (i + 3 > n) return SCAN_SYNTAX;
      second = twoDigits(text, i + 1);
      if (second < 0) return SCAN_SYNTAX;
      i += 3;
      if (i < n && text.charCodeAt(i) === DOT) {
        const start = ++i;
        for (; i < n; i++) {
          const d = text.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          fraction = fraction * 10 + d;
        }
        const digits = i - start;
        if (digits === 0) return SCAN_SYNTAX;
        if (digits > 6) return SCAN_TOO_PRECISE;
        if (digits < 6) fraction *= POW10[6 - digits]!;
      }
    }
  } else if ((flags & SCAN_TIME_OPTIONAL) === 0) {
    return SCAN_SYNTAX;
  }

  let offset = 0;
  let hasOffset = false;
  c = text.charCodeAt(i);
  if (c === 90 /* Z */ || c === 122 /* z */) {
    hasOffset = true;
    i++;
  } else if ((c === PLUS || c === MINUS) && i + 3 <= n) {
    hasOffset = true;
    const oh = twoDigits(text, i + 1);
    if (oh < 0) return SCAN_SYNTAX;
    let om = 0;
    let os = 0;
    const offsetSign = c === PLUS ? 1 : -1;
    i += 3;
    if (i < n && text.charCodeAt(i) === COLON) {
      if (i + 3 > n || (om = twoDigits(text, i + 1)) < 0) return SCAN_SYNTAX;
      i += 3;
      if (i < n && text.charCodeAt(i) === COLON) {
        if (i + 3 > n || (os = twoDigits(text, i + 1)) < 0) return SCAN_SYNTAX;
        i += 3;
      }
    } else if (i + 2 <= n && (om = twoDigits(text, i)) >= 0) {
      i += 2;
    } else {
      om = 0;
    }
    if (oh > 15 || om > 59 || os > 59) return SCAN_FIELD;
    offset = offsetSign * (oh * 3600 + om * 60 + os);
  }

  if (i !== n) {
    // ' BC' ends PostgreSQL's output for years before 1 AD; never with a signed year.
    if (i + 3 !== n || text.charCodeAt(i) !== SPACE || text.charCodeAt(i + 1) !== 66 || text.charCodeAt(i + 2) !== 67) {
      return SCAN_SYNTAX;
    }
    if (sign !== 0) return SCAN_SYNTAX;
    if (year === 0) return SCAN_FIELD;
    year = 1 - year;
    scanned.jsYear = false;
  }

  if (hasOffset) {
    if ((flags & SCAN_OFFSET_ALLOWED) === 0) return SCAN_UNEXPECTED_OFFSET;
  } else if ((flags & SCAN_OFFSET_REQUIRED) !== 0) {
    return SCAN_NO_OFFSET;
  }

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return SCAN_FIELD;
  }

  // Exact: within the Date range every intermediate stays below 2^53.
  const days = daysFromCivil(year, month, day);
  const seconds = hour * 3600 + minute * 60 + second - offset;
  scanned.days = days;
  scanned.secondsOfDay = seconds;
  scanned.fraction = fraction;
  const ms = days * MS_PER_DAY + seconds * 1000;
  const fractionMs = (fraction / 1000) | 0;
  scanned.ms = ms + fractionMs;
  scanned.us = fraction - fractionMs * 1000;
  scanned.year = year;
  scanned.hasOffset = hasOffset;
  scanned.offsetSeconds = offset;
  return SCAN_OK;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** @internal Why {@link scanDateTime} failed (SCAN_OK: the instant is outside the Date range). */
export function scanFailureReason(text: string, code: number): string {
  const quoted = describeValue(text);
  switch (code) {
    case SCAN_OK:
      return `${quoted} is outside the range a JavaScript Date can hold (-271821-04-20 to 275760-09-13 UTC) and PostgreSQL's (to 294276-12-31)`;
    case SCAN_FIELD:
      return `${quoted} is not a valid date-time (a field is out of range)`;
    case SCAN_TOO_PRECISE:
      return `${quoted} has more than 6 fractional digits; PostgreSQL keeps microseconds`;
    case SCAN_NO_OFFSET:
      return `${quoted} has no UTC offset, so it names no single instant; add Z or ±hh:mm`;
    case SCAN_UNEXPECTED_OFFSET:
      return `${quoted} has a UTC offset where none belongs`;
    default:
      return `cannot read ${quoted} as a date-time`;
  }
}

/** @internal The error for a failed {@link scanDateTime}: SyntaxError for the shape, else RangeError. */
export function scanError(what: string, text: string, code: number, hint = ''): Error {
  const message = `${what}: ${scanFailureReason(text, code)}${hint}`;
  return code === SCAN_SYNTAX || code === SCAN_UNEXPECTED_OFFSET ? new SyntaxError(message) : new RangeError(message);
}
