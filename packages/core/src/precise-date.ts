import { describeValue } from './errors.js';

/** Largest |time value| a JavaScript Date can hold, in ms (±100,000,000 days around the epoch). */
const MAX_MS = 8.64e15;
const MS_PER_DAY = 86_400_000;

/**
 * A `Date` that also keeps the microseconds PostgreSQL stores, plus PostgreSQL's `±infinity`.
 *
 * `getTime()`, `valueOf()` and every inherited `Date` method stay in milliseconds, so a
 * PreciseDate works wherever a Date does and `<` / `>` order instants to the millisecond.
 * Two instants in the same millisecond differ only in {@link PreciseDate.getMicroseconds}:
 * use {@link PreciseDate.compare} or {@link PreciseDate.equals} when that matters.
 *
 * Construction never yields an Invalid Date: an instant whose millisecond is outside the range a
 * Date can hold (±8.64e15 ms: -271821-04-20T00:00:00Z to 275760-09-13T00:00:00.000999Z) throws a
 * RangeError, and so do Date setters that would leave it.
 *
 * ```ts
 * const d = new PreciseDate('2024-03-10T01:59:59.123456Z');
 * d.getTime();           // 1710035999123
 * d.getMicroseconds();   // 456
 * d.toISOString();       // '2024-03-10T01:59:59.123456Z'
 * new PreciseDate(1710035999123, 456).equals(d); // true
 * ```
 */
export class PreciseDate extends Date {
  /** `infinity` in PostgreSQL: later than every other PreciseDate, `getTime()` → `Infinity`. */
  declare static readonly POSITIVE_INFINITY: PreciseDate;
  /** `-infinity` in PostgreSQL: earlier than every other PreciseDate, `getTime()` → `-Infinity`. */
  declare static readonly NEGATIVE_INFINITY: PreciseDate;

  #us!: number;

