import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { Prisma, PrismaClient } from './generated/client.js';
import { applyMigrations, PrismaPgExact } from '../src/index.js';
import { nonCodecTypes } from '../src/prisma-pg-adapter.js';
import { databaseUrl, extended, forEachTarget, migrationsDir, tag, type PrismaTarget } from './helpers.js';

forEachTarget((open) => {
  let t: PrismaTarget;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t?.close());

  it('maps server errors to Prisma codes: unique P2002, foreign key P2003, raw P2010', async () => {
    await t.prisma.account.create({ data: { name: 'dup' } });
    await expect(t.prisma.account.create({ data: { name: 'dup' } })).rejects.toMatchObject({ code: 'P2002' });
    await expect(t.prisma.entry.create({ data: { accountId: 999999n, amount: 1 } })).rejects.toMatchObject({ code: 'P2003' });
    await expect(t.prisma.$executeRawUnsafe('SELECT * FROM "NoSuchTable"')).rejects.toMatchObject({
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'TableDoesNotExist', originalCode: '42P01' } } },
    });
  });

  it('@default(autoincrement()) ids come back through RETURNING as the declared types', async () => {
    const a = await t.prisma.account.create({ data: { name: 'ids' } });
    const e = await t.prisma.entry.create({ data: { accountId: a.id, amount: '1.10' } });
    expect(typeof a.id).toBe('bigint');
    expect(typeof e.id).toBe('number');
    const many = await t.prisma.note.createManyAndReturn({ data: [{ text: 'a', data: {} }, { text: 'b', data: {} }], select: { id: true } });
    expect(many).toHaveLength(2);
  });

  it('rolls back a batch transaction when one statement fails', async () => {
    await expect(
      t.prisma.$transaction([t.prisma.account.create({ data: { name: 'batch-1' } }), t.prisma.account.create({ data: { name: 'dup' } })]),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(await t.text(`SELECT count(*)::text AS t FROM "Account" WHERE name = 'batch-1'`)).toBe('0');
    const [x, y] = await t.prisma.$transaction([
      t.prisma.account.create({ data: { name: 'batch-2', balance: '2.50' } }),
      t.prisma.account.count(),
    ]);
    expect(x.balance.toFixed(2)).toBe('2.50');
    expect(y).toBeGreaterThan(0);
  });

  it('interactive transactions: isolation level, rollback on error, commit otherwise', async () => {
    const level = await t.prisma.$transaction(
      async (tx) => (await tx.$queryRaw<{ l: string }[]>`SELECT current_setting('transaction_isolation') AS l`)[0]!.l,
      { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
    );
    expect(level).toBe('serializable');
    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.account.create({ data: { name: 'itx-rolled-back' } });
        await tx.account.create({ data: { name: 'dup' } });
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(await t.text(`SELECT count(*)::text AS t FROM "Account" WHERE name = 'itx-rolled-back'`)).toBe('0');
    await t.prisma.$transaction(async (tx) => {
      await tx.account.create({ data: { name: 'itx-committed' } });
    });
    expect(await t.text(`SELECT count(*)::text AS t FROM "Account" WHERE name = 'itx-committed'`)).toBe('1');
  });

  it('executeScript runs a script with DO blocks as one batch; an instance or pool passed in stays open', async () => {
    const adapter = await t.factory().connect();
    await adapter.executeScript(`CREATE TABLE s (v int8); DO $$ BEGIN INSERT INTO s VALUES (1); INSERT INTO s VALUES (2); END $$; INSERT INTO s VALUES (3);`);
    const result = await adapter.queryRaw({ sql: 'SELECT sum(v)::int8 AS n FROM s', args: [], argTypes: [] });
    expect(result.rows).toEqual([['6']]);
    await expect(adapter.executeScript('SELECT * FROM nope')).rejects.toMatchObject({ cause: { kind: 'TableDoesNotExist' } });
    await adapter.dispose();
    expect(await t.text('SELECT count(*)::text AS t FROM s')).toBe('3');
  });

  it('queries outside a transaction wait for it (PGlite) or use another connection (pool)', async () => {
    const results = await Promise.all([
      t.prisma.$transaction(async (tx) => {
        await tx.account.create({ data: { name: 'concurrent-tx' } });
        return tx.account.count({ where: { name: 'concurrent-tx' } });
      }),
      ...Array.from({ length: 5 }, (_, i) => t.prisma.account.create({ data: { name: `concurrent-${i}` } })),
    ]);
    expect(results[0]).toBe(1);
    expect(await t.text(`SELECT count(*)::text AS t FROM "Account" WHERE name LIKE 'concurrent-%'`)).toBe('6');
  });
});

describeServer('server adapter', () => {
  const schema = `pgx_prisma_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
    await applyMigrations(admin, { dir: migrationsDir });
  });
  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it('takes the schema from the URL and reports no relation joins', async () => {
    const adapter = await new PrismaPgExact(`${databaseUrl}?schema=${schema}`).connect();
    expect(adapter.getConnectionInfo?.()).toEqual({ schemaName: schema, supportsRelationJoins: false });
    await adapter.dispose();
  });

  it("never reads through pg's process-wide parsers or the pool's types; leaves a pool it was given as it was", async () => {
    // A pool whose own types would corrupt every value, and no session pin (a non-UTC TimeZone).
    const corrupt = { getTypeParser: () => () => 'CORRUPTED' };
    const config = { connectionString: databaseUrl, max: 2, types: corrupt, options: `-c search_path=${schema} -c TimeZone=Asia/Kathmandu` };
    const pool = new pg.Pool(config);
    const listeners = pool.listenerCount('error');
    const prisma = extended(new PrismaClient({ adapter: new PrismaPgExact(pool, { schema }) }));
    const account = await prisma.account.create({
      data: { name: 'own-pool', balance: '0.000000000000000001', meta: { id: 2n ** 64n } as never, openedAt: new Date('2024-01-01T00:00:00Z') },
    });
    expect(tag([account.id > 0n, account.balance.toFixed(), account.meta, account.openedAt.toISOString()])).toEqual(
      tag([true, '0.000000000000000001', { id: 2n ** 64n }, '2024-01-01T00:00:00.000Z']),
    );
    const [row] = await prisma.$queryRaw<{ yes: boolean; tz: string }[]>`SELECT true AS yes, current_setting('TimeZone') AS tz`;
    expect(row).toEqual({ yes: true, tz: 'Asia/Kathmandu' });
    await prisma.$disconnect();
    expect(pool.listenerCount('error')).toBe(listeners);
    expect(pool.ended).toBe(false); // the caller's pool, left open
    expect(pool.options.types).toBe(corrupt);
    await pool.end();
    // The fallback behind the core parsers is this package's own: never pg.types.
    for (const oid of [16, 17, 25, 1000, 1001, 2950, 114, 20]) {
      expect(nonCodecTypes.getTypeParser(oid)).not.toBe(pg.types.getTypeParser(oid, 'text'));
    }
  });
});
