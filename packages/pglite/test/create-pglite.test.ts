// createPGlite's options handling: precedence of a user's parsers and serializers, the session
// pin, PGlite options passed through (dataDir, extensions), domains, and no mutation of what the
// caller passes in or of PGlite's module-wide defaults.
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import { live } from '@electric-sql/pglite/live';
import { Decimal, PreciseDate, sessionSettings } from '@pg-exact/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPGlite, pinnedStartParams, type ExactPGlite } from '../src/index.js';
import { render } from './render.js';

const theirs = {
  int8: (text: string) => `theirs:${text}`,
  bool: (text: string) => `theirs:${text}`,
  textArray: (text: string) => `theirs:${text}`,
  serializeInt8: () => '999',
  serializeBool: () => 'f',
  serializeText: (value: unknown) => `theirs:${String(value)}`,
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

const userOptions = deepFreeze({
  parsers: { 20: theirs.int8, 16: theirs.bool, 1009: theirs.textArray },
  serializers: { 20: theirs.serializeInt8, 16: theirs.serializeBool, 25: theirs.serializeText },
  startParams: [...PGlite.defaultStartParams, '-c', 'TimeZone=Europe/Paris', '-c', 'application_name=mine'],
  debug: 0 as const,
});
const snapshot = {
  parsers: { ...userOptions.parsers },
  serializers: { ...userOptions.serializers },
  startParams: [...userOptions.startParams],
};

let db: ExactPGlite;

beforeAll(async () => {
  // Deep-frozen: any write to the caller's options would throw here.
  db = await createPGlite(userOptions);
});

afterAll(async () => {
  await db?.close();
});

describe("a user's options", () => {
  test('are not modified', () => {
    expect(userOptions.parsers).toEqual(snapshot.parsers);
    expect(userOptions.serializers).toEqual(snapshot.serializers);
    expect(userOptions.startParams).toEqual(snapshot.startParams);
    expect(Object.keys(userOptions)).toEqual(['parsers', 'serializers', 'startParams', 'debug']);
  });

  test('parsers: ours win for codec OIDs (int8 and int8[]), theirs for the others (bool, text[])', async () => {
    const { rows } = await db.query(`SELECT 1::int8 AS i, '{1,2}'::int8[] AS ia, true AS b, '{a,b}'::text[] AS ta`);
    expect(render(rows[0])).toBe('{i: 1n, ia: [1n, 2n], b: "theirs:t", ta: "theirs:{a,b}"}');
  });

  test('serializers: ours win for codec OIDs (int8), theirs for the others (bool, text)', async () => {
    const { rows } = await db.query<{ i: string; b: boolean; t: string }>(
      'SELECT $1::int8::text AS i, $2::bool AS b, $3::text AS t',
      [5n, true, 'x'],
    );
    expect(rows[0]).toEqual({ i: '5', b: 'theirs:f', t: 'theirs:x' });
  });

  test('their parsers for array OIDs survive refreshArrayTypes(), and so do ours', async () => {
    await db.refreshArrayTypes();
    const { rows } = await db.query(`SELECT '{1}'::int8[] AS ia, '{a}'::text[] AS ta`);
    expect(render(rows[0])).toBe('{ia: [1n], ta: "theirs:{a}"}');
  });

  test('their startParams are kept, the pin wins over the same names', async () => {
    const { rows } = await db.query<{ a: string; tz: string }>(
      `SELECT current_setting('application_name') AS a, current_setting('TimeZone') AS tz`,
    );
    expect(rows[0]).toEqual({ a: 'mine', tz: 'UTC' });
  });
});

describe('the session pin', () => {
  const names = Object.keys(sessionSettings);

  test('holds every pinned setting', async () => {
    const { rows } = await db.query<{ name: string; setting: string }>(
      'SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
      [names],
    );
    expect(Object.fromEntries(rows.map((row) => [row.name, row.setting]))).toEqual(sessionSettings);
  });

  test('is a command-line setting, so RESET ALL and DISCARD ALL come back to it', async () => {
    await db.exec(`SET TimeZone = 'Asia/Kolkata'; SET DateStyle = 'SQL, DMY'; SET extra_float_digits = 0; RESET ALL`);
    await db.exec(`SET TimeZone = 'Asia/Kolkata'`);
    await db.exec('DISCARD ALL'); // alone: a multi-statement string is one implicit transaction
    const { rows } = await db.query<{ name: string; setting: string; source: string }>(
      'SELECT name, setting, source FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
      [names],
    );
    expect(Object.fromEntries(rows.map((row) => [row.name, row.setting]))).toEqual(sessionSettings);
    expect(new Set(rows.map((row) => row.source))).toEqual(new Set(['command line']));
  });

  test('pinnedStartParams appends the pin to PGlite’s defaults or to the given list', () => {
    expect(pinnedStartParams(undefined).slice(0, PGlite.defaultStartParams.length)).toEqual(PGlite.defaultStartParams);
    expect(pinnedStartParams(['--single']).slice(1)).toEqual([
      '-c', 'TimeZone=UTC', '-c', 'DateStyle=ISO, MDY', '-c', 'IntervalStyle=postgres', '-c', 'extra_float_digits=3',
    ]);
  });
});

describe('domains', () => {
  test('a domain (over a domain) over a codec type is exact after refreshArrayTypes(), also as an array', async () => {
    const dataDir = 'memory://';
    const withDomain = await createPGlite(dataDir);
    try {
      await withDomain.exec('CREATE DOMAIN amount AS numeric(40, 2); CREATE DOMAIN big_amount AS amount; CREATE TABLE d (a big_amount, b big_amount[])');
      // Created after the instance: refreshArrayTypes() picks it up, as PGlite documents for new array types;
      // domains already in a data directory are picked up at creation (data-dir.test.ts).
      await withDomain.refreshArrayTypes();
      await withDomain.query('INSERT INTO d VALUES ($1, $2)', [new Decimal('12345678901234567890.25'), [new Decimal('1.5'), null]]);
      const { rows } = await withDomain.query('SELECT a, b, a::text AS at, b::text AS bt FROM d');
      expect(render(rows[0])).toBe(
        '{a: Decimal(12345678901234567890.25), b: [Decimal(1.50), null], at: "12345678901234567890.25", bt: "{1.50,NULL}"}',
      );
    } finally {
      await withDomain.close();
    }
  });

  test('a parameter of a type PGlite has no serializer for is written by its JS type, not String(value)', async () => {
    await db.exec(`CREATE DOMAIN stamp AS timestamptz; CREATE TYPE mood AS ENUM ('ok', 'sad')`);
    const at = new PreciseDate('2024-03-10T01:59:59.123456Z');
    const { rows } = await db.query<{ s: string; m: string }>('SELECT $1::stamp::text AS s, $2::mood::text AS m', [at, 'sad']);
    expect(rows[0]).toEqual({ s: '2024-03-10 01:59:59.123456+00', m: 'sad' });
  });
});

describe('PGlite options pass through', () => {
  test('createPGlite({ extensions }) loads them and types them', async () => {
    const withLive = await createPGlite({ extensions: { live } });
    try {
      await withLive.exec('CREATE TABLE l (id int8, n numeric); INSERT INTO l VALUES (9007199254740993, 1.10)');
      const query = await withLive.live.query('SELECT id, n FROM l', [], () => {});
      expect(render(query.initialResults.rows)).toBe('[{id: 9007199254740993n, n: Decimal(1.10)}]');
      await query.unsubscribe();
    } finally {
      await withLive.close();
    }
  });
});

describe("PGlite's module-wide defaults", () => {
  test('changing them (types.parsers / types.serializers) changes nothing for an exact instance', async () => {
    const parsers = types.parsers as Record<number, (text: string) => unknown>;
    const serializers = types.serializers as Record<number, (value: unknown) => string>;
    const saved = { parse20: parsers[20], parse1184: parsers[1184], serialize20: serializers[20] };
    parsers[20] = Number;
    parsers[1184] = (text) => new Date(text);
    serializers[20] = () => '0';
    try {
      const options: PGliteOptions = {};
      const fresh = await createPGlite(options);
      try {
        for (const instance of [db, fresh]) {
          const { rows } = await instance.query(
            `SELECT 9007199254740993::int8 AS i, '2024-03-10 01:59:59.123456+00'::timestamptz AS t, $1::int8::text AS w`,
            [7n],
          );
          expect(render(rows[0])).toBe('{i: 9007199254740993n, t: PreciseDate(2024-03-10T01:59:59.123456Z), w: "7"}');
        }
      } finally {
        await fresh.close();
      }
    } finally {
      parsers[20] = saved.parse20!;
      parsers[1184] = saved.parse1184!;
      serializers[20] = saved.serialize20!;
    }
  });
});
