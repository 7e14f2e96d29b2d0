// The trap cases: every row of ../shared/research/baseline-matrix.md that a driver binding
// decides, plus arrays of every type. Expected values are the DESIGN contract.
import { Decimal, PreciseDate } from '@pg-exact/core';

export interface TrapCase {
  /** Baseline row id (`1a`) or a new id (`A3`) for cases the baseline did not have. */
  readonly id: string;
  readonly title: string;
  /** SQL type of the value. */
  readonly type: string;
  /** The value as a SQL literal (read paths). Omitted for write-only cases. */
  readonly literal?: string;
  /** A query whose column `v` is read instead of the literal (aggregates). */
  readonly readSql?: string;
  /** The JS value written (parameter and column paths). A function: Dates depend on the process TZ. */
  readonly write?: () => unknown;
  /** What the server must hold after the write, as `v::text` in a UTC session. Defaults to `literal`. */
  readonly stored?: () => string;
  /** The exact value read back. */
  readonly expected: () => unknown;
  /** A statement the user ran first in the session (e.g. a non-UTC `SET TIME ZONE`). */
  readonly session?: string;
  /** The id comes from an identity insert rather than from `v`. */
  readonly identity?: boolean;
}

const BIG = '12345678901234567890.123456789012345678';
const instant = (iso: string) => new PreciseDate(iso);
const wallClock = (iso: string) => new PreciseDate(`${iso}Z`);
const constant = <T>(value: T) => () => value;
/** The UTC calendar date of a Date, the contract for Dates written to date columns. */
const utcDate = (date: Date) => date.toISOString().slice(0, 10);

