import * as drizzleOrm from 'drizzle-orm';
import { Column, is, SQL, Subquery } from 'drizzle-orm';

// drizzle-orm 0.45 maps each result row with `mapResultRow(fields, row, joinsNotNullableMap)`: per
// row and column it looks the decoder up again (`is(field, Column)`… walks the class chain),
// iterates `path.entries()` and folds with `reduce`, about 0.4 µs a row of five columns, as much
// as parsing the row's int8 and numeric values. For a select whose every field sits at the top
// level of the row object (`select()`, `select({ a: t.a, n: sql… })`; no joined tables, so no
// nested objects to null out) the row object is the same built by a plain loop, decoders looked up
// once per result. The prepared query's `customResultMapper` is drizzle's own hook for mapping a
// result (its relational queries use it); it is set only where drizzle has none. drizzle's
// internals used (pinned in test/drizzle-internals.test.ts): the prepared query's `fields`,
// `joinsNotNullableMap` and `customResultMapper` properties, read when it executes.

type MapResultRow = (fields: SelectedField[], row: unknown[], joinsNotNullableMap: Record<string, boolean> | undefined) => unknown;
// Exported by drizzle-orm 0.45's JavaScript, not by its types (@internal).
const mapResultRow = (drizzleOrm as unknown as { mapResultRow?: MapResultRow }).mapResultRow;

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}
interface SelectedField {
  path: string[];
  field: unknown;
}
interface PreparedQuery {
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
}

/** The decoder `mapResultRow` uses for a selected field. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field as unknown as Decoder;
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder;
  return (field as { sql: { decoder: Decoder } }).sql.decoder;
}

/**
 * The rows `mapResultRow` would give for `rows`, when every field's path has one key; undefined
 * otherwise (nested objects, joins: drizzle's own mapping then runs).
 */
export function mapFlatRows(fields: readonly SelectedField[], rows: ArrayLike<unknown[]>): unknown[] | undefined {
  const n = fields.length;
  for (let i = 0; i < n; i++) if (fields[i]!.path.length !== 1) return undefined;
  const count = rows.length;
  const out = new Array<unknown>(count);
  if (count === 0) return out;
  const keys = new Array<string>(n);
  const decoders = new Array<Decoder>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = fields[i]!.path[0]!;
    decoders[i] = decoderOf(fields[i]!.field);
  }
  for (let r = 0; r < count; r++) {
    const row = rows[r]!;
    const result: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const raw = row[i];
      result[keys[i]!] = raw === null ? null : decoders[i]!.mapFromDriverValue(raw);
    }
    out[r] = result;
  }
  return out;
}

/**
 * Gives a prepared query that maps rows with drizzle's `mapResultRow` (it has `fields` and no
 * `customResultMapper`) the flat-row mapper, falling back to `mapResultRow` for nested fields.
 * `fields` and `joinsNotNullableMap` are read from the prepared query when it runs, as drizzle does.
 */
export function withFlatRows<P>(prepared: P): P {
  const query = prepared as PreparedQuery;
  if (
    mapResultRow === undefined ||
    typeof query !== 'object' ||
    query === null ||
    !Array.isArray(query.fields) ||
    query.customResultMapper !== undefined
  ) {
    return prepared;
  }
  query.customResultMapper = (rows) => {
    const fields = query.fields!;
    return mapFlatRows(fields, rows) ?? Array.prototype.map.call(rows, (row: unknown[]) => mapResultRow(fields, row, query.joinsNotNullableMap));
  };
  return prepared;
}
