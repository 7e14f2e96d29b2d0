import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { audit, presets, TRAP_CHANNEL, type Queryable, type TrapMessage } from '@pg-exact/core';
import { ExactPostgresDialect, IdentityReturningPlugin } from '@pg-exact/kysely';
import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { createSql } from '@pg-exact/postgres-js';
import { drizzle as exactDrizzle } from '@pg-exact/drizzle/node-postgres';
import * as exactColumns from '@pg-exact/drizzle/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import postgres from 'postgres';
import { rawStack, setupSql, type DemoStack } from '../demo/demo-stack.js';
import { demoTraps, runTrap, type Cell } from '../demo/demo-traps.js';
import { drizzleStack, kyselyStack, vanillaDrizzleColumns, type DrizzleColumns } from '../demo/orm-stacks.js';
import { exactPrismaStack, vanillaPrismaStack } from '../demo/prisma-stacks.js';
import { renderTable, type ExactColumnStack } from '../demo/render-table.js';
import { colors, startProgress } from '../output.js';
import { printFindings, redact } from './audit-command.js';

export interface DemoCommandOptions {
  databaseUrl?: string;
  pglite?: boolean;
}

/** A zone with an offset and DST, used when the process runs in UTC, where the `timestamp`/`date` traps hide. */
const DEMO_ZONE = 'America/New_York';

interface Target {
  url: string;
  label: string;
  close(): Promise<void>;
}

/**
 * `pg-exact demo`: a small trapped schema, read and written through node-postgres, postgres.js,
 * PGlite, Kysely, Drizzle and Prisma as they come, then through pg-exact; a before/after table; then
 * `audit` on a deliberately trapped schema. Embedded PGlite (served on a loopback port for the
 * wire-protocol drivers) unless a server URL is given.
 */
