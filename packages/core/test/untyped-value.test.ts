import { expect, test } from 'vitest';
import { Decimal as PlainDecimal } from 'decimal.js';
import { Decimal, decimalFromText } from '../src/decimal.js';
import { PgExactValueError } from '../src/errors.js';
import { PreciseDate } from '../src/precise-date.js';
import { serializeUntyped } from '../src/untyped-value.js';

test.each<[string, unknown, string]>([
  ['a string, unchanged', 'a "b"', 'a "b"'],
  ['-0 (String(-0) would be 0)', -0, '-0'],
  ['a float', 0.1, '0.1'],
  ['a boolean', false, 'false'],
  ['a bigint past int8', 2n ** 70n, '1180591620717411303424'],
  ['a computed Decimal', new Decimal('1.50').plus(0), '1.5'],
  ['a Decimal read from numeric keeps its scale', decimalFromText('1.50'), '1.50'],
  ['another decimal.js clone, no exponent', new PlainDecimal('1e-9'), '0.000000001'],
  ['a Date as UTC text with +00', new Date('2024-03-10T12:00:00.123Z'), '2024-03-10 12:00:00.123000+00'],
  ['a PreciseDate with µs', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00'],
  ['infinity', PreciseDate.POSITIVE_INFINITY, 'infinity'],
  ['bytes as bytea hex', new Uint8Array([0, 15, 255]), '\\x000fff'],
  ['an array literal', [1n, null, [new Decimal('2.5')]], '{"1",NULL,{"2.5"}}'],
  ['a JSON object with big numbers', { id: 12345678901234567890n, rate: new Decimal('0.10000000000000000000001') }, '{"id":12345678901234567890,"rate":0.10000000000000000000001}'],
])('%s', (_name, value, text) => {
  expect(serializeUntyped(value)).toBe(text);
});

test.each<[string, unknown, string]>([
  ['a function', () => 1, '(at $)'],
  ['a symbol', Symbol('s'), '(at $)'],
  ['undefined in an array', [1, undefined], '(at $[1])'],
  ['NaN inside JSON', { a: [NaN] }, '(at $.a[0])'],
  ['a lone surrogate in a string (UTF-8 would carry U+FFFD)', 'a\ud800', '(at $)'],
])('refuses %s, naming the path', (_name, value, path) => {
  expect(() => serializeUntyped(value)).toThrow(PgExactValueError);
  expect(() => serializeUntyped(value)).toThrow(path);
});

test('JSON follows the json rules: U+0000 and lone surrogates are escaped (json stores them, jsonb refuses at the server)', () => {
  expect(serializeUntyped({ a: '\u0000', b: '\udc00' })).toBe('{"a":"\\u0000","b":"\\udc00"}');
});
