// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { describe, expect, test } from 'vitest';
import { Decimal as PlainDecimal } from 'decimal.js';
import { Decimal } from '../src/decimal.js';
import { PgExactValueError } from '../src/errors.js';
import { exactNumberText, parseNumeric, serializeNumeric } from '../src/numeric-codec.js';

describe('numeric', () => {
  test.each([
    '0',
    '0.000',
    '-0.5',
    '12345678901234567890.123456789012345678',
    `0.${'0'.repeat(179)}1`,
    `${'9'.repeat(1000)}.${'9'.repeat(1000)}`,
    '9223372036854775807',
    '-9223372036854775808',
    '2147483648',
    'NaN',
    'Infinity',
    '-Infinity',
  ])('%s reads as a Decimal and writes back as the same text', (text) => {
    const value = parseNumeric(text);
    expect(value).toBeInstanceOf(Decimal);
    expect(serializeNumeric(value)).toBe(text);
  });

  test.each([
    [12345678901234567890n, '12345678901234567890'],
    ['1e-1000', '1e-1000'],
    ['-0', '-0'],
    [0.5, '0.5'],
    [-1.25, '-1.25'],
    [42, '42'],
    [NaN, 'NaN'],
    [new PlainDecimal('0.1'), '0.1'],
  ])('serializes %s as %s', (value, text) => {
    expect(serializeNumeric(value as never)).toBe(text);
  });

  test.each([0.1, 123.456, 2 ** 60, 1e-7])('refuses the float %s whose exact value is not what it prints', (value) => {
    expect(() => serializeNumeric(value)).toThrow(PgExactValueError);
    expect(() => serializeNumeric(value)).toThrow(/pass a Decimal or a string/);
  });

  test.each(['abc', '1,5', '', '0x10', null, {}, true])('rejects %j', (value) => {
    expect(() => serializeNumeric(value as never)).toThrow(PgExactValueError);
  });

  test.each([
    [0.5, '0.5'],
    [2 ** -10, '0.0009765625'],
    [1e21, '1000000000000000000000'],
    [-0, '0'],
    [0.1, undefined],
    [1 / 3, undefined],
  ])('exactNumberText(%s) is %s', (value, text) => {
    expect(exactNumberText(value)).toBe(text);
  });
});
