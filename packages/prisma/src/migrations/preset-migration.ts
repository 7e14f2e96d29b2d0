import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PresetSql } from '@pg-exact/core';
import { schemaChangeComment } from './schema-change.js';

/**
 * A preset's `up` SQL as a Prisma `migration.sql`: a comment with the preset's name and
 * description, then the SQL between `BEGIN;` and `COMMIT;`. The transaction is in the file because
 * `prisma migrate deploy` runs a migration file as it is, without opening one (prisma/orm#8080),
 * and the preset's `SET LOCAL lock_timeout` only holds inside a transaction. The preset's `down`
 * (Prisma migrations have none) is added as a comment when there is one, and so is the
 * `schema.prisma` change that goes with the preset (`prismaSchemaChange`).
 *
 * ```ts
 * import { presets } from '@pg-exact/core';
 * import { presetToPrismaSql } from '@pg-exact/prisma/migrations';
 * presetToPrismaSql(presets.serialToIdentity({ table: 'Account', column: 'id' }));
 * // '-- pg-exact preset serial_to_identity_Account_id …\nBEGIN;\nSET LOCAL lock_timeout = …\nCOMMIT;\n'
 * ```
 */
export function presetToPrismaSql(preset: PresetSql): string {
  const { name, up, down, description } = preset ?? ({} as PresetSql);
  if (typeof name !== 'string' || typeof up !== 'string' || (down !== null && typeof down !== 'string')) {
    throw new TypeError('presetToPrismaSql: expected a preset ({ name, up, down, description }) from @pg-exact/core');
  }
  const comment = (text: string) =>
    text
      .split('\n')
      .map((line) => `-- ${line}`.trimEnd())
      .join('\n');
  const lines = [
    `-- pg-exact preset ${name}`,
    comment(description),
    ...schemaChangeComment(preset),
    '-- In a transaction: SET LOCAL needs one, and prisma migrate deploy does not open one.',
    'BEGIN;',
    up.trimEnd(),
    'COMMIT;',
  ];
  if (down !== null) lines.push('', '-- To undo (Prisma migrations have no down; run it as a new migration):', comment(down.trimEnd()));
  return `${lines.join('\n')}\n`;
}

/** Options of {@link writePresetMigration}. */
export interface WritePresetMigrationOptions {
  /** The migrations directory, e.g. `prisma/migrations`. */
  out: string;
  /** The migration's name after the timestamp. Default: the preset's name. */
  name?: string;
  /** The timestamp of the directory name (UTC). Default: now. */
  now?: Date;
}

/**
 * Writes a preset as a Prisma migration: `<out>/<YYYYMMDDHHMMSS>_<name>/migration.sql` (Prisma's
 * layout, applied in name order by `prisma migrate deploy` and by {@link applyMigrations}).
 * Refuses to overwrite an existing migration. Resolves to the files written.
 *
 * ```ts
 * await writePresetMigration(presets.serialToIdentity({ table: 'Account', column: 'id' }), { out: 'prisma/migrations' });
 * // { files: ['prisma/migrations/20250601120000_serial_to_identity_Account_id/migration.sql'] }
 * ```
 */
export async function writePresetMigration(preset: PresetSql, options: WritePresetMigrationOptions): Promise<{ files: string[] }> {
  const sql = presetToPrismaSql(preset);
  if (typeof options?.out !== 'string' || options.out === '') throw new TypeError('writePresetMigration: option `out` (a directory) is required');
  const name = options.name ?? preset.name;
  if (!/^[\w.-]+$/.test(name)) throw new TypeError(`writePresetMigration: name ${JSON.stringify(name)} must be letters, digits, _ . or -`);
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new TypeError('writePresetMigration: option `now` is an invalid Date');
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(options.out, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'migration.sql');
  await writeFile(file, sql, { flag: 'wx' }); // never overwrite a migration
  return { files: [file] };
}
