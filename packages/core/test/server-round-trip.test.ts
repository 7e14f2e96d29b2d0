// Random values through the real server, as parameters ($1::T) and as literals ('…'::T),
// compared with the server's own text output. Zero mismatches, in every process TZ the test
// script runs (UTC, America/New_York, Asia/Kolkata, Australia/Lord_Howe).
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectRaw } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { codecs } from '../src/codecs.js';
import { Decimal, isDecimal } from '../src/decimal.js';
import { parseJson, type JsonValue } from '../src/parse-json.js';
import { PreciseDate } from '../src/precise-date.js';
import { sessionSetSql } from '../src/session.js';

const RUNS = Number(process.env.PG_EXACT_PROPERTY_RUNS ?? 300);

// 4714-11-24 00:00:00 BC (PostgreSQL's first timestamp) .. the last millisecond JS Date holds.
const FIRST_PG_MICROS = -210866803200000000n;
const LAST_JS_MICROS = 8640000000000000n * 1000n + 999n;

let pinned: pg.Client;
let zoned: pg.Client;

beforeAll(async () => {
  pinned = await connectRaw();
  await pinned.query(sessionSetSql);
  zoned = await connectRaw();
  await zoned.query(sessionSetSql);
});

afterAll(async () => {
  await pinned?.end();
  await zoned?.end();
});

/** The server's own output text for `$1::type`, where $1 is sent as text. */
async function viaParameter(client: pg.Client, type: string, text: string): Promise<string> {
  const { rows } = await client.query(`SELECT $1::${type} AS v`, [text]);
  return rows[0].v;
}

/** The server's own output text for a literal `'text'::type`. */
async function viaLiteral(client: pg.Client, type: string, text: string): Promise<string> {
  const { rows } = await client.query(`SELECT '${text.replace(/'/g, "''")}'::${type} AS v`);
  return rows[0].v;
}

const digitString = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));

const numericText = fc.oneof(
  { weight: 20, arbitrary: fc
    .tuple(fc.boolean(), digitString(1, 500), fc.option(digitString(1, 500), { nil: undefined }))
    .map(([negative, int, frac]) => `${negative ? '-' : ''}${int.replace(/^0+(?=\d)/, '')}${frac === undefined ? '' : `.${frac}`}`) },
  { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '0', '0.000', `0.${'0'.repeat(999)}1`) },
);

const micros = fc.bigInt({ min: FIRST_PG_MICROS, max: LAST_JS_MICROS });

