import { presetColumnChange, type PresetColumnChange, type PresetSql } from '@pg-exact/core';

// What drizzle-kit writes for a column after a preset has run, so that `drizzle-kit generate` on
// the schema.ts updated to match finds nothing to do (and emits no `ADD IDENTITY`, `SET DATA TYPE`
// … that would fail or redo the change). Layouts: 0.x's `meta/NNNN_snapshot.json` (whole tables),
// 1.0's `snapshot.json` deltas (`{ op: 'alter', key, set }` over the ddl the chain builds up).

const MAX_VALUE: Record<string, string> = { smallint: '32767', integer: '2147483647', bigint: '9223372036854775807' };
const SERIAL_TYPE: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

interface ColumnShape {
  type: string;
  default?: unknown;
  notNull?: boolean;
  identity?: Record<string, unknown> | null;
}

/** `type` with its array suffix (0.x writes `json[]`) split off. */
function splitArray(type: string): [string, string] {
  const match = /^(.*?)((?:\[\d*\])*)$/.exec(type)!;
  return [match[1]!, match[2]!];
}

/** The column's new properties (only those that change), or undefined when the column's type is not what the preset starts from. */
function changedColumn(change: PresetColumnChange, column: ColumnShape, layout: 'journal' | 'folders'): Partial<ColumnShape> | undefined {
  const [base, array] = splitArray(column.type);
  switch (change.kind) {
    case 'resyncSequence':
      return undefined;
    case 'jsonToJsonb':
      return base === 'json' ? { type: `jsonb${array}` } : undefined;
    case 'timestampToTimestamptz':
      return /^timestamp ?(\(\d\))?$/.test(base) ? { type: `${base} with time zone${array}` } : undefined;
    case 'floatToNumeric': {
      if (base !== 'double precision' && base !== 'real') return undefined;
      const { precision, scale } = change;
      const numeric = precision === undefined ? 'numeric' : layout === 'journal' ? `numeric(${precision}, ${scale ?? 0})` : `numeric(${precision},${scale ?? 0})`;
      return { type: `${numeric}${array}` };
    }
    case 'int4ToInt8': {
      if (base !== 'integer' && base !== 'serial') return undefined;
      const set: Partial<ColumnShape> = { type: base === 'serial' ? 'bigserial' : 'bigint' };
      // PostgreSQL grows the identity sequence's MAXVALUE with the type only where it was the int4 maximum.
      if (column.identity && column.identity.maxValue === MAX_VALUE.integer) set.identity = { ...column.identity, maxValue: MAX_VALUE.bigint };
      return set;
    }
    case 'serialToIdentity': {
      if (column.identity) return column.identity.type === change.generated ? undefined : { identity: { ...column.identity, type: change.generated } };
      const type = SERIAL_TYPE[base] ?? base;
      const maxValue = MAX_VALUE[type];
      if (maxValue === undefined || array !== '') return undefined;
      // As drizzle-kit writes `generatedByDefaultAsIdentity()` with no options: PostgreSQL's own
      // sequence name, which the preset's identity sequence gets once the serial one is dropped.
      const identity: Record<string, unknown> = { type: change.generated, name: `${change.table}_${change.column}_seq` };
      if (layout === 'journal') identity.schema = change.schema;
      Object.assign(identity, { increment: '1', startWith: '1', minValue: '1', maxValue, cache: layout === 'journal' ? '1' : 1, cycle: false });
      const set: Partial<ColumnShape> = { type, identity, notNull: true };
      if (layout === 'folders') set.default = null;
      return set;
    }
  }
}

/** drizzle-kit 0.x: `snapshot` (a copy of the previous one) with the preset's column as the preset leaves it. */
export function applyToJournalSnapshot(snapshot: Record<string, unknown>, preset: PresetSql): void {
  const change = presetColumnChange(preset);
  if (change === undefined) return;
  const tables = snapshot.tables as Record<string, { columns?: Record<string, ColumnShape & Record<string, unknown>> }> | undefined;
  const column = tables?.[`${change.schema}.${change.table}`]?.columns?.[change.column];
  if (column === undefined) return;
  const set = changedColumn(change, column, 'journal');
  if (set === undefined) return;
  Object.assign(column, set);
  if (change.kind === 'serialToIdentity' && typeof column.default === 'string' && column.default.startsWith('nextval(')) delete column.default;
}

