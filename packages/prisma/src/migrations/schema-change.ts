import { presetColumnChange, type PresetSql } from '@pg-exact/core';

/** The `schema.prisma` field change that goes with a preset (see {@link prismaSchemaChange}). */
export interface PrismaSchemaChange {
  /** The column, `"schema"."table"."column"`: the field of the model mapped to that table. */
  column: string;
  /** The field's type and attributes before the preset (other attributes of the field stay as they are). */
  before: string;
  /** After it. */
  after: string;
  /** What else to know (why nothing changes, the precision to keep…). */
  note?: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The `schema.prisma` change that matches a preset, so the schema describes the column the preset
 * leaves (and `prisma migrate dev` does not try to undo it): type and native-type attribute before
 * and after. `undefined` when the schema stays as it is (resyncSequence) or for SQL that is not a core
 * preset. Checked offline with `prisma validate`; `prisma migrate diff` (which would show that no
 * migration follows) needs Prisma's native schema engine and was not run.
 *
 * ```ts
 * import { presets } from '@pg-exact/core';
 * import { prismaSchemaChange } from '@pg-exact/prisma/migrations';
 *
 * prismaSchemaChange(presets.int4ToInt8({ table: 'Order', column: 'id' }));
 * // { column: '"public"."Order"."id"', before: 'Int', after: 'BigInt', note: '…' }
 * ```
 */
export function prismaSchemaChange(preset: PresetSql): PrismaSchemaChange | undefined {
  const change = presetColumnChange(preset);
  if (change === undefined) return undefined;
  const column = `${quote(change.schema)}.${quote(change.table)}.${quote(change.column)}`;
  switch (change.kind) {
    case 'resyncSequence':
      return undefined;
    case 'serialToIdentity':
      return {
        column,
        before: 'Int @id @default(autoincrement())',
        after: 'Int @id @default(autoincrement())',
        note:
          'No change: Prisma has no identity attribute; @default(autoincrement()) stands for serial and identity alike ' +
          '(`prisma db pull` writes the same field). Keep BigInt if the field already is one.',
      };
    case 'int4ToInt8':
      return { column, before: 'Int', after: 'BigInt', note: 'Keep the other attributes (@id, @default(autoincrement())…); the client then reads bigint.' };
    case 'timestampToTimestamptz':
      return {
        column,
        before: 'DateTime @db.Timestamp(3)',
        after: 'DateTime @db.Timestamptz(3)',
        note: 'Keep the precision the column had (a DateTime without @db is timestamp(3)).',
      };
    case 'jsonToJsonb':
      return { column, before: 'Json @db.Json', after: 'Json', note: "Prisma's Json is jsonb." };
    case 'floatToNumeric':
      return {
        column,
        before: change.from === 'float4' ? 'Float @db.Real' : 'Float',
        after: change.precision === undefined ? 'Decimal @db.Decimal' : `Decimal @db.Decimal(${change.precision}, ${change.scale ?? 0})`,
        note:
          change.precision === undefined
            ? 'numeric without precision: a Decimal without @db is decimal(65,30) to Prisma Migrate.'
            : 'The client then reads Prisma.Decimal.',
      };
  }
}

/** The change as `-- ` comment lines for a migration file, or none. */
export function schemaChangeComment(preset: PresetSql): string[] {
  const change = prismaSchemaChange(preset);
  if (change === undefined) return [];
  return [
    `-- schema.prisma: the field of ${change.column}`,
    `--   before: ${change.before}`,
    `--   after:  ${change.after}`,
    ...(change.note === undefined ? [] : [`--   (${change.note})`]),
  ];
}
