import { checkWallClockZone, wallClockToInstant } from '@pg-exact/core';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { resultZones, WallClockTransformer, type WallClockColumns } from './wall-clock-transformer.js';

/** Options of {@link WallClockPlugin}: the columns, keyed `'table.column'` or `'schema.table.column'`, each with its IANA zone. */
export type WallClockPluginColumns = Readonly<Record<string, string>>;

/**
 * Reads and writes `timestamp` (without time zone) columns that hold wall-clock time in a named
 * zone — a column not yet migrated to timestamptz — as instants, whatever the process and session
 * TimeZone:
 * - parameters: a Date/PreciseDate bound for such a column (INSERT values, UPDATE … SET,
 *   ON CONFLICT DO UPDATE SET, `where(column, op, value)` including `in` lists) is written as its
 *   wall clock in the zone (`instant AT TIME ZONE zone`, µs kept);
 * - results: the column's value, selected by name (`select('created_at')`, `selectAll()`,
 *   `orders.created_at as c`, RETURNING) is read as the instant (`col AT TIME ZONE zone`).
 * A wall clock a DST change skips reads shifted forward, one it repeats as the later instant
 * (PostgreSQL's rule). Columns reach the plugin by name in the query; values inside `sql`
 * templates, expressions (`coalesce(created_at, …)`) and subquery results it cannot see: convert
 * those with `instantToWallClock`/`wallClockToInstant`. Tables are matched by name and alias
 * (`'orders.created_at'` covers `orders`, `s.orders` and `orders as o`; `'s.orders.created_at'` only `s.orders`).
 *
 * ```ts
 * import { Kysely } from 'kysely';
 * import { ExactPostgresDialect, PreciseDate, WallClockPlugin } from '@pg-exact/kysely';
 *
 * const db = new Kysely<Database>({
 *   dialect: new ExactPostgresDialect({ connectionString: process.env.DATABASE_URL }),
 *   plugins: [new WallClockPlugin({ 'orders.created_at': 'America/Los_Angeles' })],
 * });
 * await db.insertInto('orders').values({ created_at: new PreciseDate('2024-07-01T16:00:00.123456Z') }).execute();
 * // stored: '2024-07-01 09:00:00.123456'; selected back: PreciseDate 2024-07-01T16:00:00.123456Z
 * ```
 */
export class WallClockPlugin implements KyselyPlugin {
  readonly #columns: WallClockColumns;
  readonly #transformer: WallClockTransformer;
  // The result columns to convert, by query (keyed by Kysely's queryId, as Kysely's own plugins do).
  readonly #results = new WeakMap<object, Map<string, string>>();

  constructor(columns: WallClockPluginColumns) {
    if (typeof columns !== 'object' || columns === null) throw new TypeError('WallClockPlugin: expected { \'table.column\': zone, … }');
    const entries = Object.entries(columns).map(([key, zone]): [string, string] => {
      if (!/^[^.]+(\.[^.]+){1,2}$/.test(key)) {
        throw new TypeError(`WallClockPlugin: column key ${JSON.stringify(key)} must be 'table.column' or 'schema.table.column'`);
      }
      return [key, checkWallClockZone(`WallClockPlugin: ${key}`, zone)];
    });
    this.#columns = new Map(entries);
    this.#transformer = new WallClockTransformer(this.#columns);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const zones = resultZones(this.#columns, args.node);
    if (zones.size > 0) this.#results.set(args.queryId, zones);
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const zones = this.#results.get(args.queryId);
    if (zones === undefined) return args.result;
    this.#results.delete(args.queryId);
    const rows = args.result.rows.map((row) => {
      const converted: UnknownRow = { ...row };
      for (const [column, zone] of zones) {
        const value = row[column];
        if (value instanceof Date) converted[column] = wallClockToInstant(value, zone);
      }
      return converted;
    });
    return { ...args.result, rows };
  }
}
