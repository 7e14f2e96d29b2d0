import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseDate, serializeDate } from '../src/date-codec.js';
import { PgExactValueError } from '../src/errors.js';
import { PreciseDate } from '../src/precise-date.js';

const DAY_MS = 86_400_000;
/** 4714-11-24 BC, PostgreSQL's first date, in days since 1970-01-01. */
const PG_MIN_DAYS = -2_440_588;

describe('parseDate', () => {
  test.each([
    '2024-01-01',
    '2024-02-29',
    '1582-10-10',
    '0001-01-01',
    '0001-01-01 BC',
    '0101-06-15 BC',
    '4713-01-01 BC',
    '4713-02-29 BC',
    '4714-11-24 BC',
    '9999-12-31',
    '10000-01-01',
    '5874897-12-31',
    'infinity',
    '-infinity',
  ])('%s → unchanged', (text) => {
    expect(parseDate(text)).toBe(text);
  });

  test.each([
    '03/10/2024', // DateStyle SQL, MDY
    '10.03.2024', // DateStyle German
    '03-10-2024', // DateStyle Postgres, MDY
    '2024-1-1',
    '2024-01-01 AD',
    '2024-01-01T00:00:00',
    'Infinity',
    '',
  ])('%s is a SyntaxError naming DateStyle ISO', (text) => {
    expect(() => parseDate(text)).toThrow(SyntaxError);
    expect(() => parseDate(text)).toThrow(`date: cannot read ${JSON.stringify(text)}`);
    expect(() => parseDate(text)).toThrow(/the session must use DateStyle ISO/);
  });
});

describe('serializeDate', () => {
  test.each<[string, string | Date, string]>([
    ['string', '2024-01-01', '2024-01-01'],
    ['BC string', '4713-01-01 BC', '4713-01-01 BC'],
    ['5-digit year', '10000-01-01', '10000-01-01'],
    ['infinity', 'infinity', 'infinity'],
    ['-infinity', '-infinity', '-infinity'],
    // a Date is its UTC calendar date, in every process TZ
    ['UTC midnight', new Date('2024-01-01'), '2024-01-01'],
    ['last ms of the UTC day', new Date('2024-01-01T23:59:59.999Z'), '2024-01-01'],
    ['Dec 31 evening in New York, Jan 1 in UTC', new Date('2024-01-01T03:00:00Z'), '2024-01-01'],
    ['before the epoch', new Date(-1), '1969-12-31'],
    ['leap day', new Date('2024-02-29T12:00:00Z'), '2024-02-29'],
    ['1582 switch (proleptic Gregorian)', new Date('1582-10-10T00:00:00Z'), '1582-10-10'],
    ['year 1', new PreciseDate('0001-01-01T00:00:00Z'), '0001-01-01'],
    ['year 0 = 1 BC', new PreciseDate('0000-01-01T00:00:00Z'), '0001-01-01 BC'],
    ['year -100 = 101 BC', new PreciseDate('-000100-06-15T00:00:00Z'), '0101-06-15 BC'],
    ['4713-02-29 BC', new PreciseDate('-004712-02-29T00:00:00Z'), '4713-02-29 BC'],
    ['PostgreSQL\'s first date', new PreciseDate('-004713-11-24T00:00:00Z'), '4714-11-24 BC'],
    ['year 10000', new Date('+010000-01-01T00:00:00Z'), '10000-01-01'],
    ['the last Date', new PreciseDate(8.64e15, 999), '275760-09-13'],
    ['PreciseDate infinity', PreciseDate.POSITIVE_INFINITY, 'infinity'],
    ['PreciseDate -infinity', PreciseDate.NEGATIVE_INFINITY, '-infinity'],
    ['toISOString() text (Drizzle mode "date")', '2024-01-01T15:30:00.000Z', '2024-01-01'],
    ['timestamptz text at UTC', '2024-01-01 23:59:59.999999+00', '2024-01-01'],
    ['timestamptz text at +00:00, BC', '0044-03-15 12:00:00+00:00 BC', '0044-03-15 BC'],
  ])('%s: %o → %s', (_label, value, expected) => {
    expect(serializeDate(value)).toBe(expected);
  });

  test.each<[string, unknown, RegExp]>([
    ['date-time text at +05:30', '2024-01-01T00:00:00+05:30', /expected YYYY-MM-DD .* got "2024-01-01T00:00:00\+05:30"/],
    ['date-time text without offset', '2024-01-01T00:00:00', /expected YYYY-MM-DD/],
    ['date-time text at +01', '2024-01-01 00:00:00+01', /expected YYYY-MM-DD/],
    ['other DateStyle', '01/01/2024', /expected YYYY-MM-DD/],
    ['relative word', 'today', /expected YYYY-MM-DD/],
    ['two-digit year', '24-01-01', /expected YYYY-MM-DD/],
    ['empty', '', /expected YYYY-MM-DD/],
    ['Invalid Date', new Date(Number.NaN), /Invalid Date/],
    ['before 4714-11-24 BC', new PreciseDate('-004713-11-23T23:59:59.999999Z'), /before PostgreSQL's earliest date/],
    ['number', 20240101, /expected a string or Date, got 20240101/],
    ['null', null, /got null/],
  ])('%s is a PgExactValueError', (_label, value, message) => {
    const attempt = () => serializeDate(value as string);
    expect(attempt).toThrow(PgExactValueError);
    expect(attempt).toThrow(message);
    let error: unknown;
    try {
      attempt();
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ type: 'date', value });
  });

  test('property: any Date is written as the calendar date of its UTC day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: PG_MIN_DAYS, max: 100_000_000 - 1 }),
        fc.integer({ min: 0, max: DAY_MS - 1 }),
        (day, msOfDay) => {
          const date = new Date(day * DAY_MS + msOfDay);
          // Oracle: Date's own UTC getters.
          const year = date.getUTCFullYear();
          const p = (n: number, width = 2) => String(n).padStart(width, '0');
          const expected = `${p(year > 0 ? year : 1 - year, 4)}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())}${year > 0 ? '' : ' BC'}`;
          expect(serializeDate(date)).toBe(expected);
          expect(serializeDate(expected)).toBe(expected);
          expect(parseDate(expected)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
