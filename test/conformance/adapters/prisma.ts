import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { exactExtension, PrismaPGliteExact, PrismaPgExact } from '@pg-exact/prisma';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { ConformanceAdapter, ConformanceSession, Target, TrapTable } from '../adapter.js';
import type { TrapCase } from '../cases.js';
import type { TrapPath } from '../run-cases.js';
import { PrismaClient } from '../../../packages/prisma/test/conformance/generated/client.js';

/**
 * Which path each Prisma cell uses:
 * - literal and parameter paths: the stack's raw API, `$queryRawUnsafe` (vanilla) or the exact
 *   raw path `$queryRawUnsafeExact` of exactExtension() (pg-exact);
 * - column and identity paths: the model API (`create` / `findUniqueOrThrow` on a generated
 *   model, packages/prisma/test/conformance/schema.prisma) for every type Prisma has a scalar
 *   for. No model, so insert and select go through the same raw API: `date` and `date[]`
 *   (Prisma's DateTime is a Date, the contract is text), `int4[]` (Prisma lists refuse a NULL
 *   element) and `float8[]` (Prisma's JSON protocol refuses NaN/±Infinity and writes -0 as 0).
 * DateTime model fields are JS Dates that Prisma builds (and truncates inputs to ms before any
 * adapter sees them): a documented limit of pg-exact/prisma, not a miss.
 */
const RAW_TYPES = new Set(['date', 'date[]', 'int4[]', 'float8[]']);
const DATETIME_TYPES = new Set(['timestamptz', 'timestamp', 'timestamptz[]', 'timestamp[]']);

type Delegate = {
  create(args: { data: { v: unknown }; select: { id: true } }): Promise<{ id: bigint }>;
  findUniqueOrThrow(args: { where: { id: bigint } }): Promise<{ v: unknown }>;
};
type AnyPrisma = Record<string, unknown> & {
  $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T>;
  $queryRawUnsafeExact?<T>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  $disconnect(): Promise<void>;
};

function prismaSession(open: (schema: string | undefined) => AnyPrisma, exact: boolean, end?: () => Promise<void>): ConformanceSession {
  // The schema is only known from the first table: a client per schema, the first one also for raw SQL.
  const clients = new Map<string | undefined, AnyPrisma>();
  const clientFor = (schema?: string) => {
    let entry = clients.get(schema);
    if (entry === undefined) {
      entry = open(schema);
      clients.set(schema, entry);
    }
    return entry;
  };
  const raw = () => clientFor(clients.keys().next().value);
  const query = <T>(sql: string, params: readonly unknown[] = []) => {
    const client = raw();
    return exact ? client.$queryRawUnsafeExact!<T>(sql, ...params) : client.$queryRawUnsafe<T>(sql, ...params);
  };
  const model = (table: TrapTable) => clientFor(table.schema)[table.name] as Delegate; // model t_<id> is table t_<id>
  return {
    execute: async (sql) => {
      await raw().$executeRawUnsafe(sql);
    },
    query: (sql, params) => query<Record<string, unknown>[]>(sql, params),
    insert: async (table, value) => {
      if (!RAW_TYPES.has(table.type)) return (await model(table).create({ data: { v: value }, select: { id: true } })).id;
      const [row] = await query<{ id: unknown }[]>(`INSERT INTO ${table.sql} (v) VALUES ($1) RETURNING id`, [value]);
      return row?.id;
    },
    select: async (table, id) => {
      if (!RAW_TYPES.has(table.type)) return (await model(table).findUniqueOrThrow({ where: { id: BigInt(id as bigint) } })).v;
      const [row] = await query<{ v: unknown }[]>(`SELECT v FROM ${table.sql} WHERE id = $1`, [id]);
      return row?.v;
    },
    close: async () => {
      for (const client of clients.values()) await client.$disconnect();
      await end?.();
    },
  };
}

function client(adapter: SqlDriverAdapterFactory, exact: boolean): AnyPrisma {
  const base = new PrismaClient({ adapter });
  return (exact ? base.$extends(exactExtension()) : base) as unknown as AnyPrisma;
}

function knownLimit(trap: TrapCase, path: TrapPath): string | undefined {
  if (path === 'column' && DATETIME_TYPES.has(trap.type)) {
    return 'Prisma DateTime model field: a JS Date built by Prisma (ms, finite); exact path: $queryRawExact';
  }
  return undefined;
}

// One connection (a pool of one, or PGlite's one session) shared by the per-schema clients, so the
// suite's SET TIME ZONE reaches the connection that runs the next query, model queries included.
export const prismaVanilla: ConformanceAdapter = {
  name: 'Prisma (vanilla)',
  exact: false,
  targets: ['server', 'pglite'],
  open: async (target: Target) => {
    if (target.kind === 'server') {
      const pool = new pg.Pool({ connectionString: target.url, max: 1 });
      return prismaSession((schema) => client(new PrismaPg(pool, { schema }), false), false, () => pool.end());
    }
    return prismaSession(() => client(new PrismaPGlite(target.db), false), false);
  },
};

// On PGlite, pg-exact's own embedded instance (as the PGlite binding's adapter does).
export const prismaExact: ConformanceAdapter = {
  name: 'pg-exact/prisma',
  exact: true,
  targets: ['server', 'pglite'],
  knownLimit,
  open: async (target: Target) => {
    if (target.kind === 'server') {
      const pool = createPool({ connectionString: target.url, max: 1 });
      return prismaSession((schema) => client(new PrismaPgExact(pool, { schema }), true), true, () => pool.end());
    }
    const db = await createPGlite();
    return prismaSession((schema) => client(new PrismaPGliteExact(db, { schema }), true), true, () => db.close());
  },
};
