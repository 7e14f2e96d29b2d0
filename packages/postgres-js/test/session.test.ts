// The session pin and what survives a user's own session changes: startup parameters (also on a
// database whose default TimeZone is not UTC), a mid-session SET TIME ZONE for reads and for Date
// writes (baseline 5e), transactions, savepoints, reserved connections, sql.file, listen/notify,
// and the process-wide or neighbouring settings that must change nothing for us.
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgExactValueError, PreciseDate } from '@pg-exact/core';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { createSql, exactOptions, recoverValueError } from '../src/index.js';
import {
  type AnySql,
  createScratchSchema,
  databaseUrl,
  inferTrue,
  isPostgresJs4,
  openSql,
  type ScratchSchema,
  tag,
  typesFromValues,
  type Variant,
} from './helpers.js';

const variants: Variant[] = ['exactOptions', 'createSql'];
const NOON_UTC = new Date('2024-03-10T12:00:00Z');
const LATE_UTC = new PreciseDate('2024-03-10T20:00:00.000001Z'); // already 2024-03-11 east of UTC+4

async function pinnedSettings(sql: AnySql): Promise<Record<string, string>> {
  const rows = await sql`
    SELECT name, setting || ':' || source AS v FROM pg_settings
     WHERE name IN ('TimeZone', 'DateStyle', 'IntervalStyle', 'extra_float_digits', 'application_name')`;
  return Object.fromEntries(rows.map((r) => [r.name as string, r.v as string]));
}

describeServer.each(variants)('the session pin, %s', (variant) => {
  test('TimeZone, DateStyle, IntervalStyle and extra_float_digits are startup parameters (source: client)', async () => {
    const sql = openSql(variant);
    try {
      expect(await pinnedSettings(sql)).toEqual({
        TimeZone: 'UTC:client',
        DateStyle: 'ISO, MDY:client',
        IntervalStyle: 'postgres:client',
        extra_float_digits: '3:client',
        application_name: 'postgres.js:client',
      });
      expect(sql.parameters.TimeZone).toBe('UTC'); // postgres.js's own view of the session
    } finally {
      await sql.end();
    }
  });

  test('the pin wins over a database whose default TimeZone is not UTC', async () => {
    const url = inject('conformanceUrl');
    const vanilla = postgres(url, { max: 1 });
    const sql = variant === 'createSql' ? createSql(url, { max: 1 }) : postgres(url, exactOptions({ max: 1 }));
    try {
      const [plain] = await vanilla`SELECT current_setting('TimeZone') AS zone`;
      const [pinned] = await sql`SELECT current_setting('TimeZone') AS zone, '2024-03-10 01:59:59.123456+00'::timestamptz AS t`;
      expect(plain!.zone).toBe('Asia/Kathmandu');
      expect(tag(pinned)).toEqual({ zone: 'string:UTC', t: 'PreciseDate:2024-03-10T01:59:59.123456Z' });
    } finally {
      await Promise.all([vanilla.end(), sql.end()]);
    }
  });

  test('your own connection parameters are kept, and win over the pin for the same name', async () => {
    const sql = openSql(variant, undefined, { connection: { application_name: 'mine', TimeZone: 'Asia/Kolkata', DateStyle: undefined } });
    try {
      const settings = await pinnedSettings(sql);
      expect(settings).toMatchObject({ application_name: 'mine:client', TimeZone: 'Asia/Kolkata:client', DateStyle: 'ISO, MDY:client' });
      const [row] = await sql`SELECT '2024-03-10 01:59:59.123456+00'::timestamptz AS t, '2024-03-10 01:59:59.123456+00'::timestamptz::text AS text`;
      expect(row!.text).toBe('2024-03-10 07:29:59.123456+05:30');
      expect(tag(row!.t)).toBe('PreciseDate:2024-03-10T01:59:59.123456Z');
    } finally {
      await sql.end();
    }
  });
  test("pin: 'pooler' sends only TimeZone and DateStyle (what PgBouncer accepts and tracks); see test/reliability/pgbouncer.test.ts", async () => {
    const sql = openSql(variant, undefined, { pin: 'pooler' });
    try {
      const settings = await pinnedSettings(sql);
      expect(settings).toMatchObject({ TimeZone: 'UTC:client', DateStyle: 'ISO, MDY:client', extra_float_digits: '1:default' });
      expect(settings.IntervalStyle).not.toMatch(/:client/);
    } finally {
      await sql.end();
    }
    expect(() => exactOptions({ pin: 'sometimes' as never })).toThrow(/pin must be 'startup', 'pooler' or false/);
  });

  test("connection: { extra_float_digits: '' } leaves it out of the startup packet (for a PgBouncer that refuses it)", async () => {
    const sql = openSql(variant, undefined, { connection: { extra_float_digits: '' } });
    try {
      const settings = await pinnedSettings(sql);
      expect(settings.extra_float_digits).toBe('1:default'); // PostgreSQL 12+: shortest exact float text already
      expect(settings.TimeZone).toBe('UTC:client');
      const [row] = await sql`SELECT 0.1::float8 + 0.2::float8 AS f, 1.1::float4 AS r`;
      expect(tag(row)).toEqual({ f: 'number:0.30000000000000004', r: 'number:1.1' });
    } finally {
      await sql.end();
    }
  });
});

