import type { PresetSql } from '@pg-exact/core';
import { schemaChangeComment } from './preset-snapshot.js';

/** drizzle-kit's statement separator; drizzle-orm's migrator and `drizzle-kit migrate` split on it. */
export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

// Every core preset is `SET LOCAL lock_timeout = '…';\n` then one `DO` block.
const SET_LOCAL = /^(SET LOCAL lock_timeout = '[^'\\]*';)\n/;

/**
 * A core preset (`presets.*(…)` of `@pg-exact/core`) as the text of a drizzle-kit custom SQL
 * migration: a header naming the preset and the `schema.ts` change that goes with it, `SET LOCAL lock_timeout`, a `--> statement-breakpoint`,
 * then the `DO` block. The break makes each statement its own query, which PGlite's extended
 * protocol needs; both run in the one transaction drizzle's migrator wraps all pending migrations
 * in, so `SET LOCAL` holds for the `DO` block. Drizzle has no down migrations: the preset's `down`
 * SQL is appended as a comment, to run by hand.
 *
 * ```ts
 * import { presets } from '@pg-exact/core';
 * import { presetToDrizzleSql } from '@pg-exact/drizzle/migrations';
 *
 * presetToDrizzleSql(presets.jsonToJsonb({ table: 'events', column: 'payload' }));
 * ```
 */
export function presetToDrizzleSql(preset: PresetSql): string {
  checkPreset('presetToDrizzleSql', preset);
  const header = [`-- pg-exact preset: ${preset.name}`, ...commented(preset.description), ...schemaChangeComment(preset)].join('\n');
  const up = preset.up.trim();
  const match = SET_LOCAL.exec(up);
  const statements = match?.[1] ? [match[1], up.slice(match[0].length).trim()].filter((s) => s !== '') : [up];
  const down =
    preset.down === null
      ? '\n-- This preset has no down migration (see the description above).'
      : `\n-- Down (drizzle has no down migrations; run by hand, in a transaction):\n${commented(preset.down.trim()).join('\n')}`;
  return `${header}\n${statements.join(`\n${STATEMENT_BREAKPOINT}\n`)}\n${down}\n`;
}

function commented(text: string): string[] {
  return text.split('\n').map((line) => (line === '' ? '--' : `-- ${line}`));
}

/** @internal A TypeError unless `preset` has a core preset's shape. */
export function checkPreset(where: string, preset: unknown): asserts preset is PresetSql {
  const p = preset as Partial<PresetSql> | null;
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.name !== 'string' ||
    typeof p.up !== 'string' ||
    (p.down !== null && typeof p.down !== 'string') ||
    typeof p.description !== 'string'
  ) {
    throw new TypeError(`${where}: expected a preset ({ name, up, down, description }) from @pg-exact/core's presets`);
  }
}
