// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { expect, test } from 'vitest';
import { PgExactValueError } from '../src/errors.js';
import { parseFloat, serializeFloat4, serializeFloat8 } from '../src/float-codecs.js';

test.each([
  ['0.1', 0.1],
  ['-0', -0],
  ['1e+308', 1e308],
  ['4.9406564584124654e-324', 5e-324],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
])('float text %s reads as %s', (text, value) => {
  expect(Object.is(parseFloat(text), value)).toBe(true);
});

test.each([
  [0.1, '0.1'],
  [-0, '-0'],
  [NaN, 'NaN'],
  [-Infinity, '-Infinity'],
  [2n ** 53n, '9007199254740992'],
  ['1.5e3', '1.5e3'],
])('float8 writes %s as %s', (value, text) => {
  expect(serializeFloat8(value)).toBe(text);
});

test.each([[2n ** 53n + 1n], ['abc'], [null]])('float4/float8 reject %s', (value) => {
  expect(() => serializeFloat4(value as never)).toThrow(PgExactValueError);
  expect(() => serializeFloat8(value as never)).toThrow(PgExactValueError);
});
