// exactOptions() and the serializers without a server: what the options contain, precedence over
// postgres.js's built-ins and the user's own types, nothing the caller passes being modified, and
// the serializers' refusals (text the server rejects, never an exception inside postgres.js).
import { codecs, Decimal, PgExactValueError, PreciseDate, sessionSettings } from '@pg-exact/core';
import postgres from 'postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { ParameterConverter, parameterClass } from '../src/parameter-converter.js';
import { arraySerializer, scalarSerializer, serializeText } from '../src/parameter-serializers.js';
import { exactOptions, exactTypes, recoverValueError } from '../src/index.js';
import { refusedParameter } from '../src/refused-parameter.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const userType = { to: 603, from: [603], parse: (x: string) => `BOX:${x}`, serialize: (x: unknown) => String(x) };
const userInt8 = { to: 20, from: [20], parse: () => 'USER', serialize: () => 'USER' };

describe('exactOptions()', () => {
  test('returns new options and modifies nothing it is given, even deeply frozen', () => {
    const options = deepFreeze({
      max: 3,
      no_prepare: true,
      connection: { application_name: 'app' },
      types: { box: userType },
      transform: { undefined: null },
    });
    const snapshot = JSON.stringify(options);
    const result = exactOptions(options);
    expect(result).not.toBe(options);
    expect(result.connection).not.toBe(options.connection);
    expect(result.types).not.toBe(options.types);
    expect(JSON.stringify(options)).toBe(snapshot);
    // postgres.js itself writes into the options object it gets (no_prepare → prepare): ours is a copy.
    const sql = postgres('postgres://127.0.0.1:1/none', result);
    expect(sql.options.prepare).toBe(false);
    void sql.end();
    expect(JSON.stringify(options)).toBe(snapshot);
  });

  test('no argument gives the pin and the types', () => {
    const result = exactOptions();
    expect(result.connection).toEqual(sessionSettings);
    const keys = Object.keys(result.types!);
    // The built-in arrays without a codec (text[], box[]…) first, then the codec types.
    expect(keys.filter((key) => !key.startsWith('pgExactArray'))).toEqual(Object.keys(exactTypes));
    expect(keys.filter((key) => key.startsWith('pgExactArray')).length).toBeGreaterThan(50);
  });

  test('the pin goes under your connection parameters; an undefined entry keeps the pin', () => {
    const result = exactOptions({ connection: { search_path: 'app', TimeZone: 'Europe/Paris', DateStyle: undefined } });
    expect(result.connection).toEqual({
      TimeZone: 'Europe/Paris',
      DateStyle: 'ISO, MDY',
      IntervalStyle: 'postgres',
      extra_float_digits: '3',
      search_path: 'app',
    });
  });

  test.each(Object.values(codecs).map((codec) => [codec.name, codec] as const))(
    '%s: the scalar and array OIDs are both parsed and serialized by pg-exact',
    (name, codec) => {
      const types = exactTypes as unknown as Record<string, postgres.PostgresType>;
      expect(types[name]).toMatchObject({ to: codec.oid, from: [codec.oid], parse: codec.parse });
      expect(types[`${name}Array`]).toMatchObject({ to: codec.arrayOid, from: [codec.arrayOid], parse: codec.parseArray });
      expect(typeof types[name]!.serialize).toBe('function');
      expect(typeof types[`${name}Array`]!.serialize).toBe('function');
    },
  );

  describe('in a postgres() instance', () => {
    const sql = postgres('postgres://127.0.0.1:1/none', exactOptions({ types: { box: userType, int8: userInt8, myInt8: userInt8 } }));
    const parsers = (sql.options as unknown as { parsers: Record<number, unknown> }).parsers;
    const serializers = (sql.options as unknown as { serializers: Record<number, unknown> }).serializers;
    afterAll(() => sql.end());

    test.each([
      [20, codecs.int8.parse],
      [1016, codecs.int8.parseArray],
      [1082, codecs.date.parse],
      [1114, codecs.timestamp.parse],
      [1184, codecs.timestamptz.parse],
      [114, codecs.json.parse],
      [3802, codecs.jsonb.parse],
      [1700, codecs.numeric.parse],
      [21, codecs.int2.parse],
      [701, codecs.float8.parse],
    ])('OID %i is parsed by pg-exact, over postgres.js\'s built-in and over your types', (oid, parse) => {
      expect(parsers[oid]).toBe(parse);
    });

    test('your types for other OIDs stay, with their helpers', () => {
      expect(parsers[603]).toBe(userType.parse);
      expect(serializers[603]).toBe(userType.serialize);
      expect(typeof sql.types.box).toBe('function');
      expect(typeof sql.types.myInt8).toBe('function');
      expect(serializers[20]).toBe(exactTypes.int8.serialize);
    });

    test('text and varchar keep no parser of their own (postgres.js hands over the text) and get pg-exact\'s writer', () => {
      // postgres.js 3 has no entry; 4's parsers view answers its identity function for every other OID.
      for (const oid of [25, 1043]) {
        const parse = parsers[oid] as ((text: string) => unknown) | undefined;
        expect(parse === undefined || parse('a\\b') === 'a\\b').toBe(true);
      }
      expect(serializers[25]).toBe(serializeText);
    });
  });
});

