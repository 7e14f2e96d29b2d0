import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import {
  identityColumnAlias,
  insertTarget,
  returningColumn,
  returningDiscovery,
} from './identity-returning-transformer.js';

/** Options of {@link IdentityReturningPlugin}. */
export interface IdentityReturningPluginOptions {
  /**
   * Identity column by table: keys are `'table'` or `'schema.table'` as written in the query
   * (`withSchema('s')` → `'s.table'`, tried before `'table'`). A table listed here is never
   * introspected; `null` marks a table without one (its inserts are left alone).
   * Default: `undefined` — every table is introspected on its first insert.
   */
  identityColumns?: Record<string, string | null>;
  /**
   * Whether tables missing from `identityColumns` are introspected. Default: `true`.
   * With `false`, only the tables in `identityColumns` get an `insertId`.
   */
  introspect?: boolean;
}

type Pending = { readonly key: string; readonly column: string | undefined };

/** Converts what a driver read for an id (bigint from exact drivers; number or digit string from vanilla ones). */
function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

/**
 * Fills `InsertResult.insertId` (a bigint) on PostgreSQL, as Kysely's MySQL and SQLite dialects do:
 * an INSERT without RETURNING into a table with an identity or serial column gets
 * `RETURNING <that column>`, and the id is read from the row the server returned — never from
 * `lastval()`/`currval()`, so it is right under pools and concurrent writers. The rows the plugin
 * asked for are removed from the result, so the query reads as before.
 *
 * Multi-row inserts report the id of the **last** row RETURNING lists (for a `VALUES` list, the last
 * row written); ask for `.returning('id')` when you need every id.
 *
 * The identity column is found by introspection on a table's first insert (the INSERT itself
 * reports it: a `GENERATED … AS IDENTITY` column first, else a serial column, i.e. a `nextval()`
 * default on a sequence the column owns) and cached per table name as written; `refresh()`
 * forgets the cache. Or name the columns with `identityColumns`.
 *
 * ```ts
 * import { Kysely } from 'kysely';
 * import { ExactPostgresDialect, IdentityReturningPlugin } from '@pg-exact/kysely';
 *
 * const db = new Kysely<Database>({
 *   dialect: new ExactPostgresDialect({ connectionString: process.env.DATABASE_URL }),
 *   plugins: [new IdentityReturningPlugin()], // or { identityColumns: { orders: 'id' } }
 * });
 * const { insertId } = await db.insertInto('orders').values({ total: '9.99' }).executeTakeFirstOrThrow();
 * insertId; // 42n
 * ```
 */
export class IdentityReturningPlugin implements KyselyPlugin {
  readonly #explicit: ReadonlyMap<string, string | null>;
  readonly #introspect: boolean;
  readonly #cache = new Map<string, string | null>();
  readonly #pending = new WeakMap<object, Pending>();

  constructor(options: IdentityReturningPluginOptions = {}) {
    this.#explicit = new Map(Object.entries(options.identityColumns ?? {}));
    this.#introspect = options.introspect ?? true;
  }

  /** Forgets the introspected identity column of `table` (`'table'` or `'schema.table'`), or of every table. */
  refresh(table?: string): void {
    if (table === undefined) this.#cache.clear();
    else this.#cache.delete(table);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node, queryId } = args;
    if (node.kind !== 'InsertQueryNode') return node;
    const target = insertTarget(node);
    if (target === undefined) return node;
    const column = this.#known(target.key, target.table);
    if (column === null) return node;
    if (column !== undefined) {
      this.#pending.set(queryId, { key: target.key, column });
      return returningColumn(node, column);
    }
    if (!this.#introspect) return node;
    this.#pending.set(queryId, { key: target.key, column: undefined });
    return returningDiscovery(node, target);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const { result, queryId } = args;
    const pending = this.#pending.get(queryId);
    if (pending === undefined) return result;
    this.#pending.delete(queryId);
    let column = pending.column;
    const last = result.rows[result.rows.length - 1];
    if (column === undefined && last !== undefined) {
      const found = last[identityColumnAlias];
      column = typeof found === 'string' ? found : undefined;
      this.#cache.set(pending.key, column ?? null);
    }
    const insertId = column === undefined || last === undefined ? undefined : toBigInt(last[column]);
    // The user asked for no rows: hand back none (QueryResult is readonly, so build a new one).
    const { rows: _rows, ...rest } = result;
    return insertId === undefined ? { ...rest, rows: [] } : { ...rest, rows: [], insertId };
  }

  #known(key: string, table: string): string | null | undefined {
    if (this.#explicit.has(key)) return this.#explicit.get(key);
    if (key !== table && this.#explicit.has(table)) return this.#explicit.get(table);
    return this.#cache.get(key);
  }
}
