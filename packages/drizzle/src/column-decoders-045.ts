import { codecs } from '@pg-exact/core';
import { Column, is, SQL } from 'drizzle-orm';
import * as pgCore from 'drizzle-orm/pg-core';
import { PgTimestampString } from 'drizzle-orm/pg-core';
import { withFlatRows } from './flat-rows-045.js';
import { pgTimestampText, pgTimestamptzJsonText } from './timestamp-text.js';

// drizzle-orm 0.45 has no per-column hook on what a driver returns (1.0's codecs are that hook,
// see exact-codecs.ts): each column's `mapFromDriverValue` gets the driver's value. The pg-exact
// drivers return a PreciseDate for every timestamp, which drizzle's `timestamp({ mode: 'string' })`
// turns into `toISOString()` digits labelled with the process TZ's offset (`…02:00:00.123456-05`
// under New York for 02:00Z) where drizzle's own drivers hand it PostgreSQL's text. So, on 0.45,
// the database this package's drizzle() returns decodes those columns from the text PostgreSQL
// prints on a UTC session. drizzle's internals used (pinned in test/drizzle-internals.test.ts):
// - `db.session.prepareQuery(query, fields, …)`: selects and `returning()` hand it their fields
//   (`{ path, field }`), whose `field` (a column, or an SQL/alias with a column `decoder`) decodes;
// - `db.dialect.buildRelationalQueryWithoutPK()` returns the relational query's `selection`
//   (`{ field, isJson, selection }` items, nested for `with`) that decodes its rows;
// - `db.transaction(callback)` hands the callback a database of the same shape (`session`,
//   `dialect`; postgres.js makes a new session per transaction and savepoint).
// The columns themselves, the tables and drizzle's classes are not modified: the fields handed to
// drizzle are Proxies of them that decode differently.

type Decode = (value: unknown) => unknown;
// 0.45's array column class; 1.0 has none (its columns carry `dimensions`), so not a named import.
const PgArray = (pgCore as { PgArray?: typeof pgCore.PgArray }).PgArray;
interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}
interface SelectedField {
  path: string[];
  field: unknown;
}
interface SelectionItem {
  field?: unknown;
  isJson?: boolean;
  selection?: SelectionItem[];
  [key: string]: unknown;
}
interface Session {
  prepareQuery(query: unknown, fields: SelectedField[] | undefined, ...rest: unknown[]): unknown;
}
interface Dialect {
  buildRelationalQueryWithoutPK(...args: unknown[]): { selection: SelectionItem[] };
}
interface Database {
  session: Session;
  dialect: Dialect;
  transaction(callback: (tx: Database) => unknown, ...rest: unknown[]): unknown;
}

const done = new WeakSet<object>();
/** Adapted fields by original, for values read from the row (root) and from JSON (nested). */
const adaptedFields = { root: new WeakMap<object, object>(), nested: new WeakMap<object, object>() };

/**
 * Makes drizzle-orm 0.45's database `db` (and its transactions) decode drizzle's string-mode
 * timestamp columns from the text a UTC session prints; everything else decodes as before.
 */
export function exactColumnDecoders045(db: unknown): void {
  const database = db as Database;
  if (done.has(database)) return;
  if (
    typeof database.session?.prepareQuery !== 'function' ||
    typeof database.dialect?.buildRelationalQueryWithoutPK !== 'function' ||
    typeof database.transaction !== 'function'
  ) {
    throw new TypeError('pg-exact: this drizzle-orm 0.45 release builds its database differently; @pg-exact/drizzle needs an update for it');
  }
  done.add(database);
  adaptSession(database.session);
  adaptDialect(database.dialect);
  const transaction = database.transaction;
  database.transaction = function (this: Database, callback, ...rest) {
    return transaction.call(this, (tx: Database) => {
      exactColumnDecoders045(tx);
      return callback(tx);
    }, ...rest);
  };
}

function adaptSession(session: Session): void {
  if (done.has(session)) return;
  done.add(session);
  const prepareQuery = session.prepareQuery;
  session.prepareQuery = function (this: Session, query, fields, ...rest) {
    // Rows of flat selects are mapped by a plain loop (flat-rows-045.ts), the same row objects.
    return withFlatRows(prepareQuery.call(this, query, fields && adaptSelectedFields(fields), ...rest));
  };
}

