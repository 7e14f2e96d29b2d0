import fc from 'fast-check';
import { Decimal as PlainDecimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { Decimal, decimalFromText } from '../src/decimal.js';
import { PgExactValueError } from '../src/errors.js';
import { parseJson } from '../src/parse-json.js';
import { PreciseDate } from '../src/precise-date.js';
import { stringifyJson } from '../src/stringify-json.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('stringifyJson values', () => {
  const hidden = Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false });
  const withSymbol = { [Symbol('s')]: 1, a: 1 };
  const nullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
  class Point {
    x = 1.5;
    y = 2;
  }
  class Inner {
    a = 1.5;
    toJSON() {
      return 'asked twice';
    }
  }

  test.each<[string, unknown, string]>([
    ['bigint', 12345678901234567890n, '12345678901234567890'],
    ['negative bigint', -9007199254740993n, '-9007199254740993'],
    ['small bigint', 5n, '5'],
    ['Decimal', new Decimal('0.10000000000000000000001'), '0.10000000000000000000001'],
    ['huge Decimal', new Decimal('1e40'), `1${'0'.repeat(40)}`],
    ['Decimal keeps the scale PostgreSQL printed', decimalFromText('1.50'), '1.50'],
    ['Decimal of another decimal.js clone', new PlainDecimal('1e+30'), `1${'0'.repeat(30)}`],
    ['tiny Decimal of another clone', new PlainDecimal('1e-7'), '0.0000001'],
    ['-0', -0, '-0'],
    ['-0 in an array', [-0, 0], '[-0,0]'],
    ['-0 among floats', [1.5, -0], '[1.5,-0]'],
    ['-0 in an object of floats', { x: 0.5, y: -0 }, '{"x":0.5,"y":-0}'],
    ['0', 0, '0'],
    ['floats', [0.1, 1e21, 1e-7, -1.5e300], '[0.1,1e+21,1e-7,-1.5e+300]'],
    ['bigint among floats', [0.5, 1n], '[0.5,1]'],
    ['Decimal in an object (its written scale kept)', { price: new Decimal('19.90') }, '{"price":19.90}'],
    ['Date', { at: new Date(0) }, '{"at":"1970-01-01T00:00:00.000Z"}'],
    ['PreciseDate keeps microseconds', [new PreciseDate(0, 1)], '["1970-01-01T00:00:00.000001Z"]'],
    ['toJSON gets the property name', { k: { toJSON: (key: string) => `key:${key}` } }, '{"k":"key:k"}'],
    ['toJSON gets the index as a string', [{ toJSON: (key: string) => key }], '["0"]'],
    ['toJSON at the top gets ""', { toJSON: (key: string) => [key] }, '[""]'],
    ['toJSON result is not asked again', { toJSON: () => new Inner() }, '{"a":1.5}'],
    ['undefined property left out', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined property among floats', { a: undefined, b: 1.5 }, '{"b":1.5}'],
    ['symbol keys ignored', withSymbol, '{"a":1}'],
    ['non-enumerable ignored', hidden, '{"a":1}'],
    ['null prototype', nullPrototype, '{"a":1}'],
    ['class instance', new Point(), '{"x":1.5,"y":2}'],
    ['__proto__ own property', JSON.parse('{"__proto__":{"x":1}}'), '{"__proto__":{"x":1}}'],
    ['boxed primitives', [new Number(1.5), new String('s'), new Boolean(false), Object(7n)], '[1.5,"s",false,7]'],
    ['nested', { a: [1, { b: [true, null, 'x'] }], c: {} }, '{"a":[1,{"b":[true,null,"x"]}],"c":{}}'],
    ['empty containers', [[], {}, ''], '[[],{},""]'],
  ])('%s', (_name, value, expected) => {
    expect(stringifyJson(value)).toBe(expected);
    expect(stringifyJson(value, { jsonb: true })).toBe(expected);
  });

  test.each([
    'plain',
    'quote " backslash \\ slash /',
    'controls \u0000 \u0001 \b \f \n \r \t \u001f',
    'unicode é 😀 \u2028 \u2029 \u007f',
    'lone \ud800 and \udc00',
    'pair \ud83d\ude00',
  ])('escapes strings and keys exactly like JSON.stringify: %j', (text) => {
    expect(stringifyJson(text)).toBe(JSON.stringify(text));
    expect(stringifyJson({ [text]: [text, 1.5] })).toBe(JSON.stringify({ [text]: [text, 1.5] }));
  });
});