describeServer.each(variants)("a user's mid-session SET TIME ZONE, %s", (variant) => {
  // 4's infer: true types parameters from JS values as 3 does (a Date as timestamptz).
  describe.each([['defaults', {}], ['infer: true', inferTrue]] as const)('%s', (_label, options) => {
    let sql: AnySql;
    let scratch: ScratchSchema;

    beforeAll(async () => {
      scratch = await createScratchSchema();
      sql = openSql(variant, scratch.name, options);
      await scratch.raw.query(`CREATE TABLE ${scratch.name}.t (id serial, ts timestamp, tz timestamptz, d date)`);
    });

    afterAll(async () => {
      await sql?.end();
      await scratch?.drop();
    });

    const stored = async (id: number) =>
      (await scratch.raw.query(`SELECT ts::text AS ts, tz::text AS tz, d::text AS d FROM ${scratch.name}.t WHERE id = $1`, [id])).rows[0];

    test.each(['Asia/Kolkata', 'Asia/Shanghai', 'America/St_Johns'])('under %s, timestamptz reads as the stored instant, µs kept', async (zone) => {
      await sql.unsafe(`SET TIME ZONE '${zone}'`);
      try {
        const [row] = await sql`
          SELECT t, t::text AS text, ARRAY[t, t + interval '1 microsecond'] AS ts, current_setting('TimeZone') AS zone
            FROM (SELECT '2024-03-10 01:59:59.123456+00'::timestamptz AS t) s`;
        expect(row!.zone).toBe(zone);
        expect(row!.text).not.toMatch(/\+00$/); // the server really printed another offset
        expect(tag(row!.t)).toBe('PreciseDate:2024-03-10T01:59:59.123456Z');
        expect(tag(row!.ts)).toEqual(['PreciseDate:2024-03-10T01:59:59.123456Z', 'PreciseDate:2024-03-10T01:59:59.123457Z']);
      } finally {
        await sql`RESET TIME ZONE`;
      }
    });

    test.each(['Asia/Kolkata', 'Asia/Shanghai'])('under %s, typed Date parameters store the UTC wall clock and UTC date', async (zone) => {
      await sql.unsafe(`SET TIME ZONE '${zone}'`);
      try {
        const [row] = await sql`
          INSERT INTO t (ts, tz, d) VALUES (${sql.types.timestamp(LATE_UTC)}, ${sql.types.timestamptz(LATE_UTC)}, ${sql.types.date(LATE_UTC)})
          RETURNING id, ts, tz`;
        expect(await stored(row!.id)).toEqual({ ts: '2024-03-10 20:00:00.000001', tz: '2024-03-10 20:00:00.000001+00', d: '2024-03-10' });
        expect(tag({ ts: row!.ts, tz: row!.tz })).toEqual({
          ts: 'PreciseDate:2024-03-10T20:00:00.000001Z',
          tz: 'PreciseDate:2024-03-10T20:00:00.000001Z',
        });
      } finally {
        await sql`RESET TIME ZONE`;
      }
    });

    if (variant === 'createSql') {
      test.each(['Asia/Kolkata', 'Asia/Shanghai'])('5e: under %s, plain Date parameters store the UTC wall clock and UTC date', async (zone) => {
        await sql.unsafe(`SET TIME ZONE '${zone}'`);
        try {
          const viaTemplate = await sql`INSERT INTO t (ts, tz, d) VALUES (${LATE_UTC}, ${LATE_UTC}, ${LATE_UTC}) RETURNING id`;
          const viaHelper = await sql`INSERT INTO t ${sql({ ts: NOON_UTC, tz: NOON_UTC, d: NOON_UTC })} RETURNING id`;
          // One untyped $n cannot serve columns of different types (the server deduces one type per $n).
          const viaUnsafe = await sql.unsafe('INSERT INTO t (ts, tz, d) VALUES ($1, $2, $3) RETURNING id', [LATE_UTC, LATE_UTC, LATE_UTC]);
          expect(await stored(viaTemplate[0]!.id)).toEqual({ ts: '2024-03-10 20:00:00.000001', tz: '2024-03-10 20:00:00.000001+00', d: '2024-03-10' });
          expect(await stored(viaHelper[0]!.id)).toEqual({ ts: '2024-03-10 12:00:00', tz: '2024-03-10 12:00:00+00', d: '2024-03-10' });
          expect(await stored(viaUnsafe[0]!.id)).toEqual({ ts: '2024-03-10 20:00:00.000001', tz: '2024-03-10 20:00:00.000001+00', d: '2024-03-10' });
        } finally {
          await sql`RESET TIME ZONE`;
        }
      });

      test('a Date parameter is never typed timestamptz: the server decides (in a select list: text)', async () => {
        const typeOf = async (query: PromiseLike<readonly { t?: unknown }[]>) => (await query)[0]!.t;
        expect(await typeOf(sql`SELECT pg_typeof(x)::text AS t FROM (SELECT ${NOON_UTC} AS x) s`)).toBe('text');
        expect(await typeOf(sql`SELECT pg_typeof(x)::text AS t FROM (SELECT ${sql({ x: NOON_UTC })}) s`)).toBe('text');
        expect(await typeOf(sql.unsafe('SELECT pg_typeof(x)::text AS t FROM (SELECT $1 AS x) s', [NOON_UTC]))).toBe('text');
      });
    } else {
      test('with exactOptions() alone a plain Date: timestamptz where postgres.js types values (the server converts it by the session TimeZone), else exact', async () => {
        // The documented limit of postgres.js 3, and 4 with infer: true: a Date is typed timestamptz,
        // and timestamp and date columns get the wall clock and date in the session TimeZone. Use
        // sql.types.timestamp/date, or createSql(). postgres.js 4 by default lets the server type it.
        const typed = await typesFromValues(sql);
        expect(typed).toBe(!isPostgresJs4(sql) || options === inferTrue);
        await sql`SET TIME ZONE 'Asia/Shanghai'`;
        try {
          const [row] = await sql`INSERT INTO t (ts, tz, d) VALUES (${NOON_UTC}, ${NOON_UTC}, ${LATE_UTC}) RETURNING id`;
          expect(await stored(row!.id)).toEqual(
            typed
              ? { ts: '2024-03-10 20:00:00', tz: '2024-03-10 12:00:00+00', d: '2024-03-11' }
              : { ts: '2024-03-10 12:00:00', tz: '2024-03-10 12:00:00+00', d: '2024-03-10' },
          );
        } finally {
          await sql`RESET TIME ZONE`;
        }
      });
    }
  });
});

