// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presets } from '@pg-exact/core';
import { createPGlite, type ExactPGlite } from '@pg-exact/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, presetToPrismaSql, writePresetMigration } from '../src/migrations/index.js';
import { forEachTarget, migrationsDir, type PrismaTarget } from './helpers.js';

describe('presetToPrismaSql / writePresetMigration', () => {
  it('wraps the preset in BEGIN/COMMIT (prisma migrate deploy opens no transaction) and keeps down as a comment', () => {
    const sql = presetToPrismaSql(presets.serialToIdentity({ table: 'Note', column: 'id' }));
    expect(sql).toMatch(/^-- pg-exact preset serial_to_identity_note_id\n/);
    expect(sql).toContain("BEGIN;\nSET LOCAL lock_timeout = '5s';\nDO $pgx_preset$");
    expect(sql).toContain('$pgx_preset$;\nCOMMIT;\n');
    expect(sql).toContain('-- To undo');
    expect(presetToPrismaSql(presets.resyncSequence({ table: 'Note', column: 'id' }))).not.toContain('To undo');
    expect(() => presetToPrismaSql({} as never)).toThrow(TypeError);
  });

  it("writes <out>/<YYYYMMDDHHMMSS>_<name>/migration.sql, Prisma's layout, and never overwrites", async () => {
    const out = await mkdtemp(join(tmpdir(), 'pgx-prisma-'));
    const preset = presets.jsonToJsonb({ table: 'Note', column: 'data' });
    const now = new Date('2025-06-01T12:34:56Z');
    const { files } = await writePresetMigration(preset, { out, now });
    expect(files).toEqual([join(out, '20250601123456_json_to_jsonb_note_data', 'migration.sql')]);
    expect(await readFile(files[0]!, 'utf8')).toBe(presetToPrismaSql(preset));
    await expect(writePresetMigration(preset, { out, now })).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(writePresetMigration(preset, { out, name: '../x' })).rejects.toThrow(TypeError);
    await rm(out, { recursive: true });
  });
});

describe('applyMigrations', () => {
  let db: ExactPGlite;
  beforeAll(async () => {
    db = await createPGlite();
  });
  afterAll(() => db?.close());

  it('records migrations the way Prisma does (sha256 checksum), applies each once, reports modified files', async () => {
    expect(await applyMigrations(db, { dir: migrationsDir })).toEqual({ applied: ['20250101000000_init'], modified: [] });
    expect(await applyMigrations(db, { dir: migrationsDir })).toEqual({ applied: [], modified: [] });
    const { rows } = await db.query<{ migration_name: string; checksum: string; steps: number; done: boolean }>(
      'SELECT migration_name, checksum, applied_steps_count AS steps, finished_at IS NOT NULL AS done FROM _prisma_migrations',
    );
    const file = await readFile(join(migrationsDir, '20250101000000_init', 'migration.sql'));
    expect(rows).toEqual([{ migration_name: '20250101000000_init', checksum: createHash('sha256').update(file).digest('hex'), steps: 1, done: true }]);
  });

  it('records a failed migration, rolls its transaction back and refuses to continue (like P3009)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'pgx-prisma-'));
    await db.exec('CREATE SCHEMA second');
    await writePresetMigration({ name: 'broken', up: 'CREATE TABLE second.ok (v int);\nSELECT nope;', down: null, description: 'fails' }, {
      out,
      now: new Date('2025-01-01T00:00:00Z'),
    });
    await expect(applyMigrations(db, { dir: out, schema: 'second' })).rejects.toThrow(/nope/);
    expect((await db.query(`SELECT to_regclass('second.ok') AS r`)).rows).toEqual([{ r: null }]);
    const { rows } = await db.query<{ logs: string }>('SELECT logs FROM second._prisma_migrations');
    expect(rows[0]?.logs).toMatch(/nope/);
    await expect(applyMigrations(db, { dir: out, schema: 'second' })).rejects.toThrow(/P3009/);
    await rm(out, { recursive: true });
  });
});

