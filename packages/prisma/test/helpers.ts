import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPGlite, type ExactPGlite } from '@pg-exact/pglite';
import pg from 'pg';
import { describe } from 'vitest';
import { databaseUrl } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, exactExtension, PrismaPgExact, PrismaPGliteExact } from '../src/index.js';

export { databaseUrl };
export { tag } from '../../../test/support/tag.js';

export const migrationsDir = fileURLToPath(new URL('./prisma/migrations', import.meta.url));

/** The extended client every test uses. */
export function extended(client: PrismaClient) {
  return client.$extends(exactExtension());
}
export type ExactPrisma = ReturnType<typeof extended>;

/** A Prisma client on one target, in a fresh schema (server) or instance (PGlite), migrated. */
export interface PrismaTarget {
  readonly name: 'server' | 'pglite';
  readonly prisma: ExactPrisma;
  /** What PostgreSQL stored, as its own text in a UTC session (`col::text`). */
  text(sql: string): Promise<string | null>;
  /** Runs SQL outside Prisma (DDL, checks). */
  run(sql: string): Promise<void>;
  /** Another adapter factory on the same database (for adapter-level tests). */
  factory(): PrismaPgExact | PrismaPGliteExact;
  close(): Promise<void>;
}

/**
 * The server: a scratch schema, migrated by applyMigrations, and a PrismaPgExact over a pool
 * config. Checks go through a raw pg client (text only) in a UTC session.
 */
export async function openServer(options: { pool?: pg.Pool } = {}): Promise<PrismaTarget> {
  const schema = `pgx_prisma_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl, types: { getTypeParser: () => (text: string) => text } });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; SET TIME ZONE 'UTC'`);
  await applyMigrations(admin, { dir: migrationsDir });
  const adapter = new PrismaPgExact(options.pool ?? { connectionString: databaseUrl, max: 4, options: `-c search_path=${schema}` }, { schema });
  const prisma = extended(new PrismaClient({ adapter }));
  return {
    name: 'server',
    prisma,
    async text(sql) {
      const { rows } = await admin.query<{ t: string | null }>(sql);
      return rows[0]?.t ?? null;
    },
    async run(sql) {
      await admin.query(sql);
    },
    factory: () => new PrismaPgExact({ connectionString: databaseUrl, max: 1, options: `-c search_path=${schema}` }, { schema }),
    async close() {
      await prisma.$disconnect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** PGlite: an exact instance (createPGlite) shared by the adapter and the checks. */
export async function openPGlite(): Promise<PrismaTarget & { db: ExactPGlite }> {
  const db = await createPGlite();
  await applyMigrations(db, { dir: migrationsDir });
  const prisma = extended(new PrismaClient({ adapter: new PrismaPGliteExact(db) }));
  return {
    name: 'pglite',
    db,
    prisma,
    async text(sql) {
      const { rows } = await db.query<{ t: string | null }>(sql); // checks select `…::text AS t`
      return rows[0]?.t ?? null;
    },
    async run(sql) {
      await db.exec(sql);
    },
    factory: () => new PrismaPGliteExact(db),
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** Runs `body` once per target: the server one skips (loudly, in global setup) without a server. */
export function forEachTarget(body: (open: () => Promise<PrismaTarget>) => void): void {
  describeServer('server', () => body(() => openServer()));
  describe('pglite', () => body(openPGlite));
}
