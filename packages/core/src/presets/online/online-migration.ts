import type { Queryable } from '../../queryable.js';
import { checkIdentifierText, quoteIdent, quoteLiteral } from '../preset-sql.js';
import { readOnlineCatalog, type OnlineCatalog, type OnlineReferencingKey } from './online-catalog.js';
import { onlineConversion, UTC_ZONES, type OnlineConversion, type OnlineConversionName, type OnlineConversionOptions } from './online-conversions.js';

/** Options of {@link onlineMigration}. */
export interface OnlineMigrationOptions extends OnlineConversionOptions {
  /** Which type change: the online form of the preset of that name. */
  preset: OnlineConversionName;
  /** The table, exactly as stored. */
  table: string;
  /** The column to convert, exactly as stored. */
  column: string;
  /** The table's schema. Default `'public'`. */
  schema?: string;
  /** Rows per backfill batch (one short transaction each). Default 5000. */
  batchSize?: number;
  /** Pause between batches, in ms, so the backfill leaves room for the application. Default 20. */
  sleepMs?: number;
  /** `lock_timeout` of every step that takes a table lock (add column, swap, cleanup). Default `'1s'`. */
  lockTimeout?: string;
  /** How often a step that hit `lock_timeout` is tried again (with a growing pause). Default 20. */
  lockRetries?: number;
  /** Where the state table `pg_exact_online_migrations` lives. Default `'public'`. */
  stateSchema?: string;
  /** Called as the migration goes: each step, each batch, each lock retry. */
  onProgress?: (event: OnlineProgress) => void;
}

/** The steps, in order; `state.phase` is the last one completed. */
export type OnlinePhase = 'started' | 'backfilled' | 'prepared' | 'swapped' | 'cleaned';

/** One progress report. */
export interface OnlineProgress {
  step: 'start' | 'backfill' | 'prepare' | 'swap' | 'cleanup' | 'abort' | 'lock-retry';
  message: string;
  /** backfill: rows copied so far (over all runs) and the key reached. */
  rowsDone?: number;
  lastKey?: string | null;
  maxKey?: string | null;
  /** backfill: pg_class.reltuples when the migration started (an estimate). */
  estimatedRows?: number;
  /** swap, start, cleanup: how long the transaction holding the lock took, in ms. */
  lockedMs?: number;
}

/** The row of `pg_exact_online_migrations` for this migration. */
export interface OnlineState {
  id: string;
  phase: OnlinePhase;
  rowsDone: number;
  lastKey: string | null;
  maxKey: string | null;
  /** What the migration recorded at start: the catalog it found and the names it uses. */
  plan: OnlinePlan;
}

/** The names the migration uses and the catalog it found when it started. */
export interface OnlinePlan {
  conversion: OnlineConversionName;
  to: string;
  /** The shadow column of the new type (`<column>_pgx_new`), renamed to `column` by the swap. */
  newColumn: string;
  /** The old column's name after the swap (`<column>_pgx_old`), dropped by cleanup. */
  oldColumn: string;
  trigger: string;
  /** `"schema"."function"` of the trigger function. */
  triggerFunction: string;
  /** The timestamp fast path: an in-place `ALTER … TYPE` that PostgreSQL does without a rewrite. */
  inPlace: { rewrote: boolean; lockedMs: number } | null;
  catalog: OnlineCatalog;
  printed: { schema: string; table: string; column: string };
}

const STATE_TABLE = 'pg_exact_online_migrations';
const NEW_SUFFIX = '_pgx_new';
const OLD_SUFFIX = '_pgx_old';
// lock_not_available (lock_timeout), deadlock_detected, serialization_failure: the step is tried again.
const RETRYABLE = new Set(['55P03', '40P01', '40001']);
const LOCK_TIMEOUT = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;

/** `name` cut (at a character boundary) so that `name + suffix` fits PostgreSQL's 63 bytes. */
export function withSuffix(name: string, suffix: string): string {
  const encoder = new TextEncoder();
  let kept = '';
  for (const char of name) {
    if (encoder.encode(kept + char + suffix).length > 63) break;
    kept += char;
  }
  return kept + suffix;
}

/** A short stable hash, so the trigger's name is unique per migration and fits 63 bytes. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorCode = (error: unknown) => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

/** Replaces the column identifier, as the server prints it, in a definition printed by the server. */
function renameColumnIn(definition: string, printed: string, replacement: string): string {
  const escaped = printed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return definition.replace(new RegExp(`(?<![\\w"$])${escaped}(?![\\w"$])`, 'g'), replacement);
}