const refusalPattern = /^pgexact_[0-9a-f]{8}_\d+: /;

/** [codec, value, text sent] */
const serialized: Array<[keyof typeof codecs, unknown, string]> = [
  ['int8', 9007199254740993n, '9007199254740993'],
  ['int8', new Decimal('42'), '42'],
  ['int4', new Decimal('-7'), '-7'],
  ['float8', new Decimal('0.1'), '0.1'],
  ['numeric', new Decimal('1e-7'), '0.0000001'],
  ['jsonb', new Decimal('1.5'), '1.5'],
  ['jsonb', [1n, { a: null }], '[1,{"a":null}]'],
  ['jsonb', '{"a":1}', '"{\\"a\\":1}"'],
  ['timestamptz', new PreciseDate('2024-03-10T01:59:59.123456Z'), '2024-03-10 01:59:59.123456+00'],
  ['timestamp', '2024-03-10 12:00:00.000001+00', '2024-03-10 12:00:00.000001+00'],
  ['date', '2024-03-10 23:59:59.999999+00', '2024-03-10'],
  ['date', '0044-03-15 12:00:00.000000+00 BC', '0044-03-15 BC'],
  ['date', 'infinity', 'infinity'],
  ['date', new Date('2024-03-10T23:59:59Z'), '2024-03-10'],
];

describe('serializers', () => {
  test.each(serialized)('%s ← %o is sent as %j', (name, value, text) => {
    expect(scalarSerializer(codecs[name] as never)(value)).toBe(text);
  });

  test.each([
    ['int8', [1n, 2n], 'a JS array was bound to a single int8 parameter'],
    ['int8', 2n ** 64n, 'out of range'],
    ['int4', new Decimal('1.5'), 'is not an integer'],
    ['numeric', 0.1, 'is a float64 whose exact value is not 0.1'],
    ['date', '2024-03-10 12:00:00+05', 'expected YYYY-MM-DD'],
    ['jsonb', { x: Number.NaN }, 'NaN is not a JSON number'],
  ] as const)('%s ← %o: a refusal text the server rejects, never an exception', (name, value, reason) => {
    const text = scalarSerializer(codecs[name] as never)(value);
    expect(text).toMatch(refusalPattern);
    expect(text).toContain(reason);
    const recovered = recoverValueError({ parameters: ['x', text] });
    expect(recovered).toBeInstanceOf(PgExactValueError);
    expect((recovered as PgExactValueError).path).toMatch(/^\$2/);
    expect(recoverValueError({ parameters: ['x', text] })).toEqual(recovered); // again: a transaction rejects with it too
  });

  test('array serializers: nested arrays, NULLs, element paths, array text passed through', () => {
    const int8Array = arraySerializer(codecs.int8 as never);
    expect(int8Array([[1n, null], [new Decimal('3'), '4']])).toBe('{{"1",NULL},{"3","4"}}');
    expect(int8Array('{1,2}')).toBe('{1,2}');
    const refused = int8Array([1n, [2n ** 64n]]);
    expect(refused).toMatch(refusalPattern);
    expect((recoverValueError({ parameters: [refused] }) as PgExactValueError).path).toBe('$1[1][0]');
    expect(arraySerializer(codecs.date as never)([new Date('2024-01-01'), '2024-01-02 00:00:00.000000+00'])).toBe(
      '{"2024-01-01","2024-01-02"}',
    );
  });

  test.each([
    ['x', 'x'],
    [12345678901234567890n, '12345678901234567890'],
    [new Decimal('1e25'), '10000000000000000000000000'],
    [new PreciseDate('2024-03-10T12:00:00.000001Z'), '2024-03-10 12:00:00.000001+00'],
    [{ a: 1n, b: [new Decimal('0.1')] }, '{"a":1,"b":[0.1]}'],
    [['a', null, ['b']], '{"a",NULL,{"b"}}'],
    [true, 'true'],
  ])('text ← %o is %j', (value, text) => {
    expect(serializeText(value)).toBe(text);
  });

  test('text refusals start with U+0000, which PostgreSQL rejects in any text parameter', () => {
    expect(serializeText(Symbol('s')).startsWith('\u0000pgexact_')).toBe(true);
    expect(serializeText(() => 1).startsWith('\u0000pgexact_')).toBe(true);
  });

  test('only the last 64 refusals are kept for recovery', () => {
    const first = refusedParameter(new PgExactValueError('first', { value: 1, type: 'int8' }));
    for (let i = 0; i < 64; i++) refusedParameter(new PgExactValueError('later', { value: i, type: 'int8' }));
    const error = { parameters: [first] };
    expect(recoverValueError(error)).toBe(error);
  });

  // postgres.js 3 puts the texts it sent in error.parameters; 4 the values it was given, so the
  // refusal is found through the server's message (or, for text, the parameter it names).
  test('recovery from an error holding the values given: the token in the message, the value locates it', () => {
    const value = 2n ** 64n;
    const text = scalarSerializer(codecs.int8 as never)(value);
    const error = { parameters: [1, value], message: `invalid input syntax for type bigint: "${text}"`, code: '22P02' };
    const recovered = recoverValueError(error);
    expect(recovered).toBeInstanceOf(PgExactValueError);
    expect((recovered as PgExactValueError).path).toBe('$2');
  });

  test('recovery for json: the token is in the detail (Token "…" is invalid)', () => {
    const value = { items: [{ price: Number.NaN }] };
    const text = scalarSerializer(codecs.jsonb as never)(value);
    const token = /^pgexact_[0-9a-f]{8}_\d+/.exec(text)![0];
    const error = { parameters: [value], message: 'invalid input syntax for type json', detail: `Token "${token}" is invalid.` };
    expect((recoverValueError(error) as PgExactValueError).path).toBe('$1.items[0].price');
  });

  test('recovery for text: U+0000 is reported without the text, with the parameter number', () => {
    const value = Symbol('s');
    serializeText(value);
    const error = { parameters: ['x', value], message: 'invalid byte sequence for encoding "UTF8": 0x00', where: 'unnamed portal parameter $2' };
    expect((recoverValueError(error) as PgExactValueError).path).toBe('$2');
    const unrelated = { parameters: ['a\u0000b'], message: 'invalid byte sequence for encoding "UTF8": 0x00', where: 'unnamed portal parameter $1' };
    expect(recoverValueError(unrelated)).toBe(unrelated); // a value of the user's: the server's error stays
  });

  test('errors that are not about a refusal are returned as they are', () => {
    for (const error of [null, 'text', new Error('x'), { parameters: [1], message: 'duplicate key value violates unique constraint' }]) {
      expect(recoverValueError(error)).toBe(error);
    }
  });
});

