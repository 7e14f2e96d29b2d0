// The PGlite rows of the baseline trap matrix (shared/research/baseline-matrix.md), each
// asserting the exact result where vanilla PGlite 0.5.16 was lossy or shifted.
import { PreciseDate } from '@pg-exact/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createPGlite, type ExactPGlite } from '../src/index.js';
import { render } from './render.js';

let db: ExactPGlite;

beforeAll(async () => {
  db = await createPGlite();
});

afterAll(async () => {
  await db?.close();
});

/** Makes table `name` with one column `v` of `type` holding `literal` (or nothing). */
async function table(name: string, type: string, literal?: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${name}; CREATE TABLE ${name} (v ${type})`);
  if (literal !== undefined) await db.exec(`INSERT INTO ${name} VALUES ('${literal}')`);
}

async function readColumn(name: string): Promise<string> {
  const { rows } = await db.query<{ v: unknown }>(`SELECT v FROM ${name}`);
  return render(rows[0]?.v);
}

async function storedText(name: string): Promise<string> {
  const { rows } = await db.query<{ t: string }>(`SELECT v::text AS t FROM ${name}`);
  return rows[0]?.t ?? '(no row)';
}

async function inShanghai<T>(run: () => Promise<T>): Promise<T> {
  await db.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  try {
    return await run();
  } finally {
    await db.exec('RESET TimeZone');
  }
}

const localMidnight = new Date(2024, 0, 1);

const rows: Array<[string, string, () => Promise<string>, string]> = [
  ['1e', 'int8 1 (small, column read) is a bigint', async () => {
    await table('b1e', 'int8', '1');
    return readColumn('b1e');
  }, '1n'],
  ['3c', 'BigInt inside jsonb is stored as a number, not a string', async () => {
    await table('b3c', 'jsonb');
    await db.query('INSERT INTO b3c VALUES ($1)', [{ big: 12345678901234567890n }]);
    return storedText('b3c');
  }, '{"big": 12345678901234567890}'],
  ['5a', "timestamp '2024-03-10 12:00:00' reads as 12:00Z in every process TZ", async () => {
    await table('b5a', 'timestamp', '2024-03-10 12:00:00');
    return readColumn('b5a');
  }, 'PreciseDate(2024-03-10T12:00:00.000000Z)'],
  ['5b', 'Date(2024-03-10T12:00Z) → timestamp stores the UTC wall clock', async () => {
    await table('b5b', 'timestamp');
    await db.query('INSERT INTO b5b VALUES ($1)', [new Date('2024-03-10T12:00:00Z')]);
    return storedText('b5b');
  }, '2024-03-10 12:00:00'],
  ['5c', "SET TIME ZONE 'Asia/Shanghai': timestamptz read keeps µs and the instant", async () => {
    await table('b5c', 'timestamptz', '2024-03-10 01:59:59.123456+00');
    return inShanghai(() => readColumn('b5c'));
  }, 'PreciseDate(2024-03-10T01:59:59.123456Z)'],
  ['5d', "SET TIME ZONE 'Asia/Shanghai': Date → timestamptz is the same instant", async () => {
    await table('b5d', 'timestamptz');
    return inShanghai(async () => {
      await db.query('INSERT INTO b5d VALUES ($1)', [new Date('2024-03-10T01:59:59.123Z')]);
      return storedText('b5d');
    });
  }, '2024-03-10 09:59:59.123+08'],
  ['5e', "SET TIME ZONE 'Asia/Shanghai': Date → timestamp stores the UTC wall clock", async () => {
    await table('b5e', 'timestamp');
    return inShanghai(async () => {
      await db.query('INSERT INTO b5e VALUES ($1)', [new Date('2024-03-10T12:00:00Z')]);
      return storedText('b5e');
    });
  }, '2024-03-10 12:00:00'],
  ['6a', "date '2024-01-01' reads as that text in every process TZ", async () => {
    await table('b6a', 'date', '2024-01-01');
    return readColumn('b6a');
  }, '"2024-01-01"'],
  ['6b', 'new Date(2024,0,1) (local midnight) → date stores its UTC calendar date', async () => {
    await table('b6b', 'date');
    await db.query('INSERT INTO b6b VALUES ($1)', [localMidnight]);
    return storedText('b6b');
  }, localMidnight.toISOString().slice(0, 10)],
  ['6c', "new Date('2024-01-01') (UTC midnight) → date stores 2024-01-01 in every process TZ", async () => {
    await table('b6c', 'date');
    await db.query('INSERT INTO b6c VALUES ($1)', [new Date('2024-01-01')]);
    return storedText('b6c');
  }, '2024-01-01'],
  ['7a', "'infinity'::timestamptz (column read)", async () => {
    await table('b7a', 'timestamptz', 'infinity');
    const { rows } = await db.query<{ v: PreciseDate }>('SELECT v FROM b7a');
    return `${rows[0]?.v instanceof PreciseDate} ${rows[0]?.v.getTime()} ${rows[0]?.v === PreciseDate.POSITIVE_INFINITY}`;
  }, 'true Infinity true'],
  ['7b', "'-infinity'::timestamptz (column read)", async () => {
    await table('b7b', 'timestamptz', '-infinity');
    const { rows } = await db.query<{ v: PreciseDate }>('SELECT v FROM b7b');
    return `${rows[0]?.v instanceof PreciseDate} ${rows[0]?.v.getTime()} ${rows[0]?.v === PreciseDate.NEGATIVE_INFINITY}`;
  }, 'true -Infinity true'],
  ['7c', "'4713-01-01 BC'::date (column read)", async () => {
    await table('b7c', 'date', '4713-01-01 BC');
    return readColumn('b7c');
  }, '"4713-01-01 BC"'],
  ['9a', 'numeric[] {1.1, BIG}', async () => {
    await table('b9a', 'numeric[]', '{1.1,12345678901234567890.123456789012345678}');
    return readColumn('b9a');
  }, '[Decimal(1.1), Decimal(12345678901234567890.123456789012345678)]'],
  ['9b', 'int8[] {2^53+1, -2^63}', async () => {
    await table('b9b', 'int8[]', '{9007199254740993,-9223372036854775808}');
    return readColumn('b9b');
  }, '[9007199254740993n, -9223372036854775808n]'],
  ['9c', "timestamptz[] {'2024-03-10 01:59:59.123456+00'}", async () => {
    await table('b9c', 'timestamptz[]', '{"2024-03-10 01:59:59.123456+00"}');
    return readColumn('b9c');
  }, '[PreciseDate(2024-03-10T01:59:59.123456Z)]'],
];

test.each(rows)('%s: %s', async (_id, _title, run, expected) => {
  expect(await run()).toBe(expected);
});
