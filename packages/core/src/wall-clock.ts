import { PreciseDate } from './precise-date.js';

const DAY_MS = 86_400_000;
// The widest UTC offsets tzdata has ever used are under 16 h (LMT included).
const MAX_OFFSET_MS = 18 * 3_600_000;

/**
 * Whether `zone` is an IANA zone name Intl knows ('UTC', 'America/Los_Angeles'). POSIX-style names
 * like '+05:00' read with the opposite sign in PostgreSQL: names only.
 */
export function isIanaZoneName(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A TypeError unless `zone` is an IANA zone name Intl knows ('UTC', 'America/Los_Angeles'). */
export function checkWallClockZone(where: string, zone: unknown): string {
  if (!isIanaZoneName(zone)) throw new TypeError(`${where}: not an IANA time zone name: ${JSON.stringify(zone)}`);
  return zone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's UTC offset in ms at the instant `ms` (LMT seconds included), from Intl's tzdata: the
 * zone's wall-clock fields at that instant minus the instant. Not date-fns-tz's
 * `getTimezoneOffset(zone, date)`: that reads the date's local fields (the process TZ) as a wall
 * clock in `zone`, so its answer depends on the process TZ and, at a DST change, is not the offset
 * in force at the instant.
 */
function offsetAt(zone: string, ms: number): number {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const seconds = Math.floor(ms / 1000) * 1000;
  const field: Record<string, number> = {};
  let bc = false;
  for (const part of format.formatToParts(seconds)) {
    if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
    else if (part.type !== 'literal') field[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(bc ? 1 - field.year! : field.year!, field.month! - 1, field.day!);
  wall.setUTCHours(field.hour!, field.minute!, field.second!, 0);
  const offset = wall.getTime() - seconds;
  if (!Number.isFinite(offset) || Math.abs(offset) > MAX_OFFSET_MS) {
    throw new RangeError(`wall clock in ${zone}: no UTC offset known for ${new Date(ms).toISOString()}`);
  }
  return offset;
}

function checkDate(where: string, value: unknown): Date {
  if (!(value instanceof Date)) throw new TypeError(`${where}: expected a Date or PreciseDate, got ${typeof value}`);
  if (Number.isNaN(value.getTime())) throw new RangeError(`${where}: Invalid Date`);
  return value;
}

function withMicroseconds(ms: number, from: Date): PreciseDate {
  return new PreciseDate(ms, from instanceof PreciseDate ? from.getMicroseconds() : 0);
}

/**
 * The instant a wall-clock time in `zone` denotes, as PostgreSQL's `timestamp AT TIME ZONE zone`
 * computes it. `wallClock` holds the wall clock as UTC fields (how pg-exact reads a `timestamp`
 * column: `2024-03-10 02:30:00` → `2024-03-10T02:30:00Z`). Microseconds are kept (offsets are
 * whole seconds); ±infinity stays ±infinity. Times a DST change makes ambiguous or skips follow
 * PostgreSQL's rule:
 * - gap (spring forward, the wall clock does not exist): read with the offset in force before the
 *   change, i.e. shifted forward: 02:30 on 2024-03-10 in America/New_York → 07:30Z (03:30 EDT);
 * - overlap (fall back, the wall clock happens twice): the offset in force after the change, the
 *   later instant: 01:30 on 2024-11-03 in America/New_York → 06:30Z (01:30 EST).
 *
 * ```ts
 * import { PreciseDate, wallClockToInstant } from '@pg-exact/core';
 *
 * wallClockToInstant(new PreciseDate('2024-07-01T09:00:00.123456Z'), 'America/Los_Angeles').toISOString();
 * // '2024-07-01T16:00:00.123456Z'
 * ```
 */
export function wallClockToInstant(wallClock: Date, zone: string): PreciseDate {
  const where = 'wallClockToInstant';
  checkWallClockZone(where, zone);
  const wall = checkDate(where, wallClock).getTime();
  if (!Number.isFinite(wall)) return wall > 0 ? PreciseDate.POSITIVE_INFINITY : PreciseDate.NEGATIVE_INFINITY;
  // Offsets a day either side: no zone has changed its offset twice within two days.
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  const fitsBefore = offsetAt(zone, wall - before) === before;
  const fitsAfter = offsetAt(zone, wall - after) === after;
  let offset: number;
  if (fitsBefore && fitsAfter) offset = after; // overlap (or no change at all): the later interpretation
  else if (fitsAfter) offset = after;
  else if (fitsBefore) offset = before;
  else offset = before; // gap: the offset before the change, as PostgreSQL does
  return withMicroseconds(wall - offset, wallClock);
}

/**
 * The wall-clock time in `zone` at `instant`, as UTC fields (what pg-exact writes to a `timestamp`
 * column): PostgreSQL's `timestamptz AT TIME ZONE zone`. Microseconds kept; ±infinity stays.
 *
 * ```ts
 * import { instantToWallClock, PreciseDate } from '@pg-exact/core';
 *
 * instantToWallClock(new PreciseDate('2024-07-01T16:00:00.123456Z'), 'America/Los_Angeles').toISOString();
 * // '2024-07-01T09:00:00.123456Z' (written as '2024-07-01 09:00:00.123456')
 * ```
 */
export function instantToWallClock(instant: Date, zone: string): PreciseDate {
  const where = 'instantToWallClock';
  checkWallClockZone(where, zone);
  const ms = checkDate(where, instant).getTime();
  if (!Number.isFinite(ms)) return ms > 0 ? PreciseDate.POSITIVE_INFINITY : PreciseDate.NEGATIVE_INFINITY;
  return withMicroseconds(ms + offsetAt(zone, ms), instant);
}
