// timestamp('…', { wallClock: zone }): a `timestamp` column holding wall-clock time in a named zone.
// What it writes must be what the server computes as `instant AT TIME ZONE zone`, and what it reads
// the server's `col AT TIME ZONE zone`, around both 2024 DST changes, under any process TZ and a
// non-UTC session TimeZone (the driver cases set Asia/Kathmandu before the pin).
import { PreciseDate } from '@pg-exact/core';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity, pgTable, timestamp, timestamptz } from '../src/pg-core/index.js';
import { type DriverTarget, forEachDriver } from './helpers.js';

const ZONE = 'America/Los_Angeles';

const wallOrders = pgTable('wall_orders', {
  id: identity(),
  createdAt: timestamp('created_at', { precision: 6, wallClock: ZONE }),
  // The instant, exact, for the server to convert itself.
  instant: timestamptz(),
  // The server's own reading of created_at (`created_at AT TIME ZONE zone`).
  back: timestamptz(),
});

/** Instants every 17 minutes within 3 hours of both 2024 changes in Los Angeles, with µs, and ±infinity. */
function instants(): PreciseDate[] {
  const changes = [Date.parse('2024-03-10T10:00:00Z'), Date.parse('2024-11-03T09:00:00Z')];
  const list = changes.flatMap((change) => Array.from({ length: 22 }, (_, i) => new PreciseDate(change + (i - 11) * 17 * 60_000, (i * 37) % 1000)));
  return [...list, PreciseDate.POSITIVE_INFINITY, PreciseDate.NEGATIVE_INFINITY];
}

describe('timestamp({ wallClock }) options', () => {
  it('refuses an unknown zone and withTimezone', () => {
    expect(() => timestamp({ wallClock: 'Mars/Olympus' })).toThrow(TypeError);
    expect(() => timestamp({ wallClock: ZONE, withTimezone: true })).toThrow(/without time zone/);
  });
});

forEachDriver((driver) => {
  let target: DriverTarget;
  beforeAll(async () => {
    target = await driver.open();
    await target.db.execute(sql`CREATE TABLE wall_orders (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamp(6), instant timestamptz, back timestamptz)`);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('writes the instant as the zone\'s wall clock, as the server computes it (col::text)', async () => {
    const list = instants();
    await target.db.insert(wallOrders).values(list.map((at) => ({ createdAt: at, instant: at })));
    const mismatches = await target.text(
      `(SELECT string_agg(instant::text || ' → ' || created_at::text, ', ') FROM wall_orders
         WHERE created_at::text IS DISTINCT FROM (instant AT TIME ZONE '${ZONE}')::text)`,
    );
    expect(mismatches).toBeNull();
    expect(await target.text(`(SELECT count(*) FROM wall_orders)`)).toBe(String(list.length));
  });

  it('reads the wall clock back as the instant the server gives (DST gap: shifted forward; overlap: the later)', async () => {
    // Wall clocks the instants above never produce: inside the spring gap and in the autumn overlap.
    await target.db.execute(
      sql.raw(`INSERT INTO wall_orders (created_at) VALUES ('2024-03-10 02:00:00'), ('2024-03-10 02:59:59.999999'), ('2024-11-03 01:00:00'), ('2024-11-03 01:30:00.000001')`),
    );
    await target.db.execute(sql.raw(`UPDATE wall_orders SET back = created_at AT TIME ZONE '${ZONE}'`));
    const rows = await target.db.select().from(wallOrders).orderBy(wallOrders.id);
    const differing = rows.filter((row) => !row.createdAt!.equals(row.back!)).map((row) => `${row.createdAt!.toISOString()} ≠ ${row.back!.toISOString()}`);
    expect(differing).toEqual([]);
    expect(rows.every((row) => row.createdAt instanceof PreciseDate)).toBe(true);
    // Every written instant outside the autumn overlap hour reads back as itself.
    const overlap = (at: Date) => at.getTime() >= Date.parse('2024-11-03T08:00:00Z') && at.getTime() < Date.parse('2024-11-03T09:00:00Z');
    const roundTrip = rows.filter((row) => row.instant !== null && !overlap(row.instant));
    expect(roundTrip.filter((row) => !row.createdAt!.equals(row.instant!)).map((row) => row.instant!.toISOString())).toEqual([]);
    expect(roundTrip.length).toBeGreaterThan(40);
  });

  it('converts instants in where and update set, and reads RETURNING as the instant', async () => {
    const at = new PreciseDate('2024-07-01T16:00:00.123456Z');
    const [returned] = await target.db.insert(wallOrders).values({ createdAt: at }).returning({ createdAt: wallOrders.createdAt });
    expect(returned?.createdAt?.toISOString()).toBe('2024-07-01T16:00:00.123456Z');
    expect(await target.text(`(SELECT created_at FROM wall_orders WHERE created_at = '2024-07-01 09:00:00.123456')`)).toBe('2024-07-01 09:00:00.123456');
    const [row] = await target.db.select({ createdAt: wallOrders.createdAt }).from(wallOrders).where(eq(wallOrders.createdAt, at));
    expect(row?.createdAt?.toISOString()).toBe('2024-07-01T16:00:00.123456Z');
    await target.db.update(wallOrders).set({ createdAt: new PreciseDate('2025-01-01T07:59:59.5Z') }).where(eq(wallOrders.createdAt, at));
    expect(await target.text(`(SELECT string_agg(created_at::text, ',') FROM wall_orders WHERE created_at >= '2024-12-31' AND created_at < 'infinity')`)).toBe('2024-12-31 23:59:59.5');
  });

  it('refuses a value that is not an instant, before sending anything', async () => {
    await expect(target.db.insert(wallOrders).values({ createdAt: '2024-07-01 09:00' as never })).rejects.toThrow(/wall_orders\.created_at.*expected the instant/);
  });
});
