import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PgExactValueError } from '../src/errors.js';
import { PreciseDate } from '../src/precise-date.js';
import {
  parseTimestamp,
  parseTimestamptz,
  serializeTimestamp,
  serializeTimestamptz,
} from '../src/timestamp-codecs.js';

const { POSITIVE_INFINITY, NEGATIVE_INFINITY } = PreciseDate;
// The epoch µs a PreciseDate can hold: the millisecond must fit in a Date (±8.64e15 ms).
const FIRST_JS_MICROS = -8_640_000_000_000_000_000n;
const LAST_JS_MICROS = 8_640_000_000_000_000_999n;
// 4714-11-24 00:00:00 BC UTC, PostgreSQL's first timestamp.
const FIRST_PG_MICROS = -210_866_803_200_000_000n;

describe('parseTimestamptz', () => {
  // Expected instants in PreciseDate's ISO form (astronomical years: 1 BC = 0000).
  test.each<[string, string]>([
    ['2024-03-10 01:59:59.123456+00', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-10 01:59:59+00', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-10 01:59:59.1+00', '2024-03-10T01:59:59.100000Z'],
    ['2024-03-10 01:59:59.12+00', '2024-03-10T01:59:59.120000Z'],
    ['2000-01-01 00:00:00.000001+00', '2000-01-01T00:00:00.000001Z'],
    ['1999-12-31 23:59:59.999999+00', '1999-12-31T23:59:59.999999Z'],
    ['1970-01-01 00:00:00+00', '1970-01-01T00:00:00.000000Z'],
    ['1969-12-31 23:59:59.999999+00', '1969-12-31T23:59:59.999999Z'],
    // offsets are converted, never relabelled
    ['2024-03-10 07:29:59.123456+05:30', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-10 07:44:59.000001+05:45', '2024-03-10T01:59:59.000001Z'],
    ['2024-03-10 12:29:59+10:30', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-09 22:59:59-03', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-09 22:29:59-03:30', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-10 15:59:59+14', '2024-03-10T01:59:59.000000Z'],
    ['2024-03-09 13:59:59-12', '2024-03-10T01:59:59.000000Z'],
    ['1883-11-18 12:00:00-04:56:02', '1883-11-18T16:56:02.000000Z'],
    ['1900-01-01 00:00:00+05:53:28', '1899-12-31T18:06:32.000000Z'],
    ['1999-12-31 23:00:00-02', '2000-01-01T01:00:00.000000Z'],
    ['2000-01-01 00:59:59.999999+01', '1999-12-31T23:59:59.999999Z'],
    // years: -100 (101 BC), 0 (1 BC), 1, 9999, 10000, the JS Date edges
    ['0101-06-15 12:00:00+00 BC', '-000100-06-15T12:00:00.000000Z'],
    ['0001-01-01 00:00:00+00 BC', '0000-01-01T00:00:00.000000Z'],
    ['0001-12-31 23:00:00-02 BC', '0001-01-01T01:00:00.000000Z'],
    ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000000Z'],
    ['0099-12-31 23:59:59.999999+00', '0099-12-31T23:59:59.999999Z'],
    ['9999-12-31 23:59:59.999999+00', '9999-12-31T23:59:59.999999Z'],
    ['10000-01-01 00:00:00+00', '+010000-01-01T00:00:00.000000Z'],
    ['275760-09-13 00:00:00+00', '+275760-09-13T00:00:00.000000Z'],
    ['275760-09-13 00:00:00.000999+00', '+275760-09-13T00:00:00.000999Z'],
    ['275760-09-13 05:30:00.000999+05:30', '+275760-09-13T00:00:00.000999Z'],
    ['271822-04-20 00:00:00+00 BC', '-271821-04-20T00:00:00.000000Z'],
    // PostgreSQL's first timestamp, local mean time offsets in BC, the BC leap day
    ['4714-11-24 00:00:00+00 BC', '-004713-11-24T00:00:00.000000Z'],
    ['4714-11-24 00:00:00-04:56:02 BC', '-004713-11-24T04:56:02.000000Z'],
    ['4713-02-29 12:00:00+00 BC', '-004712-02-29T12:00:00.000000Z'],
    // proleptic Gregorian: the days Rome skipped in 1582 exist, 1900 is not a leap year
    ['1582-10-10 00:00:00+00', '1582-10-10T00:00:00.000000Z'],
    ['1582-10-04 23:59:59.999999+00', '1582-10-04T23:59:59.999999Z'],
    ['1900-03-01 00:00:00+00', '1900-03-01T00:00:00.000000Z'],
    ['2000-02-29 00:00:00+00', '2000-02-29T00:00:00.000000Z'],
  ])('%s → %s', (text, iso) => {
    const d = parseTimestamptz(text);
    expect(d).toBeInstanceOf(PreciseDate);
    expect(d.toISOString()).toBe(iso);
    expect(d.getEpochMicroseconds()).toBe(new PreciseDate(iso).getEpochMicroseconds());
  });

  test.each<[string, PreciseDate]>([
    ['infinity', POSITIVE_INFINITY],
    ['-infinity', NEGATIVE_INFINITY],
  ])('%s → the PreciseDate singleton', (text, expected) => {
    expect(parseTimestamptz(text)).toBe(expected);
  });

  test.each<[string, typeof RangeError | typeof SyntaxError, RegExp]>([
    // beyond JS Date and PostgreSQL: a RangeError naming the text, never an Invalid Date
    ['294277-01-01 00:00:00+00', RangeError, /"294277-01-01 00:00:00\+00" is outside the range/],
    ['271822-04-19 23:59:59.999999+00 BC', RangeError, /outside the range/],
    // impossible dates and times
    ['2023-02-29 00:00:00+00', RangeError, /"2023-02-29 00:00:00\+00" is not a valid date-time/],
    ['1900-02-29 00:00:00+00', RangeError, /not a valid date-time/],
    ['2024-04-31 00:00:00+00', RangeError, /not a valid date-time/],
    ['2024-13-01 00:00:00+00', RangeError, /not a valid date-time/],
    ['2024-00-01 00:00:00+00', RangeError, /not a valid date-time/],
    ['2024-01-00 00:00:00+00', RangeError, /not a valid date-time/],
    ['2024-01-01 25:00:00+00', RangeError, /not a valid date-time/],
    ['2024-01-01 24:00:00+00', RangeError, /not a valid date-time/],
    ['2024-01-01 23:60:00+00', RangeError, /not a valid date-time/],
    ['2024-01-01 23:59:60+00', RangeError, /not a valid date-time/],
    ['2024-01-01 00:00:00+16', RangeError, /not a valid date-time/],
    ['2024-01-01 00:00:00+05:60', RangeError, /not a valid date-time/],
    ['0000-01-01 00:00:00+00 BC', RangeError, /not a valid date-time/],
    ['2024-01-01 00:00:00.1234567+00', RangeError, /more than 6 fractional digits/],
    // other DateStyles and text that is not timestamptz output
    ['03/10/2024 01:59:59.123456 UTC', SyntaxError, /"03\/10\/2024 01:59:59.123456 UTC".*the session must use DateStyle ISO/],
    ['10.03.2024 01:59:59.123456 UTC', SyntaxError, /DateStyle ISO/],
    ['Sun Mar 10 01:59:59.123456 2024 UTC', SyntaxError, /DateStyle ISO/],
    ['2024-03-10 01:59:59', SyntaxError, /timestamptz output always has a UTC offset/],
    ['2024-03-10 01:59:59.+00', SyntaxError, /cannot read/],
    ['2024-03-10 01:59:59+00 AD', SyntaxError, /cannot read/],
    ['2024-03-10 01:59:59+0', SyntaxError, /cannot read/],
    [' 2024-03-10 01:59:59+00', SyntaxError, /cannot read/],
    ['+02024-03-10 01:59:59+00', SyntaxError, /cannot read/],
    ['Infinity', SyntaxError, /cannot read/],
    ['', SyntaxError, /cannot read ""/],
  ])('%s → %o', (text, errorClass, message) => {
    expect(() => parseTimestamptz(text)).toThrow(errorClass);
    expect(() => parseTimestamptz(text)).toThrow(message);
  });

  test('property: PostgreSQL-style text at any offset denotes the instant it was made from', () => {
    // The expected text is rendered with Date's own UTC getters: an oracle independent of the parser.
    const offsetSeconds = fc.oneof(
      fc.integer({ min: -15 * 3600 - 59 * 60 - 59, max: 15 * 3600 + 59 * 60 + 59 }),
      fc.constantFrom(0, 19800, 20700, -17762, -10800, 50400, -43200, 37800),
    );
    fc.assert(
      fc.property(fc.bigInt(FIRST_JS_MICROS + 86_400_000_000n, LAST_JS_MICROS - 86_400_000_000n), offsetSeconds, (us, offset) => {
        const text = pgTimestampText(us + BigInt(offset) * 1_000_000n, offsetText(offset));
        expect(parseTimestamptz(text).getEpochMicroseconds(), text).toBe(us);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('timestamps beyond a Date, within PostgreSQL (up to 294276-12-31): exact, never a failed read', () => {
  test.each<[string, (text: string) => PreciseDate, string, bigint]>([
    ['294276-12-31 23:59:59.999999+00', parseTimestamptz, '+294276-12-31T23:59:59.999999Z', 9_224_318_015_999_999_999n],
    ['275760-09-13 05:30:00.001+05:30', parseTimestamptz, '+275760-09-13T00:00:00.001000Z', 8_640_000_000_000_001_000n],
    ['294276-12-31 23:59:59.999999', parseTimestamp, '+294276-12-31T23:59:59.999999Z', 9_224_318_015_999_999_999n],
    ['275760-09-13 00:00:00.001', parseTimestamp, '+275760-09-13T00:00:00.001000Z', 8_640_000_000_000_001_000n],
  ])('%s', (text, parse, iso, epochUs) => {
    const date = parse(text);
    expect(date).toBeInstanceOf(PreciseDate);
    expect(PreciseDate.isBeyondDateRange(date)).toBe(true);
    expect(date.toISOString()).toBe(iso);
    expect(date.getEpochMicroseconds()).toBe(epochUs);
    expect(date.getMicroseconds()).toBe(Number(epochUs % 1000n));
    expect(JSON.stringify({ date })).toBe(`{"date":"${iso}"}`);
    expect(date > new PreciseDate(8.64e15, 999)).toBe(true);
    expect(PreciseDate.compare(date, PreciseDate.POSITIVE_INFINITY)).toBe(-1);
    expect(PreciseDate.compare(new PreciseDate(iso), date)).toBe(0);
    expect(new PreciseDate(iso).equals(date)).toBe(true);
    expect(() => date.getUTCFullYear()).toThrow(/beyond the range a JavaScript Date can hold, so getUTCFullYear\(\) has no answer/);
    expect(() => date.setMicroseconds(1)).toThrow(TypeError);
    // written back exactly
    const written = parse === parseTimestamptz ? serializeTimestamptz(date) : serializeTimestamp(date);
    expect(parse(written).getEpochMicroseconds()).toBe(epochUs);
  });

  test('one microsecond apart in the same rounded millisecond still order', () => {
    const a = PreciseDate.fromEpochMicroseconds(9_224_318_015_999_998_001n);
    const b = PreciseDate.fromEpochMicroseconds(9_224_318_015_999_998_002n);
    expect(PreciseDate.compare(a, b)).toBe(-1);
    expect(a.equals(b)).toBe(false);
  });
});

describe('parseTimestamp (UTC wall-clock, whatever the process TZ)', () => {
  test.each<[string, string]>([
    // DST gaps and overlaps in America/New_York, Europe, Australia/Lord_Howe: nothing shifts
    ['2024-03-10 02:30:00', '2024-03-10T02:30:00.000000Z'],
    ['2024-11-03 01:30:00', '2024-11-03T01:30:00.000000Z'],
    ['2024-03-31 02:30:00', '2024-03-31T02:30:00.000000Z'],
    ['2024-10-06 02:15:00', '2024-10-06T02:15:00.000000Z'],
    ['2024-04-07 01:45:00', '2024-04-07T01:45:00.000000Z'],
    ['1970-01-01 00:00:00', '1970-01-01T00:00:00.000000Z'],
    ['2024-03-10 01:59:59.123456', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-10 01:59:59.000001', '2024-03-10T01:59:59.000001Z'],
    ['2024-03-10 01:59:59.999999', '2024-03-10T01:59:59.999999Z'],
    ['0101-06-15 12:00:00 BC', '-000100-06-15T12:00:00.000000Z'],
    ['0001-01-01 00:00:00 BC', '0000-01-01T00:00:00.000000Z'],
    ['0001-01-01 00:00:00', '0001-01-01T00:00:00.000000Z'],
    ['0050-06-01 00:00:00', '0050-06-01T00:00:00.000000Z'],
    ['9999-12-31 23:59:59.999999', '9999-12-31T23:59:59.999999Z'],
    ['10000-01-01 00:00:00', '+010000-01-01T00:00:00.000000Z'],
    ['275760-09-13 00:00:00.000999', '+275760-09-13T00:00:00.000999Z'],
    ['4714-11-24 00:00:00 BC', '-004713-11-24T00:00:00.000000Z'],
    ['4713-02-29 00:00:00 BC', '-004712-02-29T00:00:00.000000Z'],
    ['1582-10-10 00:00:00', '1582-10-10T00:00:00.000000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseTimestamp(text).toISOString()).toBe(iso);
  });

  test.each<[string, PreciseDate]>([
    ['infinity', POSITIVE_INFINITY],
    ['-infinity', NEGATIVE_INFINITY],
  ])('%s → the PreciseDate singleton', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  test.each<[string, typeof RangeError | typeof SyntaxError, RegExp]>([
    ['294277-01-01 00:00:00', RangeError, /"294277-01-01 00:00:00" is outside the range/],
    ['2023-02-29 00:00:00', RangeError, /not a valid date-time/],
    ['2024-01-01 23:59:60', RangeError, /not a valid date-time/],
    ['2024-03-10 02:30:00+00', SyntaxError, /timestamp output never has a UTC offset/],
    ['2024-03-10', SyntaxError, /DateStyle ISO/],
    ['03/10/2024 02:30:00', SyntaxError, /DateStyle ISO/],
  ])('%s → %o', (text, errorClass, message) => {
    expect(() => parseTimestamp(text)).toThrow(errorClass);
    expect(() => parseTimestamp(text)).toThrow(message);
  });
});

describe('serializeTimestamptz', () => {
  test.each<[string, PreciseDate | Date | string, string]>([
    ['µs kept', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00'],
    ['plain Date: 0 µs', new Date('2024-03-10T01:59:59.123Z'), '2024-03-10 01:59:59.123000+00'],
    ['.000001', new PreciseDate(0, 1), '1970-01-01 00:00:00.000001+00'],
    ['.999999 before the epoch', new PreciseDate(-1, 999), '1969-12-31 23:59:59.999999+00'],
    ['instant in UTC, not the input offset', new PreciseDate('2024-03-10T07:29:59+05:30'), '2024-03-10 01:59:59.000000+00'],
    ['year 1', new PreciseDate('0001-01-01T00:00:00Z'), '0001-01-01 00:00:00.000000+00'],
    ['year 99', new PreciseDate('0099-12-31T23:59:59.999999Z'), '0099-12-31 23:59:59.999999+00'],
    ['year 0 = 1 BC', new PreciseDate('0000-01-01T00:00:00Z'), '0001-01-01 00:00:00.000000+00 BC'],
    ['year -100 = 101 BC', new PreciseDate('-000100-06-15T12:00:00Z'), '0101-06-15 12:00:00.000000+00 BC'],
    ['4714-11-24 BC', new PreciseDate('-004713-11-24T00:00:00Z'), '4714-11-24 00:00:00.000000+00 BC'],
    ['4713-02-29 BC', new PreciseDate('-004712-02-29T00:00:00Z'), '4713-02-29 00:00:00.000000+00 BC'],
    ['year 10000', new PreciseDate('+010000-01-01T00:00:00Z'), '10000-01-01 00:00:00.000000+00'],
    ['latest', new PreciseDate(8.64e15, 999), '275760-09-13 00:00:00.000999+00'],
    ['PostgreSQL\'s earliest', new PreciseDate('-004713-11-24T00:00:00Z'), '4714-11-24 00:00:00.000000+00 BC'],
    ['infinity', POSITIVE_INFINITY, 'infinity'],
    ['-infinity', NEGATIVE_INFINITY, '-infinity'],
    // strings with an offset go unchanged: the server parses exactly what was given
    ['ISO with offset', '2024-03-10T07:29:59.123456+05:30', '2024-03-10T07:29:59.123456+05:30'],
    ['ISO with Z', '2024-03-10T01:59:59Z', '2024-03-10T01:59:59Z'],
    ['PostgreSQL output', '1883-11-18 12:00:00-04:56:02', '1883-11-18 12:00:00-04:56:02'],
    ['PostgreSQL BC output', '4714-11-24 00:00:00+00 BC', '4714-11-24 00:00:00+00 BC'],
    ['beyond JS Date, fine for PostgreSQL', '294276-12-31 23:59:59.999999+00', '294276-12-31 23:59:59.999999+00'],
    ['zone name: the server resolves it', '2024-03-10 02:30:00 America/New_York', '2024-03-10 02:30:00 America/New_York'],
    ['zone abbreviation', '2024-03-10 01:59:59.5 EST', '2024-03-10 01:59:59.5 EST'],
    ['leap second: the server reads the next minute', '2016-12-31 23:59:60+00', '2016-12-31 23:59:60+00'],
    ['leap second .0', '2016-12-31T23:59:60.0Z', '2016-12-31T23:59:60.0Z'],
    ['string infinity', 'infinity', 'infinity'],
    ['string -infinity', '-infinity', '-infinity'],
    // forms PostgreSQL rejects are rewritten with the same fields and offset
    ['ECMAScript negative year', '-004712-01-01T00:00:00.000000Z', '4713-01-01T00:00:00.000000Z BC'],
    ['ECMAScript + year', '+010000-01-01T00:00:00Z', '10000-01-01T00:00:00Z'],
    ['ISO year 0000', '0000-06-15T12:00:00+05:30', '0001-06-15T12:00:00+05:30 BC'],
  ])('%s: %o → %s', (_label, value, expected) => {
    expect(serializeTimestamptz(value)).toBe(expected);
  });

  test.each<[string, unknown, RegExp]>([
    ['Invalid Date', new Date(Number.NaN), /Invalid Date/],
    ['before 4714-11-24 BC', new PreciseDate('-004713-11-23T23:59:59.999999Z'), /before PostgreSQL's earliest timestamptz/],
    ['no offset', '2024-03-10 01:59:59', /"2024-03-10 01:59:59" has no UTC offset/],
    ['date only', '2024-03-10', /has no UTC offset/],
    ['relative word', 'now', /cannot read "now"/],
    ['impossible date', '2023-02-29T00:00:00Z', /not a valid date-time/],
    ['second 60.5 (PostgreSQL refuses it too)', '2016-12-31T23:59:60.5Z', /not a valid date-time/],
    ['7 fractional digits', '2024-03-10T01:59:59.1234567Z', /more than 6 fractional digits/],
    ['number', 1710035999123, /expected a PreciseDate, Date or string, got 1710035999123/],
    ['null', null, /got null/],
    ['object', {}, /got \[object Object\]/],
  ])('%s is a PgExactValueError', (_label, value, message) => {
    const attempt = () => serializeTimestamptz(value as string);
    expect(attempt).toThrow(PgExactValueError);
    expect(attempt).toThrow(message);
    expect(catchError(attempt)).toMatchObject({ type: 'timestamptz', value });
  });

  test('property: every instant both PostgreSQL and a PreciseDate hold survives serialize → parse', () => {
    fc.assert(
      fc.property(fc.bigInt(FIRST_PG_MICROS, LAST_JS_MICROS), (us) => {
        const text = serializeTimestamptz(PreciseDate.fromEpochMicroseconds(us));
        expect(parseTimestamptz(text).getEpochMicroseconds(), text).toBe(us);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('serializeTimestamp', () => {
  test.each<[string, PreciseDate | Date | string, string]>([
    ['UTC wall-clock in a DST gap', new PreciseDate('2024-03-10T02:30:00Z'), '2024-03-10 02:30:00.000000'],
    ['µs kept', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456'],
    ['plain Date', new Date('2024-11-03T01:30:00.5Z'), '2024-11-03 01:30:00.500000'],
    ['year 0 = 1 BC', new PreciseDate('0000-01-01T00:00:00Z'), '0001-01-01 00:00:00.000000 BC'],
    ['4714-11-24 BC', new PreciseDate('-004713-11-24T00:00:00Z'), '4714-11-24 00:00:00.000000 BC'],
    ['year 10000', new PreciseDate('+010000-01-01T00:00:00Z'), '10000-01-01 00:00:00.000000'],
    ['infinity', POSITIVE_INFINITY, 'infinity'],
    ['-infinity', NEGATIVE_INFINITY, '-infinity'],
    ['string as given', '2024-03-10 02:30:00', '2024-03-10 02:30:00'],
    ['ISO string', '2024-03-10T02:30:00.5', '2024-03-10T02:30:00.5'],
    ['date only', '2024-03-10', '2024-03-10'],
    ['Z (PostgreSQL drops it; the text is the UTC wall-clock)', '2024-03-10T02:30:00Z', '2024-03-10T02:30:00Z'],
    ['+00', '2024-03-10 02:30:00+00', '2024-03-10 02:30:00+00'],
    ['BC', '0101-01-01 00:00:00 BC', '0101-01-01 00:00:00 BC'],
    ['ECMAScript negative year', '-000100-01-01T00:00:00', '0101-01-01T00:00:00 BC'],
    ['string infinity', 'infinity', 'infinity'],
  ])('%s: %o → %s', (_label, value, expected) => {
    expect(serializeTimestamp(value)).toBe(expected);
  });

  test.each<[string, unknown, RegExp]>([
    ['an offset PostgreSQL would drop', '2024-03-10T02:30:00+05:30', /offset other than Z, which PostgreSQL drops/],
    ['a zone name PostgreSQL would drop', '2024-03-10 02:30:00 America/New_York', /names a time zone, which PostgreSQL drops/],
    ['second 61', '2016-12-31 23:59:61', /not a valid date-time/],
    ['relative word', 'yesterday', /cannot read "yesterday"/],
    ['impossible date', '2023-02-29 00:00:00', /not a valid date-time/],
    ['7 fractional digits', '2024-03-10 02:30:00.1234567', /more than 6 fractional digits/],
    ['Invalid Date', new Date(Number.NaN), /Invalid Date/],
    ['before 4714-11-24 BC', new PreciseDate(-8.64e15), /before PostgreSQL's earliest timestamp/],
    ['undefined', undefined, /got undefined/],
  ])('%s is a PgExactValueError', (_label, value, message) => {
    const attempt = () => serializeTimestamp(value as string);
    expect(attempt).toThrow(PgExactValueError);
    expect(attempt).toThrow(message);
    expect(catchError(attempt)).toMatchObject({ type: 'timestamp' });
  });

  test('property: every wall-clock both PostgreSQL and a PreciseDate hold survives serialize → parse', () => {
    fc.assert(
      fc.property(fc.bigInt(FIRST_PG_MICROS, LAST_JS_MICROS), (us) => {
        const text = serializeTimestamp(PreciseDate.fromEpochMicroseconds(us));
        expect(parseTimestamp(text).getEpochMicroseconds(), text).toBe(us);
        expect(parseTimestamp(pgTimestampText(us, '')).getEpochMicroseconds()).toBe(us);
      }),
      { numRuns: 3000 },
    );
  });
});

function catchError(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/**
 * Wall-clock `us` (epoch µs read as UTC) as PostgreSQL prints it with DateStyle ISO: fraction
 * trimmed, years before 1 AD as ` BC`. Uses Date's UTC getters, not the code under test.
 */
function pgTimestampText(us: bigint, offset: string): string {
  let ms = us / 1000n;
  let rest = us % 1000n;
  if (rest < 0n) {
    ms -= 1n;
    rest += 1000n;
  }
  const d = new Date(Number(ms));
  const year = d.getUTCFullYear();
  const p = (n: number, width = 2) => String(n).padStart(width, '0');
  const micros = d.getUTCMilliseconds() * 1000 + Number(rest);
  const fraction = micros === 0 ? '' : `.${p(micros, 6)}`.replace(/0+$/, '');
  return (
    `${p(year > 0 ? year : 1 - year, 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${fraction}${offset}${year > 0 ? '' : ' BC'}`
  );
}

/** PostgreSQL's offset format: `+05`, `+05:30`, `-04:56:02`. */
function offsetText(seconds: number): string {
  const abs = Math.abs(seconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor(abs / 60) % 60, abs % 60];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${seconds < 0 ? '-' : '+'}${p(h)}${m || s ? `:${p(m)}` : ''}${s ? `:${p(s)}` : ''}`;
}
