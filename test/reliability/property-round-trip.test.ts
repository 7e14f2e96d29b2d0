// Property round trips at scale: random values of every codec type (and arrays of some) written as
// parameters and read back through each binding, against the server (pg, postgres.js) and PGlite.
// A value must come back as what was written (the contract representation), and for the types read
// as text, as the server's own `v::text`. Batched: one statement per batch, many parameters each.
//
// PG_EXACT_PROPERTY_RUNS values per type per binding (CI default below; `npm run test:property-full`
// runs 10,000). PG_EXACT_RELIABILITY_SUMMARY=1 writes .reliability/property-round-trips.json.
import { Decimal, PreciseDate } from '@pg-exact/core';
import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { createSql } from '@pg-exact/postgres-js';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { describeServer } from '../support/vitest-server.js';

const RUNS = Number(process.env.PG_EXACT_PROPERTY_RUNS ?? 1000);
const BATCH = 1000;
const SEED = Number(process.env.PG_EXACT_PROPERTY_SEED ?? 20261207);

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
interface Binding {
  readonly name: string;
  readonly server: boolean;
  open(url: string): Promise<{ query: Query; close(): Promise<void> }>;
}

const bindings: readonly Binding[] = [
  {
    name: 'pg',
    server: true,
    async open(url) {
      const pool = createPool({ connectionString: url, max: 1 });
      return { query: async (sql, params) => (await pool.query(sql, params)).rows, close: () => pool.end() };
    },
  },
  {
    name: 'postgres-js',
    server: true,
    async open(url) {
      const sql = createSql(url, { max: 1, onnotice: () => undefined });
      return { query: async (text, params) => [...(await sql.unsafe(text, params as never[]))], close: () => sql.end() };
    },
  },
  {
    name: 'pglite',
    server: false,
    async open() {
      const db = await createPGlite();
      return { query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows, close: () => db.close() };
    },
  },
];

const MIN_US = -210_866_803_200_000_000n; // 4714-11-24 00:00:00 BC
const MAX_US = 8_640_000_000_000_000_000n; // the end of a JS Date's range
const noNul = (text: string) => text.replaceAll('\u0000', '');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 20 }))
  .map(([digits, scale]) => {
    const text = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
    return `${digits < 0n ? '-' : ''}${scale ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text}`;
  });
/** JSON values with exact big numbers inside, no -0 (jsonb prints 0) and no U+0000 (jsonb refuses it). */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).filter((n) => n < -(2n ** 53n) || n > 2n ** 53n),
    decimalText.map((text) => new Decimal(text)).filter((d) => !d.isInteger() && d.precision(true) > 17),
    fc.string({ unit: 'grapheme' }).map(noNul),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }).map(noNul), tie('value'), { maxKeys: 4 }),
  ),
})).value;

interface TypeCase {
  readonly type: string;
  readonly values: fc.Arbitrary<unknown>;
  /** What must be read back for `written`; the server's text `t` for types read as text. */
  readonly expected: (written: unknown, text: string) => unknown;
}

const same = (written: unknown) => written;
const asText = (_written: unknown, text: string) => text;
const instant = fc.bigInt({ min: MIN_US, max: MAX_US }).map((us) => PreciseDate.fromEpochMicroseconds(us));

const typeCases: readonly TypeCase[] = [
  { type: 'int2', values: fc.integer({ min: -32768, max: 32767 }), expected: same },
  { type: 'int4', values: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), expected: same },
  { type: 'int8', values: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), expected: same },
  { type: 'numeric', values: decimalText.map((text) => new Decimal(text)), expected: same },
  // float4 is read as the double of its shortest text (0.1, as every driver reads it), which is the
  // float4 again after Math.fround: compared that way.
  { type: 'float4', values: fc.float(), expected: same },
  { type: 'float8', values: fc.double(), expected: same },
  // In an object: a top-level JS string is JSON text, and a JS array a PostgreSQL array, to pg and PGlite.
  { type: 'json', values: jsonValue.map((value) => ({ value })), expected: same },
  { type: 'jsonb', values: jsonValue.map((value) => ({ value })), expected: same },
  { type: 'timestamptz', values: instant, expected: same },
  { type: 'timestamp', values: instant, expected: same },
  {
    type: 'date',
    values: fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })),
    expected: (written) => written,
  },
  {
    type: 'time',
    values: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999_999 }))
      .map(([h, m, s, us]) => `${pad(h)}:${pad(m)}:${pad(s)}.${pad(us, 6)}`),
    expected: asText,
  },
  {
    type: 'timetz',
    values: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: -14, max: 14 }))
      .map(([h, m, zone]) => `${pad(h)}:${pad(m)}:00${zone < 0 ? '-' : '+'}${pad(Math.abs(zone))}`),
    expected: asText,
  },
  {
    type: 'interval',
    values: fc
      .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -(10 ** 9), max: 10 ** 9 }))
      .map(([months, days, us]) => `${months} mons ${days} days ${us} microseconds`),
    expected: asText,
  },
  { type: 'text', values: fc.string({ unit: 'grapheme', maxLength: 40 }).map(noNul), expected: same },
  { type: 'int8[]', values: fc.array(fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }), { maxLength: 5 }), expected: same },
  { type: 'numeric[]', values: fc.array(fc.option(decimalText.map((text) => new Decimal(text)), { nil: null }), { maxLength: 5 }), expected: same },
  { type: 'timestamptz[]', values: fc.array(fc.option(instant, { nil: null }), { maxLength: 5 }), expected: same },
  { type: 'text[]', values: fc.array(fc.option(fc.string({ unit: 'grapheme', maxLength: 10 }).map(noNul), { nil: null }), { maxLength: 5 }), expected: same },
];