/**
 * Changes a column's type on a big table without a long ACCESS EXCLUSIVE lock, the way GitLab's
 * bigint conversion helpers, pgroll and strong_migrations do:
 *
 * 1. `start`: adds a shadow column of the new type (metadata only) and a trigger that keeps it in
 *    step on every INSERT and UPDATE;
 * 2. `backfill`: copies the old values into it in primary-key batches, one short transaction
 *    each, recording the key reached in `pg_exact_online_migrations` (a killed run continues
 *    there), pausing between batches;
 * 3. `prepare`: builds every index of the column again CONCURRENTLY on the shadow column, adds
 *    its CHECK and FOREIGN KEY constraints NOT VALID then VALIDATEs them, checks every row;
 * 4. `swap`: one short transaction under `lock_timeout` (retried): renames the columns, moves the
 *    default, identity or sequence, the PRIMARY KEY / UNIQUE constraints (`USING INDEX`) and the
 *    foreign keys that reference the column (re-added NOT VALID, then validated); the trigger
 *    then keeps the old column (`<column>_pgx_old`) in step, so going back stays possible;
 * 5. `cleanup`: drops the trigger and the old column.
 *
 * `run()` does 1–4 (and 5 with `{ through: 'cleanup' }`), resuming from the recorded state. The
 * queryable must be ONE connection (a `pg.Client`, not a pool): steps use BEGIN/COMMIT and
 * `CREATE INDEX CONCURRENTLY`, which must run outside a transaction.
 *
 * ```ts
 * import { onlineMigration } from '@pg-exact/core';
 *
 * const migration = onlineMigration(client, { preset: 'int4ToInt8', table: 'orders', column: 'id' });
 * await migration.run({ through: 'swap' }); // orders.id is bigint; orders.id_pgx_old kept
 * await migration.cleanup();                // later, once the application is happy
 * ```
 */
export function onlineMigration(db: Queryable, options: OnlineMigrationOptions): OnlineMigration {
  return new OnlineMigration(db, options);
}

/** See {@link onlineMigration}. */
export class OnlineMigration {
  /** The migration's id in the state table, e.g. `int4ToInt8:public.orders.id`. */
  readonly id: string;
  readonly #db: Queryable;
  readonly #conversion: OnlineConversion;
  readonly #schema: string;
  readonly #table: string;
  readonly #column: string;
  readonly #batchSize: number;
  readonly #sleepMs: number;
  readonly #lockTimeout: string;
  readonly #lockRetries: number;
  readonly #state: string;
  readonly #zone: string | undefined;
  readonly #report: (event: OnlineProgress) => void;

  constructor(db: Queryable, options: OnlineMigrationOptions) {
    const where = 'onlineMigration';
    this.#db = db;
    this.#conversion = onlineConversion(options.preset, options);
    this.#schema = checkIdentifierText(where, 'schema', options.schema ?? 'public');
    this.#table = checkIdentifierText(where, 'table', options.table);
    this.#column = checkIdentifierText(where, 'column', options.column);
    const stateSchema = checkIdentifierText(where, 'stateSchema', options.stateSchema ?? 'public');
    this.#state = `${quoteIdent(stateSchema)}.${quoteIdent(STATE_TABLE)}`;
    this.#batchSize = positive('batchSize', options.batchSize ?? 5000, 1);
    this.#sleepMs = positive('sleepMs', options.sleepMs ?? 20, 0);
    this.#lockRetries = positive('lockRetries', options.lockRetries ?? 20, 0);
    this.#lockTimeout = options.lockTimeout ?? '1s';
    if (!LOCK_TIMEOUT.test(this.#lockTimeout)) throw new TypeError(`${where}: option \`lockTimeout\` must be a duration like '1s' or '500ms'`);
    this.#zone = options.fromZone;
    this.#report = options.onProgress ?? (() => undefined);
    this.id = `${options.preset}:${this.#schema}.${this.#table}.${this.#column}`;
  }

  #claimed = false;

  /**
   * A session advisory lock per migration id: a second process running the same migration stops
   * here instead of copying the same batches. It goes with the connection (a killed run frees it).
   */
  async #claim(): Promise<void> {
    if (this.#claimed) return;
    const rows = await this.#query('SELECT pg_try_advisory_lock(1886937448, hashtext($1)) AS ok', [this.id]);
    if (rows[0]?.ok !== true && rows[0]?.ok !== 't') throw new Error(`pg-exact online: migration ${this.id} is running in another session`);
    this.#claimed = true;
  }

  get #qualified(): string {
    return `${quoteIdent(this.#schema)}.${quoteIdent(this.#table)}`;
  }

  async #query(sql: string, params?: unknown[]) {
    return (await this.#db.query(sql, params)).rows;
  }

  /** BEGIN; lock_timeout; body; COMMIT — tried again after a lock timeout. Resolves to the ms it held locks. */
  async #shortTransaction(step: OnlineProgress['step'], body: () => Promise<void>): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const began = performance.now();
      await this.#query('BEGIN');
      try {
        await this.#query(`SET LOCAL lock_timeout = ${quoteLiteral(this.#lockTimeout)}`);
        await body();
        await this.#query('COMMIT');
        return performance.now() - began;
      } catch (error) {
        await this.#query('ROLLBACK').catch(() => undefined);
        if (!RETRYABLE.has(String(errorCode(error))) || attempt > this.#lockRetries) throw error;
        const why = errorCode(error) === '55P03' ? `lock not granted within ${this.#lockTimeout}` : 'deadlock with another transaction';
        this.#report({ step: 'lock-retry', message: `${step}: ${why}, try ${attempt + 1} of ${this.#lockRetries + 1}` });
        await sleep(Math.min(200 * attempt, 5000));
      }
    }
  }

