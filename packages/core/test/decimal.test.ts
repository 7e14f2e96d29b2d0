// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal, decimalFromText, decimalScale, decimalToText, isDecimal } from '../src/decimal.js';
import { Decimal as PlainDecimal } from 'decimal.js';

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));

/** Decimal text as PostgreSQL prints it: optional minus, integer part without leading zeros, optional fraction. */
const numericText = fc
  .tuple(fc.boolean(), digits(1, 60), fc.option(digits(1, 60), { nil: undefined }))
  .map(([negative, int, frac]) => `${negative ? '-' : ''}${int.replace(/^0+(?=\d)/, '')}${frac === undefined ? '' : `.${frac}`}`);

describe('decimalFromText', () => {
  test.each([
    ['0', '0'],
    ['0.00', '0'],
    ['1.50', '1.5'],
    ['-12.340', '-12.34'],
    ['12345678901234567890.123456789012345678', '12345678901234567890.123456789012345678'],
    ['0.0000001', '0.0000001'],
    ['10000000', '10000000'],
    ['9999999.9999999', '9999999.9999999'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['1e400', `1${'0'.repeat(400)}`],
    ['2.5e-400', `0.${'0'.repeat(399)}25`],
  ])('%s has the value %s', (text, value) => {
    const parsed = decimalFromText(text);
    expect(isDecimal(parsed)).toBe(true);
    expect(parsed).toBeInstanceOf(Decimal);
    expect(parsed.toString()).toBe(value);
  });

  test('fills the same fields as new Decimal(text) for random numeric text', () => {
    fc.assert(
      fc.property(numericText, (text) => {
        const fast = decimalFromText(text);
        const reference = new Decimal(text);
        expect([fast.s, fast.e, fast.d]).toEqual([reference.s, reference.e, reference.d]);
      }),
      { numRuns: 2000 },
    );
  });

  test('arithmetic on parsed values works like on constructed ones, at 1000 digits', () => {
    const a = decimalFromText('12345678901234567890.123456789012345678');
    expect(a.plus('0.000000000000000001').toString()).toBe('12345678901234567890.123456789012345679');
    expect(a.times(2).toString()).toBe('24691357802469135780.246913578024691356');
  });

  test.each([
    ['1.', '1'],
    ['.5', '0.5'],
    ['-.5e1', '-5'],
  ])('%s, which PostgreSQL also accepts, is %s', (text, value) => {
    expect(decimalFromText(text).toString()).toBe(value);
  });

  test.each(['', '-', '.', '1e', 'abc', '0x10', ' 1', '1 ', '+-1', '1.2.3'])('%j is a SyntaxError', (text) => {
    expect(() => decimalFromText(text)).toThrow(SyntaxError);
  });
});

describe('decimalToText', () => {
  test('writes back the scale PostgreSQL printed', () => {
    fc.assert(
      fc.property(numericText, (text) => {
        const expected = /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
        expect(decimalToText(decimalFromText(text)).replace(/^-(?=0(\.0*)?$)/, '')).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    [new Decimal('1e30'), `1${'0'.repeat(30)}`],
    [new Decimal('-1.5e-10'), '-0.00000000015'],
    [new PlainDecimal('1e30'), `1${'0'.repeat(30)}`],
    [new Decimal(NaN), 'NaN'],
    [new Decimal(Infinity), 'Infinity'],
    [new Decimal(-Infinity), '-Infinity'],
  ])('%s → %s (never exponent notation, any decimal.js clone)', (value, text) => {
    expect(decimalToText(value)).toBe(text);
  });

  test('the scale is not enumerable data a user sees in JSON', () => {
    const parsed = decimalFromText('1.50');
    expect(parsed[decimalScale as unknown as keyof typeof parsed]).toBe(2);
    expect(JSON.stringify({ v: parsed })).toBe('{"v":"1.5"}');
  });
});