describe('ParameterConverter (createSql)', () => {
  const sql = postgres('postgres://127.0.0.1:1/none', exactOptions());
  const convert = new ParameterConverter(sql.typed);
  const parameterClassHere = parameterClass(sql.typed);
  afterAll(() => sql.end());

  // postgres.js does not export its Parameter class: the converter takes it from an instance.
  test('sql.typed() and sql.json() return instances of one class, which is not Object (else createSql refuses to start)', () => {
    expect(parameterClassHere).not.toBe(Object);
    expect(sql.json({ a: 1 })).toBeInstanceOf(parameterClassHere);
    expect({ value: 1, type: 20 }).not.toBeInstanceOf(parameterClassHere);
    expect(() => parameterClass(() => ({ value: null, type: 0 }))).toThrow(/does not return a Parameter instance/);
  });

  test.each([
    [new Date('2024-03-10T12:00:00Z'), '2024-03-10 12:00:00.000000+00'],
    [new PreciseDate('-000043-03-15T12:00:00.000001Z'), '0044-03-15 12:00:00.000001+00 BC'],
    [PreciseDate.POSITIVE_INFINITY, 'infinity'],
  ])('a Date becomes untyped UTC text: %o → %j', (value, text) => {
    expect(convert.value(value)).toBe(text);
  });

  test('an Invalid Date is left for the timestamptz serializer to refuse at query time', () => {
    const invalid = new Date(Number.NaN);
    expect(convert.value(invalid)).toBe(invalid);
  });

  test.each([
    [[1n, 2n]],
    [[[new Date(0)]]],
    [[true]],
    [[new Uint8Array([1])]],
  ])('an array postgres.js would type by its first element is sent untyped: %o', (values) => {
    const converted = convert.value(values) as { value: unknown; type: number };
    expect(converted).toBeInstanceOf(parameterClassHere);
    expect(converted.value).toBe(values);
    expect(converted.type).toBe(0);
  });

  test.each([[[1, 2]], [['a']], [[]], [[new Decimal(1)]], [[{ a: 1 }]]])('other arrays are left as they are: %o', (values) => {
    expect(convert.value(values)).toBe(values);
  });

  test('bigints: within int8 left to postgres.js (int8), beyond it untyped', () => {
    expect(convert.value(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect((convert.value(2n ** 63n) as { type: number }).type).toBe(0);
  });

  test('helper input: rows and lists are copied only where a value changes; strings never change', () => {
    const row = { at: new Date(0), n: 1n, name: 'x' };
    const plain = { n: 1, name: 'y' };
    const converted = convert.helperInput([row, plain]) as Array<Record<string, unknown>>;
    expect(converted[0]).toEqual({ at: '1970-01-01 00:00:00.000000+00', n: 1n, name: 'x' });
    expect(converted[1]).toBe(plain);
    expect(row.at).toBeInstanceOf(Date);
    const identifiers = ['a', 'b'];
    expect(convert.helperInput(identifiers)).toBe(identifiers);
    expect(convert.helperInput('column')).toBe('column');
    expect(convert.helperInput([[new Date(0), 1]])).toEqual([['1970-01-01 00:00:00.000000+00', 1]]);
  });
});
