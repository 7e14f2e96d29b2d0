import {
  presets,
  type FloatToNumericOptions,
  type PresetOptions,
  type PresetSql,
  type SerialToIdentityOptions,
  type TimestampToTimestamptzOptions,
} from '@pg-exact/core';
import { sql, type Kysely } from 'kysely';

/**
 * A Kysely `Migration` made from one core preset. `up`/`down` run the preset's SQL inside a
 * transaction: the Migrator's own (on PostgreSQL it runs all pending migrations of a
 * `migrateToLatest` in one transaction), the caller's when given a `Transaction`, or one of their
 * own when `db` is not a transaction (`db.isTransaction` false: a direct call, or a Migrator with
 * `disableTransactions`). The SQL goes as two statements (`SET LOCAL`, then the `DO` block), so
 * drivers that allow one statement per query (PGlite's `query`) run it too. It also carries the
 * preset's `name`, `description` and raw `sql`.
 *
 * A preset that cannot be undone (`resyncSequence`, whose `sql.down` is `null`) still gets a
 * `down`, one that throws: a `migrateDown` through it fails (the Migrator reports the error and
 * rolls back) instead of silently recording an undo that did not happen. To let rollbacks pass
 * through it anyway, spread it and replace `down`: `{ ...m, down: async () => {} }`.
 *
 * Declared here rather than as `extends Migration`: Kysely 0.29 moved `Migration` to
 * `kysely/migration` (the root export is a type error there); this shape fits both.
 */
export interface PresetMigration {
  /** The preset's file-name-safe name, e.g. `serial_to_identity_orders_id`. */
  readonly name: string;
  /** What the SQL does and what it cannot do. */
  readonly description: string;
  /** `false` when `down` throws (the preset's `down` SQL is `null`). */
  readonly reversible: boolean;
  /** The SQL text the migration runs. */
  readonly sql: PresetSql;
  up(db: Kysely<any>): Promise<void>;
  down(db: Kysely<any>): Promise<void>;
}

/** Options of {@link presetMigrations}. */
export interface PresetMigrationsOptions {
  /**
   * Put before every key (`${prefix}_${NNN}_${name}`). Kysely's Migrator sorts migrations by key,
   * so pick a prefix that sorts where these belong among your other migrations (e.g. a date,
   * `'2025_06_01'`). Default `'pgx'`.
   */
  prefix?: string;
}

// `SET LOCAL lock_timeout = '<duration>';\n` then one `DO` block. Sent as two statements so a
// driver that uses the extended protocol (one statement per query, e.g. PGlite's `query`) runs it.
const SET_LOCAL = /^(SET LOCAL lock_timeout = '[^'\\]*';)\n/;

function statements(text: string): string[] {
  const match = SET_LOCAL.exec(text);
  if (!match?.[1]) return [text];
  const rest = text.slice(match[0].length);
  return rest.trim() === '' ? [match[1]] : [match[1], rest];
}

async function runIn(db: Kysely<any>, text: string): Promise<void> {
  for (const statement of statements(text)) await sql.raw(statement).execute(db);
}

/** Runs `text` in `db`'s transaction, or in a new one (SET LOCAL only lasts inside one). */
async function runSql(db: Kysely<any>, text: string): Promise<void> {
  if (db.isTransaction) {
    await runIn(db, text);
  } else {
    await db.transaction().execute((trx) => runIn(trx, text));
  }
}

/** The Kysely `Migration` of a preset's SQL (e.g. of `presets.jsonToJsonb(…)` from `@pg-exact/core`). */
export function presetToMigration(preset: PresetSql): PresetMigration {
  const { name, up, down, description } = preset;
  if (typeof name !== 'string' || typeof up !== 'string' || (down !== null && typeof down !== 'string')) {
    throw new TypeError('presetToMigration: expected a preset ({ name, up, down, description }) from @pg-exact/core');
  }
  return {
    name,
    description,
    reversible: down !== null,
    sql: preset,
    up: (db) => runSql(db, up),
    down:
      down === null
        ? () =>
            Promise.reject(
              new Error(
                `pg-exact migration ${name} cannot be reversed: its preset has no down SQL (see its description). ` +
                  'To migrate down past it, give it a no-op down: { ...migration, down: async () => {} }.',
              ),
            )
        : (db) => runSql(db, down),
  };
}

