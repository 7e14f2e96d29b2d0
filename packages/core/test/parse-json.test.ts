// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal, isDecimal } from '../src/decimal.js';
import { jsonNeedsExactParse, parseJson, parseJson as parseJsonOnce, type JsonValue } from '../src/parse-json.js';

/** A Decimal as the tables expect it: compared by exact value. */
const dec = (text: string) => ({ decimal: new Decimal(text).toFixed() });

/** Replaces each Decimal by dec(...) so toEqual compares values; -0, bigint and the rest stay. */
function exact(value: JsonValue): unknown {
  if (isDecimal(value)) return { decimal: value.toFixed() };
  if (Array.isArray(value)) return value.map(exact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, exact(item)]));
  }
  return value;
}

/**
 * The same document with a number float64 cannot hold next to it, so the text takes the path for
 * inexact numbers (JSON.parse with placeholders); `[0]` of the result is the original document.
 */
const viaPlaceholders = (text: string) => `[${text},1e400,${PADDING}]`;
/** A string of spaces: makes a text long enough for the placeholder path (2 KB and more). */
const PADDING = `"${' '.repeat(2100)}"`;
/** The same, plus the escape `\u0000`, which sends the text to pg-exact's own parser instead. */
const viaOwnParser = (text: string) => `[${text},1e400,"\\u0000"]`;
/** The document as both exact paths read it; they must agree. */
function viaExactParser(text: string): JsonValue {
  const own = (parseJson(viaOwnParser(text)) as JsonValue[])[0]!;
  expect(exact((parseJson(viaPlaceholders(text)) as JsonValue[])[0]!)).toEqual(exact(own));
  return own;
}

function parseBothWays(text: string): [fast: unknown, exactParser: unknown] {
  return [exact(parseJson(text)), exact(viaExactParser(text))];
}