  async #ensureStateTable(): Promise<void> {
    await this.#query(`CREATE TABLE IF NOT EXISTS ${this.#state} (
      id text PRIMARY KEY,
      phase text NOT NULL,
      rows_done bigint NOT NULL DEFAULT 0,
      last_key text,
      max_key text,
      plan jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`).catch((error: unknown) => {
      if (errorCode(error) !== '23505' && errorCode(error) !== '42P07') throw error; // created concurrently
    });
  }

  /** The recorded state, or null when the migration has not started (or was aborted). */
  async status(): Promise<OnlineState | null> {
    const exists = await this.#query('SELECT to_regclass($1) IS NOT NULL AS exists', [this.#state]);
    if (exists[0]?.exists !== true && exists[0]?.exists !== 't') return null;
    const rows = await this.#query(`SELECT phase, rows_done::text AS rows_done, last_key, max_key, plan::text AS plan FROM ${this.#state} WHERE id = $1`, [this.id]);
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: this.id,
      phase: String(row.phase) as OnlinePhase,
      rowsDone: Number(row.rows_done),
      lastKey: row.last_key == null ? null : String(row.last_key),
      maxKey: row.max_key == null ? null : String(row.max_key),
      plan: JSON.parse(String(row.plan)) as OnlinePlan,
    };
  }

  /** What `start` would do, read-only: the catalog found, blockers, foreign keys to widen too. */
  async plan(): Promise<OnlinePlan> {
    const catalog = await readOnlineCatalog(this.#db, this.#schema, this.#table, this.#column, NEW_SUFFIX);
    if (catalog === null) throw new Error(`pg-exact online ${this.#conversion.preset}: column ${this.#column} of ${this.#schema}.${this.#table} does not exist`);
    const printed = (await this.#query('SELECT quote_ident($1) AS schema, quote_ident($2) AS table, quote_ident($3) AS column', [this.#schema, this.#table, this.#column]))[0] ?? {};
    const name = (suffix: string) => withSuffix(this.#column, suffix);
    const hash = shortHash(this.id);
    return {
      conversion: this.#conversion.preset,
      to: this.#conversion.to,
      newColumn: name(NEW_SUFFIX),
      oldColumn: name(OLD_SUFFIX),
      trigger: `pgx_online_${hash}`,
      triggerFunction: `${quoteIdent(this.#schema)}.${quoteIdent(`pgx_online_sync_${hash}`)}`,
      inPlace: null,
      catalog,
      printed: { schema: String(printed.schema), table: String(printed.table), column: String(printed.column) },
    };
  }

  /** Lines that say what cannot be carried over or must be done next (foreign keys whose columns stay narrow). */
  static describeReferencingKeys(plan: OnlinePlan): string[] {
    return plan.catalog.referencingKeys.map((key) => {
      const columns = key.columns.map((c) => `${c.name} ${c.type}`).join(', ');
      const narrow = plan.conversion === 'int4ToInt8' && key.columns.some((c) => c.type === 'integer' || c.type === 'smallint');
      return `foreign key ${key.name} on ${key.table} (${columns}) references the column: moved to the new column by the swap (NOT VALID, then validated)` +
        (narrow ? `; its column is still ${key.columns.map((c) => c.type).join('/')}: convert it too (online int4ToInt8 on ${key.table}) before ids pass 2147483647` : '');
    });
  }

  /** Step 1: shadow column + trigger (or the in-place timestamp fast path). Idempotent. */
  async start(): Promise<OnlineState> {
    await this.#claim();
    await this.#ensureStateTable();
    const existing = await this.status();
    if (existing !== null) return existing;
    const plan = await this.plan();
    const { catalog } = plan;
    const conversion = this.#conversion;
    if (!conversion.from.includes(catalog.type)) {
      const already = catalog.type === conversion.toRegtype ? ' (already converted?)' : '';
      throw new Error(`pg-exact online ${conversion.preset}: ${this.#schema}.${this.#table}.${this.#column} has type ${catalog.type}, expected ${conversion.from.join(' or ')}${already}`);
    }
    if (catalog.blockers.length > 0) {
      throw new Error(`pg-exact online ${conversion.preset}: cannot convert ${this.#schema}.${this.#table}.${this.#column} online: ${catalog.blockers.join('; ')}. Drop or change them first, or use the offline preset.`);
    }
    if (await this.#canAlterInPlace(catalog)) return this.#alterInPlace(plan);
    if (catalog.key === null) {
      throw new Error(`pg-exact online ${conversion.preset}: ${this.#schema}.${this.#table} needs a single-column primary key to backfill in batches`);
    }
    const q = this.#qualified;
    const newColumn = quoteIdent(plan.newColumn);
    const notNull = catalog.notNull ? ` NOT NULL DEFAULT ${conversion.placeholder}` : '';
    const lockedMs = await this.#shortTransaction('start', async () => {
      // A constant default is metadata only (PostgreSQL 11+): no rewrite, the lock is brief.
      await this.#query(`ALTER TABLE ${q} ADD COLUMN IF NOT EXISTS ${newColumn} ${conversion.to}${notNull}`);
      await this.#query(this.#triggerFunctionSql(plan, plan.newColumn, conversion.forward(`NEW.${quoteIdent(this.#column)}`)));
      await this.#query(`DROP TRIGGER IF EXISTS ${quoteIdent(plan.trigger)} ON ${q}`);
      await this.#query(`CREATE TRIGGER ${quoteIdent(plan.trigger)} BEFORE INSERT OR UPDATE ON ${q} FOR EACH ROW EXECUTE FUNCTION ${plan.triggerFunction}()`);
      await this.#query(`INSERT INTO ${this.#state} (id, phase, plan) VALUES ($1, 'started', $2::jsonb)`, [this.id, JSON.stringify(plan)]);
    });
    this.#report({ step: 'start', message: `added ${plan.newColumn} ${conversion.to} and trigger ${plan.trigger}`, lockedMs });
    for (const line of OnlineMigration.describeReferencingKeys(plan)) this.#report({ step: 'start', message: line });
    return this.#mustStatus();
  }

  async #mustStatus(): Promise<OnlineState> {
    const state = await this.status();
    if (state === null) throw new Error(`pg-exact online: migration ${this.id} has not started`);
    return state;
  }

  #triggerFunctionSql(plan: OnlinePlan, target: string, expression: string): string {
    const settings = Object.entries(this.#conversion.settings).map(([name, value]) => ` SET ${name} = ${quoteLiteral(value)}`).join('');
    return `CREATE OR REPLACE FUNCTION ${plan.triggerFunction}() RETURNS trigger LANGUAGE plpgsql${settings} AS $pgx_online$
BEGIN
  NEW.${quoteIdent(target)} := ${expression};
  RETURN NEW;
END
$pgx_online$`;
  }

  /**
   * PostgreSQL 12+ changes timestamp → timestamptz without rewriting the table when the session
   * TimeZone is UTC; with no index or constraint on the column (those would be rebuilt or
   * rechecked under the lock) the plain ALTER is then the shortest path.
   */
  async #canAlterInPlace(catalog: OnlineCatalog): Promise<boolean> {
    if (this.#conversion.preset !== 'timestampToTimestamptz' || this.#zone === undefined || !UTC_ZONES.has(this.#zone)) return false;
    if (catalog.indexes.length > 0 || catalog.constraints.length > 0) return false;
    const version = await this.#query("SELECT current_setting('server_version_num')::int >= 120000 AS ok");
    return version[0]?.ok === true || version[0]?.ok === 't';
  }

  async #alterInPlace(plan: OnlinePlan): Promise<OnlineState> {
    let before = '';
    let after = '';
    const lockedMs = await this.#shortTransaction('start', async () => {
      await this.#query("SET LOCAL TimeZone = 'UTC'");
      before = String((await this.#query('SELECT pg_relation_filenode($1::regclass)::text AS node', [this.#qualified]))[0]?.node);
      await this.#query(`ALTER TABLE ${this.#qualified} ALTER COLUMN ${quoteIdent(this.#column)} TYPE timestamptz`);
      after = String((await this.#query('SELECT pg_relation_filenode($1::regclass)::text AS node', [this.#qualified]))[0]?.node);
      const done: OnlinePlan = { ...plan, inPlace: { rewrote: before !== after, lockedMs: 0 } };
      await this.#query(`INSERT INTO ${this.#state} (id, phase, plan) VALUES ($1, 'cleaned', $2::jsonb)`, [this.id, JSON.stringify(done)]);
    });
    await this.#query(`UPDATE ${this.#state} SET plan = jsonb_set(plan, '{inPlace,lockedMs}', to_jsonb($2::float8)) WHERE id = $1`, [this.id, lockedMs]);
    this.#report({
      step: 'start',
      message: `altered in place with TimeZone UTC (PostgreSQL 12+ fast path): ${before === after ? 'no table rewrite' : 'the table WAS rewritten'}`,
      lockedMs,
    });
    return this.#mustStatus();
  }

  /** Step 2: copies old values into the shadow column in key order, batch by batch, resumably. */
  async backfill(): Promise<OnlineState> {
    await this.#claim();
    let state = await this.#mustStatus();
    if (state.phase !== 'started') return state;
    const { plan } = state;
    const key = plan.catalog.key;
    if (key === null) throw new Error('pg-exact online: no key to backfill by');
    if (state.maxKey === null) {
      // Rows written after the trigger exists are kept in step by it; only keys up to today's max need copying.
      const max = await this.#query(`SELECT max(${quoteIdent(key.column)})::text AS max FROM ${this.#qualified}`);
      await this.#query(`UPDATE ${this.#state} SET max_key = $2, updated_at = now() WHERE id = $1`, [this.id, max[0]?.max ?? null]);
      state = await this.#mustStatus();
    }
    const estimate = await this.#query('SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = $1::regclass', [this.#qualified]);
    const estimatedRows = Number(estimate[0]?.n ?? 0);
    const k = quoteIdent(key.column);
    const settings = Object.entries(this.#conversion.settings);
    const assign = `${quoteIdent(plan.newColumn)} = ${this.#conversion.forward(`pgx_row.${quoteIdent(this.#column)}`)}`;
    // With a start key: $1 start, $2 max, $3 limit; the first batch has no start key: $1 max, $2 limit.
    const batchSql = (from: boolean) => `WITH batch AS (
  SELECT ${k} AS pgx_key FROM ${this.#qualified}
   WHERE ${from ? `${k} > $1::${key.type} AND ${k} <= $2::${key.type}` : `${k} <= $1::${key.type}`}
   ORDER BY ${k} LIMIT ${from ? '$3' : '$2'}
), copied AS (
  UPDATE ${this.#qualified} AS pgx_row SET ${assign} FROM batch WHERE pgx_row.${k} = batch.pgx_key
)
SELECT count(*)::text AS n, max(pgx_key)::text AS last FROM batch`;
    let { rowsDone, lastKey } = state;
    const maxKey = state.maxKey;
    for (let failures = 0; maxKey !== null; ) {
      await this.#query('BEGIN');
      let n: number;
      try {
        for (const [name, value] of settings) await this.#query(`SELECT set_config($1, $2, true)`, [name, value]);
        const rows = await this.#query(batchSql(lastKey !== null), lastKey !== null ? [lastKey, maxKey, this.#batchSize] : [maxKey, this.#batchSize]);
        n = Number(rows[0]?.n ?? 0);
        if (n > 0) {
          lastKey = String(rows[0]?.last);
          rowsDone += n;
          await this.#query(`UPDATE ${this.#state} SET last_key = $2, rows_done = $3, updated_at = now() WHERE id = $1`, [this.id, lastKey, rowsDone]);
        }
        await this.#query('COMMIT');
        failures = 0;
      } catch (error) {
        await this.#query('ROLLBACK').catch(() => undefined);
        // A batch that deadlocked with the application is simply done again (its key was not recorded).
        if (!RETRYABLE.has(String(errorCode(error))) || ++failures > this.#lockRetries) throw error;
        this.#report({ step: 'lock-retry', message: `backfill: batch after key ${lastKey ?? '(start)'} failed (${String(errorCode(error))}), trying again` });
        await sleep(100 * failures);
        continue;
      }
      if (n === 0) break;
      this.#report({ step: 'backfill', message: `copied ${rowsDone} rows, key ${lastKey} of ${maxKey}`, rowsDone, lastKey, maxKey, estimatedRows });
      if (this.#sleepMs > 0) await sleep(this.#sleepMs);
    }
    await this.#query(`UPDATE ${this.#state} SET phase = 'backfilled', updated_at = now() WHERE id = $1 AND phase = 'started'`, [this.id]);
    this.#report({ step: 'backfill', message: `backfill done: ${rowsDone} rows`, rowsDone, lastKey, maxKey, estimatedRows });
    return this.#mustStatus();
  }

  /** Step 3: indexes CONCURRENTLY, constraints NOT VALID + VALIDATE, statistics, a full check. */
  async prepare(): Promise<OnlineState> {
    await this.#claim();
    const state = await this.#mustStatus();
    if (state.phase !== 'backfilled') return state;
    const { plan } = state;
    const { catalog, printed } = plan;
    const column = quoteIdent(plan.newColumn);
    for (const index of catalog.indexes) {
      const name = withSuffix(index.name, NEW_SUFFIX);
      const found = await this.#query(
        'SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND c.relnamespace = $2::regnamespace',
        [name, quoteIdent(this.#schema)],
      );
      if (found[0] !== undefined) {
        if (found[0].valid === true || found[0].valid === 't') continue;
        // A CREATE INDEX CONCURRENTLY that was killed leaves an invalid index behind.
        await this.#query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(this.#schema)}.${quoteIdent(name)}`);
      }
      const head = ` ON ${printed.schema}.${printed.table} USING `;
      const at = index.definition.indexOf(head);
      if (at < 0) throw new Error(`pg-exact online: cannot read the definition of index ${index.name}: ${index.definition}`);
      const unique = index.definition.startsWith('CREATE UNIQUE ') ? 'UNIQUE ' : '';
      const tail = renameColumnIn(index.definition.slice(at + head.length), printed.column, column);
      this.#report({ step: 'prepare', message: `building index ${name} CONCURRENTLY` });
      await this.#query(`CREATE ${unique}INDEX CONCURRENTLY ${quoteIdent(name)}${head}${tail}`);
    }
    for (const constraint of catalog.constraints) {
      const name = withSuffix(constraint.name, NEW_SUFFIX);
      const found = await this.#query('SELECT convalidated AS valid FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2', [this.#qualified, name]);
      const definition =
        constraint.type === 'f'
          ? (() => {
              const at = constraint.definition.indexOf(' REFERENCES ');
              return renameColumnIn(constraint.definition.slice(0, at), printed.column, column) + constraint.definition.slice(at);
            })()
          : renameColumnIn(constraint.definition.replace(/ NOT VALID$/, ''), printed.column, column);
      if (found[0] === undefined) {
        const add = `ALTER TABLE ${this.#qualified} ADD CONSTRAINT ${quoteIdent(name)} ${definition} NOT VALID`;
        await this.#shortTransaction('prepare', () => this.#query(add).then(() => undefined)).catch((error: unknown) => {
          // e.g. CHECK (json_typeof(body) = 'object') has no jsonb form: the constraint must be changed by hand.
          throw new Error(`pg-exact online: constraint ${constraint.name} does not carry over to ${plan.to} (${definition}): ${error instanceof Error ? error.message : String(error)}. Change it, or drop it and add it back after the migration; then run again (the migration resumes).`);
        });
      }
      if (found[0]?.valid !== true && found[0]?.valid !== 't') {
        this.#report({ step: 'prepare', message: `validating constraint ${name}` });
        await this.#shortTransaction('prepare', () => this.#query(`ALTER TABLE ${this.#qualified} VALIDATE CONSTRAINT ${quoteIdent(name)}`).then(() => undefined));
      }
    }
    await this.#query(`ANALYZE ${this.#qualified} (${column})`);
    // The trigger and the backfill should leave no row behind; check every one before the swap.
    await this.#query('BEGIN');
    try {
      for (const [name, value] of Object.entries(this.#conversion.settings)) await this.#query('SELECT set_config($1, $2, true)', [name, value]);
      const rows = await this.#query(
        `SELECT count(*)::text AS n FROM ${this.#qualified} AS pgx_row WHERE ${column} IS DISTINCT FROM ${this.#conversion.forward(`pgx_row.${quoteIdent(this.#column)}`)}`,
      );
      await this.#query('COMMIT');
      if (rows[0]?.n !== '0') throw new Error(`pg-exact online: ${String(rows[0]?.n)} rows of ${plan.newColumn} differ from ${this.#column} after the backfill`);
    } catch (error) {
      await this.#query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await this.#query(`UPDATE ${this.#state} SET phase = 'prepared', updated_at = now() WHERE id = $1 AND phase = 'backfilled'`, [this.id]);
    this.#report({ step: 'prepare', message: `indexes and constraints ready on ${plan.newColumn}; every row checked` });
    return this.#mustStatus();
  }

  /** Step 4: the short transaction that makes the new column the column. */
  async swap(): Promise<OnlineState> {
    await this.#claim();
    const state = await this.#mustStatus();
    if (state.phase !== 'prepared') return state;
    const { plan } = state;
    const { catalog } = plan;
    const q = this.#qualified;
    const col = quoteIdent(this.#column);
    const newCol = quoteIdent(plan.newColumn);
    const schema = quoteIdent(this.#schema);
    const identityKind = catalog.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT';
    const sequence = catalog.ownedSequence;
    // A sequence's type only changes by DDL: read it before taking any lock.
    const narrow = sequence === null ? [] : await this.#query("SELECT seqtypid IN ('int2'::regtype, 'int4'::regtype) AS narrow FROM pg_sequence WHERE seqrelid = $1::regclass", [sequence]);
    const widenSequence = this.#conversion.widenSequence && (narrow[0]?.narrow === true || narrow[0]?.narrow === 't');

    /** The swap's DDL, sent as one multi-statement query: one round trip while the lock is held. */
    const swapSql = (identity: Record<string, unknown> | undefined): string => {
      const sql: string[] = [];
      const alter = (clause: string) => sql.push(`ALTER TABLE ${q} ${clause}`);
      if (identity !== undefined) alter(`ALTER COLUMN ${col} DROP IDENTITY`);
      if (catalog.defaultExpression !== null) alter(`ALTER COLUMN ${col} DROP DEFAULT`);
      for (const key of catalog.referencingKeys) sql.push(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quoteIdent(key.name)}`);
      for (const index of catalog.indexes) if (index.constraint !== null) alter(`DROP CONSTRAINT ${quoteIdent(index.constraint.name)}`);
      if (catalog.notNull) {
        alter(`ALTER COLUMN ${col} DROP NOT NULL`);
        alter(`ALTER COLUMN ${newCol} DROP DEFAULT`);
      }
      alter(`RENAME COLUMN ${col} TO ${quoteIdent(plan.oldColumn)}`);
      alter(`RENAME COLUMN ${newCol} TO ${col}`);
      for (const index of catalog.indexes) {
        const built = quoteIdent(withSuffix(index.name, NEW_SUFFIX));
        if (index.constraint !== null) {
          alter(`ADD CONSTRAINT ${quoteIdent(index.constraint.name)} ${index.constraint.type === 'p' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${built}`);
          if (index.constraint.name !== index.name) sql.push(`ALTER INDEX ${schema}.${quoteIdent(index.constraint.name)} RENAME TO ${quoteIdent(index.name)}`);
        } else {
          sql.push(`ALTER INDEX ${schema}.${quoteIdent(index.name)} RENAME TO ${quoteIdent(withSuffix(index.name, OLD_SUFFIX))}`);
          sql.push(`ALTER INDEX ${schema}.${built} RENAME TO ${quoteIdent(index.name)}`);
        }
      }
      for (const constraint of catalog.constraints) {
        alter(`DROP CONSTRAINT ${quoteIdent(constraint.name)}`);
        alter(`RENAME CONSTRAINT ${quoteIdent(withSuffix(constraint.name, NEW_SUFFIX))} TO ${quoteIdent(constraint.name)}`);
      }
      if (identity !== undefined && sequence !== null) {
        const keepMax = !(this.#conversion.widenSequence && identity.max === '2147483647');
        const cycle = identity.cycle === true || identity.cycle === 't' ? 'CYCLE' : 'NO CYCLE';
        alter(
          `ALTER COLUMN ${col} ADD GENERATED ${identityKind} AS IDENTITY (SEQUENCE NAME ${sequence} START WITH ${String(identity.start)} ` +
            `INCREMENT BY ${String(identity.increment)} MINVALUE ${String(identity.min)} ${keepMax ? `MAXVALUE ${String(identity.max)} ` : ''}CACHE ${String(identity.cache)} ${cycle})`,
        );
        sql.push(`SELECT setval(${quoteLiteral(sequence)}::regclass, ${String(identity.last)}, ${identity.called === true || identity.called === 't' ? 'true' : 'false'})`);
      } else {
        if (catalog.defaultExpression !== null) alter(`ALTER COLUMN ${col} SET DEFAULT ${catalog.defaultExpression}`);
        if (sequence !== null) {
          sql.push(`ALTER SEQUENCE ${sequence} OWNED BY ${q}.${col}`);
          if (widenSequence) sql.push(`ALTER SEQUENCE ${sequence} AS bigint`);
        }
      }
      for (const key of catalog.referencingKeys) {
        sql.push(`ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition.replace(/ NOT VALID$/, '')} NOT VALID`);
      }
      // From now on the trigger keeps the old column in step, for a way back until cleanup.
      sql.push(this.#triggerFunctionSql(plan, plan.oldColumn, this.#conversion.reverse(`NEW.${col}`)));
      sql.push(`UPDATE ${this.#state} SET phase = 'swapped', updated_at = now() WHERE id = ${quoteLiteral(this.id)}`);
      return sql.join(';\n');
    };

    let lockWaitMs = 0;
    let ddlMs = 0;
    const lockedMs = await this.#shortTransaction('swap', async () => {
      const tables = [q, ...new Set(catalog.referencingKeys.map((key) => key.table))];
      const asked = performance.now();
      await this.#query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      lockWaitMs = performance.now() - asked;
      const current = await this.#query(`SELECT phase FROM ${this.#state} WHERE id = $1 FOR UPDATE`, [this.id]);
      if (current[0]?.phase !== 'prepared') return;
      let identity: Record<string, unknown> | undefined;
      if (catalog.identity !== '' && sequence !== null) {
        // With the table locked nothing can take a value from its identity sequence.
        identity = (await this.#query(
          `SELECT s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache,
                  s.seqcycle AS cycle, v.last_value::text AS last, v.is_called AS called
             FROM pg_sequence s, ${sequence} v WHERE s.seqrelid = $1::regclass`,
          [sequence],
        ))[0];
      }
      const began = performance.now();
      await this.#query(swapSql(identity));
      ddlMs = performance.now() - began;
    });
    this.#report({
      step: 'swap',
      message: `swapped: ${this.#column} is ${plan.to}, the old column is ${plan.oldColumn} (lock granted in ${Math.round(lockWaitMs)} ms, DDL ${Math.round(ddlMs)} ms)`,
      lockedMs,
    });
    await this.#validateReferencingKeys(catalog.referencingKeys);
    return this.#mustStatus();
  }

  async #validateReferencingKeys(keys: readonly OnlineReferencingKey[]): Promise<void> {
    for (const key of keys) {
      const found = await this.#query('SELECT convalidated AS valid FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2', [key.table, key.name]);
      if (found[0] === undefined || found[0].valid === true || found[0].valid === 't') continue;
      this.#report({ step: 'swap', message: `validating foreign key ${key.name} on ${key.table}` });
      await this.#shortTransaction('swap', () => this.#query(`ALTER TABLE ${key.table} VALIDATE CONSTRAINT ${quoteIdent(key.name)}`).then(() => undefined));
    }
  }

  /** Step 5: drops the trigger, its function and the old column (and with it the way back). */
  async cleanup(): Promise<OnlineState> {
    await this.#claim();
    const state = await this.#mustStatus();
    if (state.phase !== 'swapped') return state;
    const { plan } = state;
    await this.#validateReferencingKeys(plan.catalog.referencingKeys);
    for (const index of plan.catalog.indexes) {
      if (index.constraint === null) await this.#query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(this.#schema)}.${quoteIdent(withSuffix(index.name, OLD_SUFFIX))}`);
    }
    const lockedMs = await this.#shortTransaction('cleanup', async () => {
      await this.#query(`DROP TRIGGER IF EXISTS ${quoteIdent(plan.trigger)} ON ${this.#qualified}`);
      await this.#query(`DROP FUNCTION IF EXISTS ${plan.triggerFunction}()`);
      await this.#query(`ALTER TABLE ${this.#qualified} DROP COLUMN IF EXISTS ${quoteIdent(plan.oldColumn)}`);
      await this.#query(`UPDATE ${this.#state} SET phase = 'cleaned', updated_at = now() WHERE id = $1`, [this.id]);
    });
    this.#report({ step: 'cleanup', message: `dropped ${plan.oldColumn} and the trigger`, lockedMs });
    return this.#mustStatus();
  }

  /** Before the swap: removes everything `start`/`prepare` added and forgets the migration. */
  async abort(): Promise<void> {
    await this.#claim();
    const state = await this.status();
    if (state === null) return;
    if (state.phase === 'swapped' || state.phase === 'cleaned') {
      throw new Error(`pg-exact online: ${this.id} is already ${state.phase}; the old column ${state.plan.oldColumn} holds the old values (see @pg-exact/core docs/online-migrations.md, "Going back")`);
    }
    const { plan } = state;
    for (const index of plan.catalog.indexes) {
      await this.#query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(this.#schema)}.${quoteIdent(withSuffix(index.name, NEW_SUFFIX))}`);
    }
    await this.#shortTransaction('abort', async () => {
      await this.#query(`DROP TRIGGER IF EXISTS ${quoteIdent(plan.trigger)} ON ${this.#qualified}`);
      await this.#query(`DROP FUNCTION IF EXISTS ${plan.triggerFunction}()`);
      await this.#query(`ALTER TABLE ${this.#qualified} DROP COLUMN IF EXISTS ${quoteIdent(plan.newColumn)}`); // its constraints go with it
      await this.#query(`DELETE FROM ${this.#state} WHERE id = $1`, [this.id]);
    });
    this.#report({ step: 'abort', message: `removed ${plan.newColumn}, its indexes and the trigger` });
  }

  /** Runs every step from where the state table says it stopped, through `swap` (default) or `cleanup`. */
  async run(options: { through?: 'swap' | 'cleanup' } = {}): Promise<OnlineState> {
    await this.start();
    await this.backfill();
    await this.prepare();
    const state = await this.swap();
    return options.through === 'cleanup' ? this.cleanup() : state;
  }
}

function positive(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`onlineMigration: option \`${option}\` must be an integer ≥ ${min}`);
  }
  return value;
}
