// The raw path for a `timestamp` column holding wall-clock time in a named zone: written with
// instantToWallClock through $executeRawExact, read with wallClockRows from $queryRawExact (µs) or
// $queryRaw (Prisma's ms Dates). Stored text must be the server's `instant AT TIME ZONE zone`, reads
// the server's `col AT TIME ZONE zone`, around both 2024 DST changes, in a non-UTC session TimeZone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instantToWallClock, PreciseDate, wallClockRows } from '../src/index.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { openServer, type PrismaTarget } from './helpers.js';

const ZONE = 'America/Los_Angeles';

function instants(): PreciseDate[] {
  const changes = [Date.parse('2024-03-10T10:00:00Z'), Date.parse('2024-11-03T09:00:00Z')];
  const list = changes.flatMap((change) => Array.from({ length: 22 }, (_, i) => new PreciseDate(change + (i - 11) * 17 * 60_000, (i * 37) % 1000)));
  return [...list, PreciseDate.POSITIVE_INFINITY, PreciseDate.NEGATIVE_INFINITY];
}

interface Row {
  id: bigint;
  created_at: PreciseDate | null;
  instant: PreciseDate | null;
  back: PreciseDate | null;
}

// A helper over rows and parameters, the same for every adapter: tested on the server only, keeping
// PGlite's start-up out of the suite's time.
describeServer('server, session TimeZone Asia/Kathmandu', () => {
  const open = openServer;
  let t: PrismaTarget;
  beforeAll(async () => {
    t = await open();
    await t.run('CREATE TABLE wall_orders (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamp(6), instant timestamptz, back timestamptz)');
  });
  afterAll(() => t?.close());

  it('instantToWallClock writes what the server computes; wallClockRows reads the instant back, in a non-UTC session', async () => {
    const list = instants();
    await t.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL TIME ZONE 'Asia/Kathmandu'");
      for (const at of list) {
        await tx.$executeRawUnsafeExact('INSERT INTO wall_orders (created_at, instant) VALUES ($1, $2)', instantToWallClock(at, ZONE), at);
      }
    });
    await t.run(`INSERT INTO wall_orders (created_at) VALUES ('2024-03-10 02:00:00'), ('2024-03-10 02:59:59.999999'), ('2024-11-03 01:00:00'), ('2024-11-03 01:30:00.000001');
                 UPDATE wall_orders SET back = created_at AT TIME ZONE '${ZONE}'`);
    expect(
      await t.text(`SELECT string_agg(instant::text || ' → ' || created_at::text, ', ')::text AS t FROM wall_orders
                     WHERE instant IS NOT NULL AND created_at::text IS DISTINCT FROM (instant AT TIME ZONE '${ZONE}')::text`),
    ).toBeNull();

    const exact = wallClockRows(await t.prisma.$queryRawExact<Row[]>`SELECT id, created_at, instant, back FROM wall_orders ORDER BY id`, { created_at: ZONE });
    expect(exact.length).toBe(list.length + 4);
    expect(exact.filter((row) => !row.created_at!.equals(row.back!)).map((row) => `${row.created_at!.toISOString()} ≠ ${row.back!.toISOString()}`)).toEqual([]);
    const inOverlap = (at: Date) => at.getTime() >= Date.parse('2024-11-03T08:00:00Z') && at.getTime() < Date.parse('2024-11-03T09:00:00Z');
    const roundTrip = exact.filter((row) => row.instant !== null && !inOverlap(row.instant));
    expect(roundTrip.filter((row) => !row.created_at!.equals(row.instant!)).map((row) => row.instant!.toISOString())).toEqual([]);

    // Prisma's own $queryRaw reads timestamp as a ms Date of the UTC wall clock: the same instants, to the ms.
    const plain = wallClockRows(await t.prisma.$queryRaw<{ created_at: Date; back: Date }[]>`SELECT created_at, back FROM wall_orders WHERE created_at > '2000-01-01' AND created_at < 'infinity' ORDER BY id`, {
      created_at: ZONE,
    });
    expect(plain.filter((row) => row.created_at.getTime() !== row.back.getTime())).toEqual([]);
    expect(plain.length).toBe(list.length + 2);
  });
});
