// wallClockToInstant / instantToWallClock against the server's own `AT TIME ZONE`, around every
// offset change of several zones (DST gaps and overlaps, 30-minute DST, a zone that skipped a day,
// a standard-offset change, LMT), microseconds included. Run under several process TZs by the
// test script; the results must not depend on it.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRaw } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { codecs } from '../src/codecs.js';
import { PreciseDate } from '../src/precise-date.js';
import { instantToWallClock, wallClockToInstant } from '../src/wall-clock.js';

const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/Paris',
  'Europe/Moscow', // 2011 and 2014: standard-offset changes without DST
  'Australia/Lord_Howe', // 30-minute DST
  'America/Sao_Paulo', // DST changes at midnight
  'Pacific/Apia', // skipped 2011-12-30 entirely
  'Asia/Kolkata',
  'UTC',
];
// Years whose transitions are probed; the probes add LMT-era dates (1850, 500 AD, 100 BC) and one far ahead.
const SPANS: [string, string][] = [
  ['2011-01-01', '2012-01-10'],
  ['2014-01-01', '2015-01-01'],
  ['2024-01-01', '2025-01-01'],
];
const FRACTION = '.123456';

describe('wall-clock conversion without a server', () => {
  it('DST gap: shifted forward; overlap: the later instant (PostgreSQL\'s rule)', () => {
    const wall = (text: string) => codecs.timestamp.parse(text);
    expect(wallClockToInstant(wall('2024-03-10 02:30:00.000001'), 'America/New_York').toISOString()).toBe('2024-03-10T07:30:00.000001Z');
    expect(wallClockToInstant(wall('2024-11-03 01:30:00'), 'America/New_York').toISOString()).toBe('2024-11-03T06:30:00.000000Z');
    expect(instantToWallClock(new PreciseDate('2024-11-03T05:30:00.5Z'), 'America/New_York').toISOString()).toBe('2024-11-03T01:30:00.500000Z');
  });

  it('keeps ±infinity and refuses zones PostgreSQL would read differently', () => {
    expect(wallClockToInstant(PreciseDate.POSITIVE_INFINITY, 'Europe/Paris')).toBe(PreciseDate.POSITIVE_INFINITY);
    expect(instantToWallClock(PreciseDate.NEGATIVE_INFINITY, 'Europe/Paris')).toBe(PreciseDate.NEGATIVE_INFINITY);
    expect(() => wallClockToInstant(new Date(0), '+05:00')).toThrow(TypeError);
    expect(() => instantToWallClock(new Date(0), 'Mars/Olympus')).toThrow(TypeError);
    expect(() => instantToWallClock(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});

describeServer('wall-clock conversion matches the server\'s AT TIME ZONE', () => {
  let client: pg.Client;
  beforeAll(async () => {
    // A non-UTC session: the texts compared below do not depend on it (epoch microseconds).
    client = await connectRaw({ timeZone: 'Asia/Kathmandu' });
  });
  afterAll(async () => {
    await client?.end();
  });

  /** Wall clocks every 10 minutes within 3 hours of each offset change of `zone` in the spans, plus fixed dates. */
  async function probes(zone: string): Promise<string[]> {
    const { rows } = await client.query<{ w: string }>(
      `WITH hours AS (
         SELECT h, lag(h) OVER (ORDER BY h) AS prev FROM unnest($2::timestamptz[], $3::timestamptz[]) AS s(a, b),
           generate_series(a, b, '1 hour') AS h),
       changes AS (
         SELECT prev AT TIME ZONE $1 AS w FROM hours
          WHERE prev IS NOT NULL AND (h AT TIME ZONE $1) - (prev AT TIME ZONE $1) <> interval '1 hour')
       SELECT DISTINCT (w + m * interval '10 minutes')::text || '${FRACTION}' AS w
         FROM changes, generate_series(-18, 18) AS m
       UNION SELECT unnest(ARRAY['1850-06-01 12:00:00', '1970-01-01 00:00:00', '2100-07-01 09:15:00', '2024-02-29 23:59:59.999999', '0500-06-01 12:00:00', '0100-01-01 00:00:00 BC'])
       ORDER BY 1`,
      [zone, SPANS.map(([a]) => a), SPANS.map(([, b]) => b)],
    );
    return rows.map((row) => row.w);
  }

  for (const zone of ZONES) {
    it(`${zone}: wall clock → instant and instant → wall clock, µs kept`, async () => {
      const walls = await probes(zone);
      expect(walls.length).toBeGreaterThan(zone === 'UTC' || zone === 'Asia/Kolkata' ? 3 : 40);
      const { rows } = await client.query<{ w: string; instant_us: string; back_us: string; t: string }>(
        `SELECT w::text AS w, (extract(epoch FROM (w AT TIME ZONE $1)) * 1000000)::bigint::text AS instant_us,
                (extract(epoch FROM ((w AT TIME ZONE $1) AT TIME ZONE $1)) * 1000000)::bigint::text AS back_us
           FROM unnest($2::timestamp[]) AS w`,
        [zone, walls],
      );
      const mismatches: string[] = [];
      for (const row of rows) {
        const instant = wallClockToInstant(codecs.timestamp.parse(row.w), zone);
        if (instant.getEpochMicroseconds() !== BigInt(row.instant_us)) {
          mismatches.push(`${row.w} → ${instant.toISOString()} (server ${PreciseDate.fromEpochMicroseconds(BigInt(row.instant_us)).toISOString()})`);
        }
        const back = instantToWallClock(PreciseDate.fromEpochMicroseconds(BigInt(row.instant_us)), zone);
        if (back.getEpochMicroseconds() !== BigInt(row.back_us)) {
          mismatches.push(`instant ${row.instant_us} → ${back.toISOString()} (server ${PreciseDate.fromEpochMicroseconds(BigInt(row.back_us)).toISOString()})`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
