// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { randomBytes } from 'node:crypto';
import { presets } from '@pg-exact/core';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { ensureDatabase } from '../../../test/support/server.js';
import { Migrator, NO_MIGRATIONS, type Migration, type MigratorInstance } from '../../../test/support/kysely-migration.js';
import { migrationPresets, presetMigrations, presetToMigration, type PresetMigration } from '../src/migration-presets.js';

interface Scratch {
  readonly db: Kysely<any>;
  readonly schema: string;
  /** Every SQL text Kysely sent. */
  readonly sent: string[];
  close(): Promise<void>;
}

const opened: Scratch[] = [];

// Kysely's Migrator introspects every schema of its database (pg_get_serial_sequence by name) and
// fails with 3F000 when another suite drops a schema at that moment: this file has a database of its own.
let ownDatabase: Promise<string> | undefined;
const databaseUrl = () => (ownDatabase ??= ensureDatabase('pg_exact_kysely_migrations'));

/** A vanilla Kysely (PostgresDialect over pg.Pool) and a fresh schema, dropped in afterEach. */
async function open(max = 3): Promise<Scratch> {
  const schema = `pgx_kypresets_${randomBytes(4).toString('hex')}`;
  const sent: string[] = [];
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await databaseUrl(), max }) }),
    log: (event) => {
      sent.push(event.query.sql);
    },
  });
  await sql`create schema ${sql.id(schema)}`.execute(db);
  const scratch: Scratch = {
    db,
    schema,
    sent,
    async close() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    },
  };
  opened.push(scratch);
  return scratch;
}

afterEach(async () => {
  for (const scratch of opened.splice(0)) await scratch.close();
});

function migratorFor(s: Scratch, migrations: Record<string, Migration>, extra: { disableTransactions?: boolean } = {}): MigratorInstance {
  return new Migrator({
    db: s.db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: s.schema,
    ...extra,
  });
}

async function run(s: Scratch, text: string): Promise<void> {
  await sql.raw(text).execute(s.db);
}

async function rows(s: Scratch, query: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(query).execute(s.db)).rows;
}

/** format_type of the column and its attidentity. */
async function columnOf(s: Scratch, table: string, column: string): Promise<{ type: string; identity: string; default: string | null }> {
  const { rows: found } = await sql<{ type: string; identity: string; default: string | null }>`
    select format_type(a.atttypid, a.atttypmod) as type, a.attidentity as identity,
           pg_get_expr(d.adbin, d.adrelid) as default
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = ${`${quote(s.schema)}.${quote(table)}`}::regclass and a.attname = ${column}`.execute(s.db);
  const row = found[0];
  if (!row) throw new Error(`no column ${table}.${column}`);
  return row;
}