/**
 * The core migration presets (`presets` of `@pg-exact/core`) as Kysely `Migration`s: the same six
 * functions, the same options (validated the same way: a TypeError names a bad or unknown option),
 * each returning a {@link PresetMigration}. Every `up`/`down` is idempotent, so running one twice
 * changes nothing. `resyncSequence` is not reversible: its `down` throws.
 *
 * Use them with Kysely's `Migrator` through {@link presetMigrations} and a `MigrationProvider`:
 *
 * ```ts
 * import { Kysely, Migrator, PostgresDialect } from 'kysely';
 * import { migrationPresets, presetMigrations } from '@pg-exact/kysely';
 *
 * const migrator = new Migrator({
 *   db,
 *   provider: {
 *     getMigrations: async () => ({
 *       ...(await fileProvider.getMigrations()), // your own migrations, if any
 *       ...presetMigrations(
 *         [
 *           migrationPresets.serialToIdentity({ table: 'orders', column: 'id' }),
 *           migrationPresets.int4ToInt8({ table: 'orders', column: 'id' }),
 *           migrationPresets.timestampToTimestamptz({ table: 'events', column: 'at', fromZone: 'Europe/Paris' }),
 *         ],
 *         { prefix: '2025_06_01' }, // keys 2025_06_01_001_serial_to_identity_orders_id, …
 *       ),
 *     }),
 *   },
 * });
 * const { error, results } = await migrator.migrateToLatest(); // all pending ones in one transaction
 * if (error) throw error;
 *
 * // Or directly: outside a transaction it opens one itself.
 * await migrationPresets.jsonToJsonb({ table: 'events', column: 'payload' }).up(db);
 * ```
 */
export const migrationPresets = {
  serialToIdentity: (options: SerialToIdentityOptions): PresetMigration => presetToMigration(presets.serialToIdentity(options)),
  resyncSequence: (options: PresetOptions): PresetMigration => presetToMigration(presets.resyncSequence(options)),
  int4ToInt8: (options: PresetOptions): PresetMigration => presetToMigration(presets.int4ToInt8(options)),
  timestampToTimestamptz: (options: TimestampToTimestamptzOptions): PresetMigration =>
    presetToMigration(presets.timestampToTimestamptz(options)),
  jsonToJsonb: (options: PresetOptions): PresetMigration => presetToMigration(presets.jsonToJsonb(options)),
  floatToNumeric: (options: FloatToNumericOptions): PresetMigration => presetToMigration(presets.floatToNumeric(options)),
} as const;

/**
 * The migrations as a record for a Kysely `MigrationProvider` (`{ getMigrations: async () => record }`),
 * keyed `${prefix}_${NNN}_${name}` (`NNN` the 1-based position, zero-padded), so the Migrator's
 * sort by key keeps the list's order. Accepts {@link PresetMigration}s or core `PresetSql`s.
 * Adding a preset later: append it to the end of the list (keys of earlier entries stay the same).
 */
export function presetMigrations(
  list: readonly (PresetMigration | PresetSql)[],
  options: PresetMigrationsOptions = {},
): Record<string, PresetMigration> {
  if (!Array.isArray(list)) throw new TypeError('presetMigrations: expected an array of migration presets');
  const prefix = options.prefix ?? 'pgx';
  if (typeof prefix !== 'string') throw new TypeError('presetMigrations: option `prefix` must be a string');
  const width = Math.max(3, String(list.length).length);
  const record: Record<string, PresetMigration> = {};
  list.forEach((entry, index) => {
    const migration = typeof entry.up === 'string' ? presetToMigration(entry as PresetSql) : (entry as PresetMigration);
    if (typeof migration.name !== 'string' || typeof migration.up !== 'function') {
      throw new TypeError(`presetMigrations: entry ${index} is not a migration preset`);
    }
    const position = String(index + 1).padStart(width, '0');
    record[prefix === '' ? `${position}_${migration.name}` : `${prefix}_${position}_${migration.name}`] = migration;
  });
  return record;
}