describe('stringifyJson errors', () => {
  const cycle: Record<string, unknown> = { b: {} };
  (cycle.b as Record<string, unknown>).c = cycle;
  const arrayCycle: unknown[] = [1];
  arrayCycle.push([arrayCycle]);

  test.each<[string, unknown, string, string]>([
    ['NaN', { items: [{}, {}, {}, { price: NaN }] }, '$.items[3].price', 'json: NaN is not a JSON number (at $.items[3].price)'],
    ['Infinity at the top', Infinity, '$', 'json: Infinity is not a JSON number (at $)'],
    ['-Infinity under an odd key', { 'key with space': [-Infinity] }, '$["key with space"][0]', 'json: -Infinity is not a JSON number (at $["key with space"][0])'],
    ['NaN among floats', [1.5, NaN], '$[1]', 'json: NaN is not a JSON number (at $[1])'],
    ['Infinity in an object of floats', { x: 1.5, y: Infinity }, '$.y', 'json: Infinity is not a JSON number (at $.y)'],
    ['boxed NaN', [new Number(NaN)], '$[0]', 'json: NaN is not a JSON number (at $[0])'],
    ['Decimal NaN', { d: new Decimal(NaN) }, '$.d', 'json: Decimal NaN is not a JSON number (at $.d)'],
    ['Decimal Infinity', [new PlainDecimal(-Infinity)], '$[0]', 'json: Decimal -Infinity is not a JSON number (at $[0])'],
    ['function', { a: { run() {} } }, '$.a.run', 'json: function run is not a JSON value (at $.a.run)'],
    ['symbol', [Symbol('s')], '$[0]', 'json: Symbol(s) is not a JSON value (at $[0])'],
    ['undefined in an array', [1, undefined], '$[1]', 'json: undefined is not a JSON value (at $[1])'],
    // eslint-disable-next-line no-sparse-arrays -- a hole reads as undefined
    ['hole in an array', [, 1], '$[0]', 'json: undefined is not a JSON value (at $[0])'],
    ['undefined at the top', undefined, '$', 'json: undefined is not a JSON value (at $)'],
    ['toJSON returning undefined in an array', [{ toJSON: () => undefined }], '$[0]', 'json: undefined is not a JSON value (at $[0])'],
    ['Map', { m: new Map([[1, 2]]) }, '$.m', 'json: [object Map] is not a JSON value; convert it to an object or array first (at $.m)'],
    ['Set', new Set([1]), '$', 'json: [object Set] is not a JSON value; convert it to an object or array first (at $)'],
    ['cycle', cycle, '$.b.c', 'json: circular reference to $ (at $.b.c)'],
    ['array cycle', arrayCycle, '$[1][0]', 'json: circular reference to $ (at $[1][0])'],
    ['key starting with a digit', { '0a': [NaN] }, '$["0a"][0]', 'json: NaN is not a JSON number (at $["0a"][0])'],
    ['empty key', { '': NaN }, '$[""]', 'json: NaN is not a JSON number (at $[""])'],
    ['key with a quote', { 'a"b': NaN }, '$["a\\"b"]', 'json: NaN is not a JSON number (at $["a\\"b"])'],
    ['identifier keys', { $a_1: { _b: NaN } }, '$.$a_1._b', 'json: NaN is not a JSON number (at $.$a_1._b)'],
  ])('%s', (_name, value, path, message) => {
    const error = thrown(() => stringifyJson(value));
    expect(error).toBeInstanceOf(PgExactValueError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ path, type: 'json', message });
  });

  test.each<[string, unknown, string, string]>([
    ['U+0000 in a string', { s: 'a\u0000b' }, '$.s', 'jsonb: string contains U+0000, which jsonb cannot store (at $.s)'],
    ['U+0000 in a key', { 'k\u0000': 1 }, '$["k\\u0000"]', 'jsonb: key "k\\u0000" contains U+0000, which jsonb cannot store (at $["k\\u0000"])'],
    ['lone high surrogate', ['x\ud800y'], '$[0]', 'jsonb: string contains a lone surrogate U+D800, which jsonb cannot store (at $[0])'],
    ['lone low surrogate', ['\udc00'], '$[0]', 'jsonb: string contains a lone surrogate U+DC00, which jsonb cannot store (at $[0])'],
    ['reversed pair', ['\ude00\ud83d'], '$[0]', 'jsonb: string contains a lone surrogate U+DE00, which jsonb cannot store (at $[0])'],
    ['lone surrogate in a key', { a: { '\ud800': 1.5 } }, '$.a["\\ud800"]', 'jsonb: key "\\ud800" contains a lone surrogate U+D800, which jsonb cannot store (at $.a["\\ud800"])'],
    ['U+0000 among floats', [1.5, '\u0000'], '$[1]', 'jsonb: string contains U+0000, which jsonb cannot store (at $[1])'],
    ['NaN under jsonb', [NaN], '$[0]', 'jsonb: NaN is not a JSON number (at $[0])'],
  ])('jsonb: %s', (_name, value, path, message) => {
    const error = thrown(() => stringifyJson(value, { jsonb: true }));
    expect(error).toBeInstanceOf(PgExactValueError);
    expect(error).toMatchObject({ path, type: 'jsonb', message });
  });

  test('the error carries the value that cannot be written', () => {
    expect(thrown(() => stringifyJson({ a: [1, NaN] }))).toMatchObject({ value: NaN });
    expect(thrown(() => stringifyJson({ 'k\u0000': 1 }, { jsonb: true }))).toMatchObject({ value: 'k\u0000' });
    const map = new Map();
    expect(thrown(() => stringifyJson([map]))).toMatchObject({ value: map });
  });

  test.each([{ s: 'a\u0000b' }, { 'k\u0000': 1 }, ['x\ud800y'], [1.5, '\udc00']])(
    'json (not jsonb) writes %j as JSON.stringify does',
    (value) => {
      expect(stringifyJson(value)).toBe(JSON.stringify(value));
    },
  );

  test('nesting is bounded by memory, not the call stack: 100,000 levels write and read back', () => {
    let value: unknown = [];
    let object: unknown = { leaf: 1n };
    for (let level = 0; level < 100_000; level++) {
      value = [value];
      object = { a: object };
    }
    const text = stringifyJson(value);
    expect(text).toBe(`${'['.repeat(100_001)}${']'.repeat(100_001)}`);
    expect(stringifyJson(parseJson(text))).toBe(text);
    const objectText = stringifyJson(object, { jsonb: true });
    expect(objectText.length).toBe(100_000 * 6 + 10);
    expect(stringifyJson(parseJson(objectText))).toBe(objectText);
  });

  test('an error deep inside names its path', () => {
    let value: unknown = [NaN];
    for (let level = 0; level < 3; level++) value = { a: value };
    expect(thrown(() => stringifyJson(value))).toMatchObject({ path: '$.a.a.a[0]' });
  });

  test.each([[{ at: new Date(NaN) }, '$.at'], [[1, [new Date('x')]], '$[1][0]'], [new Date(NaN), '$']])(
    'an Invalid Date inside JSON is refused (JSON.stringify writes null) — %#',
    (value, path) => {
      const error = thrown(() => stringifyJson(value));
      expect(error).toBeInstanceOf(PgExactValueError);
      expect(error).toMatchObject({ path, reason: 'Invalid Date is not a JSON value' });
    },
  );
});

