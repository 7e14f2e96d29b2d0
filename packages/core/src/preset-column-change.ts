import type { PresetSql } from './presets/index.js';

/** The column a preset changes and how, as an ORM's schema file must then describe it. */
export type PresetColumnChange = { schema: string; table: string; column: string } & (
  | { kind: 'serialToIdentity'; generated: 'always' | 'byDefault' }
  | { kind: 'resyncSequence' }
  | { kind: 'int4ToInt8' }
  | { kind: 'timestampToTimestamptz'; fromZone: string }
  | { kind: 'jsonToJsonb' }
  | { kind: 'floatToNumeric'; precision?: number; scale?: number }
);

const KINDS: ReadonlyArray<[prefix: string, kind: PresetColumnChange['kind']]> = [
  ['serial_to_identity', 'serialToIdentity'],
  ['resync_sequence', 'resyncSequence'],
  ['int4_to_int8', 'int4ToInt8'],
  ['timestamp_to_timestamptz', 'timestampToTimestamptz'],
  ['json_to_jsonb', 'jsonToJsonb'],
  ['float_to_numeric', 'floatToNumeric'],
];

// A string literal as quoteLiteral writes it: '…' with '' for ', or E'…' with \\ for \ as well.
const LITERAL = String.raw`(E?)'((?:[^']|'')*)'`;

function unquoteLiteral(escape: string, body: string): string {
  const text = body.replace(/''/g, "'");
  return escape === 'E' ? text.replace(/\\\\/g, '\\') : text;
}

function literalAfter(sql: string, prefix: string): string | undefined {
  const match = new RegExp(`${prefix}${LITERAL}`).exec(sql);
  return match ? unquoteLiteral(match[1]!, match[2]!) : undefined;
}

/** `"schema"."table"` → its two names. */
function splitQualified(qualified: string): [string, string] | undefined {
  const match = /^"((?:[^"]|"")*)"\."((?:[^"]|"")*)"$/.exec(qualified);
  return match ? [match[1]!.replace(/""/g, '"'), match[2]!.replace(/""/g, '"')] : undefined;
}

/**
 * What a preset of `presets` (this package) does to its column, read back from the preset: the
 * preset kind, the column and the options that decide the column's new definition. The ORM
 * adapters use it to write the schema change that goes with a preset (drizzle-kit's snapshot,
 * the `schema.prisma` field). `undefined` for SQL that is not a single-column core preset.
 *
 * ```ts
 * import { presetColumnChange, presets } from '@pg-exact/core';
 *
 * presetColumnChange(presets.floatToNumeric({ table: 'prices', column: 'amount', precision: 12, scale: 2 }));
 * // { kind: 'floatToNumeric', schema: 'public', table: 'prices', column: 'amount', precision: 12, scale: 2 }
 * ```
 */
export function presetColumnChange(preset: PresetSql): PresetColumnChange | undefined {
  const kind = KINDS.find(([prefix]) => preset.name === prefix || preset.name.startsWith(`${prefix}_`))?.[1];
  if (kind === undefined) return undefined;
  const qualified = literalAfter(preset.up, String.raw`\n\s*rel_name text := `);
  const column = literalAfter(preset.up, String.raw`\n\s*col text := `);
  const names = qualified === undefined ? undefined : splitQualified(qualified);
  if (names === undefined || column === undefined) return undefined;
  const target = { schema: names[0], table: names[1], column };
  switch (kind) {
    case 'serialToIdentity':
      return { kind, ...target, generated: /ADD GENERATED ALWAYS AS IDENTITY/.test(preset.up) ? 'always' : 'byDefault' };
    case 'timestampToTimestamptz': {
      const fromZone = literalAfter(preset.up, String.raw`AT TIME ZONE %L', rel, col, col, `);
      return fromZone === undefined ? undefined : { kind, ...target, fromZone };
    }
    case 'floatToNumeric': {
      const match = /TYPE numeric(?:\((\d+),(\d+)\))? USING/.exec(preset.up);
      if (match === null) return undefined;
      return match[1] === undefined ? { kind, ...target } : { kind, ...target, precision: Number(match[1]), scale: Number(match[2]) };
    }
    default:
      return { kind, ...target };
  }
}