/** A 1.0 snapshot: a `base` with the whole ddl, or a `diff` with deltas over its `prevIds`. */
export interface FolderSnapshotData {
  id: string;
  type?: string;
  prevIds?: string[];
  ddl?: Row[];
  deltas?: Delta[];
}

type Row = Record<string, unknown> & { entityType?: string };
type Delta = { op: string; key?: string; row?: Row; set?: Record<string, unknown> };

const columnKey = (schema: unknown, table: unknown, name: unknown) => `columns\u0000${JSON.stringify([schema, table, name])}`;

/** The columns the chain ending at `leaves` describes (replaying creates, drops and alters, oldest first). */
function columnsAt(snapshots: Map<string, FolderSnapshotData>, leaves: string[]): Map<string, Row> {
  const order: FolderSnapshotData[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    const snapshot = snapshots.get(id);
    if (seen.has(id) || snapshot === undefined) return;
    seen.add(id);
    for (const previous of snapshot.prevIds ?? []) visit(previous);
    order.push(snapshot);
  };
  for (const leaf of leaves) visit(leaf);
  const columns = new Map<string, Row>();
  const keyOf = (row: Row) => columnKey(row.schema, row.table, row.name);
  for (const snapshot of order) {
    for (const row of snapshot.ddl ?? []) if (row.entityType === 'columns') columns.set(keyOf(row), { ...row });
    for (const delta of snapshot.deltas ?? []) {
      if (delta.op === 'create' && delta.row?.entityType === 'columns') columns.set(keyOf(delta.row), { ...delta.row });
      else if (delta.op === 'drop' && delta.key !== undefined) columns.delete(delta.key);
      else if (delta.key !== undefined && delta.set !== undefined && columns.has(delta.key)) {
        const row = { ...columns.get(delta.key)!, ...delta.set };
        columns.delete(delta.key);
        columns.set(keyOf(row), row);
      }
    }
  }
  return columns;
}

/** drizzle-kit 1.0: the deltas a snapshot after the preset carries (none when the chain does not hold the column). */
export function presetDeltas(preset: PresetSql, snapshots: Map<string, FolderSnapshotData>, leaves: string[]): Delta[] {
  const change = presetColumnChange(preset);
  if (change === undefined) return [];
  const key = columnKey(change.schema, change.table, change.column);
  const column = columnsAt(snapshots, leaves).get(key);
  if (column === undefined) return [];
  const dimensions = typeof column.dimensions === 'number' ? column.dimensions : 0;
  const set = changedColumn(change, { ...(column as unknown as ColumnShape), type: `${String(column.type)}${'[]'.repeat(dimensions)}` }, 'folders');
  if (set === undefined) return [];
  // 1.0 keeps array dimensions apart from the type.
  if (set.type !== undefined) set.type = splitArray(set.type)[0];
  return [{ op: 'alter', key, set: set as Record<string, unknown> }];
}

/** The `schema.ts` column change that goes with a preset (pg-exact's builders), as comment lines; none when nothing changes. */
export function schemaChangeComment(preset: PresetSql): string[] {
  const change = presetColumnChange(preset);
  if (change === undefined) return [];
  let before: string;
  let after: string;
  switch (change.kind) {
    case 'resyncSequence':
      return [];
    case 'serialToIdentity':
      before = 'serial()';
      after = change.generated === 'always' ? 'integer().generatedAlwaysAsIdentity()' : 'integer().generatedByDefaultAsIdentity()';
      break;
    case 'int4ToInt8':
      before = 'integer()';
      after = 'bigint() (an identity: bigint().generated…AsIdentity(), or identity())';
      break;
    case 'timestampToTimestamptz':
      before = 'timestamp({ precision })';
      after = 'timestamptz({ precision })';
      break;
    case 'jsonToJsonb':
      before = 'json()';
      after = 'jsonb()';
      break;
    case 'floatToNumeric':
      before = 'doublePrecision() / real()';
      after = change.precision === undefined ? 'numeric()' : `numeric({ precision: ${change.precision}, scale: ${change.scale ?? 0} })`;
      break;
  }
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return [
    `-- schema.ts: the column ${quote(change.schema)}.${quote(change.table)}.${quote(change.column)} (other modifiers kept)`,
    `--   before: ${before}`,
    `--   after:  ${after}`,
    '--   (the snapshot writePresetMigration writes describes the column so: drizzle-kit generate then finds no changes)',
  ];
}
