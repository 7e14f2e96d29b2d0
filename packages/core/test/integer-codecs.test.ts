// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { describe, expect, test } from 'vitest';
import { PgExactValueError } from '../src/errors.js';
import { parseInt2, parseInt4, parseInt8, serializeInt2, serializeInt4, serializeInt8 } from '../src/integer-codecs.js';

describe('int8', () => {
  test.each([
    ['0', 0n],
    ['1', 1n],
    ['9007199254740993', 9007199254740993n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775807', 9223372036854775807n],
  ])('parses %s as the bigint %s (bigint always, never number-or-bigint by size)', (text, value) => {
    expect(parseInt8(text)).toBe(value);
  });

  test.each([
    [9007199254740993n, '9007199254740993'],
    [-(2n ** 63n), '-9223372036854775808'],
    [42, '42'],
    [-0, '0'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ['9223372036854775807', '9223372036854775807'],
    ['-17', '-17'],
  ])('serializes %s as %s', (value, text) => {
    expect(serializeInt8(value)).toBe(text);
  });

  test.each([
    [2 ** 53, /beyond ±\(2\^53−1\)/],
    [1.5, /not an integer/],
    [NaN, /not an integer/],
    [2n ** 63n, /out of range/],
    ['12a', /not an integer/],
    ['1e3', /not an integer/],
    [null, /not an integer/],
  ])('rejects %s with a PgExactValueError', (value, message) => {
    expect(() => serializeInt8(value as never)).toThrow(PgExactValueError);
    expect(() => serializeInt8(value as never)).toThrow(message);
  });
});

describe('int2 and int4', () => {
  test.each([
    ['-32768', -32768],
    ['32767', 32767],
  ])('int2 parses %s', (text, value) => expect(parseInt2(text)).toBe(value));
  test.each([
    ['-2147483648', -2147483648],
    ['2147483647', 2147483647],
  ])('int4 parses %s', (text, value) => expect(parseInt4(text)).toBe(value));

  test.each([
    [serializeInt2, 32767, '32767'],
    [serializeInt2, -32768n, '-32768'],
    [serializeInt4, '2147483647', '2147483647'],
    [serializeInt4, -2147483648, '-2147483648'],
  ])('serializes in range', (serialize, value, text) => expect(serialize(value)).toBe(text));

  test.each([
    [serializeInt2, 32768],
    [serializeInt2, -32769n],
    [serializeInt4, 2147483648],
    [serializeInt4, '-2147483649'],
    [serializeInt4, 0.5],
  ])('rejects out of range or fractional values', (serialize, value) => {
    expect(() => serialize(value)).toThrow(PgExactValueError);
  });
});