describe('stringifyJson properties', () => {
  function hasNegativeZero(value: unknown): boolean {
    if (typeof value === 'number') return Object.is(value, -0);
    if (value !== null && typeof value === 'object') return Object.values(value).some(hasNegativeZero);
    return false;
  }

  /** What parseJson returns for JSON.stringify's output: integer-valued doubles in [2^53, 1e21) print as digits, so bigints. */
  function asParsed(value: unknown): unknown {
    if (typeof value === 'number') {
      return Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21 ? BigInt(String(value)) : value;
    }
    if (Array.isArray(value)) return value.map(asParsed);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asParsed(item)]));
    }
    return value;
  }

  test('writes plain data exactly as JSON.stringify', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((value) => !hasNegativeZero(value)),
        (value) => {
          expect(stringifyJson(value)).toBe(JSON.stringify(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  // Plain data goes to JSON.stringify after a scan; [value, 0n] is never plain, so the writer writes it all.
  test('plain data (JSON.stringify) and the writer agree on every value, jsonb or not', () => {
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 0 }),
      fc.constantFrom<unknown>(-0, undefined, NaN, -Infinity, 1n, new Decimal('1.50'), '\u0000', 'a\ud800', '\udc00b', '\ud83d\ude00'),
      fc.string({ unit: 'binary' }),
    );
    const key = fc.oneof(fc.string(), fc.constantFrom('\u0000k', 'k\udfff', '__proto__', 'toJSON'));
    const { node } = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node')),
        fc.dictionary(key, tie('node'), { noNullPrototype: false }),
      ),
    }));
    const outcome = (write: () => string): string => {
      try {
        return write();
      } catch (error) {
        expect(error).toBeInstanceOf(PgExactValueError);
        return 'refused';
      }
    };
    fc.assert(
      fc.property(node, fc.boolean(), (value, jsonb) => {
        const fast = outcome(() => stringifyJson(value, { jsonb }));
        const written = outcome(() => stringifyJson([value, 0n], { jsonb }));
        expect(written).toBe(fast === 'refused' ? 'refused' : `[${fast},0]`);
      }),
      { numRuns: 1000 },
    );
  });

  test('a cycle with many branches is refused at once (the plain-data scan stops at it)', () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) wide[`k${i}`] = wide;
    expect(() => stringifyJson(wide)).toThrow('json: circular reference to $ (at $.k0)');
    const deepPlain = JSON.parse(`${'{"a":'.repeat(40)}[1.5,"x"]${'}'.repeat(40)}`) as unknown;
    expect(stringifyJson(deepPlain)).toBe(JSON.stringify(deepPlain));
  });

  test('parseJson reads back what it writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseJson(stringifyJson(value))).toEqual(asParsed(value));
      }),
      { numRuns: 500 },
    );
  });

  test('bigints and Decimals survive a round trip inside documents', () => {
    const bigInteger = fc.oneof(fc.bigInt({ min: 2n ** 53n }), fc.bigInt({ max: -(2n ** 53n) }));
    const longDecimal = fc
      // At least 18 significant digits: no float64 denotes such a value, so parseJson must give a Decimal
      // back (0.000000000000000001 is 1e-18 and rightly reads as a number).
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.stringMatching(/^0{0,20}[1-9]\d{16,28}[1-9]$/))
      .map(([int, fraction]) => new Decimal(`${int}.${fraction}`));
    fc.assert(
      fc.property(fc.array(fc.oneof(bigInteger, longDecimal)), fc.jsonValue(), (numbers, value) => {
        const parsed = parseJson(stringifyJson({ numbers, value })) as { numbers: unknown[] };
        expect(parsed.numbers.map(String)).toEqual(numbers.map(String));
        expect(parsed.numbers.map((n) => typeof n)).toEqual(numbers.map((n) => typeof n));
      }),
      { numRuns: 200 },
    );
  });
});