/** The data type of the column's serial/identity sequence. */
async function sequenceType(s: Scratch, table: string, column: string): Promise<string | null> {
  const { rows: found } = await sql<{ type: string | null }>`
    select (select format_type(seqtypid, null) from pg_sequence
             where seqrelid = pg_get_serial_sequence(${`${quote(s.schema)}.${quote(table)}`}, ${column})::regclass) as type`.execute(s.db);
  return found[0]?.type ?? null;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Inserts a row with default id and returns the id as text. */
async function nextId(s: Scratch, table: string, values = "default values"): Promise<string> {
  const found = await rows(s, `insert into ${quote(s.schema)}.${quote(table)} ${values} returning id::text as id`);
  return String(found[0]?.id);
}

describe('migrationPresets (no server)', () => {
  it('returns PresetMigrations carrying the core preset SQL', () => {
    const options = { schema: 's', table: 'Order Items', column: 'id', lockTimeout: '2s' };
    const migration = migrationPresets.serialToIdentity({ ...options, always: true });
    expect(migration.sql).toEqual(presets.serialToIdentity({ ...options, always: true }));
    expect(migration.name).toBe('serial_to_identity_order_items_id');
    expect(migration.reversible).toBe(true);
    expect(typeof migration.up).toBe('function');
    expect(typeof migration.down).toBe('function');
    expect(migrationPresets.resyncSequence(options).reversible).toBe(false);
    for (const key of Object.keys(presets)) expect(Object.keys(migrationPresets)).toContain(key);
  });

  it('validates options like the core presets', () => {
    expect(() => migrationPresets.jsonToJsonb({ table: 't', column: 'c', bogus: 1 } as any)).toThrow(TypeError);
    expect(() => migrationPresets.timestampToTimestamptz({ table: 't', column: 'c' } as any)).toThrow(/fromZone/);
    expect(() => migrationPresets.floatToNumeric({ table: 't', column: 'c', scale: 2 })).toThrow(/scale/);
  });

  it('presetMigrations keys sort in list order and accept core PresetSql', () => {
    const record = presetMigrations([
      migrationPresets.serialToIdentity({ table: 'orders', column: 'id' }),
      presets.int4ToInt8({ table: 'orders', column: 'id' }),
      migrationPresets.floatToNumeric({ table: 'a', column: 'b' }),
    ]);
    expect(Object.keys(record)).toEqual([
      'pgx_001_serial_to_identity_orders_id',
      'pgx_002_int4_to_int8_orders_id',
      'pgx_003_float_to_numeric_a_b',
    ]);
    expect(Object.keys(record).sort()).toEqual(Object.keys(record));
    expect(record['pgx_002_int4_to_int8_orders_id']?.sql).toEqual(presets.int4ToInt8({ table: 'orders', column: 'id' }));
    expect(Object.keys(presetMigrations([presets.jsonToJsonb({ table: 't', column: 'c' })], { prefix: '2025_06_01' }))).toEqual([
      '2025_06_01_001_json_to_jsonb_t_c',
    ]);
    expect(() => presetMigrations([{} as any])).toThrow(TypeError);
  });

  it('the down of an irreversible preset rejects with a clear Error', async () => {
    const migration = migrationPresets.resyncSequence({ table: 't', column: 'id' });
    await expect(migration.down({} as Kysely<any>)).rejects.toThrow(/resync_sequence_t_id cannot be reversed/);
  });

  it('presetToMigration rejects what is not a preset', () => {
    expect(() => presetToMigration({ name: 'x', up: 1 } as any)).toThrow(TypeError);
  });
});

describeServer('migrationPresets with Kysely Migrator (server)', () => {
  it('serialToIdentity keeps values and the next id; a second migrateToLatest is a no-op; down restores serial', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}."Orders" (id serial primary key, v text)`);
    await run(s, `insert into ${quote(s.schema)}."Orders" (v) values ('a'), ('b'), ('c')`);
    await run(s, `delete from ${quote(s.schema)}."Orders" where id = 3`); // sequence ahead of max(id)
    const migrations = presetMigrations([migrationPresets.serialToIdentity({ schema: s.schema, table: 'Orders', column: 'id' })]);
    const migrator = migratorFor(s, migrations);

    const first = await migrator.migrateToLatest();
    expect(first.error).toBeUndefined();
    expect(first.results).toEqual([{ migrationName: 'pgx_001_serial_to_identity_orders_id', direction: 'Up', status: 'Success' }]);
    expect(await columnOf(s, 'Orders', 'id')).toEqual({ type: 'integer', identity: 'd', default: null });
    expect(await rows(s, `select id, v from ${quote(s.schema)}."Orders" order by id`)).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
    expect(await nextId(s, 'Orders')).toBe('4');

    const second = await migrator.migrateToLatest();
    expect(second.error).toBeUndefined();
    expect(second.results).toEqual([]);

    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results).toEqual([{ migrationName: 'pgx_001_serial_to_identity_orders_id', direction: 'Down', status: 'Success' }]);
    const column = await columnOf(s, 'Orders', 'id');
    expect(column.identity).toBe('');
    expect(column.type).toBe('integer');
    expect(column.default).toMatch(/^nextval\(/);
    expect(await nextId(s, 'Orders')).toBe('5');
    expect(await rows(s, `select count(*)::int as n from ${quote(s.schema)}."Orders"`)).toEqual([{ n: 4 }]);
  });

  it('resyncSequence moves the sequence to max(id); its down fails through the Migrator and changes nothing', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.t (id bigserial primary key, v text)`);
    await run(s, `insert into ${quote(s.schema)}.t (id, v) select g, 'x' from generate_series(1, 10) g`);
    const migrations = presetMigrations([migrationPresets.resyncSequence({ schema: s.schema, table: 't', column: 'id' })]);
    const migrator = migratorFor(s, migrations);

    expect((await migrator.migrateToLatest()).results?.map((r) => r.status)).toEqual(['Success']);
    expect(await nextId(s, 't')).toBe('11');
    expect((await migrator.migrateToLatest()).results).toEqual([]);

    const down = await migrator.migrateDown();
    expect(down.error).toBeInstanceOf(Error);
    expect((down.error as Error).message).toMatch(/cannot be reversed/);
    expect(down.results).toEqual([{ migrationName: 'pgx_001_resync_sequence_t_id', direction: 'Down', status: 'Error' }]);
    // Still recorded as applied, sequence untouched.
    const info = await migrator.getMigrations();
    expect(info.map((m) => [m.name, m.executedAt instanceof Date])).toEqual([['pgx_001_resync_sequence_t_id', true]]);
    expect(await nextId(s, 't')).toBe('12');
  });

  it('serialToIdentity then int4ToInt8 in one list: applied in list order, bigint identity, down step by step', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.orders (id serial primary key, n integer)`);
    await run(s, `insert into ${quote(s.schema)}.orders (n) values (-2147483648), (2147483647), (null)`);
    const migrator = migratorFor(
      s,
      presetMigrations(
        [
          migrationPresets.serialToIdentity({ schema: s.schema, table: 'orders', column: 'id', always: true }),
          migrationPresets.int4ToInt8({ schema: s.schema, table: 'orders', column: 'id' }),
          migrationPresets.int4ToInt8({ schema: s.schema, table: 'orders', column: 'n', lockTimeout: '1s' }),
        ],
        { prefix: '2025_06_01' },
      ),
    );
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => r.migrationName)).toEqual([
      '2025_06_01_001_serial_to_identity_orders_id',
      '2025_06_01_002_int4_to_int8_orders_id',
      '2025_06_01_003_int4_to_int8_orders_n',
    ]);
    expect(await columnOf(s, 'orders', 'id')).toEqual({ type: 'bigint', identity: 'a', default: null });
    expect((await columnOf(s, 'orders', 'n')).type).toBe('bigint');
    expect(await sequenceType(s, 'orders', 'id')).toBe('bigint');
    expect(await rows(s, `select id::text, n::text from ${quote(s.schema)}.orders order by id`)).toEqual([
      { id: '1', n: '-2147483648' },
      { id: '2', n: '2147483647' },
      { id: '3', n: null },
    ]);
    expect(await nextId(s, 'orders')).toBe('4');
    expect((await migrator.migrateToLatest()).results).toEqual([]);

    // Down one: n back to integer, values kept.
    expect((await migrator.migrateDown()).results?.map((r) => [r.migrationName, r.status])).toEqual([
      ['2025_06_01_003_int4_to_int8_orders_n', 'Success'],
    ]);
    expect((await columnOf(s, 'orders', 'n')).type).toBe('integer');
    // Down to the start.
    const all = await migrator.migrateTo(NO_MIGRATIONS);
    expect(all.error).toBeUndefined();
    expect(all.results?.map((r) => r.migrationName)).toEqual([
      '2025_06_01_002_int4_to_int8_orders_id',
      '2025_06_01_001_serial_to_identity_orders_id',
    ]);
    const id = await columnOf(s, 'orders', 'id');
    expect([id.type, id.identity]).toEqual(['integer', '']);
    expect(id.default).toMatch(/^nextval\(/);
    expect(await sequenceType(s, 'orders', 'id')).toBe('integer');
    expect(await rows(s, `select id::text, n::text from ${quote(s.schema)}.orders order by id`)).toEqual([
      { id: '1', n: '-2147483648' },
      { id: '2', n: '2147483647' },
      { id: '3', n: null },
      { id: '4', n: null },
    ]);
    expect(await nextId(s, 'orders')).toBe('5');
  });

  it('timestampToTimestamptz reads values in fromZone; down gives the same wall-clock values back', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.events (id serial primary key, at timestamp)`);
    await run(
      s,
      `insert into ${quote(s.schema)}.events (at) values ('2024-07-01 12:00:00.123456'), ('2024-01-15 08:30:00'), (null), ('infinity')`,
    );
    const migrator = migratorFor(
      s,
      presetMigrations([migrationPresets.timestampToTimestamptz({ schema: s.schema, table: 'events', column: 'at', fromZone: 'Europe/Paris' })]),
    );
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await columnOf(s, 'events', 'at')).type).toBe('timestamp with time zone');
    expect(await rows(s, `select (at at time zone 'UTC')::text as utc from ${quote(s.schema)}.events order by id`)).toEqual([
      { utc: '2024-07-01 10:00:00.123456' },
      { utc: '2024-01-15 07:30:00' },
      { utc: null },
      { utc: 'infinity' },
    ]);
    expect(await nextId(s, 'events')).toBe('5');
    expect((await migrator.migrateToLatest()).results).toEqual([]);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await columnOf(s, 'events', 'at')).type).toBe('timestamp without time zone');
    expect(await rows(s, `select at::text from ${quote(s.schema)}.events where id < 5 order by id`)).toEqual([
      { at: '2024-07-01 12:00:00.123456' },
      { at: '2024-01-15 08:30:00' },
      { at: null },
      { at: 'infinity' },
    ]);
  });

  it('jsonToJsonb converts values; down goes back to json with equal values', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.docs (id bigint generated by default as identity, body json)`);
    await run(s, `insert into ${quote(s.schema)}.docs (body) values ('{"b": 1, "a": [1, 2.50]}'), ('"text"'), (null), ('null')`);
    const migrator = migratorFor(s, presetMigrations([migrationPresets.jsonToJsonb({ schema: s.schema, table: 'docs', column: 'body' })]));
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await columnOf(s, 'docs', 'body')).type).toBe('jsonb');
    expect(await rows(s, `select body::text from ${quote(s.schema)}.docs order by id`)).toEqual([
      { body: '{"a": [1, 2.50], "b": 1}' },
      { body: '"text"' },
      { body: null },
      { body: 'null' },
    ]);
    expect(await nextId(s, 'docs')).toBe('5');
    expect((await migrator.migrateToLatest()).results).toEqual([]);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await columnOf(s, 'docs', 'body')).type).toBe('json');
    expect(await rows(s, `select body::jsonb::text as body from ${quote(s.schema)}.docs where id < 5 order by id`)).toEqual([
      { body: '{"a": [1, 2.50], "b": 1}' },
      { body: '"text"' },
      { body: null },
      { body: 'null' },
    ]);
  });

  it('floatToNumeric keeps every printed digit; down goes back to float8 with the same values', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.m (id serial primary key, x float8)`);
    await run(s, `insert into ${quote(s.schema)}.m (x) values (0.1::float8 + 0.2::float8), (1e-7), (123456789.125), ('NaN'), ('-Infinity'), (null)`);
    const before = await rows(s, `select x::text from ${quote(s.schema)}.m order by id`);
    const migrator = migratorFor(s, presetMigrations([migrationPresets.floatToNumeric({ schema: s.schema, table: 'm', column: 'x' })]));
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await columnOf(s, 'm', 'x')).type).toBe('numeric');
    expect(await rows(s, `select x::text from ${quote(s.schema)}.m order by id`)).toEqual([
      { x: '0.30000000000000004' },
      { x: '0.0000001' },
      { x: '123456789.125' },
      { x: 'NaN' },
      { x: '-Infinity' },
      { x: null },
    ]);
    expect(await nextId(s, 'm')).toBe('7');
    expect((await migrator.migrateToLatest()).results).toEqual([]);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await columnOf(s, 'm', 'x')).type).toBe('double precision');
    expect(await rows(s, `select x::text from ${quote(s.schema)}.m where id < 7 order by id`)).toEqual(before);
  });

  it('a failing migration rolls back entirely (the Migrator transaction)', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.t (id serial primary key, a json, b text)`);
    const migrator = migratorFor(
      s,
      presetMigrations([
        migrationPresets.jsonToJsonb({ schema: s.schema, table: 't', column: 'a' }),
        migrationPresets.jsonToJsonb({ schema: s.schema, table: 't', column: 'b' }), // text, not json: fails
      ]),
    );
    const result = await migrator.migrateToLatest();
    expect((result.error as Error).message).toMatch(/has type text, expected json/);
    expect(result.results?.map((r) => r.status)).toEqual(['Success', 'Error']);
    // The Migrator runs the whole batch in one transaction: the first change is rolled back too.
    expect((await columnOf(s, 't', 'a')).type).toBe('json');
    expect((await columnOf(s, 't', 'b')).type).toBe('text');
    expect((await migrator.getMigrations()).map((m) => m.executedAt)).toEqual([undefined, undefined]);
  });
});

describeServer('migrationPresets called directly (server)', () => {
  it('up(db) outside a transaction opens one, so SET LOCAL lock_timeout applies and does not leak', async () => {
    const s = await open(1); // one connection: the one that ran the migration is the one checked after
    await run(s, `create table ${quote(s.schema)}.t (id serial primary key, body json)`);
    await run(s, `insert into ${quote(s.schema)}.t (body) values ('{"k": 1}')`);
    const migration = migrationPresets.jsonToJsonb({ schema: s.schema, table: 't', column: 'body', lockTimeout: '200ms' });
    expect(s.db.isTransaction).toBe(false);

    // Another session holds the table: without the transaction SET LOCAL would be ignored and this would wait forever.
    const holder = new pg.Client({ connectionString: await databaseUrl() });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`lock table ${quote(s.schema)}.t in access exclusive mode`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waitedTooLong = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('up(db) waited for the lock: lock_timeout did not apply')), 5_000);
      });
      try {
        await expect(Promise.race([migration.up(s.db), waitedTooLong])).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
      } finally {
        clearTimeout(timer);
      }
      await holder.query('rollback');
    } finally {
      await holder.end();
    }
    expect(await rows(s, 'show lock_timeout')).toEqual([{ lock_timeout: '0' }]);

    s.sent.length = 0;
    await migration.up(s.db);
    // In its own transaction, as two statements (SET LOCAL, then the DO block).
    const sent = s.sent.splice(0);
    expect(sent).toHaveLength(4);
    expect([sent[0], sent[1], sent[3]]).toEqual(['begin', "SET LOCAL lock_timeout = '200ms';", 'commit']);
    expect(sent[2]).toMatch(/^DO \$pgx_preset\$/);
    expect((await columnOf(s, 't', 'body')).type).toBe('jsonb');
    expect(await rows(s, 'show lock_timeout')).toEqual([{ lock_timeout: '0' }]);

    await migration.up(s.db); // idempotent
    await migration.down(s.db);
    expect((await columnOf(s, 't', 'body')).type).toBe('json');
    expect(await rows(s, `select body::text from ${quote(s.schema)}.t`)).toEqual([{ body: '{"k": 1}' }]);
  });

  it('up(trx) inside a caller transaction joins it: rolled back with it', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.t (id serial primary key, x float4)`);
    const migration = migrationPresets.floatToNumeric({ schema: s.schema, table: 't', column: 'x', precision: 10, scale: 2, from: 'float4' });
    await expect(
      s.db.transaction().execute(async (trx) => {
        await migration.up(trx);
        expect((await columnOf({ ...s, db: trx }, 't', 'x')).type).toBe('numeric(10,2)');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await columnOf(s, 't', 'x')).type).toBe('real');

    await s.db.transaction().execute((trx) => migration.up(trx));
    expect((await columnOf(s, 't', 'x')).type).toBe('numeric(10,2)');
    await migration.down(s.db);
    expect((await columnOf(s, 't', 'x')).type).toBe('real');
  });

  it('works with a Migrator that has disableTransactions (up gets a connection, opens its own transaction)', async () => {
    const s = await open();
    await run(s, `create table ${quote(s.schema)}.t (id serial primary key, at timestamp)`);
    await run(s, `insert into ${quote(s.schema)}.t (at) values ('2024-03-10 12:00:00')`);
    const migrations: Record<string, PresetMigration> = presetMigrations([
      migrationPresets.timestampToTimestamptz({ schema: s.schema, table: 't', column: 'at', fromZone: 'UTC' }),
    ]);
    const migrator = migratorFor(s, migrations, { disableTransactions: true });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await rows(s, `select (at at time zone 'UTC')::text as at from ${quote(s.schema)}.t`)).toEqual([{ at: '2024-03-10 12:00:00' }]);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await columnOf(s, 't', 'at')).type).toBe('timestamp without time zone');
  });
});
