import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PresetSql } from '@pg-exact/core';
import { checkPreset, presetToDrizzleSql } from './preset-sql.js';

/** Options of {@link writePresetMigration}. */
export interface WritePresetMigrationOptions {
  /** drizzle-kit's `out` folder (the migrations folder of `drizzle.config.ts`). */
  out: string;
  /** The migration's name (`drizzle-kit generate --custom --name=<name>`). Default: the preset's name. */
  name?: string;
}

interface Journal {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/** drizzle-kit 0.31's empty PostgreSQL snapshot (its `dryPg`), in its key order. */
const DRY_SNAPSHOT = {
  id: '00000000-0000-0000-0000-000000000000',
  prevId: '',
  version: '7',
  dialect: 'postgresql',
  tables: {},
  enums: {},
  schemas: {},
  views: {},
  sequences: {},
  roles: {},
  policies: {},
  _meta: { schemas: {}, tables: {}, columns: {} },
};

/**
 * Writes a core preset as a drizzle-kit custom SQL migration — what `drizzle-kit generate --custom
 * --name=<name>` creates, with the preset's SQL ({@link presetToDrizzleSql}) in place of the empty
 * body:
 * - `<out>/<NNNN>_<name>.sql` (`NNNN` the journal index, drizzle-kit's default `prefix: 'index'`);
 * - `<out>/meta/<NNNN>_snapshot.json`: the previous snapshot with a new `id` and `prevId` pointing
 *   at it (a custom migration does not change the schema drizzle-kit diffs against);
 * - a `<out>/meta/_journal.json` entry (`breakpoints: true`), the folder and journal created if missing.
 * `drizzle-kit migrate` and drizzle-orm's `migrate(db, { migrationsFolder: out })` then apply it, in
 * one transaction with the other pending migrations; applying again is a no-op (the migrator
 * records it, and the preset itself is idempotent).
 *
 * ```ts
 * import { presets } from '@pg-exact/core';
 * import { writePresetMigration } from '@pg-exact/drizzle/migrations';
 *
 * const { files } = await writePresetMigration(presets.serialToIdentity({ table: 'orders', column: 'id' }), { out: './drizzle' });
 * // ['drizzle/0003_serial_to_identity_orders_id.sql', 'drizzle/meta/0003_snapshot.json', 'drizzle/meta/_journal.json']
 * ```
 */
export async function writePresetMigration(preset: PresetSql, options: WritePresetMigrationOptions): Promise<{ files: string[] }> {
  checkPreset('writePresetMigration', preset);
  if (typeof options !== 'object' || options === null || typeof options.out !== 'string' || options.out === '') {
    throw new TypeError('writePresetMigration: option `out` (the drizzle-kit migrations folder) must be a non-empty string');
  }
  const name = options.name ?? preset.name;
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) {
    throw new TypeError(`writePresetMigration: option \`name\` must be a file-name-safe string (letters, digits, _ . -), got ${String(name)}`);
  }
  const { out } = options;
  const meta = join(out, 'meta');
  const journalPath = join(meta, '_journal.json');
  if (!existsSync(meta)) await mkdir(meta, { recursive: true });
  const journal: Journal = existsSync(journalPath)
    ? (JSON.parse(await readFile(journalPath, 'utf8')) as Journal)
    : { version: '7', dialect: 'postgresql', entries: [] };
  if (journal.dialect !== 'postgresql') {
    throw new Error(`writePresetMigration: ${journalPath} is a ${String(journal.dialect)} journal; pg-exact presets are for postgresql`);
  }

  const last = journal.entries[journal.entries.length - 1];
  const idx = last === undefined ? 0 : last.idx + 1;
  const prefix = idx.toFixed(0).padStart(4, '0');
  const tag = `${prefix}_${name}`;

  // As drizzle-kit: the last snapshot in file-name order, or the empty one.
  const snapshots = (await readdir(meta)).filter((file) => !file.startsWith('_')).sort();
  const lastSnapshot = snapshots[snapshots.length - 1];
  const previous = (lastSnapshot === undefined
    ? DRY_SNAPSHOT
    : JSON.parse(await readFile(join(meta, lastSnapshot), 'utf8'))) as Record<string, unknown> & { id: string };
  const { id: previousId, prevId: _previousPrevId, ...rest } = previous;
  const snapshot = { id: randomUUID(), prevId: previousId, ...rest, _meta: { columns: {}, schemas: {}, tables: {} } };
  const snapshotPath = join(meta, `${prefix}_snapshot.json`);
  const sqlPath = join(out, `${tag}.sql`);
  if (existsSync(sqlPath) || existsSync(snapshotPath)) {
    throw new Error(`writePresetMigration: ${existsSync(sqlPath) ? sqlPath : snapshotPath} already exists; the journal and the folder disagree`);
  }

  // drizzle's migrator applies an entry only if its `when` is later than the last applied one's.
  const when = Math.max(Date.now(), (last?.when ?? 0) + 1);
  journal.entries.push({ idx, version: String((rest as { version?: unknown }).version ?? '7'), when, tag, breakpoints: true });

  await writeFile(snapshotPath, JSON.stringify(snapshot, null, 2));
  await writeFile(sqlPath, presetToDrizzleSql(preset));
  await writeFile(journalPath, JSON.stringify(journal, null, 2));
  return { files: [sqlPath, snapshotPath, journalPath] };
}