// Every preset on the tables `prisma migrate` created (SERIAL ids, TIMESTAMP(3), JSON, DOUBLE
// PRECISION), written as a Prisma migration and applied; the generated client keeps working.
forEachTarget((open) => {
  let t: PrismaTarget;
  let out: string;
  beforeAll(async () => {
    t = await open();
    out = await mkdtemp(join(tmpdir(), 'pgx-prisma-'));
  });
  afterAll(async () => {
    await t?.close();
    if (out) await rm(out, { recursive: true });
  });

  const stepsFor = (schema: string) => [
    ['serialToIdentity', presets.serialToIdentity({ table: 'Note', column: 'id', schema }), `SELECT is_identity::text AS t FROM information_schema.columns WHERE table_name = 'Note' AND column_name = 'id' AND table_schema = current_schema()`, 'YES'],
    ['resyncSequence', presets.resyncSequence({ table: 'Note', column: 'id', schema }), `SELECT (SELECT max(id) FROM "Note")::text AS t`, null],
    ['int4ToInt8', presets.int4ToInt8({ table: 'Note', column: 'id', schema }), `SELECT data_type::text AS t FROM information_schema.columns WHERE table_name = 'Note' AND column_name = 'id' AND table_schema = current_schema()`, 'bigint'],
    ['timestampToTimestamptz', presets.timestampToTimestamptz({ table: 'Note', column: 'at', fromZone: 'UTC', schema }), `SELECT pg_typeof(at)::text AS t FROM "Note" LIMIT 1`, 'timestamp with time zone'],
    ['jsonToJsonb', presets.jsonToJsonb({ table: 'Note', column: 'data', schema }), `SELECT pg_typeof(data)::text AS t FROM "Note" LIMIT 1`, 'jsonb'],
    ['floatToNumeric', presets.floatToNumeric({ table: 'Note', column: 'score', schema }), `SELECT pg_typeof(score)::text AS t FROM "Note" LIMIT 1`, 'numeric'],
  ] as const;

  it('the client keeps working after each preset', async () => {
    const schema = t.name === 'server' ? (await t.text('SELECT current_schema() AS t'))! : 'public';
    const steps = stepsFor(schema);
    await t.prisma.note.create({ data: { text: 'before', data: { id: 1n }, score: 0.5, at: new Date('2024-01-01T00:00:00.123Z') } as never });
    for (const [i, [name, preset, check, want]] of steps.entries()) {
      await writePresetMigration(preset, { out, now: new Date(Date.UTC(2025, 0, 2, 0, 0, i)) });
      const { applied } = await applyMigrations(adapterTarget(t), { dir: out });
      expect(applied, name).toHaveLength(1);
      if (want !== null) expect(await t.text(check), name).toBe(want);
      const note = await t.prisma.note.create({ data: { text: name, data: { id: 2n ** 64n }, score: 1.25, at: new Date('2024-01-01T00:00:00.123Z') } as never });
      const read = await t.prisma.note.findUniqueOrThrow({ where: { id: note.id } });
      expect([read.text, (read.data as { id: unknown }).id, read.score, read.at.toISOString()], name).toEqual([
        name,
        2n ** 64n,
        1.25,
        '2024-01-01T00:00:00.123Z',
      ]);
    }
    expect(await t.prisma.note.count()).toBe(steps.length + 1);
    expect(await applyMigrations(adapterTarget(t), { dir: out })).toEqual({ applied: [], modified: [] });
  });
});

/** applyMigrations through the test target's own raw connection. */
function adapterTarget(t: PrismaTarget) {
  return {
    query: async (sql: string, params?: unknown[]) => ({ rows: (await t.prisma.$queryRawUnsafe<any[]>(sql, ...(params ?? []))) }),
    exec: (sql: string) => t.run(sql),
  };
}