describeServer.each(variants)('transactions and other entry points, %s', (variant) => {
  let sql: AnySql;
  let scratch: ScratchSchema;

  beforeAll(async () => {
    scratch = await createScratchSchema();
    sql = openSql(variant, scratch.name, { max: 2 });
    await scratch.raw.query(`CREATE TABLE ${scratch.name}.x (id serial, ts timestamp, n int8, v numeric)`);
  });

  afterAll(async () => {
    await sql?.end();
    await scratch?.drop();
  });

  const all = async () =>
    (await scratch.raw.query(`SELECT ts::text AS ts, n::text AS n, v::text AS v FROM ${scratch.name}.x ORDER BY id`)).rows;

  // Under SET LOCAL TIME ZONE, only createSql() stores a plain Date's UTC wall clock; the typed
  // helper does so in both.
  const date = (tx: Pick<AnySql, 'types'>) => (variant === 'createSql' ? NOON_UTC : tx.types.timestamp(NOON_UTC));

  test('sql.begin, a savepoint, and its inner sql keep exact parsing and writing', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    const result = await sql.begin(async (tx) => {
      await tx`SET LOCAL TIME ZONE 'Asia/Kolkata'`;
      await tx`INSERT INTO x (ts, n) VALUES (${date(tx) as never}, ${9007199254740993n})`;
      await tx.savepoint(async (sp) => {
        await sp.unsafe('INSERT INTO x (ts, n) VALUES ($1, $2)', [date(sp) as never, -(2n ** 63n)]);
      });
      await tx
        .savepoint(async (sp) => {
          await sp`INSERT INTO x (n) VALUES (${1n})`;
          throw new Error('roll back this savepoint');
        })
        .catch(() => undefined);
      return tx`SELECT n, ts, current_setting('TimeZone') AS zone FROM x ORDER BY id`;
    });
    expect(tag([...result])).toEqual([
      { n: 'bigint:9007199254740993', ts: 'PreciseDate:2024-03-10T12:00:00.000000Z', zone: 'string:Asia/Kolkata' },
      { n: 'bigint:-9223372036854775808', ts: 'PreciseDate:2024-03-10T12:00:00.000000Z', zone: 'string:Asia/Kolkata' },
    ]);
    expect(await all()).toEqual([
      { ts: '2024-03-10 12:00:00', n: '9007199254740993', v: null },
      { ts: '2024-03-10 12:00:00', n: '-9223372036854775808', v: null },
    ]);
  });

  test('sql.begin with options and an array of queries', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    const [, rows] = await sql.begin('read write', (tx) => [
      tx`INSERT INTO x (n) VALUES (${2n ** 62n})`,
      tx`SELECT n FROM x`,
    ]);
    expect(tag([...(rows as object[])])).toEqual([{ n: 'bigint:4611686018427387904' }]);
  });

  test('a throwing sql.begin callback rolls back', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    await expect(
      sql.begin(async (tx) => {
        await tx`INSERT INTO x (n) VALUES (${1n})`;
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(await all()).toEqual([]);
  });

  test('a refused value caught inside sql.begin: nothing commits, and the transaction rejects with it', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    const outcome = await sql
      .begin(async (tx) => {
        await tx`INSERT INTO x (n) VALUES (${1n})`;
        await tx`INSERT INTO x (n) VALUES (${2n ** 64n})`.catch(() => undefined);
        return 'returned';
      })
      .then(
        (value) => value,
        (error: unknown) => error,
      );
    // postgres.js rejects a transaction with the error of a query in it that failed, caught or not.
    const error = variant === 'createSql' ? outcome : recoverValueError(outcome);
    expect(error).toBeInstanceOf(PgExactValueError);
    expect((error as PgExactValueError).path).toBe('$1');
    expect(await all()).toEqual([]);
  });

  test('a nested sql.begin (postgres.js 4: a savepoint) hands out an exact sql too', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    await sql.begin(async (tx) => {
      await tx`SET LOCAL TIME ZONE 'Asia/Kolkata'`;
      // postgres.js 3 has no begin on a transaction's sql; its savepoint is the same thing.
      const scope = tx as unknown as { begin?: typeof tx.savepoint; savepoint: typeof tx.savepoint };
      const nested = (scope.begin ?? scope.savepoint).bind(tx);
      await nested(async (inner: typeof tx) => {
        await inner`INSERT INTO x (ts, n) VALUES (${date(inner) as never}, ${9007199254740993n})`;
        const [row] = await inner`SELECT n, ts FROM x`;
        expect(tag(row)).toEqual({ n: 'bigint:9007199254740993', ts: 'PreciseDate:2024-03-10T12:00:00.000000Z' });
      });
    });
    expect(await all()).toEqual([{ ts: '2024-03-10 12:00:00', n: '9007199254740993', v: null }]);
  });

  test('the promises of sql.begin and sql.reserve keep their own methods (postgres.js 4: cancel, signal)', async () => {
    const vanilla = postgres(databaseUrl, exactOptions({ max: 1, onnotice: () => undefined }));
    try {
      const plainBegin = vanilla.begin(async () => 1);
      const ownBegin = sql.begin(async () => 2);
      expect(Object.keys(ownBegin).sort()).toEqual(Object.keys(plainBegin).sort());
      expect(await Promise.all([plainBegin, ownBegin])).toEqual([1, 2]);
      const plainReserve = vanilla.reserve();
      const ownReserve = sql.reserve();
      expect(Object.keys(ownReserve).sort()).toEqual(Object.keys(plainReserve).sort());
      (await plainReserve).release();
      const signalled = 'signal' in ownReserve ? (ownReserve as unknown as { signal(s: AbortSignal): typeof ownReserve }).signal(AbortSignal.timeout(5000)) : ownReserve;
      expect(signalled).toBe(ownReserve);
      const reserved = await signalled;
      try {
        const [row] = await reserved`SELECT ${9007199254740993n}::int8 AS n`;
        expect(tag(row)).toEqual({ n: 'bigint:9007199254740993' });
        expect(reserved.unsafe).toBe(reserved.unsafe); // the wrapped sql, whose helpers are stable
      } finally {
        reserved.release();
      }
    } finally {
      await vanilla.end();
    }
  });

  test('sql.reserve() hands out a connection with the same parsing and writing', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    const reserved = await sql.reserve();
    try {
      await reserved`SET TIME ZONE 'Asia/Shanghai'`;
      await reserved`INSERT INTO x (ts) VALUES (${date(reserved) as never})`;
      const [row] = await reserved`SELECT ts, '2024-03-10 01:59:59.123456+00'::timestamptz AS tz FROM x`;
      expect(tag(row)).toEqual({ ts: 'PreciseDate:2024-03-10T12:00:00.000000Z', tz: 'PreciseDate:2024-03-10T01:59:59.123456Z' });
      await reserved`RESET TIME ZONE`;
    } finally {
      reserved.release();
    }
    expect(await all()).toEqual([{ ts: '2024-03-10 12:00:00', n: null, v: null }]);
  });

  test('sql.file(path, params)', async () => {
    await scratch.raw.query(`TRUNCATE ${scratch.name}.x`);
    const path = join(tmpdir(), `pgx-postgresjs-${process.pid}-${variant}.sql`);
    await writeFile(path, 'INSERT INTO x (n, v) VALUES ($1, $2) RETURNING n, v');
    try {
      const rows = await sql.file(path, [9007199254740993n, '12345678901234567890.123456789012345678']);
      expect(tag([...rows])).toEqual([{ n: 'bigint:9007199254740993', v: 'Decimal:12345678901234567890.123456789012345678' }]);
    } finally {
      await rm(path, { force: true });
    }
  });

  test('the wrapped sql keeps postgres.js\'s API: identity of helpers, options, listen/notify', async () => {
    expect(typeof sql).toBe('function');
    expect(sql.unsafe).toBe(sql.unsafe);
    expect(sql.begin).toBe(sql.begin);
    expect(typeof sql.json).toBe('function');
    expect(sql.options.max).toBe(2);
    const heard = new Promise<string>((resolve) => {
      void sql.listen('pgx_postgresjs_channel', resolve);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sql.notify('pgx_postgresjs_channel', 'hello');
    expect(await heard).toBe('hello');
  });
});