describe('parseJson numbers', () => {
  test.each<[string, unknown]>([
    // float64 would change these: Decimal
    ['0.10000000000000000000001', dec('0.10000000000000000000001')],
    ['1e400', dec('1e400')],
    ['1E400', dec('1e400')],
    ['-1e400', dec('-1e400')],
    ['2.5e-400', dec('2.5e-400')],
    ['2e-324', dec('2e-324')],
    ['1.7976931348623159e308', dec('1.7976931348623159e308')],
    ['1e309', dec('1e309')],
    ['1.23456789012345e-320', dec('1.23456789012345e-320')],
    ['9007199254740993.0', dec('9007199254740993')],
    ['1234567890123456.7', dec('1234567890123456.7')],
    ['0.10000000000000001', dec('0.10000000000000001')],
    ['0.1000000000000000055511151231257827', dec('0.1000000000000000055511151231257827')],
    ['12345678901234567890e0', dec('12345678901234567890')],
    // below float64's normal range without an exponent: 1e-331 is 0, the 15 digits lose precision
    [`0.${'0'.repeat(330)}1`, dec(`0.${'0'.repeat(330)}1`)],
    [`-0.${'0'.repeat(310)}123456789012345`, dec(`-0.${'0'.repeat(310)}123456789012345`)],
    // integers outside ±(2^53−1): bigint
    ['9007199254740992', 9007199254740992n],
    ['-9007199254740992', -9007199254740992n],
    ['12345678901234567890', 12345678901234567890n],
    ['-9223372036854775808', -9223372036854775808n],
    ['100000000000000000000', 100000000000000000000n],
    // float64 denotes the same decimal value: number
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['-0', -0],
    ['-0.0', -0],
    ['0', 0],
    ['1.0', 1],
    ['0.1', 0.1],
    ['1e5', 100000],
    ['1E+2', 100],
    ['1e20', 1e20],
    ['0e999', 0],
    [`0.${'0'.repeat(400)}`, 0],
    [`-0.${'0'.repeat(400)}`, -0],
    [`0.${'0'.repeat(310)}5`, 5e-311],
    ['123456789012345.6', 123456789012345.6],
    ['9007199254740992.0', 9007199254740992],
    ['0.30000000000000004', 0.30000000000000004],
    ['1.50000000000000000000', 1.5],
    ['0.0000001', 1e-7],
    ['1e-7', 1e-7],
    ['5e-324', 5e-324],
    ['1e-310', 1e-310],
    ['1e308', 1e308],
    ['1.5e99', 1.5e99],
    ['-123456789012345e-99', -123456789012345e-99],
    ['9.99e-300', 9.99e-300],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['-12.3456789012345', -12.3456789012345],
    ['0.000123456789012345', 0.000123456789012345],
  ])('%s → %o', (text, expected) => {
    const [fast, exactParser] = parseBothWays(text);
    expect(fast).toEqual(expected);
    expect(exactParser).toEqual(expected);
  });

  test('Decimals are instances of the configured Decimal', () => {
    const value = parseJson('[0.10000000000000000000001]') as JsonValue[];
    expect(value[0]).toBeInstanceOf(Decimal);
    expect(String(value[0])).toBe('0.10000000000000000000001');
  });

  test.each([
    '"12345678901234567890"',
    '"0.10000000000000000000001"',
    '"1e400"',
    '{"12345678901234567890":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}',
  ])('number-like text in strings stays a string: %s', (text) => {
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  test('a document with big numbers among ordinary ones', () => {
    const text =
      '{"id": 1267715137230852345, "rate": 0.0057982299315080138281273808, "amount": 38918.74, ' +
      '"limits": [-9223372036854775808, 9007199254740991], "name": "Radia", "ok": true, "none": null}';
    expect(exact(parseJson(text))).toEqual({
      id: 1267715137230852345n,
      rate: dec('0.0057982299315080138281273808'),
      amount: 38918.74,
      limits: [-9223372036854775808n, 9007199254740991],
      name: 'Radia',
      ok: true,
      none: null,
    });
  });
});

describe('parseJson strings and structure', () => {
  test.each<[string, JsonValue]>([
    ['"plain"', 'plain'],
    ['""', ''],
    ['"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\/\b\f\n\r\t'],
    ['"caf\\u00e9 \\u00E9"', 'café é'],
    ['"\\ud83d\\ude00"', '😀'],
    ['"😀 ünïcødé"', '😀 ünïcødé'],
    ['"\\ud800"', '\ud800'],
    ['"\\u0000"', '\u0000'],
    ['"a\\nb\\u0041c"', 'a\nbAc'],
    [' \t\r\n[1, {"a" : [true, false, null]}] \n', [1, { a: [true, false, null] }]],
    ['[]', []],
    ['{}', {}],
    ['[[], {}, [[]]]', [[], {}, [[]]]],
  ])('%s', (text, expected) => {
    const [fast, exactParser] = parseBothWays(text);
    expect(fast).toEqual(expected);
    expect(exactParser).toEqual(expected);
  });

  test.each([
    ['{"__proto__":{"x":1}}'],
    ['{"a":1,"__proto__":{"x":1}}'],
    ['{"__proto__":[1],"__proto__":{"x":12345678901234567890}}'],
  ])('__proto__ becomes an own property, the prototype is untouched: %s', (text) => {
    for (const value of [parseJson(text), viaExactParser(text)]) {
      const object = value as Record<string, unknown>;
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(Object.keys(object)).toContain('__proto__');
      expect(Object.getOwnPropertyDescriptor(object, '__proto__')).toMatchObject({ enumerable: true, writable: true });
      expect((object as { x?: unknown }).x).toBeUndefined();
    }
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });

  test.each([
    ['{"a":1,"a":2}', { a: 2 }, ['a']],
    ['{"a":1,"b":2,"a":3}', { a: 3, b: 2 }, ['a', 'b']],
    ['{"a":12345678901234567890,"a":1}', { a: 1 }, ['a']],
  ])('duplicate keys: the last wins, in the first position, like JSON.parse: %s', (text, expected, keys) => {
    const [fast, exactParser] = parseBothWays(text);
    expect(fast).toEqual(expected);
    expect(exactParser).toEqual(expected);
    expect(Object.keys(exactParser as object)).toEqual(keys);
  });
});

describe('parseJson nesting', () => {
  const depth = 100_000;

  /** Walks down the first element/property without recursion. */
  function depthOf(value: unknown, down: (v: any) => unknown): number {
    let levels = 0;
    while (value !== null && typeof value === 'object' && !isDecimal(value)) {
      levels++;
      value = down(value);
    }
    return levels;
  }

  test.each([
    ['arrays, JSON.parse path', `${'['.repeat(depth)}1${']'.repeat(depth)}`, (v: any) => v[0]],
    ['arrays, exact parser', `${'['.repeat(depth)}1e400${']'.repeat(depth)}`, (v: any) => v[0]],
    ['objects, JSON.parse path', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, (v: any) => v.a],
    ['objects, exact parser', `${'{"a":'.repeat(depth)}1e400${'}'.repeat(depth)}`, (v: any) => v.a],
  ])('%s: 100 000 levels parse without overflowing the stack', (_name, text, down) => {
    expect(depthOf(parseJson(text), down)).toBe(depth);
  });

  test('100 000 unclosed levels give a positioned SyntaxError, not a stack overflow', () => {
    expect(() => parseJson('['.repeat(depth))).toThrow(
      new SyntaxError(`Unexpected end of JSON input at position ${depth}, expected a value`),
    );
    expect(() => parseJson(`${'['.repeat(depth)}1e400`)).toThrow(
      new SyntaxError(`Unexpected end of JSON input at position ${depth + 5}, expected ',' or ']'`),
    );
  });
});

describe('parseJson syntax errors', () => {
  test.each([
    ['', 'Unexpected end of JSON input at position 0, expected a value'],
    ['   ', 'Unexpected end of JSON input at position 3, expected a value'],
    ['{"a":}', "Unexpected '}' in JSON at position 5, expected a value"],
    ['[1,]', "Unexpected ']' in JSON at position 3, expected a value"],
    ['{"a":1,}', "Unexpected '}' in JSON at position 7, expected a string key"],
    ['01', 'Unexpected leading zero in JSON at position 0, expected a number without leading zeros'],
    ['[-01]', 'Unexpected leading zero in JSON at position 2, expected a number without leading zeros'],
    ['"\\u12"', 'Invalid escape "\\\\u12\\"" in JSON at position 1, expected \\u and 4 hex digits'],
    ['"\\x"', 'Invalid escape "\\\\x" in JSON at position 1, in string'],
    ['[1] x', "Unexpected token 'x' in JSON at position 4, expected end of input"],
    ['1 2', "Unexpected '2' in JSON at position 2, expected end of input"],
    ['[1 2]', "Unexpected '2' in JSON at position 3, expected ',' or ']'"],
    ['{"a" 1}', "Unexpected '1' in JSON at position 5, expected ':'"],
    ['{a:1}', "Unexpected token 'a' in JSON at position 1, expected a string key"],
    ["{'a':1}", "Unexpected ''' in JSON at position 1, expected a string key"],
    ['[1,2', "Unexpected end of JSON input at position 4, expected ',' or ']'"],
    ['{"a":1', "Unexpected end of JSON input at position 6, expected ',' or '}'"],
    ['tru', "Unexpected token 'tru' in JSON at position 0, expected a value"],
    ['NaN', "Unexpected token 'NaN' in JSON at position 0, expected a value"],
    ['[Infinity]', "Unexpected token 'Infinity' in JSON at position 1, expected a value"],
    ['-Infinity', "Unexpected token 'Infinity' in JSON at position 1, expected a digit"],
    ['+1', "Unexpected '+' in JSON at position 0, expected a value"],
    ['.5', "Unexpected '.' in JSON at position 0, expected a value"],
    ['1.', 'Unexpected end of JSON input at position 2, expected a digit after the decimal point'],
    ['1.e5', "Unexpected token 'e5' in JSON at position 2, expected a digit after the decimal point"],
    ['1e', 'Unexpected end of JSON input at position 2, expected a digit in the exponent'],
    ['"abc', 'Unterminated string in JSON at position 4, starting at position 0'],
    ['"a\nb"', 'Bad control character U+000A in string literal in JSON at position 2, expected it escaped'],
    ['"tab\there"', 'Bad control character U+0009 in string literal in JSON at position 4, expected it escaped'],
    ['\u00a0[]', "Unexpected '\u00a0' in JSON at position 0, expected a value"],
    ['[1e400,]', "Unexpected ']' in JSON at position 7, expected a value"],
  ])('%j: %s', (text, message) => {
    expect(() => parseJson(text)).toThrow(new SyntaxError(message));
  });

  test('errors are SyntaxErrors, not the position-less messages of Node 20 JSON.parse', () => {
    const error = (() => {
      try {
        parseJson('{"a":}');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(/at position 5/);
  });

  test.each([undefined, null, 1, {}])('rejects the non-string %j', (value) => {
    expect(() => parseJson(value as never)).toThrow(TypeError);
  });
});

describe('parseJson properties', () => {
  /** JSON.stringify prints integer-valued doubles in [2^53, 1e21) as digits: bigints by the contract. */
  const unsafeIntegerDigits = (n: number) => Number.isInteger(n) && !Number.isSafeInteger(n) && Math.abs(n) < 1e21;

  function hasUnsafeIntegerDigits(value: unknown): boolean {
    if (typeof value === 'number') return unsafeIntegerDigits(value);
    if (value !== null && typeof value === 'object') return Object.values(value).some(hasUnsafeIntegerDigits);
    return false;
  }

  const safeDocument = fc.jsonValue().filter((value) => !hasUnsafeIntegerDigits(value));

  test('agrees with JSON.parse on documents whose numbers float64 keeps', () => {
    fc.assert(
      fc.property(safeDocument, fc.boolean(), (value, indent) => {
        const text = JSON.stringify(value, null, indent ? 2 : undefined);
        expect(parseJson(text)).toEqual(JSON.parse(text));
        expect(viaExactParser(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  const bigInteger = fc.oneof(fc.bigInt({ min: 2n ** 53n }), fc.bigInt({ max: -(2n ** 53n) }));

  test('keeps random bigints exact inside documents', () => {
    fc.assert(
      fc.property(safeDocument, bigInteger, (value, n) => {
        const text = `{"doc": ${JSON.stringify(value)}, "n": [${n}]}`;
        const parsed = parseJson(text) as { doc: JsonValue; n: JsonValue[] };
        expect(parsed.n[0]).toBe(n);
        expect(parsed.doc).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });

  // Up to 40 significant digits, with an optional exponent reaching past float64's range, or
  // a plain fraction reaching below it.
  const tinyFraction = fc
    .tuple(fc.boolean(), fc.integer({ min: 280, max: 340 }), fc.stringMatching(/^[1-9]\d{0,16}$/))
    .map(([negative, zeros, digits]) => `${negative ? '-' : ''}0.${'0'.repeat(zeros)}${digits}`);
  const plainToken = fc
    .tuple(
      fc.boolean(),
      fc.stringMatching(/^(0|[1-9]\d{0,20})$/),
      fc.option(fc.stringMatching(/^\d{1,20}$/), { nil: undefined }),
      fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }),
    )
    .map(([negative, int, fraction, exponent]) =>
      `${negative ? '-' : ''}${int}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`,
    );
  const numberToken = fc.oneof({ arbitrary: plainToken, weight: 9 }, { arbitrary: tinyFraction, weight: 1 });

  /** The contract, computed with decimal.js as an independent oracle. */
  function expectedValue(token: string): unknown {
    const n = Number(token);
    if (/^-?\d+$/.test(token)) return Number.isSafeInteger(n) ? n : BigInt(token);
    const sameValue = Number.isFinite(n) && new Decimal(String(n)).equals(new Decimal(token));
    return sameValue ? n : dec(token);
  }

  test('keeps random long decimals exact inside documents, and agrees with the contract', () => {
    fc.assert(
      fc.property(numberToken, safeDocument, (token, value) => {
        const text = `{"before": ${JSON.stringify(value)}, "x": [${token}], "after": "${token}"}`;
        const parsed = exact(parseJson(text)) as { x: unknown[]; after: string };
        expect(parsed.x[0]).toEqual(expectedValue(token));
        expect(parsed.after).toBe(token);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('inexact numbers: JSON.parse with placeholders, or the own parser', () => {
  const big = 12345678901234567890n;
  /** parseJson(text), checked against the same text padded to take the placeholder path. */
  function parseJson(text: string): JsonValue {
    const value = parseJsonOnce(text);
    expect(exact((parseJsonOnce(`[${text}, ${PADDING}]`) as JsonValue[])[0]!)).toEqual(exact(value));
    return value;
  }

  test('a whole text that is one inexact number', () => {
    expect(parseJson('12345678901234567890')).toBe(big);
    expect(exact(parseJson(' -0.10000000000000000000001 '))).toEqual(dec('-0.10000000000000000000001'));
  });

  test('inexact numbers at every depth, in arrays and objects, keep their place and order', () => {
    const text = '{"a": [1, 12345678901234567890, {"b": 0.10000000000000000000001, "c": [[-9223372036854775808]]}], "d": 9007199254740993, "e": "x"}';
    const value = parseJson(text);
    expect(exact(value)).toEqual({
      a: [1, big, { b: dec('0.10000000000000000000001'), c: [[-9223372036854775808n]] }],
      d: 9007199254740993n,
      e: 'x',
    });
    expect(Object.keys(value as object)).toEqual(['a', 'd', 'e']);
  });

  test('digits inside strings and keys stay text (the placeholder would break the string: the own parser reads it)', () => {
    const text = '{"12345678901234567890": "id 98765432109876543210", "n": 12345678901234567890, "s": "\\u12345678901234567890"}';
    expect(parseJson(text)).toEqual({ '12345678901234567890': 'id 98765432109876543210', n: big, s: '\u12345678901234567890' });
  });

  test('strings that hold U+0000 are not taken for placeholders', () => {
    const text = '{"a": "\\u00000", "b": ["\\u0000", 12345678901234567890], "c": "\\\\u0000"}';
    expect(parseJson(text)).toEqual({ a: '\u00000', b: ['\u0000', big], c: '\\u0000' });
  });

  test('__proto__ holding an inexact number is an own property; duplicate keys: the last wins, as in JSON.parse', () => {
    const value = parseJson('{"__proto__": 12345678901234567890, "a": 12345678901234567891, "a": 1, "b": 2, "b": 12345678901234567892}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(big);
    expect(value.a).toBe(1);
    expect(value.b).toBe(12345678901234567892n);
    expect(Object.keys(value)).toEqual(['__proto__', 'a', 'b']);
  });

  test('an enumerable property on Object.prototype is neither walked nor written', () => {
    const polluted = { n: '\u00000', self: null as unknown };
    polluted.self = polluted;
    Object.defineProperty(Object.prototype, 'pgExactPolluted', { value: polluted, enumerable: true, writable: true, configurable: true });
    let value: JsonValue;
    try {
      value = (parseJsonOnce(`[{"a": {"b": [12345678901234567890]}, "c": 1}, ${PADDING}]`) as JsonValue[])[0]!;
    } finally {
      delete (Object.prototype as Record<string, unknown>).pgExactPolluted;
    }
    expect(value).toEqual({ a: { b: [big] }, c: 1 });
    expect(polluted.n).toBe('\u00000');
  });

  test('deep nesting: 100 000 arrays around an inexact number', () => {
    const depth = 100_000;
    let value = parseJsonOnce(`[${PADDING}, ${'['.repeat(depth)}12345678901234567890${']'.repeat(depth)}]`);
    value = (value as JsonValue[])[1]!;
    for (let i = 0; i < depth; i++) value = (value as JsonValue[])[0]!;
    expect(value).toBe(big);
  });

  test('syntax errors still give the position', () => {
    expect(() => parseJsonOnce('{"a": 12345678901234567890,}')).toThrow(/position 27/);
    expect(() => parseJsonOnce('[12345678901234567890 1]')).toThrow(/position 22/);
    expect(() => parseJsonOnce(`[${PADDING}, {"a": 12345678901234567890,}]`)).toThrow(/position 2132,/);
  });

  const bigInteger = fc.oneof(fc.bigInt({ min: 2n ** 53n }), fc.bigInt({ max: -(2n ** 53n) }));
  const safeValue = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).match(/\d{16}/));

  test('random documents with bigints in random places: both paths agree with the contract', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), safeValue, bigInteger), { maxLength: 8 }), bigInteger, (entries, last) => {
        // Each entry becomes a key holding [safe value, bigint]; keys may repeat (the last wins).
        const text = `{${entries.map(([key, value, n]) => `${JSON.stringify(key)}: [${JSON.stringify(value)}, ${n}]`).join(', ')}${entries.length ? ', ' : ''}"last": ${last}}`;
        const expected: Record<string, unknown> = {};
        for (const [key, value, n] of entries) {
          if (key === '__proto__') Object.defineProperty(expected, key, { value: [JSON.parse(JSON.stringify(value)), n], enumerable: true, writable: true, configurable: true });
          else expected[key] = [JSON.parse(JSON.stringify(value)), n];
        }
        expected.last = last;
        expect(parseJson(text)).toEqual(expected);
        expect(viaExactParser(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the gate on long documents (sampled every 16th character)', () => {
  const padding = (n: number) => Array.from({ length: n }, (_, i) => (i * 1.0000001).toFixed(7)).join(',');

  test.each(Array.from({ length: 16 }, (_, shift) => shift))('an unsafe integer after a %i-character shift is found', (shift) => {
    const text = `[${' '.repeat(shift)}${padding(150)},12345678901234567890,${padding(10)}]`;
    expect(text.length).toBeGreaterThan(1024);
    const parsed = parseJson(text) as unknown[];
    expect(parsed[150]).toBe(12345678901234567890n);
  });

  test.each([
    ['1e400', () => new Decimal('1e400')],
    ['-2.5E-400', () => new Decimal('-2.5e-400')],
    [`0.${'0'.repeat(330)}1`, () => new Decimal(`1e-331`)],
    ['0.10000000000000000000001', () => new Decimal('0.10000000000000000000001')],
  ])('%s inside a long document is a Decimal', (token, expected) => {
    const parsed = parseJson(`{"pad":[${padding(200)}],"x":${token}}`) as { x: Decimal };
    expect(isDecimal(parsed.x) && parsed.x.equals(expected())).toBe(true);
  });

  test('a long document of safe floats is what JSON.parse gives', () => {
    const text = `[${padding(500)},123456789012.345,-0.000000000000001]`;
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });
});

describe('jsonNeedsExactParse', () => {
  test.each([
    ['{"id": 12345678901234567890}', true],
    ['{"rate": 0.10000000000000000000001}', true],
    ['[1e400]', true],
    ['{"price": 19.99, "n": 9007199254740991}', false],
    ['{"s": "no numbers"}', false],
  ])('%s → %s', (text, expected) => {
    expect(jsonNeedsExactParse(text)).toBe(expected);
  });

  test('property: whenever it says false, JSON.parse gives exactly what parseJson gives', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), (text) => {
        if (!jsonNeedsExactParse(text)) expect(JSON.parse(text)).toEqual(parseJson(text));
        else expect(parseJson(text)).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  test('property: a document holding an unsafe integer is always flagged', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }), fc.json({ maxDepth: 2 }), (big, other) => {
        expect(jsonNeedsExactParse(`[${other},${big}]`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