/** Dates are written as ISO text and read as it: generate the text. */
function written(typeCase: TypeCase, value: unknown): unknown {
  if (typeCase.type !== 'date') return value;
  const [y, m, d] = value as [number, number, number];
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function equal(actual: unknown, expected: unknown, float4 = false): boolean {
  if (float4 && typeof actual === 'number') return Object.is(Math.fround(actual), expected);
  if (expected instanceof PreciseDate) return actual instanceof PreciseDate && actual.equals(expected);
  if (Decimal.isDecimal(expected)) return Decimal.isDecimal(actual) && String(actual) === String(expected);
  if (typeof expected === 'number') {
    // Inside JSON, jsonb prints 4.78e+206 as its digits, read back as the bigint of the same value.
    if (typeof actual === 'bigint' || Decimal.isDecimal(actual)) return new Decimal(String(actual)).equals(String(expected));
    return Object.is(actual, expected);
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => equal(actual[i], item));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => key in actual && equal((actual as never)[key], (expected as never)[key]));
  }
  return actual === expected;
}

interface Result {
  runs: number;
  mismatches: number;
  ms: number;
  firstMismatch?: string;
}
const summary: Record<string, Record<string, Result>> = {};

afterAll(() => {
  if (process.env.PG_EXACT_RELIABILITY_SUMMARY !== '1') return;
  mkdirSync('.reliability', { recursive: true });
  const file = '.reliability/property-round-trips.json';
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), runsPerType: RUNS, seed: SEED, bindings: summary }, null, 2)}\n`);
  let total = 0;
  let mismatches = 0;
  for (const types of Object.values(summary)) {
    for (const result of Object.values(types)) {
      total += result.runs;
      mismatches += result.mismatches;
    }
  }
  console.log(`property round trips: ${total} values, ${mismatches} mismatches (${file})`);
});

for (const binding of bindings) {
  (binding.server ? describeServer : describe)(`${binding.name}: ${RUNS} random values per type round trip`, () => {
    let connection: { query: Query; close(): Promise<void> };
    beforeAll(async () => {
      connection = await binding.open(inject('conformanceUrl'));
    });
    afterAll(async () => {
      await connection?.close();
    });

    test.each(typeCases)('$type', async (typeCase) => {
      const started = Date.now();
      const { query } = connection;
      const result: Result = { runs: 0, mismatches: 0, ms: 0 };
      try {
        const seed = SEED + typeCases.indexOf(typeCase);
        const values = fc.sample(typeCase.values, { numRuns: RUNS, seed }).map((value) => written(typeCase, value));
        for (let start = 0; start < values.length; start += BATCH) {
          const batch = values.slice(start, start + BATCH);
          const rowsSql = batch.map((_, i) => `($${i + 1}::${typeCase.type}, ${i})`).join(', ');
          const rows = await query(`SELECT v, v::text AS t FROM (VALUES ${rowsSql}) AS x(v, i) ORDER BY i`, batch);
          for (let i = 0; i < batch.length; i++) {
            result.runs++;
            const row = rows[i];
            const want = typeCase.expected(batch[i], String(row?.t));
            if (!row || !equal(row.v, want, typeCase.type === 'float4')) {
              result.mismatches++;
              result.firstMismatch ??= `wrote ${show(batch[i])}, server ${String(row?.t)}, read ${show(row?.v)}`;
            }
          }
        }
      } finally {
        result.ms = Date.now() - started;
        (summary[binding.name] ??= {})[typeCase.type] = result;
      }
      expect(result.firstMismatch).toBeUndefined();
      expect(result.runs).toBe(RUNS);
    });
  });
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
