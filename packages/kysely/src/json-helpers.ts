import { codecs, getParser, type Codec } from '@pg-exact/core';
import {
  PostgresQueryCompiler,
  RawNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type OperationNode,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/*
 * Kysely's `jsonArrayFrom` / `jsonObjectFrom` (kysely/helpers/postgres) nest a subquery's rows as
 * JSON: `to_json` of every column, so an int8 is a JSON number (a float past 2^53 for JSON.parse,
 * a number or a bigint by size for a lossless parser), a numeric loses its scale (19.90 → 19.9) or
 * its digits, a timestamptz is a string. The exact dialects compile them into a form where each
 * column of a type pg-exact reads (int8, numeric, timestamptz, timestamp, date, json, … and their
 * arrays) is its PostgreSQL text, tagged with its type OID, and the driver turns that text into
 * the value the same column reads at top level (bigint, Decimal with its scale, PreciseDate, …).
 * Other columns are `to_json` of the value, as in Kysely. The row shape, key order and nesting
 * are Kysely's; helpers inside helpers are converted too.
 *
 * The column names come from the subquery's select list (a column, `col as alias`, `expr.as()`);
 * a helper whose subquery selects `*` (selectAll) keeps Kysely's SQL and reads as lossless JSON.
 */

/** The key that marks a typed helper's JSON (`{ key: rows | row, oids: { column: oid } }`). */
const MARKER = 'pg-exact:json-helper';

const ARRAY_FROM = ["(select coalesce(json_agg(agg), '[]') from ", ' as agg)'] as const;
const OBJECT_FROM = ['(select to_json(obj) from ', ' as obj)'] as const;

// The OIDs whose text pg-exact parses: each column of one of these types is sent as its text.
const exactOids = (Object.values(codecs) as Codec<unknown, never>[]).flatMap((codec) => [codec.oid, codec.arrayOid]);
const exactOidList = `'{${exactOids.join(',')}}'::pg_catalog.oid[]`;

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

function sameFragments(node: RawNode, fragments: readonly string[]): boolean {
  return node.sqlFragments.length === fragments.length && node.sqlFragments.every((f, i) => f === fragments[i]);
}

/** The output column names of a select query, in order; undefined when one is not known (`*`). */
function selectionNames(node: OperationNode): string[] | undefined {
  if (node.kind !== 'SelectQueryNode') return undefined;
  const { selections } = node as unknown as { selections?: readonly { selection: OperationNode }[] };
  if (selections === undefined || selections.length === 0) return undefined;
  const names: string[] = [];
  for (const { selection } of selections) {
    const name = outputName(selection);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

function outputName(node: OperationNode): string | undefined {
  switch (node.kind) {
    case 'AliasNode': {
      const alias = (node as unknown as { alias: OperationNode }).alias;
      return alias.kind === 'IdentifierNode' ? (alias as unknown as { name: string }).name : undefined;
    }
    case 'ReferenceNode':
      return outputName((node as unknown as { column: OperationNode }).column);
    case 'ColumnNode':
      return (node as unknown as { column: { name: string } }).column.name;
    default:
      return undefined; // SelectAllNode and anything else
  }
}

function encodedColumns(alias: string, names: readonly string[]): { values: string; oids: (aggregate: boolean) => string } {
  const values = names
    .map((name) => {
      const column = `${alias}.${quoteIdentifier(name)}`;
      return (
        `${quoteLiteral(name)}, case when pg_catalog.pg_typeof(${column})::pg_catalog.oid = any(${exactOidList})` +
        ` then pg_catalog.to_json(${column}::pg_catalog.text) else pg_catalog.to_json(${column}) end`
      );
    })
    .join(', ');
  const oids = (aggregate: boolean) =>
    names
      .map((name) => {
        // As an int8: to_json writes an oid as a JSON string.
        const oid = `pg_catalog.pg_typeof(${alias}.${quoteIdentifier(name)})::pg_catalog.oid`;
        return `${quoteLiteral(name)}, ${aggregate ? `min(${oid})` : oid}::pg_catalog.int8`;
      })
      .join(', ');
  return { values, oids };
}

/** The typed form of a helper's raw node, or undefined when it is not one (or its columns are not known). */
export function typedJsonHelper(node: RawNode): RawNode | undefined {
  const isArray = sameFragments(node, ARRAY_FROM);
  if (!isArray && !sameFragments(node, OBJECT_FROM)) return undefined;
  const sub = node.parameters[0];
  const names = sub === undefined ? undefined : selectionNames(sub);
  if (sub === undefined || names === undefined) return undefined;
  const alias = isArray ? 'agg' : 'obj';
  const { values, oids } = encodedColumns(alias, names);
  const before = isArray
    ? `(select pg_catalog.json_build_object('${MARKER}', coalesce(pg_catalog.json_agg(pg_catalog.json_build_object(${values})), '[]'), 'oids', pg_catalog.json_build_object(${oids(true)})) from `
    : `(select pg_catalog.json_build_object('${MARKER}', pg_catalog.json_build_object(${values}), 'oids', pg_catalog.json_build_object(${oids(false)})) from `;
  return RawNode.create([before, ` as ${alias})`], [sub]);
}

/** Kysely's PostgreSQL compiler, compiling Kysely's JSON helpers into their typed form. */
export class ExactPostgresQueryCompiler extends PostgresQueryCompiler {
  protected override visitRaw(node: RawNode): void {
    super.visitRaw(typedJsonHelper(node) ?? node);
  }
}

// ── results ──────────────────────────────────────────────────────────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function convertRow(row: unknown, oids: Record<string, unknown>): unknown {
  if (!isRecord(row)) return row;
  for (const key of Object.keys(row)) {
    const value = row[key];
    const oid = oids[key];
    const parse = typeof oid === 'number' ? getParser(oid) : undefined;
    row[key] = convert(parse !== undefined && typeof value === 'string' ? parse(value) : value);
  }
  return row;
}

/** Replaces every typed helper's JSON inside `value` with the rows it holds, values typed. */
function convert(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = convert(value[i]);
    return value;
  }
  if (!isRecord(value)) return value;
  if (Object.hasOwn(value, MARKER) && isRecord(value.oids)) {
    const body = value[MARKER];
    const oids = value.oids;
    return Array.isArray(body) ? body.map((row) => convertRow(row, oids)) : convertRow(body, oids);
  }
  for (const key of Object.keys(value)) value[key] = convert(value[key]);
  return value;
}

function convertResult<R>(compiledQuery: CompiledQuery, result: QueryResult<R>): QueryResult<R> {
  if (!compiledQuery.sql.includes(MARKER)) return result;
  for (const row of result.rows) convert(row);
  return result;
}

/**
 * `driver`, with the rows of every query that has a typed JSON helper converted (see above):
 * its connections are `driver`'s own, seen through a proxy whose executeQuery/streamQuery convert.
 */
export function withTypedJsonHelpers(driver: Driver): Driver {
  const originals = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => originals.get(connection) ?? connection;
  const wrap = (connection: DatabaseConnection): DatabaseConnection => {
    const proxy = new Proxy(connection, {
      get(target, property) {
        if (property === 'executeQuery') {
          return async (compiledQuery: CompiledQuery, ...rest: unknown[]) =>
            convertResult(compiledQuery, await (target.executeQuery as (...a: unknown[]) => Promise<QueryResult<unknown>>)(compiledQuery, ...rest));
        }
        if (property === 'streamQuery') {
          return async function* (compiledQuery: CompiledQuery, ...rest: unknown[]) {
            const stream = (target.streamQuery as (...a: unknown[]) => AsyncIterableIterator<QueryResult<unknown>>)(compiledQuery, ...rest);
            for await (const chunk of stream) yield convertResult(compiledQuery, chunk);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    originals.set(proxy, connection);
    return proxy;
  };
  type WithCompile = (connection: DatabaseConnection, name: string, compile: never) => Promise<void>;
  const savepointMethod = (method: WithCompile | undefined) =>
    method === undefined ? undefined : (connection: DatabaseConnection, name: string, compile: never) => method.call(driver, unwrap(connection), name, compile);
  const wrapped: Driver = {
    init: (...args: unknown[]) => (driver.init as (...a: unknown[]) => Promise<void>)(...args),
    acquireConnection: async (...args: unknown[]) => wrap(await (driver.acquireConnection as (...a: unknown[]) => Promise<DatabaseConnection>)(...args)),
    beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) => driver.beginTransaction(unwrap(connection), settings),
    commitTransaction: (connection: DatabaseConnection) => driver.commitTransaction(unwrap(connection)),
    rollbackTransaction: (connection: DatabaseConnection) => driver.rollbackTransaction(unwrap(connection)),
    releaseConnection: (connection: DatabaseConnection, ...args: unknown[]) =>
      (driver.releaseConnection as (...a: unknown[]) => Promise<void>)(unwrap(connection), ...args),
    destroy: (...args: unknown[]) => (driver.destroy as (...a: unknown[]) => Promise<void>)(...args),
  };
  const savepoint = savepointMethod(driver.savepoint as WithCompile | undefined);
  const rollbackToSavepoint = savepointMethod(driver.rollbackToSavepoint as WithCompile | undefined);
  const releaseSavepoint = savepointMethod(driver.releaseSavepoint as WithCompile | undefined);
  if (savepoint) wrapped.savepoint = savepoint;
  if (rollbackToSavepoint) wrapped.rollbackToSavepoint = rollbackToSavepoint;
  if (releaseSavepoint) wrapped.releaseSavepoint = releaseSavepoint;
  return wrapped;
}
