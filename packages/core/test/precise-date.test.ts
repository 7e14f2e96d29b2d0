import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PreciseDate } from '../src/precise-date.js';

const { POSITIVE_INFINITY, NEGATIVE_INFINITY } = PreciseDate;
const MAX_MS = 8.64e15;

describe('new PreciseDate(epochMs, microseconds)', () => {
  test.each<[number, number | undefined, string]>([
    [0, undefined, '1970-01-01T00:00:00.000000Z'],
    [0, 1, '1970-01-01T00:00:00.000001Z'],
    [1710035999123, 456, '2024-03-10T01:59:59.123456Z'],
    [-1, 999, '1969-12-31T23:59:59.999999Z'],
    [-62167219200000, 0, '0000-01-01T00:00:00.000000Z'],
    [-62198755200000, 0, '-000001-01-01T00:00:00.000000Z'],
    [253402300799999, 999, '9999-12-31T23:59:59.999999Z'],
    [253402300800000, 0, '+010000-01-01T00:00:00.000000Z'],
    [MAX_MS, 999, '+275760-09-13T00:00:00.000999Z'],
    [-MAX_MS, 0, '-271821-04-20T00:00:00.000000Z'],
  ])('(%s, %s) → %s', (ms, us, iso) => {
    const d = new PreciseDate(ms, us);
    expect(d.toISOString()).toBe(iso);
    expect(d.getTime()).toBe(ms);
    expect(d.getMicroseconds()).toBe(us ?? 0);
    expect(d).toBeInstanceOf(Date);
  });

  test.each<[number, number | undefined, RegExp]>([
    [0, -1, /microseconds must be an integer 0\.\.999, got -1/],
    [0, 1000, /microseconds must be an integer 0\.\.999, got 1000/],
    [0, 1.5, /microseconds must be an integer/],
    [0, Number.NaN, /microseconds must be an integer/],
    [1.5, 0, /must be an integer, got 1\.5 \(pass the sub-millisecond part as microseconds\)/],
    [Number.NaN, undefined, /must be an integer, got NaN$/],
    [MAX_MS + 1, 0, /8640000000000001 ms is outside the range/],
    [-MAX_MS - 1, 0, /-8640000000000001 ms is outside the range/],
    [Infinity, 1, /Infinity ms \+ 1 µs is outside the range/],
  ])('(%s, %s) is a RangeError, never an Invalid Date', (ms, us, message) => {
    expect(() => new PreciseDate(ms, us)).toThrow(RangeError);
    expect(() => new PreciseDate(ms, us)).toThrow(message);
  });

  test('(year, month, day) arguments are refused: Date reads them in the local zone', () => {
    const construct = PreciseDate as unknown as new (...args: number[]) => PreciseDate;
    expect(() => new construct(2024, 0, 1)).toThrow(TypeError);
  });

  test('±Infinity give the infinity singletons', () => {
    expect(new PreciseDate(Infinity)).toBe(POSITIVE_INFINITY);
    expect(new PreciseDate(-Infinity)).toBe(NEGATIVE_INFINITY);
  });
});