function adaptSelectedFields(fields: SelectedField[]): SelectedField[] {
  let changed = false;
  const adapted = fields.map((item) => {
    const field = adaptField(item.field, 'root');
    if (field === item.field) return item;
    changed = true;
    return { ...item, field };
  });
  return changed ? adapted : fields;
}

function adaptDialect(dialect: Dialect): void {
  if (done.has(dialect)) return;
  done.add(dialect);
  const build = dialect.buildRelationalQueryWithoutPK;
  // It calls itself for each nested relation: only the outermost result is adapted (once).
  let depth = 0;
  dialect.buildRelationalQueryWithoutPK = function (this: Dialect, ...args) {
    depth++;
    try {
      const built = build.apply(this, args);
      return depth === 1 ? { ...built, selection: adaptSelection(built.selection, 'root') } : built;
    } finally {
      depth--;
    }
  };
}

function adaptSelection(selection: SelectionItem[], where: 'root' | 'nested'): SelectionItem[] {
  return selection.map((item) => {
    if (item.isJson) return item.selection ? { ...item, selection: adaptSelection(item.selection, 'nested') } : item;
    const field = adaptField(item.field, where);
    return field === item.field ? item : { ...item, field };
  });
}

/** The field (column, SQL with a column decoder, or alias of one), decoding string-mode timestamps as drizzle's drivers would. */
function adaptField(field: unknown, where: 'root' | 'nested'): unknown {
  if (typeof field !== 'object' || field === null) return field;
  const cache = adaptedFields[where];
  const known = cache.get(field);
  if (known) return known;
  let adapted: unknown = field;
  if (is(field, Column)) {
    const decode = stringTimestampDecode(field, where);
    if (decode) adapted = replacing(field, 'mapFromDriverValue', (value: unknown) => (field as Decoder).mapFromDriverValue(decode(value)));
  } else if (is(field, SQL)) {
    // `decoder`: the column of `.mapWith(column)` (drizzle-internal in its types).
    const original = (field as unknown as { decoder: unknown }).decoder;
    const decoder = adaptField(original, where);
    if (decoder !== original) adapted = replacing(field, 'decoder', decoder);
  } else if (is(field, SQL.Aliased)) {
    const inner = adaptField(field.sql, where);
    if (inner !== field.sql) adapted = replacing(field, 'sql', inner);
  }
  cache.set(field, adapted as object);
  return adapted;
}

/** `target` with `key` reading as `value`; all else (class, table, name, `is()`) is the target's. */
function replacing<T extends object>(target: T, key: PropertyKey, value: unknown): T {
  return new Proxy(target, { get: (object, property) => (property === key ? value : Reflect.get(object, property, object)) });
}

/**
 * For drizzle's `timestamp({ mode: 'string' })` (and arrays of it): the driver's value as drizzle's
 * drivers give it on a UTC session — PostgreSQL's text for a PreciseDate in a row, and inside a
 * relational query's JSON a timestamptz relabelled to `+00:00` (the same instant). Undefined for
 * every other column.
 */
function stringTimestampDecode(column: Column, where: 'root' | 'nested'): Decode | undefined {
  let base: unknown = column;
  while (PgArray !== undefined && is(base, PgArray)) base = (base as { baseColumn: unknown }).baseColumn;
  if (!is(base, PgTimestampString)) return undefined;
  const withTimezone = (base as { withTimezone: boolean }).withTimezone;
  // Without time zone, JSON's text does not depend on the session: drizzle reads it as it is.
  if (where === 'nested' && !withTimezone) return undefined;
  const item: Decode =
    where === 'root'
      ? (value) => (value instanceof Date ? pgTimestampText(value, withTimezone) : value)
      : (value) => (typeof value === 'string' ? pgTimestamptzJsonText(codecs.timestamptz.parse(value)) : value);
  const deep: Decode = (value) => (Array.isArray(value) ? value.map(deep) : value === null ? null : item(value));
  return deep;
}
