import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What {@link applyMigrations} runs SQL on: a `pg.Pool`/`pg.Client` (an exact one from
 * @pg-exact/pg or a plain one) or a PGlite instance. Scripts go through `exec` when there is one
 * (PGlite), else through `query` without parameters (node-postgres' simple protocol), so a file may
 * hold many statements.
 */
export interface MigrationTarget {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
  exec?(sql: string): Promise<unknown>;
}

/** Options of {@link applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** The migrations directory (`prisma/migrations`): one `<name>/migration.sql` per migration. */
  dir: string;
  /** Schema of the `_prisma_migrations` table. Default: the first schema of the search_path. */
  schema?: string;
}

export interface AppliedMigrations {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations applied earlier whose file has changed since (Prisma warns about these too). */
  modified: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Applies the Prisma migrations in `dir` that the database has not recorded, in name order, each
 * recorded in `_prisma_migrations` the way Prisma Migrate records it (same table, checksum =
 * SHA-256 of the file), so `prisma migrate deploy` agrees with it later. For machines where
 * Prisma's schema engine cannot be downloaded (its migrate commands need it); it does not diff,
 * create or roll back migrations, and takes no advisory lock: run one at a time.
 *
 * A migration that fails is recorded as failed (with the error in `logs`), its open transaction is
 * rolled back, and the error is thrown; like Prisma (P3009), later runs refuse to continue until
 * the failed record is resolved (deleted, or marked `rolled_back_at`).
 *
 * ```ts
 * import { createPGlite } from '@pg-exact/pglite';
 * import { applyMigrations } from '@pg-exact/prisma/migrations';
 * const { applied } = await applyMigrations(await createPGlite('./data'), { dir: 'prisma/migrations' });
 * ```
 */
export async function applyMigrations(target: MigrationTarget, options: ApplyMigrationsOptions): Promise<AppliedMigrations> {
  if (typeof target?.query !== 'function') throw new TypeError('applyMigrations: expected a pg Pool/Client or a PGlite instance');
  if (typeof options?.dir !== 'string') throw new TypeError('applyMigrations: option `dir` is required');
  const table = options.schema === undefined ? quote('_prisma_migrations') : `${quote(options.schema)}.${quote('_prisma_migrations')}`;
  const script = (sql: string) => (target.exec ? target.exec(sql) : target.query(sql));

  await script(`CREATE TABLE IF NOT EXISTS ${table} (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const { rows } = await target.query(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM ${table}`,
  );
  const recorded = new Map<string, { checksum: string; finished: boolean }>();
  for (const row of rows as { migration_name: string; checksum: string; finished: boolean; rolled_back: boolean }[]) {
    if (row.rolled_back) continue;
    if (!row.finished) {
      throw new Error(
        `applyMigrations: migration ${row.migration_name} failed earlier and is recorded as failed in _prisma_migrations ` +
          '(Prisma P3009). Fix the database, then delete that row or set its rolled_back_at, and run again.',
      );
    }
    recorded.set(row.migration_name, row);
  }

  const names = (await readdir(options.dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const result: AppliedMigrations = { applied: [], modified: [] };
  for (const name of names) {
    let sql: string;
    try {
      sql = await readFile(join(options.dir, name, 'migration.sql'), 'utf8');
    } catch {
      continue; // a directory without migration.sql is not a migration
    }
    const checksum = createHash('sha256').update(sql).digest('hex');
    const done = recorded.get(name);
    if (done !== undefined) {
      if (done.checksum !== checksum) result.modified.push(name);
      continue;
    }
    const id = randomUUID();
    await target.query(`INSERT INTO ${table} (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [id, checksum, name]);
    try {
      await script(sql);
    } catch (error) {
      await script('ROLLBACK').catch(() => undefined); // a file's own BEGIN may have left a failed transaction open
      await target.query(`UPDATE ${table} SET logs = $2 WHERE id = $1`, [id, error instanceof Error ? error.message : String(error)]);
      throw error;
    }
    await target.query(`UPDATE ${table} SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
    result.applied.push(name);
  }
  return result;
}