export const trapCases: readonly TrapCase[] = [
  // 1. int8
  { id: '1a', title: 'int8 2^53+1', type: 'int8', literal: '9007199254740993', write: constant(9007199254740993n), expected: constant(9007199254740993n) },
  { id: '1b', title: 'int8 -2^63', type: 'int8', literal: '-9223372036854775808', write: constant(-(2n ** 63n)), expected: constant(-(2n ** 63n)) },
  { id: '1e', title: 'int8 1 (small: still a bigint)', type: 'int8', literal: '1', write: constant(1n), expected: constant(1n) },
  { id: 'A1', title: 'int8 from a safe-integer number', type: 'int8', literal: '42', write: constant(42), expected: constant(42n) },
  // 2. numeric
  { id: '2a', title: `numeric ${BIG}`, type: 'numeric', literal: BIG, write: () => new Decimal(BIG), expected: () => new Decimal(BIG) },
  { id: '2b', title: 'numeric 0.1', type: 'numeric', literal: '0.1', write: () => new Decimal('0.1'), expected: () => new Decimal('0.1') },
  { id: '2c', title: "numeric 'NaN'", type: 'numeric', literal: 'NaN', write: () => new Decimal(NaN), expected: () => new Decimal(NaN) },
  { id: '2d', title: "numeric 'Infinity'", type: 'numeric', literal: 'Infinity', write: () => new Decimal(Infinity), expected: () => new Decimal(Infinity) },
  { id: 'A2', title: 'numeric keeps its scale (19.90)', type: 'numeric', literal: '19.90', write: constant('19.90'), expected: () => new Decimal('19.90') },
  // 3. json / jsonb
  {
    id: '3a',
    title: 'jsonb {big, dec, e: 1e400}',
    type: 'jsonb',
    literal: '{"e": 1e400, "big": 12345678901234567890, "dec": 0.10000000000000000000001}',
    write: () => ({ big: 12345678901234567890n, dec: new Decimal('0.10000000000000000000001'), e: 10n ** 400n }),
    stored: constant(`{"e": 1${'0'.repeat(400)}, "big": 12345678901234567890, "dec": 0.10000000000000000000001}`),
    expected: () => ({ big: 12345678901234567890n, dec: new Decimal('0.10000000000000000000001'), e: 10n ** 400n }),
  },
  {
    id: '3c',
    title: 'jsonb {big: 12345678901234567890n} written as a JSON number',
    type: 'jsonb',
    write: constant({ big: 12345678901234567890n }),
    stored: constant('{"big": 12345678901234567890}'),
    expected: constant({ big: 12345678901234567890n }),
  },
  {
    id: 'A3',
    title: 'json keeps its text and its big numbers',
    type: 'json',
    literal: '{"id":18446744073709551616,"rate":2.5e-400}',
    expected: () => ({ id: 18446744073709551616n, rate: new Decimal('2.5e-400') }),
  },
  // 4. timestamptz
  {
    id: '4a',
    title: "timestamptz '2024-03-10 01:59:59.123456+00'",
    type: 'timestamptz',
    literal: '2024-03-10 01:59:59.123456+00',
    write: () => instant('2024-03-10T01:59:59.123456Z'),
    expected: () => instant('2024-03-10T01:59:59.123456Z'),
  },
  {
    id: 'A4',
    title: 'timestamptz with a +05:45 offset literal',
    type: 'timestamptz',
    literal: '2024-03-10 07:44:59.123456+05:45',
    stored: constant('2024-03-10 01:59:59.123456+00'),
    expected: () => instant('2024-03-10T01:59:59.123456Z'),
  },
  // 5. timestamp (without time zone) and non-UTC sessions
  { id: '5a', title: "timestamp '2024-03-10 12:00:00'", type: 'timestamp', literal: '2024-03-10 12:00:00', expected: () => wallClock('2024-03-10T12:00:00') },
  {
    id: '5b',
    title: 'write Date(2024-03-10T12:00Z) → timestamp',
    type: 'timestamp',
    write: () => new Date('2024-03-10T12:00:00Z'),
    stored: constant('2024-03-10 12:00:00'),
    expected: () => wallClock('2024-03-10T12:00:00'),
  },
  {
    id: '5c',
    title: "SET TIME ZONE 'Asia/Shanghai': timestamptz read",
    type: 'timestamptz',
    session: "SET TIME ZONE 'Asia/Shanghai'",
    literal: '2024-03-10 01:59:59.123456+00',
    write: () => instant('2024-03-10T01:59:59.123456Z'),
    expected: () => instant('2024-03-10T01:59:59.123456Z'),
  },
  {
    id: '5d',
    title: "SET TIME ZONE 'Asia/Shanghai': write Date → timestamptz",
    type: 'timestamptz',
    session: "SET TIME ZONE 'Asia/Shanghai'",
    write: () => new Date('2024-03-10T01:59:59.123Z'),
    stored: constant('2024-03-10 01:59:59.123+00'),
    expected: () => instant('2024-03-10T01:59:59.123Z'),
  },
  {
    id: '5e',
    title: "SET TIME ZONE 'Asia/Shanghai': write Date → timestamp",
    type: 'timestamp',
    session: "SET TIME ZONE 'Asia/Shanghai'",
    write: () => new Date('2024-03-10T12:00:00Z'),
    stored: constant('2024-03-10 12:00:00'),
    expected: () => wallClock('2024-03-10T12:00:00'),
  },
  {
    id: 'A5',
    title: "SET TIME ZONE 'America/St_Johns': 1900 timestamptz (LMT offset -03:30:52)",
    type: 'timestamptz',
    session: "SET TIME ZONE 'America/St_Johns'",
    literal: '1900-01-01 12:00:00.000001+00',
    write: () => instant('1900-01-01T12:00:00.000001Z'),
    expected: () => instant('1900-01-01T12:00:00.000001Z'),
  },
  // 6. date
  { id: '6a', title: "date '2024-01-01'", type: 'date', literal: '2024-01-01', write: constant('2024-01-01'), expected: constant('2024-01-01') },
  {
    id: '6b',
    title: 'write new Date(2024,0,1) (local midnight) → date: its UTC calendar date',
    type: 'date',
    write: () => new Date(2024, 0, 1),
    stored: () => utcDate(new Date(2024, 0, 1)),
    expected: () => utcDate(new Date(2024, 0, 1)),
  },
  {
    id: '6c',
    title: "write new Date('2024-01-01') (UTC midnight) → date",
    type: 'date',
    write: () => new Date('2024-01-01'),
    stored: constant('2024-01-01'),
    expected: constant('2024-01-01'),
  },
  // 7. infinity and BC
  { id: '7a', title: "'infinity'::timestamptz", type: 'timestamptz', literal: 'infinity', write: () => PreciseDate.POSITIVE_INFINITY, expected: () => PreciseDate.POSITIVE_INFINITY },
  { id: '7b', title: "'-infinity'::timestamptz", type: 'timestamptz', literal: '-infinity', write: () => PreciseDate.NEGATIVE_INFINITY, expected: () => PreciseDate.NEGATIVE_INFINITY },
  { id: '7c', title: "'4713-01-01 BC'::date", type: 'date', literal: '4713-01-01 BC', write: constant('4713-01-01 BC'), expected: constant('4713-01-01 BC') },
  {
    id: 'A7',
    title: "timestamptz '0044-03-15 12:00:00.5+00 BC'",
    type: 'timestamptz',
    literal: '0044-03-15 12:00:00.5+00 BC',
    write: () => instant('-000043-03-15T12:00:00.500000Z'),
    expected: () => instant('-000043-03-15T12:00:00.500000Z'),
  },
  // 8. identity
  { id: '8a', title: 'identity insert: the id comes back as a bigint', type: 'int8', identity: true, expected: constant(1n) },
  // 9. arrays
  { id: '9a', title: `numeric[] {1.1, ${BIG}}`, type: 'numeric[]', literal: `{1.1,${BIG}}`, write: () => [new Decimal('1.1'), new Decimal(BIG)], expected: () => [new Decimal('1.1'), new Decimal(BIG)] },
  { id: '9b', title: 'int8[] {2^53+1, -2^63}', type: 'int8[]', literal: '{9007199254740993,-9223372036854775808}', write: constant([9007199254740993n, -(2n ** 63n)]), expected: constant([9007199254740993n, -(2n ** 63n)]) },
  {
    id: '9c',
    title: "timestamptz[] {'2024-03-10 01:59:59.123456+00'}",
    type: 'timestamptz[]',
    literal: '{"2024-03-10 01:59:59.123456+00"}',
    write: () => [instant('2024-03-10T01:59:59.123456Z')],
    expected: () => [instant('2024-03-10T01:59:59.123456Z')],
  },
  { id: 'B1', title: 'int2[] / int4[] with NULL', type: 'int4[]', literal: '{1,NULL,-2147483648}', write: constant([1, null, -2147483648]), expected: constant([1, null, -2147483648]) },
  { id: 'B2', title: 'float8[] {-0, NaN, -Infinity, 0.1}', type: 'float8[]', literal: '{-0,NaN,-Infinity,0.1}', write: constant([-0, NaN, -Infinity, 0.1]), expected: constant([-0, NaN, -Infinity, 0.1]) },
  {
    id: 'B3',
    title: 'jsonb[] with big numbers',
    type: 'jsonb[]',
    literal: '{"{\\"id\\": 12345678901234567890}",NULL}',
    expected: constant([{ id: 12345678901234567890n }, null]),
  },
  { id: 'B4', title: 'timestamp[] nested 2×1', type: 'timestamp[]', literal: '{{"2024-03-10 02:30:00.000001"},{"0001-01-01 00:00:00 BC"}}', expected: () => [[wallClock('2024-03-10T02:30:00.000001')], [wallClock('0000-01-01T00:00:00')]] },
  { id: 'B5', title: 'date[] with BC and infinity', type: 'date[]', literal: '{2024-01-01,"4713-01-01 BC",infinity}', write: constant(['2024-01-01', '4713-01-01 BC', 'infinity']), expected: constant(['2024-01-01', '4713-01-01 BC', 'infinity']) },
  { id: 'B6', title: 'interval[] / time[] stay text', type: 'interval[]', literal: '{"1 year 2 mons","-00:00:00.000001"}', expected: constant(['1 year 2 mons', '-00:00:00.000001']) },
  // Aggregates the drivers return as strings or floats today.
  { id: 'C1', title: 'count(*) is a bigint', type: 'int8', readSql: 'SELECT count(*) AS v FROM (VALUES (1), (2), (3)) AS t(x)', expected: constant(3n) },
  { id: 'C2', title: 'sum(int8) past 2^53 is an exact numeric', type: 'numeric', readSql: 'SELECT sum(x) AS v FROM (VALUES (9007199254740993::int8), (1::int8)) AS t(x)', expected: () => new Decimal('9007199254740994') },
];