export async function demoCommand(options: DemoCommandOptions): Promise<number> {
  const started = performance.now();
  const serverUrl = options.pglite ? undefined : (options.databaseUrl ?? process.env.DATABASE_URL);
  const c = colors;
  const notes: string[] = [];
  if (new Date(Date.UTC(2024, 2, 10, 12)).getTimezoneOffset() === 0) {
    process.env.TZ = DEMO_ZONE; // Node re-reads TZ on assignment
    notes.push(`The process TZ was UTC, where the timestamp and date traps hide; the demo runs under TZ=${DEMO_ZONE}.`);
  }
  const schema = `pgx_demo_${randomBytes(4).toString('hex')}`;
  const progress = startProgress('Starting embedded PGlite…');

  // Vanilla PGlite and pg-exact's PGlite each hold their own copy of the schema.
  const [vanillaLite, exactLite] = await Promise.all([PGlite.create(), createPGlite()]);
  for (const statement of setupSql(schema)) {
    await vanillaLite.exec(statement);
    await exactLite.exec(statement);
  }
  const target = await openTarget(serverUrl, vanillaLite, schema);
  const ownLite = async () => undefined; // closed at the end, not by the stack

  const vanillaStacks: (() => Promise<DemoStack>)[] = [
    async () => {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      return rawStack('node-postgres', schema, async (text, params) => (await client.query(text, params)).rows, () => client.end());
    },
    async () => {
      const sql = postgres(target.url, { max: 1, onnotice: () => undefined });
      return rawStack('postgres.js', schema, (text, params) => sql.unsafe(text, params as never[]), () => sql.end());
    },
    async () => rawStack('PGlite', schema, async (text, params) => (await vanillaLite.query(text, params)).rows as never, ownLite),
    async () => {
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) }) });
      return kyselyStack('Kysely', schema, db);
    },
    async () => {
      const pool = new pg.Pool({ connectionString: target.url, max: 1 });
      return drizzleStack('Drizzle', schema, drizzle(pool), vanillaDrizzleColumns, () => pool.end());
    },
    async () => vanillaPrismaStack(target.url, schema),
  ];
  const exactStacks: { name: string; open: () => Promise<DemoStack> }[] = [
    {
      name: 'pg',
      open: async () => {
        const pool = createPool({ connectionString: target.url, max: 1 });
        return rawStack('pg-exact/pg', schema, async (text, params) => (await pool.query(text, params)).rows, () => pool.end());
      },
    },
    {
      name: 'postgres-js',
      open: async () => {
        const sql = createSql(target.url, { max: 1, onnotice: () => undefined });
        return rawStack('pg-exact/postgres-js', schema, (text, params) => sql.unsafe(text, params as never[]), () => sql.end());
      },
    },
    {
      name: 'pglite',
      open: async () => rawStack('pg-exact/pglite', schema, async (text, params) => (await exactLite.query(text, params)).rows as never, ownLite),
    },
    {
      name: 'kysely',
      open: async () => {
          const db = new Kysely<any>({
          dialect: new ExactPostgresDialect({ pool: createPool({ connectionString: target.url, max: 1 }) }),
          plugins: [new IdentityReturningPlugin()],
        });
        return kyselyStack('pg-exact/kysely', schema, db);
      },
    },
    {
      name: 'drizzle',
      open: async () => {
        const pool = createPool({ connectionString: target.url, max: 1 });
        return drizzleStack('pg-exact/drizzle', schema, exactDrizzle(pool), exactDrizzleColumns, () => pool.end());
      },
    },
    { name: 'prisma', open: async () => exactPrismaStack(target.url, schema) },
  ];
  const opened: ExactColumnStack[] = [];

  const vanillaCells: Cell[][] = demoTraps.map(() => []);
  const vanillaNames: string[] = [];
  const exactCells: Cell[][] = demoTraps.map(() => []);
  const trapMessages = new Map<string, number>();
  const onTrap = (message: unknown) => {
    const { kind } = message as TrapMessage;
    trapMessages.set(kind, (trapMessages.get(kind) ?? 0) + 1);
  };
  const resync = presets.resyncSequence({ schema, table: 'imported', column: 'id' }).up;

  try {
    for (const open of vanillaStacks) {
      const stack = await open();
      progress.update(`Running ${demoTraps.length} traps through ${stack.name}…`);
      vanillaNames.push(stack.name);
      for (const [i, trap] of demoTraps.entries()) vanillaCells[i]!.push(trap.judge(await runTrap(trap, stack)));
      await stack.close();
    }
    subscribe(TRAP_CHANNEL, onTrap);
    for (const { name, open } of exactStacks) {
      const stack = await open();
      opened.push({ name, limits: stack.limits });
      progress.update(`Running ${demoTraps.length} traps through ${stack.name}…`);
      for (const [i, trap] of demoTraps.entries()) {
        // The fix for a sequence behind max is a migration, not a codec: apply the preset first.
        if (trap.label === 'sequence behind max') await stack.migrate?.(resync);
        exactCells[i]!.push(trap.judge(await runTrap(trap, stack)));
      }
      await stack.close();
    }
    unsubscribe(TRAP_CHANNEL, onTrap);

    progress.update('Auditing a deliberately trapped schema…');
    const client = serverUrl === undefined ? undefined : await connectQueryable(target.url);
    const auditDb: Queryable = client ?? exactLite;
    const auditSchema = `${schema}_audit`;
    for (const statement of trappedSchemaSql(auditSchema)) await auditDb.query(statement);
    const findings = await audit(auditDb, { schemas: [auditSchema] });
    await client?.end();
    progress.stop();

    console.log(c.bold(`pg-exact demo · ${target.label} · process TZ ${Intl.DateTimeFormat().resolvedOptions().timeZone}`));
    for (const note of notes) console.log(c.dim(`note: ${note}`));
    console.log('');
    const exactHeader = `pg-exact ×${exactStacks.length}`;
    console.log(renderTable(demoTraps, vanillaNames, vanillaCells, exactHeader, exactCells, opened));
    console.log(
      c.dim(
        `✓ exact, in the contract's type · ~ exact, but a string/number/Date you must convert · ✗ lost, shifted or failed.\n` +
          `pg-exact ×${exactStacks.length}: the same trap through ${exactStacks.map((s) => s.name).join(', ')}; ` +
          'one cell, because they all agree (a disagreement is shown with its stack; a footnote marks a documented limit).\n' +
          "Drizzle columns use drizzle-orm's builders in the modes apps commonly pick: bigint mode 'number', timestamp/date mode 'date'.\n" +
          'Prisma reads and writes model fields (findUnique, upsert, create); footnotes mark what its DateTime cannot hold.\n' +
          'sequence behind max: pg-exact ran `pg-exact preset resync-sequence` first (a migration, not a codec fix).',
      ),
    );
    const messages = [...trapMessages.entries()].map(([kind, n]) => `${kind} ×${n}`).join(', ');
    const total = [...trapMessages.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${c.bold('Observability')}: the pg-exact runs published ${total} messages on diagnostics_channel '${TRAP_CHANNEL}',`);
    console.log(`one per value a vanilla stack would have lost or shifted (count them in production: @pg-exact/core docs/observability.md):`);
    console.log(c.dim(`  ${messages || 'none'}`));

    console.log(`\n${c.bold(`pg-exact audit on a deliberately trapped schema (${auditSchema})`)}\n`);
    printFindings(findings, `schema ${auditSchema}`);
    console.log(`\nRun it on your database: ${c.green('npx pg-exact audit postgres://user@host:5432/db')} (read-only; exit code 1 when it finds traps).`);
    console.log(c.dim(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`));
  } finally {
    progress.stop();
    if (serverUrl !== undefined) await dropSchemas(serverUrl, schema).catch(() => undefined);
    await target.close();
    await Promise.all([vanillaLite.close(), exactLite.close()]);
  }
  return 0;
}