describe('settings outside our sql change nothing for it', () => {
  describeServer('with a server', () => {
    test("pg's process-wide setTypeParser(20, Number) and a neighbouring vanilla postgres() instance", async () => {
      const before = pg.types.getTypeParser(20);
      // eslint-disable-next-line no-restricted-syntax -- the point of the test: a global change elsewhere; restored below
      pg.types.setTypeParser(20, Number);
      const vanilla = postgres(databaseUrl, { max: 1, types: { bigint: postgres.BigInt } });
      const exact = openSql('createSql');
      const alone = openSql('exactOptions');
      try {
        const query = 'SELECT 9007199254740993::int8 AS i, now() AS t, 1.50::numeric AS n';
        const [v] = await vanilla.unsafe(query);
        const [e] = await exact.unsafe(query);
        const [a] = await alone.unsafe(query);
        expect([typeof v!.i, v!.t.constructor.name, typeof v!.n]).toEqual(['bigint', 'Date', 'string']);
        for (const row of [e!, a!]) {
          expect([typeof row.i, row.t.constructor.name, tag(row.n)]).toEqual(['bigint', 'PreciseDate', 'Decimal:1.50']);
        }
      } finally {
        // eslint-disable-next-line no-restricted-syntax -- restoring the global parser changed above
        pg.types.setTypeParser(20, before);
        await Promise.all([vanilla.end(), exact.end(), alone.end()]);
      }
    });
  });
});
