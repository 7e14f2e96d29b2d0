import { randomBytes } from 'node:crypto';
import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { Kysely, sql, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { describe } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { ExactPGliteDialect, ExactPostgresDialect } from '../src/index.js';
import { databaseUrl } from '../../../test/support/server.js';

export { databaseUrl };

/** A Kysely instance on one dialect, in a fresh schema (server) or instance (PGlite). */
export interface DialectTarget {
  readonly db: Kysely<any>;
  /** What the server stored, as its own text (`col::text`). */
  text(table: string, column: string, id: bigint): Promise<string | null>;
  close(): Promise<void>;
}

export interface DialectCase {
  readonly name: 'server' | 'pglite';
  open(plugins?: KyselyPlugin[], max?: number): Promise<DialectTarget>;
}

async function textOf(db: Kysely<any>, table: string, column: string, id: bigint): Promise<string | null> {
  const { rows } = await sql<{ t: string | null }>`select ${sql.ref(column)}::text as t from ${sql.table(table)} where id = ${id}`.execute(db);
  return rows[0]?.t ?? null;
}

/** The server, in a scratch schema dropped on close (search_path set per pool, nothing global). */
export const serverCase: DialectCase = {
  name: 'server',
  async open(plugins = [], max = 4) {
    const schema = `pgx_ky_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = createPool({ connectionString: databaseUrl, max, options: `-c search_path=${schema}` });
    const db = new Kysely<any>({ dialect: new ExactPostgresDialect({ pool }), plugins });
    return {
      db,
      text: (table, column, id) => textOf(db, table, column, id),
      async close() {
        await db.destroy();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      },
    };
  },
};

export const pgliteCase: DialectCase = {
  name: 'pglite',
  async open(plugins = []) {
    const pglite = await createPGlite();
    const db = new Kysely<any>({ dialect: new ExactPGliteDialect({ pglite }), plugins });
    return {
      db,
      text: (table, column, id) => textOf(db, table, column, id),
      async close() {
        await db.destroy();
        await pglite.close();
      },
    };
  },
};

export { tag } from '../../../test/support/tag.js';

/** Runs `body` once per dialect: the server one skips (loudly, in global setup) without a server. */
export function forEachDialect(body: (dialect: DialectCase) => void): void {
  describeServer(serverCase.name, () => body(serverCase));
  describe(pgliteCase.name, () => body(pgliteCase));
}
