// What ExactClient hands pg for each parameter (no server needed; the server suites check storage).
import { Decimal, PgExactValueError, PreciseDate } from '@pg-exact/core';
import { describe, expect, test } from 'vitest';
import { serializeParameter, serializeParameters } from '../src/index.js';

const buffer = Buffer.from([1, 2]);
const custom = { toPostgres: () => 'custom' };

describe('serializeParameter', () => {
  test.each<[string, unknown, unknown]>([
    ['a string, unchanged', 'text', 'text'],
    ['a number, unchanged (pg prints it)', 0.1, 0.1],
    ['-0, which pg would print as 0', -0, '-0'],
    ['an array with -0', [-0, 0.5], '{"-0","0.5"}'],
    ['a boolean, unchanged', true, true],
    ['null', null, null],
    ['undefined', undefined, undefined],
    ['a bigint', -(2n ** 63n), '-9223372036854775808'],
    ['a Decimal', new Decimal('12345678901234567890.123456789012345678'), '12345678901234567890.123456789012345678'],
    ['a Decimal with an exponent', new Decimal('1e-30'), `0.${'0'.repeat(29)}1`],
    ['a Date', new Date('2024-03-10T12:00:00.123Z'), '2024-03-10 12:00:00.123000+00'],
    ['a PreciseDate', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00'],
    ['a BC PreciseDate', new PreciseDate('-004712-01-01T00:00:00Z'), '4713-01-01 00:00:00.000000+00 BC'],
    ['+infinity', PreciseDate.POSITIVE_INFINITY, 'infinity'],
    ['-infinity', PreciseDate.NEGATIVE_INFINITY, '-infinity'],
    ['a JSON object with a bigint', { id: 12345678901234567890n, n: [1.5, null] }, '{"id":12345678901234567890,"n":[1.5,null]}'],
    ['an object with toJSON', { toJSON: () => ({ a: 1n }) }, '{"a":1}'],
    ['an array of bigints', [1n, null, -2n], '{"1",NULL,"-2"}'],
    ['a nested array', [[1, 2], [3, null]], '{{"1","2"},{"3",NULL}}'],
    ['an array of Dates', [new Date(0), PreciseDate.POSITIVE_INFINITY], '{"1970-01-01 00:00:00.000000+00","infinity"}'],
    ['an array of Decimals (written scales kept)', [new Decimal('1.10'), new Decimal('NaN')], '{"1.10","NaN"}'],
    ['an array of JSON objects', [{ a: 1n }, { b: 'x"y' }], '{"{\\"a\\":1}","{\\"b\\":\\"x\\\\\\"y\\"}"}'],
    ['an array of strings needing quotes', ['a,b', 'NULL', '\\'], '{"a,b","NULL","\\\\"}'],
    ['an array of booleans', [true, false], '{"true","false"}'],
    ['an array of byte arrays', [buffer, new Uint8Array([255])], '{"\\\\x0102","\\\\xff"}'],
    ['an array of toPostgres objects', [custom], '{"custom"}'],
    ['an empty array', [], '{}'],
  ])('%s', (_name, value, expected) => {
    expect(serializeParameter(value)).toEqual(expected);
  });

  test.each<[string, unknown]>([
    ['a Buffer', buffer],
    ['an object with toPostgres()', custom],
    ['a Uint16Array', new Uint16Array([1])],
  ])('%s is left to pg, the same object', (_name, value) => {
    expect(serializeParameter(value)).toBe(value);
  });

  test.each<[string, unknown, number, string]>([
    ['NaN in JSON', { a: { b: NaN } }, 2, '$2.a.b'],
    ['undefined in a JSON array', { a: [undefined] }, 1, '$1.a[0]'],
    ['a Map', new Map(), 1, '$1'],
    ['a cycle', (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })(), 1, '$1.self'],
    ['an Invalid Date', new Date(NaN), 3, '$3'],
    ['an Invalid Date in an array', [[new Date(0), new Date('x')]], 1, '$1[0][1]'],
    ['undefined in an array', [1, undefined], 1, '$1[1]'],
    ['NaN in JSON inside an array', [{ a: NaN }], 1, '$1[0].a'],
    ['a symbol', Symbol('s'), 1, '$1'],
    ['a function', () => 1, 4, '$4'],
    ['a symbol in an array', [Symbol('s')], 1, '$1[0]'],
    ['an array containing itself', (() => { const a: unknown[] = []; a.push(a); return a; })(), 1, '$1[0]'],
  ])('%s → PgExactValueError', (_name, value, position, path) => {
    let error: unknown;
    try {
      serializeParameter(value, position);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PgExactValueError);
    expect((error as PgExactValueError).path).toBe(path);
    expect((error as Error).message).toContain(`(at ${path})`);
  });
});

describe('serializeParameters', () => {
  test('maps every value into a new array; the input is not modified', () => {
    const values = [1n, new Date(0), 'x'];
    const out = serializeParameters(values);
    expect(out).toEqual(['1', '1970-01-01 00:00:00.000000+00', 'x']);
    expect(out).not.toBe(values);
    expect(values[0]).toBe(1n);
  });

  test('errors name the parameter position', () => {
    expect(() => serializeParameters(['ok', { x: Infinity }])).toThrow(/\(at \$2\.x\)/);
  });
});
