// pg-exact-test: zone-independent (schema text and the offline Prisma CLI: nothing reads the process TZ)
// The schema.prisma change that goes with each preset, printed in its migration.sql, and checked
// offline by `prisma validate` (before and after fields in one schema). `prisma migrate diff`, which
// would show that no migration follows the preset, needs Prisma's native schema engine: not run here.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { presets } from '@pg-exact/core';
import { describe, expect, it } from 'vitest';
import { allowOfflineGenerate } from '../src/config/index.js';
import { presetToPrismaSql, prismaSchemaChange } from '../src/migrations/index.js';

const run = promisify(execFile);
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

const CASES = [
  [presets.serialToIdentity({ table: 'Order', column: 'id' }), 'Int @id @default(autoincrement())', 'Int @id @default(autoincrement())'],
  [presets.int4ToInt8({ table: 'Order', column: 'id' }), 'Int', 'BigInt'],
  [presets.timestampToTimestamptz({ table: 'Order', column: 'at', fromZone: 'Europe/Paris' }), 'DateTime @db.Timestamp(3)', 'DateTime @db.Timestamptz(3)'],
  [presets.jsonToJsonb({ table: 'Order', column: 'meta' }), 'Json @db.Json', 'Json'],
  [presets.floatToNumeric({ table: 'Order', column: 'total', precision: 12, scale: 2 }), 'Float', 'Decimal @db.Decimal(12, 2)'],
  [presets.floatToNumeric({ table: 'Order', column: 'ratio', from: 'float4' }), 'Float @db.Real', 'Decimal @db.Decimal'],
] as const;

describe('prismaSchemaChange', () => {
  it.each(CASES)('%#: %s → %s', (preset, before, after) => {
    expect(prismaSchemaChange(preset)).toMatchObject({ column: `"public"."Order"."${presetColumn(preset.name)}"`, before, after });
    const sql = presetToPrismaSql(preset);
    expect(sql).toContain(`--   before: ${before}\n--   after:  ${after}\n`);
  });

  it('is undefined where the schema stays as it is', () => {
    expect(prismaSchemaChange(presets.resyncSequence({ table: 'Order', column: 'id' }))).toBeUndefined();
    expect(presetToPrismaSql(presets.resyncSequence({ table: 'Order', column: 'id' }))).not.toContain('schema.prisma');
  });

  it('every before and after field passes `prisma validate` (offline)', async () => {
    const fields = CASES.flatMap(([, before, after], i) => [
      `model Before${i} {\n  x ${before}${before.includes('@id') ? '' : '\n  id Int @id'}\n}`,
      `model After${i} {\n  x ${after}${after.includes('@id') ? '' : '\n  id Int @id'}\n}`,
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'pgx-prisma-change-'));
    try {
      const schema = join(dir, 'schema.prisma');
      await writeFile(schema, `datasource db {\n  provider = "postgresql"\n}\n\n${fields.join('\n\n')}\n`);
      const saved = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
      const engine = allowOfflineGenerate([process.execPath, prismaCli, 'validate']) ?? saved;
      if (saved === undefined) delete process.env.PRISMA_SCHEMA_ENGINE_BINARY;
      const { stdout, stderr } = await run(process.execPath, [prismaCli, 'validate', '--schema', schema], {
        cwd: dir,
        env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine },
        timeout: 60_000,
      });
      expect(stdout + stderr).toMatch(/is valid/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function presetColumn(name: string): string {
  return name.split('_').pop()!;
}
