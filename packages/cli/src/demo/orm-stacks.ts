import { and, eq, sql as drizzleSql } from 'drizzle-orm';
import { bigint, date, integer, jsonb, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { sql, type Kysely } from 'kysely';
import { migrationStatements, type DemoStack } from './demo-stack.js';

/** A stack over a Kysely instance: the query builder for reads, writes and inserts. */
export function kyselyStack(name: string, schema: string, db: Kysely<any>): DemoStack {
  const s = db.withSchema(schema);
  return {
    name,
    read: async (column) => (await s.selectFrom('trap').select(column).where('id', '=', 1).executeTakeFirst())?.[column],
    write: async (column, value) => {
      await s
        .insertInto('written')
        .values({ stack: name, [column]: value })
        .onConflict((oc) => oc.column('stack').doUpdateSet({ [column]: value }))
        .execute();
    },
    storedText: async (column) => {
      const { rows } = await sql<{ v: string | null }>`SELECT ${sql.ref(column)}::text AS v FROM ${sql.table(`${schema}.written`)} WHERE stack = ${name}`.execute(db);
      return rows[0]?.v ?? null;
    },
    insertId: async () => (await s.insertInto('ids').values({ note: name }).executeTakeFirst()).insertId,
    insertImported: async () => (await s.insertInto('imported').values({ note: name }).returning('id').executeTakeFirst())?.id,
    migrate: async (text) => {
      await db.transaction().execute(async (trx) => {
        for (const statement of migrationStatements(text)) await sql.raw(statement).execute(trx);
      });
    },
    close: () => db.destroy(),
  };
}

/** The column builders a Drizzle stack declares its tables with (drizzle-orm's, or pg-exact's). */
export interface DrizzleColumns {
  i8: (name: string) => any;
  num: (name: string) => any;
  doc: (name: string) => any;
  tstz: (name: string) => any;
  ts: (name: string) => any;
  d: (name: string) => any;
  id: (name: string) => any;
}

/** drizzle-orm's own builders, in the modes apps commonly pick (mode 'number' ids, mode 'date' dates). */
export const vanillaDrizzleColumns: DrizzleColumns = {
  i8: (n) => bigint(n, { mode: 'number' }),
  num: (n) => numeric(n),
  doc: (n) => jsonb(n),
  tstz: (n) => timestamp(n, { withTimezone: true, mode: 'date' }),
  ts: (n) => timestamp(n, { mode: 'date' }),
  d: (n) => date(n, { mode: 'date' }),
  id: (n) => bigint(n, { mode: 'number' }),
};

/** A stack over a Drizzle database (`drizzle(pool)`), with the tables declared by `columns`. */
export function drizzleStack(name: string, schema: string, db: any, columns: DrizzleColumns, close: () => Promise<void>): DemoStack {
  const s = pgSchema(schema);
  const trap = s.table('trap', {
    id: integer('id').primaryKey(),
    i8: columns.i8('i8'),
    num: columns.num('num'),
    doc: columns.doc('doc'),
    tstz: columns.tstz('tstz'),
    ts: columns.ts('ts'),
    d: columns.d('d'),
    tsinf: columns.tstz('tsinf'),
    bc: columns.d('bc'),
  });
  const written = s.table('written', { stack: text('stack').primaryKey(), ts: columns.ts('ts'), doc: columns.doc('doc') });
  const ids = s.table('ids', { id: columns.id('id').primaryKey().generatedByDefaultAsIdentity(), note: text('note') });
  const imported = s.table('imported', { id: columns.id('id').primaryKey().generatedByDefaultAsIdentity(), note: text('note') });
  return {
    name,
    read: async (column) => (await db.select({ v: (trap as any)[column] }).from(trap).where(eq(trap.id, 1)))[0]?.v,
    write: async (column, value) => {
      await db
        .insert(written)
        .values({ stack: name, [column]: value })
        .onConflictDoUpdate({ target: written.stack, set: { [column]: value } });
    },
    storedText: async (column) => {
      const rows = await db
        .select({ v: drizzleSql<string | null>`${(written as any)[column]}::text` })
        .from(written)
        .where(and(eq(written.stack, name)));
      return rows[0]?.v ?? null;
    },
    insertId: async () => (await db.insert(ids).values({ note: name }).returning({ id: ids.id }))[0]?.id,
    insertImported: async () => (await db.insert(imported).values({ note: name }).returning({ id: imported.id }))[0]?.id,
    migrate: async (text) => {
      await db.transaction(async (tx: any) => {
        for (const statement of migrationStatements(text)) await tx.execute(drizzleSql.raw(statement));
      });
    },
    close,
  };
}
