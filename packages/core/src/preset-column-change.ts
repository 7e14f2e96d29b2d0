import type { PresetColumnChange, PresetSql } from './presets/preset-sql.js';

export type { PresetColumnChange } from './presets/preset-sql.js';

/**
 * What a preset of `presets` (this package) does to its column: the preset kind, the column and
 * the options that decide the column's new definition (each core preset carries it as `change`).
 * The ORM adapters use it to write the schema change that goes with a preset (drizzle-kit's
 * snapshot, the `schema.prisma` field). `undefined` for SQL that is not a single-column core preset.
 *
 * ```ts
 * import { presetColumnChange, presets } from '@pg-exact/core';
 *
 * presetColumnChange(presets.floatToNumeric({ table: 'prices', column: 'amount', precision: 12, scale: 2 }));
 * // { kind: 'floatToNumeric', schema: 'public', table: 'prices', column: 'amount', precision: 12, scale: 2 }
 * ```
 */
export function presetColumnChange(preset: PresetSql): PresetColumnChange | undefined {
  return preset.change;
}
