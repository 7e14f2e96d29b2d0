import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { insertTarget, returningColumn, returningDiscovery } from './identity-returning-transformer.js';

/** Options of {@link IdentityReturningPlugin}. */
export interface IdentityReturningPluginOptions {
  /**
   * Identity column by table: keys are `'table'` or `'schema.table'` as written in the query
   * (`withSchema('s')` → `'s.table'`, tried before `'table'`). A table listed here is never
   * introspected: its inserts get `RETURNING "<column>"` (the fastest form for bulk inserts);
   * `null` marks a table without one (its inserts are left alone).
   * Default: `undefined` — every insert finds its table's identity column itself.
   */
  identityColumns?: Record<string, string | null>;
  /**
   * Whether tables missing from `identityColumns` are introspected. Default: `true`.
   * With `false`, only the tables in `identityColumns` get an `insertId`.
   */
  introspect?: boolean;
}


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
 * row written); ask for `.returning('id')` when you need every id. An insert that writes no row
 * (`ON CONFLICT DO NOTHING`) reports none.
 *
 * The identity column (a `GENERATED … AS IDENTITY` column first, else a serial column, i.e. one
 * that owns a sequence; on a partition, its root's) is found by the INSERT itself, once per
 * statement, for the table PostgreSQL writes into: wherever Kysely or you put it — `withSchema`,
 * the Migrator's `migrationTableSchema` (its WithSchemaPlugin runs after this plugin), the
 * `search_path`, a temporary table, a partitioned table — and nothing is cached, so a table
 * created again is seen as it is now. Each row's id is read through `to_jsonb(row)`; for bulk
 * inserts into a table you know, `identityColumns` writes a plain `RETURNING "id"` instead.
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
  // Queries this plugin added a RETURNING to (keyed by Kysely's queryId, as Kysely's own plugins do).
  readonly #pending = new WeakMap<object, true>();

  constructor(options: IdentityReturningPluginOptions = {}) {
    this.#explicit = new Map(Object.entries(options.identityColumns ?? {}));
    this.#introspect = options.introspect ?? true;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node, queryId } = args;
    if (node.kind !== 'InsertQueryNode') return node;
    const target = insertTarget(node);
    if (target === undefined) return node;
    const column = this.#known(target.key, target.table);
    if (column === null) return node;
    if (column === undefined && !this.#introspect) return node;
    this.#pending.set(queryId, true);
    return column === undefined ? returningDiscovery(node, target) : returningColumn(node, column);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const { result, queryId } = args;
    if (!this.#pending.has(queryId)) return result;
    this.#pending.delete(queryId);
    // The one column this plugin asked for, whatever a plugin before it renamed it to.
    const last = result.rows[result.rows.length - 1];
    const insertId = last === undefined ? undefined : toBigInt(Object.values(last)[0]);
    // The user asked for no rows: hand back none (QueryResult is readonly, so build a new one).
    const { rows: _rows, ...rest } = result;
    return insertId === undefined ? { ...rest, rows: [] } : { ...rest, rows: [], insertId };
  }

  #known(key: string, table: string): string | null | undefined {
    if (this.#explicit.has(key)) return this.#explicit.get(key);
    if (key !== table && this.#explicit.has(table)) return this.#explicit.get(table);
    return undefined;
  }
}