describe('new PreciseDate(isoText)', () => {
  test.each<[string, string]>([
    ['2024-03-10T01:59:59.123456Z', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-10T01:59:59Z', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-10T01:59Z', '2024-03-10T01:59:00.000000Z'],
    ['2024-03-10t01:59:59.1z', '2024-03-10T01:59:59.100000Z'],
    ['2024-03-10T07:29:59.123456+05:30', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-10T07:44:59.000001+05:45', '2024-03-10T01:59:59.000001Z'],
    ['2024-03-10T07:29:59+0530', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-09T22:59:59-03', '2024-03-10T01:59:59.000000Z'],
    ['1883-11-18 12:00:00-04:56:02', '1883-11-18T16:56:02.000000Z'],
    ['2024-03-10 01:59:59.999999+00', '2024-03-10T01:59:59.999999Z'],
    ['0001-01-01 00:00:00+00 BC', '0000-01-01T00:00:00.000000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000000Z'],
    ['-004712-01-01T00:00:00.000000Z', '-004712-01-01T00:00:00.000000Z'],
    ['+275760-09-13T00:00:00.000999Z', '+275760-09-13T00:00:00.000999Z'],
    ['-271821-04-20T00:00:00Z', '-271821-04-20T00:00:00.000000Z'],
  ])('%s → %s', (text, iso) => {
    expect(new PreciseDate(text).toISOString()).toBe(iso);
  });

  test.each<[string, typeof SyntaxError | typeof RangeError, RegExp]>([
    ['2024-03-10T01:59:59', RangeError, /has no UTC offset/],
    ['2024-03-10', RangeError, /has no UTC offset/],
    ['2024-03-10T01:59:59.1234567Z', RangeError, /more than 6 fractional digits/],
    ['2023-02-29T00:00:00Z', RangeError, /not a valid date-time/],
    ['2024-13-01T00:00:00Z', RangeError, /not a valid date-time/],
    ['2024-01-01T24:00:00Z', RangeError, /not a valid date-time/],
    ['2024-01-01T23:59:60Z', RangeError, /not a valid date-time/],
    ['2024-01-01T00:00:00+16:00', RangeError, /not a valid date-time/],
    ['+294277-01-01T00:00:00Z', RangeError, /outside the range/],
    ['-271821-04-19T23:59:59.999999Z', RangeError, /outside the range a JavaScript Date can hold/],
    ['-000000-01-01T00:00:00Z', SyntaxError, /cannot read/],
    ['2024-03-10T01:59:59.Z', SyntaxError, /cannot read/],
    ['24-03-10T01:59:59Z', SyntaxError, /cannot read/],
    ['March 10, 2024', SyntaxError, /cannot read "March 10, 2024"/],
    ['', SyntaxError, /cannot read ""/],
  ])('%s is a %o', (text, errorClass, message) => {
    expect(() => new PreciseDate(text)).toThrow(errorClass);
    expect(() => new PreciseDate(text)).toThrow(message);
  });

  test("'infinity' and '-infinity' give the singletons", () => {
    expect(new PreciseDate('infinity')).toBe(POSITIVE_INFINITY);
    expect(new PreciseDate('-infinity')).toBe(NEGATIVE_INFINITY);
  });
});

describe('other constructors', () => {
  test('new PreciseDate() is now, with 0 µs', () => {
    const before = Date.now();
    const d = new PreciseDate();
    expect(d.getTime()).toBeGreaterThanOrEqual(before);
    expect(d.getTime()).toBeLessThanOrEqual(Date.now());
    expect(d.getMicroseconds()).toBe(0);
  });

  test('a copy keeps the µs of a PreciseDate and gives a plain Date 0 µs', () => {
    expect(new PreciseDate(new PreciseDate(5, 7)).getEpochMicroseconds()).toBe(5007n);
    expect(new PreciseDate(new Date(5)).getEpochMicroseconds()).toBe(5000n);
    expect(new PreciseDate(POSITIVE_INFINITY)).toBe(POSITIVE_INFINITY);
  });

  test.each<[string, () => unknown, typeof Error]>([
    ['an Invalid Date', () => new PreciseDate(new Date(Number.NaN)), RangeError],
    ['µs with a string', () => new (PreciseDate as any)('1970-01-01T00:00:00Z', 5), TypeError],
    ['an object', () => new (PreciseDate as any)({}), TypeError],
  ])('copying %s throws', (_name, construct, errorClass) => {
    expect(construct).toThrow(errorClass);
  });
});

describe('epoch microseconds', () => {
  test.each<[bigint, string]>([
    [0n, '1970-01-01T00:00:00.000000Z'],
    [1n, '1970-01-01T00:00:00.000001Z'],
    [-1n, '1969-12-31T23:59:59.999999Z'],
    [-1000n, '1969-12-31T23:59:59.999000Z'],
    [-1001n, '1969-12-31T23:59:59.998999Z'],
    [8_640_000_000_000_000_999n, '+275760-09-13T00:00:00.000999Z'],
    [-8_640_000_000_000_000_000n, '-271821-04-20T00:00:00.000000Z'],
  ])('%s µs ↔ %s', (us, iso) => {
    const d = PreciseDate.fromEpochMicroseconds(us);
    expect(d.toISOString()).toBe(iso);
    expect(d.getEpochMicroseconds()).toBe(us);
  });

  test.each([9_224_318_016_000_000_000n, -8_640_000_000_000_000_001n, 10n ** 30n])('%s µs is a RangeError', (us) => {
    expect(() => PreciseDate.fromEpochMicroseconds(us)).toThrow(RangeError);
  });

  test('property: every epoch µs in the Date range survives fromEpochMicroseconds → getEpochMicroseconds', () => {
    fc.assert(
      fc.property(fc.bigInt(-8_640_000_000_000_000_000n, 8_640_000_000_000_000_999n), (us) => {
        const d = PreciseDate.fromEpochMicroseconds(us);
        expect(d.getEpochMicroseconds()).toBe(us);
        // Date's own ISO text for the millisecond, plus the 3 µs digits.
        expect(d.toISOString()).toBe(`${new Date(d.getTime()).toISOString().slice(0, -1)}${String(d.getMicroseconds()).padStart(3, '0')}Z`);
        expect(new PreciseDate(d.toISOString()).getEpochMicroseconds()).toBe(us);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mutation', () => {
  test('setTime is a new instant: µs reset to 0', () => {
    const d = new PreciseDate(5, 7);
    expect(d.setTime(10)).toBe(10);
    expect(d.getEpochMicroseconds()).toBe(10_000n);
  });

  test.each([Number.NaN, 1.5, MAX_MS + 1])('setTime(%s) is a RangeError and changes nothing', (ms) => {
    const d = new PreciseDate(5, 7);
    expect(() => d.setTime(ms)).toThrow(RangeError);
    expect(d.getEpochMicroseconds()).toBe(5007n);
  });

  test('setMicroseconds validates 0..999 and keeps the millisecond', () => {
    const d = new PreciseDate(5, 7);
    expect(d.setMicroseconds(999)).toBe(5);
    expect(d.getEpochMicroseconds()).toBe(5999n);
    expect(() => d.setMicroseconds(1000)).toThrow(RangeError);
    expect(() => d.setMicroseconds(-1)).toThrow(RangeError);
  });

  test('the other setters keep µs and refuse to leave the Date range', () => {
    const d = new PreciseDate('2024-03-10T01:59:59.123456Z');
    d.setUTCFullYear(2025);
    expect(d.toISOString()).toBe('2025-03-10T01:59:59.123456Z');
    expect(() => d.setUTCFullYear(300_000)).toThrow(RangeError);
    expect(() => d.setUTCDate(Number.NaN)).toThrow(RangeError);
    expect(d.toISOString()).toBe('2025-03-10T01:59:59.123456Z');
  });
});

describe('comparison', () => {
  const a = new PreciseDate(1000, 1);
  const b = new PreciseDate(1000, 2);

  test('valueOf/getTime are milliseconds, so < and > see the ms only', () => {
    expect(+a).toBe(1000);
    expect(a < b).toBe(false);
    expect(new PreciseDate(999, 999) < a).toBe(true);
  });

  test.each<[string, Date, Date, -1 | 0 | 1]>([
    ['1000 ms + 1 µs vs + 2 µs', a, b, -1],
    ['1000 ms + 2 µs vs + 1 µs', b, a, 1],
    ['equal µs', a, new PreciseDate(1000, 1), 0],
    ['Date vs PreciseDate + 1 µs', new Date(1000), a, -1],
    ['Date vs PreciseDate, 0 µs', new Date(1000), new PreciseDate(1000), 0],
    ['999.999 ms vs Date 1000 ms', new PreciseDate(999, 999), new Date(1000), -1],
    ['-infinity vs earliest', NEGATIVE_INFINITY, new PreciseDate(-MAX_MS), -1],
    ['infinity vs latest', POSITIVE_INFINITY, new PreciseDate(MAX_MS, 999), 1],
    ['infinity vs itself', POSITIVE_INFINITY, POSITIVE_INFINITY, 0],
    ['-infinity vs infinity', NEGATIVE_INFINITY, POSITIVE_INFINITY, -1],
  ])('compare: %s → %s', (_label, x, y, expected) => {
    expect(PreciseDate.compare(x, y)).toBe(expected);
    expect(x instanceof PreciseDate && x.equals(y)).toBe(expected === 0 && x instanceof PreciseDate);
  });

  test('compare sorts by µs and throws on an Invalid Date', () => {
    expect([b, POSITIVE_INFINITY, a, NEGATIVE_INFINITY].sort(PreciseDate.compare)).toEqual([NEGATIVE_INFINITY, a, b, POSITIVE_INFINITY]);
    expect(() => PreciseDate.compare(a, new Date(Number.NaN))).toThrow(RangeError);
    expect(a.equals(new Date(Number.NaN))).toBe(false);
  });
});

describe('±infinity', () => {
  test.each<[string, number, PreciseDate]>([
    ['infinity', Infinity, POSITIVE_INFINITY],
    ['-infinity', -Infinity, NEGATIVE_INFINITY],
  ])('%s: getTime() → %s; prints as PostgreSQL does', (text, time, d) => {
    expect(d.getTime()).toBe(time);
    expect(d.valueOf()).toBe(time);
    expect(+d).toBe(time);
    expect(d.toISOString()).toBe(text);
    expect(d.toJSON()).toBe(text);
    expect(d.toString()).toBe(text);
    expect(`${d}`).toBe(text);
    expect(JSON.stringify({ d })).toBe(`{"d":"${text}"}`);
    expect(PreciseDate.isInfinite(d)).toBe(true);
    expect(d).toBeInstanceOf(PreciseDate);
    expect(() => d.getEpochMicroseconds()).toThrow(RangeError);
  });

  test('order with < and > against any Date', () => {
    const latest = new PreciseDate(MAX_MS, 999);
    const earliest = new PreciseDate(-MAX_MS);
    expect(POSITIVE_INFINITY > latest).toBe(true);
    expect(NEGATIVE_INFINITY < earliest).toBe(true);
    expect(NEGATIVE_INFINITY < POSITIVE_INFINITY).toBe(true);
    expect(latest < POSITIVE_INFINITY).toBe(true);
  });

  test('are frozen and refuse every setter', () => {
    expect(Object.isFrozen(POSITIVE_INFINITY)).toBe(true);
    expect(() => POSITIVE_INFINITY.setTime(0)).toThrow(TypeError);
    expect(() => NEGATIVE_INFINITY.setUTCFullYear(2000)).toThrow(TypeError);
    expect(() => POSITIVE_INFINITY.setMicroseconds(1)).toThrow(TypeError);
    expect(POSITIVE_INFINITY.getTime()).toBe(Infinity);
  });

  test('finite dates are not infinite', () => {
    expect(PreciseDate.isInfinite(new PreciseDate(MAX_MS))).toBe(false);
    expect(PreciseDate.isInfinite(new Date())).toBe(false);
    expect(PreciseDate.isInfinite('infinity')).toBe(false);
  });
});

test('toJSON keeps the microseconds', () => {
  expect(JSON.stringify({ at: new PreciseDate(0, 1) })).toBe('{"at":"1970-01-01T00:00:00.000001Z"}');
});
