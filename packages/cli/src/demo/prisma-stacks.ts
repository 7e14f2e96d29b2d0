import { exactExtension, PrismaPgExact } from '@pg-exact/prisma';
import { PrismaPg } from '@prisma/adapter-pg';
import { migrationStatements, type DemoStack, type TrapColumn } from './demo-stack.js';
import { PrismaClient } from './prisma/generated/client.js';

/** The four demo tables as Prisma models (prisma/schema.prisma), through an adapter of either kind. */
function prismaStack(name: string, schema: string, prisma: any, limits?: DemoStack['limits']): DemoStack {
  return {
    name,
    limits,
    read: async (column: TrapColumn) => (await prisma.trap.findUnique({ where: { id: 1 }, select: { [column]: true } }))?.[column],
    write: async (column, value) => {
      await prisma.written.upsert({ where: { stack: name }, create: { stack: name, [column]: value }, update: { [column]: value } });
    },
    storedText: async (column) => {
      const rows = await prisma.$queryRawUnsafe(`SELECT ${column}::text AS v FROM "${schema}".written WHERE stack = $1`, name);
      return (rows as { v: string | null }[])[0]?.v ?? null;
    },
    insertId: async () => (await prisma.ids.create({ data: { note: name } })).id,
    insertImported: async () => (await prisma.imported.create({ data: { note: name } })).id,
    migrate: async (text) => {
      await prisma.$transaction(migrationStatements(text).map((statement) => prisma.$executeRawUnsafe(statement)));
    },
    close: () => prisma.$disconnect(),
  };
}

/** Prisma 7 with its own node-postgres adapter, as the Prisma docs set it up. */
export function vanillaPrismaStack(url: string, schema: string): DemoStack {
  return prismaStack('Prisma', schema, new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }, { schema }) }));
}

/**
 * Prisma 7 with pg-exact's adapter and extension. Model fields are Prisma's own types: DateTime is
 * a millisecond, finite JS Date that Prisma builds itself, so where a trap needs more the stack
 * says so, and the exact path is `$queryRawExact`.
 */
export function exactPrismaStack(url: string, schema: string): DemoStack {
  const prisma = new PrismaClient({ adapter: new PrismaPgExact({ connectionString: url, max: 1 }, { schema }) }).$extends(exactExtension());
  return prismaStack('pg-exact/prisma', schema, prisma, {
    'timestamptz µs': 'Prisma DateTime fields hold milliseconds; $queryRawExact returns the µs',
    infinity: 'Prisma DateTime fields cannot hold ±infinity, so the read is refused, not turned into an Invalid Date; $queryRawExact returns PreciseDate.POSITIVE_INFINITY',
    "date '2024-01-01'": 'Prisma returns @db.Date as a Date at UTC midnight, the day before in local time west of UTC; $queryRawExact returns the text',
    'date 4713 BC': 'Prisma returns @db.Date as a Date at UTC midnight; $queryRawExact returns the text',
  });
}
