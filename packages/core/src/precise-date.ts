import {
  civilFromDays,
  daysFromCivil,
  MAX_MS,
  SCAN_OFFSET_ALLOWED,
  SCAN_OFFSET_REQUIRED,
  SCAN_OK,
  SCAN_TIME_OPTIONAL,
  scanDateTime,
  scanError,
  scanInJsRange,
  scanned,
  scannedEpochMicroseconds,
} from './date-time-text.js';

/**
 * A `Date` that also keeps the microseconds PostgreSQL stores, plus PostgreSQL's `±infinity`.
 *
 * `getTime()`, `valueOf()` and every inherited `Date` method stay in milliseconds, so a
 * PreciseDate works wherever a Date does and `<` / `>` order instants to the millisecond.
 * Two instants in the same millisecond differ only in {@link PreciseDate.getMicroseconds}:
 * use {@link PreciseDate.compare} or {@link PreciseDate.equals} when that matters.
 *
 * Construction never yields an Invalid Date: epoch milliseconds outside the range a Date can hold
 * (±8.64e15 ms: -271821-04-20T00:00:00Z to 275760-09-13T00:00:00.000999Z) throw a RangeError, and so
 * do Date setters that would leave it. Text and epoch microseconds beyond that range but within
 * PostgreSQL's (it stores timestamps up to 294276-12-31 23:59:59.999999) give an immutable PreciseDate that is exact where a Date
 * cannot be: `toISOString()` (`'+294276-12-31T23:59:59.999999Z'`), `getEpochMicroseconds()`,
 * `getMicroseconds()`, `compare`/`equals`, and writing it back; `getTime()` / `valueOf()` are the
 * nearest float64 (ordering kept), and Date's calendar getters and locale strings throw a RangeError
 * (see {@link PreciseDate.isBeyondDateRange}).
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
      if (code !== SCAN_OK) throw scanError('PreciseDate', value, code);
      if (!scanInJsRange()) {
        const epochUs = scannedEpochMicroseconds();
        if (epochUs > PG_MAX_US || epochUs < 0n) throw scanError('PreciseDate', value, code);
        return new BeyondRangePreciseDate(BEYOND_TOKEN, epochUs);
      }
      ms = scanned.ms;
      us = scanned.us;
    } else if (value instanceof Date) {
      if (value instanceof InfinitePreciseDate || value instanceof BeyondRangePreciseDate) return value;
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
    const [ms, rest] = floorDivide(us, 1000n);
    if (ms > MAX_MS_BIG && us <= PG_MAX_US) return new BeyondRangePreciseDate(BEYOND_TOKEN, us);
    return new PreciseDate(Number(ms), Number(rest));
  }

  /**
   * Whether `value` is a PreciseDate beyond the range a Date can hold (read from PostgreSQL, which
   * stores timestamps up to 294276-12-31): exact through `toISOString()` and `getEpochMicroseconds()`,
   * while Date's calendar getters throw a RangeError.
   *
   * ```ts
   * PreciseDate.isBeyondDateRange(codecs.timestamptz.parse('294276-12-31 23:59:59.999999+00')); // true
   * ```
   */
  static isBeyondDateRange(value: unknown): boolean {
    return value instanceof BeyondRangePreciseDate;
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
    if ((a instanceof BeyondRangePreciseDate || b instanceof BeyondRangePreciseDate) && Number.isFinite(ta)) {
      // The float64 milliseconds of these are rounded: the microseconds decide.
      const ea = epochMicroseconds(a);
      const eb = epochMicroseconds(b);
      return ea < eb ? -1 : ea > eb ? 1 : 0;
    }
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
    if (other instanceof BeyondRangePreciseDate) return other.equals(this);
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

const BEYOND_TOKEN = Symbol('PreciseDate beyond the Date range');
const MAX_MS_BIG = BigInt(MAX_MS);
/** 294276-12-31 23:59:59.999999 UTC, PostgreSQL's latest timestamp, in epoch µs (its earliest is within a Date's range). */
const PG_MAX_US = BigInt(daysFromCivil(294277, 1, 1)) * 86_400_000_000n - 1n;

/**
 * An instant beyond the Date range (PostgreSQL stores up to 294276-12-31). Its internal Date time
 * value is the nearest end of the range, so ordering survives code that bypasses these overrides;
 * the exact instant is kept as epoch microseconds. Immutable.
 */
class BeyondRangePreciseDate extends PreciseDate {
  readonly #epochUs: bigint;

  constructor(token: symbol, epochUs: bigint) {
    if (token !== BEYOND_TOKEN) throw new TypeError('PreciseDate: use PreciseDate.fromEpochMicroseconds()');
    super(epochUs > 0n ? MAX_MS : -MAX_MS);
    this.#epochUs = epochUs;
    PreciseDate.prototype.setMicroseconds.call(this, Number(floorDivide(epochUs, 1000n)[1]));
  }

  /** The nearest float64 to the epoch milliseconds (beyond 2^53 ms, not every integer is one). */
  override getTime(): number {
    return Number(floorDivide(this.#epochUs, 1000n)[0]);
  }

  override valueOf(): number {
    return this.getTime();
  }

  override getEpochMicroseconds(): bigint {
    return this.#epochUs;
  }

  override equals(other: Date): boolean {
    return other instanceof Date && Number.isFinite(other.getTime()) && epochMicroseconds(other) === this.#epochUs;
  }

  override toISOString(): string {
    const [days, microsOfDay] = floorDivide(this.#epochUs, 86_400_000_000n);
    const date = { year: 0, month: 0, day: 0 };
    civilFromDays(Number(days), date);
    const rest = Number(microsOfDay);
    const year = date.year;
    const sign = year < 0 ? '-' : year > 9999 ? '+' : '';
    return (
      `${sign}${String(Math.abs(year)).padStart(sign ? 6 : 4, '0')}-${pad(date.month, 2)}-${pad(date.day, 2)}` +
      `T${pad(Math.floor(rest / 3_600_000_000), 2)}:${pad(Math.floor(rest / 60_000_000) % 60, 2)}:` +
      `${pad(Math.floor(rest / 1_000_000) % 60, 2)}.${pad(rest % 1_000_000, 6)}Z`
    );
  }

  override toJSON(): string {
    return this.toISOString();
  }

  override toString(): string {
    return this.toISOString();
  }
}

// Date's calendar getters and locale strings would read the clamped time value: refuse. Mutators too.
for (const name of [...Object.getOwnPropertyNames(Date.prototype), 'setMicroseconds']) {
  const beyond = (name.startsWith('get') && name !== 'getTime' && name !== 'getTimezoneOffset') ||
    (name.startsWith('to') && !['toISOString', 'toJSON', 'toString'].includes(name));
  if (beyond || name.startsWith('set')) {
    Object.defineProperty(BeyondRangePreciseDate.prototype, name, {
      configurable: true,
      writable: true,
      value: function beyondRange(this: PreciseDate): never {
        if (!beyond) throw new TypeError(`PreciseDate: a date beyond the Date range is immutable (${name})`);
        throw new RangeError(
          `PreciseDate: ${this.toISOString()} is beyond the range a JavaScript Date can hold, so ${name}() has no ` +
            'answer; use toISOString() or getEpochMicroseconds()',
        );
      },
    });
  }
}

/** Epoch µs of a finite Date or PreciseDate. */
function epochMicroseconds(date: Date): bigint {
  return date instanceof PreciseDate ? date.getEpochMicroseconds() : BigInt(date.getTime()) * 1000n;
}

/** [floor(a / b), a mod b] for b > 0. */
function floorDivide(a: bigint, b: bigint): [bigint, bigint] {
  let quotient = a / b;
  let rest = a % b;
  if (rest < 0n) {
    quotient -= 1n;
    rest += b;
  }
  return [quotient, rest];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const POSITIVE_INFINITY: PreciseDate = new InfinitePreciseDate(INFINITY_TOKEN, 1);
const NEGATIVE_INFINITY: PreciseDate = new InfinitePreciseDate(INFINITY_TOKEN, -1);
Object.freeze(POSITIVE_INFINITY);
Object.freeze(NEGATIVE_INFINITY);
Object.defineProperty(PreciseDate, 'POSITIVE_INFINITY', { value: POSITIVE_INFINITY, enumerable: true });
Object.defineProperty(PreciseDate, 'NEGATIVE_INFINITY', { value: NEGATIVE_INFINITY, enumerable: true });

function multiArgumentError(): TypeError {
  return new TypeError(
    'PreciseDate: (year, month, ...) arguments are not supported (they are read in the local time zone); ' +
      'pass (epochMs, microseconds), a Date or an ISO string with an offset',
  );
}
