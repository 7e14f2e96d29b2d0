import { Decimal, PreciseDate } from '@pg-exact/core';
import { describe, expect, it } from 'vitest';
import { compareRowsThroughTypeMap, compareThroughTypeMap, expectRowsThroughTypeMap, type PgType, type TypeMapVerdict } from './type-map.js';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => new Date(y, mo - 1, d, h, mi, s, ms);

// [vanilla, pg-exact, type, expected verdict kind]
const cases: [string, unknown, unknown, PgType, TypeMapVerdict['kind']][] = [
  ['int8 digits', '9007199254740993', 9007199254740993n, 'int8', 'representation'],
  ['int8 safe number', 42, 42n, 'int8', 'representation'],
  ['int8 rounded number', 9007199254740992, 9007199254740993n, 'int8', 'vanilla-lossy'],
  ['int8 other digits', '1', 2n, 'int8', 'different'],
  ['int8 read as number by pg-exact', '1', 1, 'int8', 'different'],
  ['numeric text with scale', '19.90', new Decimal('19.90'), 'numeric', 'representation'],
  ['numeric text without the scale', '19.9', new Decimal('19.90'), 'numeric', 'different'],
  ['numeric[] float', 1.5, new Decimal('1.50'), 'numeric', 'vanilla-lossy'],
  ['numeric float same text', 1.5, new Decimal('1.5'), 'numeric', 'representation'],
  ['numeric NaN', 'NaN', new Decimal(NaN), 'numeric', 'representation'],
  ['timestamptz same instant, no µs', new Date(Date.UTC(2024, 0, 1)), new PreciseDate(Date.UTC(2024, 0, 1)), 'timestamptz', 'representation'],
  ['timestamptz µs lost', new Date(Date.UTC(2024, 0, 1)), new PreciseDate(Date.UTC(2024, 0, 1), 7), 'timestamptz', 'vanilla-lossy'],
  ['timestamptz other instant', new Date(Date.UTC(2024, 0, 1, 1)), new PreciseDate(Date.UTC(2024, 0, 1)), 'timestamptz', 'different'],
  ['timestamptz infinity', Infinity, PreciseDate.POSITIVE_INFINITY, 'timestamptz', 'representation'],
  ['timestamptz text other offset', '2024-01-01 05:30:00.000001+05:30', new PreciseDate(Date.UTC(2024, 0, 1), 1), 'timestamptz', 'representation'],
  ['timestamp local wall clock', local(2024, 6, 1, 12, 0, 0, 5), new PreciseDate(Date.UTC(2024, 5, 1, 12, 0, 0, 5)), 'timestamp', 'representation'],
  ['timestamp µs lost', local(2024, 6, 1, 12), new PreciseDate(Date.UTC(2024, 5, 1, 12), 9), 'timestamp', 'vanilla-lossy'],
  ['timestamp text', '2024-06-01 12:00:00.000009', new PreciseDate(Date.UTC(2024, 5, 1, 12), 9), 'timestamp', 'representation'],
  ['timestamp one hour off', local(2024, 6, 1, 13), new PreciseDate(Date.UTC(2024, 5, 1, 12)), 'timestamp', 'different'],
  ['date local midnight', local(2024, 2, 29), '2024-02-29', 'date', 'representation'],
  ['date other day', local(2024, 2, 28), '2024-02-29', 'date', 'different'],
  ['date text', '2024-02-29', '2024-02-29', 'date', 'identical'],
  ['date infinity', Infinity, 'infinity', 'date', 'representation'],
  ['interval object', { hours: 1, minutes: 2, seconds: 3 }, '01:02:03', 'interval', 'representation'],
  ['interval other object', { hours: 2 }, '01:00:00', 'interval', 'different'],
  ['int4', 1, 1, 'int4', 'identical'],
  ['text differs', 'a', 'b', 'text', 'different'],
  ['bytea', Buffer.from([1, 2]), Buffer.from([1, 2]), 'bytea', 'identical'],
  ['int8[]', ['1', null, '3'], [1n, null, 3n], 'int8[]', 'representation'],
  ['int8[] length', ['1'], [1n, 2n], 'int8[]', 'different'],
  ['json big int', { a: 12345678901234567000 }, { a: 12345678901234567890n }, 'jsonb', 'vanilla-lossy'],
  ['json decimal', [0.1], [new Decimal('0.10000000000000000000001')], 'json', 'vanilla-lossy'],
  ['json same', { a: [1, 'x', null, true] }, { a: [1, 'x', null, true] }, 'jsonb', 'identical'],
  ['json key order', { a: 1, b: 2 }, { b: 2, a: 1 }, 'json', 'different'],
  ['json timestamp offset', { at: '2024-01-01T05:30:00.000001+05:30' }, { at: '2024-01-01T00:00:00.000001+00:00' }, 'json', 'representation'],
  ['json other string', { at: 'x' }, { at: 'y' }, 'json', 'different'],
];

describe('type map', () => {
  it.each(cases)('%s', (_name, vanilla, exact, type, kind) => {
    expect(compareThroughTypeMap(vanilla, exact, type).kind).toBe(kind);
  });

  it('utc conventions (Drizzle mode date)', () => {
    expect(compareThroughTypeMap(new Date(Date.UTC(2024, 5, 1, 12)), new PreciseDate(Date.UTC(2024, 5, 1, 12)), 'timestamp', { timestamp: 'utc' }).kind).toBe('representation');
    expect(compareThroughTypeMap(new Date(Date.UTC(2024, 1, 29)), '2024-02-29', 'date', { date: 'utc' }).kind).toBe('representation');
  });

  it('rows: located findings; an unnamed column must be identical; throws on a difference', () => {
    const findings = compareRowsThroughTypeMap([{ id: '1', v: 'a' }], [{ id: 1n, v: 'b' }], { id: 'int8' });
    expect(findings.map((f) => [f.path, f.kind])).toEqual([
      ['[0].id', 'representation'],
      ['[0].v', 'different'],
    ]);
    expect(() => expectRowsThroughTypeMap([{ id: '1' }], [{ id: 2n }], { id: 'int8' })).toThrow(/\[0\]\.id/);
    expect(compareRowsThroughTypeMap([{}], [], {})[0]?.kind).toBe('different');
    expect(compareRowsThroughTypeMap([{ a: 1 }], [{ b: 1 }], {})[0]?.kind).toBe('different');
  });
});

describe('type map: JSON of Kysely helpers', () => {
  it.each([
    ['int8 number', { id: 1 }, { id: 1n }, 'representation'],
    ['numeric scale lost', { p: 19.9 }, { p: new Decimal('19.90') }, 'vanilla-lossy'],
    ['numeric same text', { p: 1.5 }, { p: new Decimal('1.5') }, 'representation'],
    ['timestamptz text', { at: '2024-03-10T02:30:00.123456+00:00' }, { at: new PreciseDate('2024-03-10T02:30:00.123456Z') }, 'representation'],
    ['timestamp text', { at: '2024-03-10T02:30:00.000001' }, { at: new PreciseDate('2024-03-10T02:30:00.000001Z') }, 'representation'],
    ['timestamp other', { at: '2024-03-10T02:30:00' }, { at: new PreciseDate('2024-03-10T02:30:01Z') }, 'different'],
    ['infinity', { at: 'infinity' }, { at: PreciseDate.POSITIVE_INFINITY }, 'representation'],
  ])('%s', (_name, vanilla, exact, kind) => {
    expect(compareThroughTypeMap(vanilla, exact, 'json').kind).toBe(kind);
  });
});