describeServer('round trips through PostgreSQL', () => {
  test('int8: the whole range, as parameter and as literal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), async (value) => {
        const text = codecs.int8.serialize(value);
        for (const out of [await viaParameter(pinned, 'int8', text), await viaLiteral(pinned, 'int8', text)]) {
          expect(out).toBe(value.toString());
          expect(codecs.int8.parse(out)).toBe(value);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('numeric: up to 1000 digits, NaN and ±Infinity; the text written back is the text read', async () => {
    await fc.assert(
      fc.asyncProperty(numericText, async (text) => {
        const stored = await viaParameter(pinned, 'numeric', text);
        expect(await viaLiteral(pinned, 'numeric', text)).toBe(stored);
        const value = codecs.numeric.parse(stored);
        expect(isDecimal(value)).toBe(true);
        expect(value.isNaN() ? 'NaN' : value.toFixed()).toBe(new Decimal(stored).isNaN() ? 'NaN' : new Decimal(stored).toFixed());
        const written = codecs.numeric.serialize(value);
        expect(await viaParameter(pinned, 'numeric', written)).toBe(stored);
        expect(await viaLiteral(pinned, 'numeric', written)).toBe(stored);
      }),
      { numRuns: RUNS },
    );
  });

  test('timestamptz: BC to 275760 AD with random µs, read back from UTC and non-UTC sessions', async () => {
    await fc.assert(
      fc.asyncProperty(
        micros,
        fc.constantFrom('UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'America/New_York'),
        async (us, zone) => {
          const value = PreciseDate.fromEpochMicroseconds(us);
          const text = codecs.timestamptz.serialize(value);
          await zoned.query(`SET TIME ZONE '${zone}'`);
          for (const client of [pinned, zoned]) {
            for (const out of [await viaParameter(client, 'timestamptz', text), await viaLiteral(client, 'timestamptz', text)]) {
              const read = codecs.timestamptz.parse(out);
              expect(read.getEpochMicroseconds(), `${text} → ${out} (session ${client === zoned ? zone : 'UTC'})`).toBe(us);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('timestamp: UTC wall clock, BC to 275760 AD with random µs, whatever the session TimeZone', async () => {
    await fc.assert(
      fc.asyncProperty(micros, async (us) => {
        const value = PreciseDate.fromEpochMicroseconds(us);
        const text = codecs.timestamp.serialize(value);
        await zoned.query(`SET TIME ZONE 'Asia/Kolkata'`);
        for (const client of [pinned, zoned]) {
          for (const out of [await viaParameter(client, 'timestamp', text), await viaLiteral(client, 'timestamp', text)]) {
            expect(codecs.timestamp.parse(out).getEpochMicroseconds(), `${text} → ${out}`).toBe(us);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('date: a Date is written as its UTC calendar date; the text reads back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -2440588, max: 100_000_000 }), async (day) => {
        const date = new Date(day * 86_400_000);
        const text = codecs.date.serialize(date);
        const out = await viaParameter(pinned, 'date', text);
        expect(await viaLiteral(pinned, 'date', text)).toBe(out);
        expect(codecs.date.parse(out)).toBe(out);
        // The server's date is the same calendar day as the Date in UTC.
        const { rows } = await pinned.query(`SELECT ($1::date - '1970-01-01'::date) AS d`, [out]);
        expect(Number(rows[0].d)).toBe(day);
        expect(await viaParameter(pinned, 'date', codecs.date.serialize(out))).toBe(out);
      }),
      { numRuns: RUNS },
    );
  });

  test('jsonb and json: documents with big integers and long decimals keep every digit', async () => {
    const unsafeDecimal = fc
      // At least 18 significant digits whatever the integer part: no float64 denotes such a value
      // (an all-zero fraction made 0.0000000000000000001, which rightly reads back as the number 1e-19).
      .tuple(fc.boolean(), digitString(1, 30), fc.stringMatching(/^0{0,20}[1-9]\d{16,58}$/), fc.integer({ min: 1, max: 9 }))
      .map(([negative, int, frac, lastDigit]) => new Decimal(`${negative ? '-' : ''}${int}.${frac}${lastDigit}`));
    const plainDouble = fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((x) => !Object.is(x, -0) && !/e/.test(String(x)) && (!Number.isInteger(x) || Number.isSafeInteger(x)));
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.string({ unit: 'grapheme' }),
      fc.maxSafeInteger(),
      plainDouble,
      fc.oneof(fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }), fc.bigInt({ min: -(2n ** 80n), max: -(2n ** 53n) })),
      unsafeDecimal,
    );
    const { doc } = fc.letrec<{ doc: unknown }>((tie) => ({
      doc: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('doc'), { maxLength: 5 }),
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), tie('doc'), { maxKeys: 5 }),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(doc, async (value) => {
        for (const type of ['jsonb', 'json'] as const) {
          const text = codecs[type].serialize(value);
          const out = await viaParameter(pinned, type, text);
          expect(await viaLiteral(pinned, type, text)).toBe(out);
          expectSameJson(parseJson(out), value as JsonValue);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Deep equality where Decimals compare by value and every number keeps its JS type. */
function expectSameJson(actual: JsonValue, expected: JsonValue, path = '$'): void {
  if (isDecimal(expected)) {
    expect(isDecimal(actual), `${path} is a Decimal`).toBe(true);
    expect((actual as Decimal).equals(expected), `${path}: ${String(actual)} = ${expected.toString()}`).toBe(true);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as JsonValue[]).length, `${path} length`).toBe(expected.length);
    expected.forEach((item, i) => expectSameJson((actual as JsonValue[])[i]!, item, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    const record = actual as Record<string, JsonValue>;
    expect(Object.keys(record).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) expectSameJson(record[key]!, expected[key]!, `${path}.${key}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}
