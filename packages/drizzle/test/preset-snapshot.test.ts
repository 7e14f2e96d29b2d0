// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// After writePresetMigration, drizzle-kit's snapshot describes the column as the preset left it: the
// user updates schema.ts to match and `drizzle-kit generate` has nothing to do (before, it emitted
// `ADD GENERATED … AS IDENTITY`, failing with `relation "…_seq" already exists`, or redid type changes).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { presets } from '@pg-exact/core';
import { describe, expect, it } from 'vitest';
import { presetToDrizzleSql, writePresetMigration } from '../src/migrations/index.js';
import { drizzleKit } from './kit.js';

const PRESETS = [
  presets.serialToIdentity({ table: 'serials', column: 'id' }),
  presets.serialToIdentity({ table: 'accounts', column: 'id', always: true }),
  presets.int4ToInt8({ table: 'accounts', column: 'id' }),
  presets.resyncSequence({ table: 'imported', column: 'id' }),
  presets.int4ToInt8({ table: 'counters', column: 'n' }),
  presets.timestampToTimestamptz({ table: 'events', column: 'at', fromZone: 'Europe/Paris' }),
  presets.timestampToTimestamptz({ table: 'events', column: 'local', fromZone: 'America/New_York' }),
  presets.jsonToJsonb({ table: 'docs', column: 'payload' }),
  presets.jsonToJsonb({ table: 'docs', column: 'list' }),
  presets.floatToNumeric({ table: 'prices', column: 'amount', precision: 12, scale: 2 }),
  presets.floatToNumeric({ table: 'prices', column: 'ratio', from: 'float4' }),
];

describe('presetToDrizzleSql names the schema.ts change', () => {
  it.each([
    [presets.serialToIdentity({ table: 'serials', column: 'id' }), 'serial()', 'integer().generatedByDefaultAsIdentity()'],
    [presets.int4ToInt8({ table: 'counters', column: 'n' }), 'integer()', 'bigint()'],
    [presets.timestampToTimestamptz({ table: 'events', column: 'at', fromZone: 'UTC' }), 'timestamp({ precision })', 'timestamptz({ precision })'],
    [presets.jsonToJsonb({ table: 'docs', column: 'payload' }), 'json()', 'jsonb()'],
    [presets.floatToNumeric({ table: 'prices', column: 'amount', precision: 12, scale: 2 }), 'doublePrecision() / real()', 'numeric({ precision: 12, scale: 2 })'],
  ])('%#: %s → %s', (preset, before, after) => {
    expect(presetToDrizzleSql(preset)).toContain(`--   before: ${before}\n--   after:  ${after}`);
  });

  it('says nothing where schema.ts stays as it is', () => {
    expect(presetToDrizzleSql(presets.resyncSequence({ table: 'imported', column: 'id' }))).not.toContain('schema.ts');
  });
});

describe('drizzle-kit generate after preset migrations and the matching schema.ts', () => {
  it('finds no schema changes: the snapshots describe identity, bigint, timestamptz, jsonb and numeric columns', async () => {
    const kit = await drizzleKit();
    const project = await kit.project('out', 'preset-before.ts');
    const out = join(project.dir, 'out');
    try {
      await project.run('generate', '--name=init');
      for (const preset of PRESETS) await writePresetMigration(preset, { out });
      const written = await readdir(out);
      await project.useSchema('preset-after.ts');
      const output = await project.run('generate', '--name=should_not_exist');
      const added = (await readdir(out)).filter((name) => !written.includes(name));
      // On failure, show the SQL drizzle-kit wanted to run.
      const sql = await Promise.all(
        added.map(async (name) => readFile((await stat(join(out, name))).isDirectory() ? join(out, name, 'migration.sql') : join(out, name), 'utf8')),
      );
      expect(sql).toEqual([]);
      expect(output).toMatch(/No schema changes/);
    } finally {
      await project.close();
    }
  });
});