  /** The current time (microseconds 0: the clock Date reads has no finer resolution). */
  constructor();
  /**
   * `epochMs` (an integer, as `getTime()` returns) plus `microseconds` 0..999 beyond it.
   * `±Infinity` gives {@link PreciseDate.POSITIVE_INFINITY} / {@link PreciseDate.NEGATIVE_INFINITY}.
   */
  constructor(epochMs: number, microseconds?: number);
  /** A copy; keeps the microseconds of a PreciseDate. */
  constructor(date: Date);
  /**
   * ISO 8601 text with an explicit offset (`Z`, `±hh`, `±hh:mm`, `±hhmm`, `±hh:mm:ss`) and up to 6
   * fractional digits; also PostgreSQL's own output (`2024-03-10 01:59:59.123456+00`, ` BC`) and
   * `'infinity'` / `'-infinity'`. Text without an offset is a RangeError (it names no instant), and
   * so are more than 6 fractional digits (refused rather than rounded).
   */
  constructor(isoText: string);
  constructor(value?: number | string | Date, microseconds?: number, unexpected?: unknown) {
    let ms: number;
    let us = 0;
    // Cheapest test first: the codecs construct (ms, µs) on the row-parsing hot path.
    if (typeof value === 'number') {
      if (unexpected !== undefined) throw multiArgumentError();
      if (microseconds !== undefined) {
        if (!(Number.isInteger(microseconds) && microseconds >= 0 && microseconds < 1000)) {
          throw new RangeError(`PreciseDate: microseconds must be an integer 0..999, got ${String(microseconds)}`);
        }
        us = microseconds;
      }
      ms = value;
      if (!(Number.isInteger(ms) && ms >= -MAX_MS && ms <= MAX_MS)) {
        if ((ms === Infinity || ms === -Infinity) && us === 0) return ms > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        throw new RangeError(
          Number.isInteger(ms) || ms === Infinity || ms === -Infinity
            ? `PreciseDate: ${String(ms)} ms${us ? ` + ${us} µs` : ''} is outside the range a JavaScript Date can hold (±8.64e15 ms)`
            : `PreciseDate: epoch milliseconds must be an integer, got ${String(ms)}` +
                (ms === ms ? ' (pass the sub-millisecond part as microseconds)' : ''),
        );
      }
    } else if (microseconds !== undefined || unexpected !== undefined) {
      throw new TypeError('PreciseDate: microseconds go with epoch milliseconds: new PreciseDate(epochMs, microseconds)');
    } else if (value === undefined) {
      ms = Date.now();
    } else if (typeof value === 'string') {
      if (value === 'infinity') return POSITIVE_INFINITY;
      if (value === '-infinity') return NEGATIVE_INFINITY;
      const code = scanDateTime(value, SCAN_OFFSET_REQUIRED | SCAN_OFFSET_ALLOWED | SCAN_TIME_OPTIONAL);
      if (code !== SCAN_OK || !scanInJsRange()) throw scanError('PreciseDate', value, code);
      ms = scanned.ms;
      us = scanned.us;
    } else if (value instanceof Date) {
      if (value instanceof InfinitePreciseDate) return value;
      ms = value.getTime();
      if (ms !== ms) throw new RangeError('PreciseDate: cannot copy an Invalid Date');
      if (#us in value) us = value.#us;
    } else {
      throw new TypeError(`PreciseDate: expected a number, string or Date, got ${typeof value}`);
    }
    super(ms);
    this.#us = us;
  }

  /**
   * The instant `us` microseconds after 1970-01-01T00:00:00Z.
   *
   * ```ts
   * PreciseDate.fromEpochMicroseconds(-1n).toISOString(); // '1969-12-31T23:59:59.999999Z'
   * ```
   */
  static fromEpochMicroseconds(us: bigint): PreciseDate {
    if (typeof us !== 'bigint') throw new TypeError(`PreciseDate.fromEpochMicroseconds: expected a bigint, got ${typeof us}`);
    let ms = us / 1000n;
    let rest = us % 1000n;
    if (rest < 0n) {
      ms -= 1n;
      rest += 1000n;
    }
    return new PreciseDate(Number(ms), Number(rest));
  }

  /**
   * Orders two dates including microseconds (a plain Date has 0); for `Array.prototype.sort`.
   * The infinities order before/after everything else. An Invalid Date throws a RangeError.
   *
   * ```ts
   * [b, a].sort(PreciseDate.compare);
   * ```
   */
  static compare(a: Date, b: Date): -1 | 0 | 1 {
    const ta = a.getTime();
    const tb = b.getTime();
    if (ta < tb) return -1;
    if (ta > tb) return 1;
    if (ta !== tb) throw new RangeError('PreciseDate.compare: cannot order an Invalid Date');
    const ua = #us in a ? a.#us : 0;
    const ub = #us in b ? b.#us : 0;
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  }

  /**
   * Whether `value` is {@link PreciseDate.POSITIVE_INFINITY} or {@link PreciseDate.NEGATIVE_INFINITY}.
   *
   * ```ts
   * PreciseDate.isInfinite(codecs.timestamptz.parse('infinity')); // true
   * ```
   */
  static isInfinite(value: unknown): boolean {
    return value instanceof InfinitePreciseDate;
  }

  /**
   * Microseconds beyond the millisecond, 0..999.
   *
   * ```ts
   * new PreciseDate('2024-01-01T00:00:00.000001Z').getMicroseconds(); // 1
   * ```
   */
  getMicroseconds(): number {
    return this.#us;
  }

  /**
   * Sets the microseconds beyond the millisecond (an integer 0..999); returns the time value in ms,
   * like the other Date setters.
   *
   * ```ts
   * d.setMicroseconds(999);
   * ```
   */
  setMicroseconds(microseconds: number): number {
    if (!(Number.isInteger(microseconds) && microseconds >= 0 && microseconds < 1000)) {
      throw new RangeError(`PreciseDate: microseconds must be an integer 0..999, got ${String(microseconds)}`);
    }
    this.#us = microseconds;
    return this.getTime();
  }

  /**
   * Moves to a new instant given in epoch ms (an integer); the microseconds become 0.
   *
   * ```ts
   * d.setTime(0); // 1970-01-01T00:00:00.000000Z
   * ```
   */
  override setTime(epochMs: number): number {
    if (!(Number.isInteger(epochMs) && epochMs >= -MAX_MS && epochMs <= MAX_MS)) {
      throw new RangeError(`PreciseDate: setTime needs an integer within ±8.64e15 ms, got ${String(epochMs)}`);
    }
    this.#us = 0;
    return super.setTime(epochMs);
  }

  /**
   * Microseconds since 1970-01-01T00:00:00Z; a RangeError for the infinities.
   *
   * ```ts
   * new PreciseDate(1, 2).getEpochMicroseconds(); // 1002n
   * ```
   */
  getEpochMicroseconds(): bigint {
    const ms = this.getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`PreciseDate: ${this.toISOString()} has no epoch microseconds`);
    return BigInt(ms) * 1000n + BigInt(this.#us);
  }

  /**
   * Whether `other` is the same instant to the microsecond (a plain Date has 0 µs).
   *
   * ```ts
   * new PreciseDate(5, 1).equals(new Date(5)); // false
   * ```
   */
  equals(other: Date): boolean {
    return other instanceof Date && this.getTime() === other.getTime() && this.#us === (#us in other ? other.#us : 0);
  }

  /**
   * ISO 8601 in UTC with 6 fractional digits; years outside 0..9999 in Date's extended form
   * (`-004712-01-01T00:00:00.000000Z`); `'infinity'` / `'-infinity'` for the infinities.
   *
   * ```ts
   * new PreciseDate(0, 1).toISOString(); // '1970-01-01T00:00:00.000001Z'
   * ```
   */
  override toISOString(): string {
    const iso = super.toISOString();
    const us = this.#us;
    return `${iso.slice(0, -1)}${us < 10 ? '00' : us < 100 ? '0' : ''}${us}Z`;
  }

  /**
   * Same as {@link PreciseDate.toISOString}, so `JSON.stringify` keeps the microseconds.
   *
   * ```ts
   * JSON.stringify({ at: new PreciseDate(0, 1) }); // '{"at":"1970-01-01T00:00:00.000001Z"}'
   * ```
   */
  override toJSON(): string {
    return this.toISOString();
  }

  /** Shows the microseconds in `console.log` / `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PreciseDate(${this.toISOString()})`;
  }
}

// Date's other setters can push the time value out of range (an Invalid Date): refuse instead.
// The microseconds stay: these setters change coarser fields only.
for (const name of [
  'setDate', 'setFullYear', 'setHours', 'setMilliseconds', 'setMinutes', 'setMonth', 'setSeconds',
  'setUTCDate', 'setUTCFullYear', 'setUTCHours', 'setUTCMilliseconds', 'setUTCMinutes', 'setUTCMonth', 'setUTCSeconds',
] as const) {
  const original = Date.prototype[name] as (this: Date, ...args: number[]) => number;
  Object.defineProperty(PreciseDate.prototype, name, {
    configurable: true,
    writable: true,
    value: function guardedSetter(this: PreciseDate, ...args: number[]): number {
      const before = Date.prototype.getTime.call(this);
      const after = original.apply(this, args);
      if (after !== after) {
        Date.prototype.setTime.call(this, before);
        throw new RangeError(`PreciseDate: ${name}(${args.join(', ')}) leaves the range a JavaScript Date can hold`);
      }
      return after;
    },
  });
}

const INFINITY_TOKEN = Symbol('PreciseDate infinity');

/**
 * The two ±infinity singletons. A Date's internal time value cannot be ±Infinity, so it holds the
 * latest/earliest instant a Date can represent (ordering survives code that bypasses these
 * overrides, e.g. `Date.prototype.getTime.call`), and the public readers are overridden.
 */
class InfinitePreciseDate extends PreciseDate {
  readonly #sign: 1 | -1;

  constructor(token: symbol, sign: 1 | -1) {
    if (token !== INFINITY_TOKEN) throw new TypeError('PreciseDate: use PreciseDate.POSITIVE_INFINITY / NEGATIVE_INFINITY');
    super(sign * MAX_MS);
    this.#sign = sign;
  }

  override getTime(): number {
    return this.#sign * Infinity;
  }

  override valueOf(): number {
    return this.#sign * Infinity;
  }

  override toISOString(): string {
    return this.#sign > 0 ? 'infinity' : '-infinity';
  }

  override toJSON(): string {
    return this.toISOString();
  }

  override toString(): string {
    return this.toISOString();
  }
}

// The singletons are shared, so every mutator throws.
for (const name of [...Object.getOwnPropertyNames(Date.prototype), 'setMicroseconds']) {
  if (name.startsWith('set')) {
    Object.defineProperty(InfinitePreciseDate.prototype, name, {
      configurable: true,
      writable: true,
      value: function immutable(): never {
        throw new TypeError(`PreciseDate: the infinity singletons are immutable (${name})`);
      },
    });
  }
}

const POSITIVE_INFINITY: PreciseDate = new InfinitePreciseDate(INFINITY_TOKEN, 1);
const NEGATIVE_INFINITY: PreciseDate = new InfinitePreciseDate(INFINITY_TOKEN, -1);
Object.freeze(POSITIVE_INFINITY);
Object.freeze(NEGATIVE_INFINITY);
Object.defineProperty(PreciseDate, 'POSITIVE_INFINITY', { value: POSITIVE_INFINITY, enumerable: true });
Object.defineProperty(PreciseDate, 'NEGATIVE_INFINITY', { value: NEGATIVE_INFINITY, enumerable: true });

// ---------------------------------------------------------------------------------------------
// Shared date-time text scanner and calendar arithmetic (internal; used by the codecs).
// ---------------------------------------------------------------------------------------------

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
};

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

function daysInMonth(year: number, month: number): number {
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
  const ms = daysFromCivil(year, month, day) * MS_PER_DAY + (hour * 3600 + minute * 60 + second - offset) * 1000;
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
      return `${quoted} is outside the range a JavaScript Date can hold (-271821-04-20 to 275760-09-13 UTC)`;
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

function multiArgumentError(): TypeError {
  return new TypeError(
    'PreciseDate: (year, month, ...) arguments are not supported (they are read in the local time zone); ' +
      'pass (epochMs, microseconds), a Date or an ISO string with an offset',
  );
}
