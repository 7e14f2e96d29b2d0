// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal, decimalFromText, decimalScale, decimalToText, isDecimal } from '../src/decimal.js';
import { Decimal as PlainDecimal } from 'decimal.js';
import { inspect } from 'node:util';

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
    expect(parsed).toBeInstanceOf(PlainDecimal); // decimal.js's prototype, shared by its clones
    expect(parsed.toFixed()).toBe(value);
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

  test('each parsed value owns its words (copied out of the parser\'s scratch array)', () => {
    const a = decimalFromText('12345678.123456');
    const b = decimalFromText('-87654321.654321');
    expect(a.d).not.toBe(b.d);
    expect([a.d, b.d]).toEqual([[1, 2345678, 1234560], [8, 7654321, 6543210]]);
    b.d[0] = 9; // decimal.js values are mutable; a mutation stays in its own value
    expect(a.toString()).toBe('12345678.123456');
    expect(decimalFromText('1.5').d).toEqual([1, 5000000]);
  });

  test.each([
    [3, '1234567.12345678901234'],
    [4, '1234567.123456789012345'],
    [5, '-1234567890123.1234567890123456'],
    [64, `${'9'.repeat(441)}.${'1'.repeat(7)}`],
    [65, `${'9'.repeat(448)}.${'1'.repeat(7)}`],
    [143, `0.${'0'.repeat(20)}${'12345678901'.repeat(90)}9`],
  ])('%i words: the same fields as new Decimal(text), at their exact length', (words, text) => {
    const fast = decimalFromText(text);
    const reference = new Decimal(text);
    expect([fast.s, fast.e, fast.d]).toEqual([reference.s, reference.e, reference.d]);
    expect(fast.d).toHaveLength(words);
    expect(fast.toString()).toBe(text);
    expect(decimalFromText(text).d).not.toBe(fast.d);
  });

  test("decimal.js's fields and constructor: own s, e, d as decimal.js reads them (Prisma's duck typing too), constructor inherited", () => {
    const parsed = decimalFromText('-19.90');
    expect(Object.keys(parsed)).toEqual(['s', 'e', 'd']);
    expect(parsed.constructor).toBe(new Decimal(0.5).constructor); // the configured clone
    expect(typeof parsed.s === 'number' && typeof parsed.e === 'number' && Array.isArray(parsed.d) && typeof parsed.toFixed === 'function').toBe(true);
    expect(PlainDecimal.isDecimal(parsed)).toBe(true);
    expect(PlainDecimal.clone().isDecimal(parsed)).toBe(true);
    expect(new PlainDecimal(parsed).toString()).toBe('-19.9');
    expect(new Decimal(parsed).toString()).toBe('-19.9'); // a copy through decimal.js: its value, no written scale
    expect(parsed.abs().toString()).toBe('19.9');
    expect(parsed.negated().toString()).toBe('19.9');
    expect(parsed.plus(1).constructor).toBe(parsed.constructor);
    expect(parsed.toString()).toBe('-19.90'); // the operations above left it as it was
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
});

describe('printing keeps the scale PostgreSQL printed', () => {
  test('toString, String(), template literals, toJSON, valueOf and inspect print numeric text as PostgreSQL sent it', () => {
    fc.assert(
      fc.property(numericText, (text) => {
        const printed = /^-0(\.0*)?$/.test(text) ? text.slice(1) : text; // PostgreSQL has no -0
        const value = decimalFromText(text);
        expect([value.toString(), String(value), `${value}`, value.toJSON(), value.valueOf()]).toEqual([printed, printed, printed, printed, printed]);
        expect(JSON.stringify({ value })).toBe(JSON.stringify({ value: printed }));
        expect(inspect(value)).toBe(printed);
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['19.90', '19.90'],
    ['0.00', '0.00'],
    ['-0.00', '0.00'],
    ['1.500000000000000000', '1.500000000000000000'],
    ['42.5000000000000000', '42.5000000000000000'],
    ['100', '100'],
  ])('new Decimal(%j) keeps its written scale: %s', (written, printed) => {
    const value = new Decimal(written);
    expect(String(value)).toBe(printed);
    expect(decimalToText(value)).toBe(printed);
    expect(value.equals(new PlainDecimal(written))).toBe(true); // values compare by value
  });

  test('arithmetic follows decimal.js: results carry no written scale', () => {
    const price = new Decimal('19.90');
    expect(price.plus(1).toString()).toBe('20.9');
    expect(price.times('1.00').toString()).toBe('19.9');
    expect(price.toFixed(2)).toBe('19.90');
    expect(price.toFixed()).toBe('19.9'); // decimal.js's normal notation
    expect(price.plus(1)).toBeInstanceOf(Decimal);
  });

  test("every other form is decimal.js's own", () => {
    expect(String(new Decimal(0.5))).toBe('0.5');
    expect(String(new Decimal('1.50e1'))).toBe('15');
    expect(String(new Decimal('+1.50'))).toBe('1.5');
    expect(String(new Decimal('0x10'))).toBe('16');
    expect(String(new Decimal(NaN))).toBe('NaN');
    expect(() => new Decimal('abc')).toThrow();
  });

  test("decimal.js's prototype and other clones are untouched", () => {
    expect(String(new PlainDecimal('19.90'))).toBe('19.9');
    expect(String(PlainDecimal.clone()('19.90'))).toBe('19.9');
    expect(Decimal.precision).toBe(1000);
    expect(String(Decimal.max('1.50', '1.2'))).toBe('1.50'); // one of its operands, as written
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

  test('the scale is a symbol, not enumerable data: JSON shows the printed text only', () => {
    const parsed = decimalFromText('1.50');
    expect(parsed[decimalScale as unknown as keyof typeof parsed]).toBe(2);
    expect(Object.keys(parsed)).not.toContain(String(decimalScale));
    expect(JSON.stringify({ v: parsed })).toBe('{"v":"1.50"}');
  });
});