async function openTarget(serverUrl: string | undefined, lite: PGlite, schema: string): Promise<Target> {
  if (serverUrl !== undefined) {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      for (const statement of setupSql(schema)) await client.query(statement);
    } finally {
      await client.end();
    }
    return { url: serverUrl, label: `PostgreSQL at ${redact(serverUrl)}, schema ${schema}`, close: async () => undefined };
  }
  const server = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    label: 'embedded PGlite (no server; node-postgres and postgres.js reach it through pglite-socket)',
    close: () => server.stop(),
  };
}

async function connectQueryable(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (text: string) => text } });
  await client.connect();
  return client;
}

async function dropSchemas(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_audit" CASCADE`);
  } finally {
    await client.end();
  }
}

/** One table per trap audit finds (the database-wide TimeZone finding needs a server). */
function trappedSchemaSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE SCHEMA ${s}`,
    `CREATE TABLE ${s}.customer (id serial PRIMARY KEY, balance float8 NOT NULL DEFAULT 0, created_at timestamp DEFAULT now(), prefs json)`,
    `INSERT INTO ${s}.customer (id) SELECT generate_series(1, 10)`, // explicit ids: the serial is still at 1
    `CREATE TABLE ${s}.event (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, payload jsonb)`,
    `SELECT setval(pg_get_serial_sequence('${s}.event', 'id'), 1600000000)`,
  ];
}

/** pg-exact's Drizzle column builders, in the shape the Drizzle stack declares its tables with. */
const exactDrizzleColumns: DrizzleColumns = {
  i8: (n) => exactColumns.bigint(n),
  num: (n) => exactColumns.numeric(n),
  doc: (n) => exactColumns.jsonb(n),
  tstz: (n) => exactColumns.timestamptz(n),
  ts: (n) => exactColumns.timestamp(n),
  d: (n) => exactColumns.date(n),
  id: (n) => exactColumns.bigint(n),
};
