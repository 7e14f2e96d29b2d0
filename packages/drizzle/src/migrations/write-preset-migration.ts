import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { PresetSql } from '@pg-exact/core';
import { applyToJournalSnapshot, type FolderSnapshotData, presetDeltas } from './preset-snapshot.js';
import { checkPreset, presetToDrizzleSql } from './preset-sql.js';

/** Options of {@link writePresetMigration}. */
export interface WritePresetMigrationOptions {
  /** drizzle-kit's `out` folder (the migrations folder of `drizzle.config.ts`). */
  out: string;
  /** The migration's name (`drizzle-kit generate --custom --name=<name>`). Default: the preset's name. */
  name?: string;
  /**
   * drizzle-kit's folder layout:
   * - `'journal'` (drizzle-kit 0.x, drizzle-orm 0.45): `NNNN_name.sql`, `meta/NNNN_snapshot.json`, `meta/_journal.json`;
   * - `'folders'` (drizzle-kit 1.0, drizzle-orm 1.0): `<UTC yyyyMMddHHmmss>_name/migration.sql` and `snapshot.json`.
   *
   * Default: the layout `out` already has; for a new folder, the one of the drizzle-kit (else
   * drizzle-orm) installed where `out` or the working directory is; `'journal'` if neither is found.
   */
  layout?: 'journal' | 'folders';
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
 * body. drizzle-kit 1.0's layout (`layout: 'folders'`): `<out>/<yyyyMMddHHmmss>_<name>/migration.sql`
 * and `snapshot.json` (see {@link WritePresetMigrationOptions.layout}). drizzle-kit 0.x's (`'journal'`):
 * - `<out>/<NNNN>_<name>.sql` (`NNNN` the journal index, drizzle-kit's default `prefix: 'index'`);
 * - `<out>/meta/<NNNN>_snapshot.json`: the previous snapshot with a new `id` and `prevId` pointing
 *   at it, the preset's column described as the preset leaves it (identity with its sequence,
 *   bigint, timestamptz, jsonb, numeric), so that `drizzle-kit generate` on the schema.ts updated to
 *   match finds nothing to do;
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
  const layout = options.layout ?? (await detectLayout(out));
  if (layout === 'folders') return writeFolderMigration(preset, out, name);
  if (layout !== 'journal') {
    throw new TypeError(`writePresetMigration: option \`layout\` must be 'journal' or 'folders', got ${String(layout)}`);
  }
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
  const snapshot = { id: randomUUID(), prevId: previousId, ...structuredClone(rest), _meta: { columns: {}, schemas: {}, tables: {} } };
  applyToJournalSnapshot(snapshot, preset);
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

/** The zero id drizzle-kit chains the first snapshot to. */
const ORIGIN_ID = '00000000-0000-0000-0000-000000000000';

interface FolderSnapshot extends FolderSnapshotData {
  version?: string;
  dialect?: string;
}

/**
 * drizzle-kit 1.0's `generate --custom`: a folder `<yyyyMMddHHmmss UTC>_<name>` holding
 * `migration.sql` and a `snapshot.json` — a `diff` whose `prevIds` are the current leaves (snapshots
 * no other one names as previous) and whose one delta, if the chain holds the preset's column,
 * alters it as the preset does; or, in an empty folder, an empty `base`. The timestamp is at least a second after every leaf's, as drizzle-kit makes it.
 * drizzle-orm 1.0's migrator applies the migrations whose folder names it has not recorded.
 */
async function writeFolderMigration(preset: PresetSql, out: string, name: string): Promise<{ files: string[] }> {
  if (existsSync(join(out, 'meta', '_journal.json'))) {
    throw new Error(`writePresetMigration: ${out} has drizzle-kit 0.x's journal (meta/_journal.json); run \`drizzle-kit up\` first, or pass layout: 'journal'`);
  }
  if (!existsSync(out)) await mkdir(out, { recursive: true });
  const snapshots: { folder: string; snapshot: FolderSnapshot }[] = [];
  for (const entry of await readdir(out, { withFileTypes: true })) {
    const file = join(out, entry.name, 'snapshot.json');
    if (entry.isDirectory() && existsSync(file)) snapshots.push({ folder: entry.name, snapshot: JSON.parse(await readFile(file, 'utf8')) as FolderSnapshot });
  }
  const named = new Set(snapshots.flatMap(({ snapshot }) => snapshot.prevIds ?? []));
  const leaves = snapshots.filter(({ snapshot }) => !named.has(snapshot.id)).sort((a, b) => a.folder.localeCompare(b.folder));
  const dialect = leaves[0]?.snapshot.dialect ?? 'postgres';
  if (dialect !== 'postgres') {
    throw new Error(`writePresetMigration: ${out} holds ${String(dialect)} migrations; pg-exact presets are for postgresql`);
  }
  const header = { version: leaves[0]?.snapshot.version ?? '9', dialect, id: randomUUID() };
  const snapshot =
    leaves.length === 0
      ? { type: 'base', ...header, prevIds: [ORIGIN_ID], footprints: [], ddl: [] }
      : {
          type: 'diff',
          ...header,
          prevIds: leaves.map(({ snapshot }) => snapshot.id),
          footprints: [],
          deltas: presetDeltas(preset, new Map(snapshots.map(({ snapshot: s }) => [s.id, s])), leaves.map(({ snapshot: s }) => s.id)),
        };
  const at = Math.max(Date.now(), ...leaves.map(({ folder }) => folderTime(folder) + 1000));
  const folder = join(out, `${utcStamp(at)}_${name}`);
  if (existsSync(folder)) throw new Error(`writePresetMigration: ${folder} already exists`);
  await mkdir(folder);
  const sqlPath = join(folder, 'migration.sql');
  const snapshotPath = join(folder, 'snapshot.json');
  await writeFile(snapshotPath, JSON.stringify(snapshot, null, 2));
  await writeFile(sqlPath, presetToDrizzleSql(preset));
  return { files: [sqlPath, snapshotPath] };
}

function utcStamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

function folderTime(folder: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(folder);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : 0;
}

/** The layout `out` has, else the one of the drizzle-kit (else drizzle-orm) installed near `out` or the working directory. */
async function detectLayout(out: string): Promise<'journal' | 'folders'> {
  if (existsSync(join(out, 'meta', '_journal.json'))) return 'journal';
  if (existsSync(out)) {
    for (const entry of await readdir(out, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(out, entry.name, 'migration.sql'))) return 'folders';
    }
  }
  for (const pkg of ['drizzle-kit', 'drizzle-orm']) {
    for (const start of [resolve(out), process.cwd()]) {
      const version = await installedVersion(pkg, start);
      if (version !== undefined) return version.startsWith('0.') ? 'journal' : 'folders';
    }
  }
  return 'journal';
}

/** The version of `pkg` in the nearest node_modules from `start` up (no import: this entry point loads no drizzle code). */
async function installedVersion(pkg: string, start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(await readFile(manifest, 'utf8')) as { version?: string }).version;
    if (dirname(dir) === dir) return undefined;
  }
}
