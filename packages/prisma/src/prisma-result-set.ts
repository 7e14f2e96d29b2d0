import type { SqlResultSet } from '@prisma/driver-adapter-utils';
import { exactColumn, prismaColumn, same } from './prisma-columns.js';

/** A result column as the drivers describe it. */
export interface ResultField {
  readonly name: string;
  readonly dataTypeID: number;
}

/**
 * Rows (arrays, values already parsed by the per-query parsers) as Prisma's SqlResultSet: each
 * value converted to the shape Prisma's client runtime reads for its ColumnType, exactly (int8 and
 * numeric as their digits, Json as text with tagged big numbers, DateTime as UTC ISO text with µs).
 * The rows array is converted in place.
 */
export function toResultSet(fields: readonly ResultField[], rows: unknown[][], exact: boolean): SqlResultSet {
  const described = fields.map((field) => (exact ? exactColumn(field.dataTypeID) : undefined) ?? prismaColumn(field.dataTypeID));
  // Only the columns with a converter are visited (none in an exact raw query of codec types).
  const converted = described.flatMap((column, i) => (column.convert === same ? [] : [i]));
  if (converted.length > 0) {
    for (const row of rows) {
      for (const i of converted) {
        const value = row[i];
        if (value !== null && value !== undefined) row[i] = described[i]!.convert(value);
      }
    }
  }
  return {
    columnNames: fields.map((field) => field.name),
    columnTypes: described.map((column) => column.type),
    rows,
  };
}
