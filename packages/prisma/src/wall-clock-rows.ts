import { checkWallClockZone, PreciseDate, wallClockToInstant } from '@pg-exact/core';

function toInstant(value: unknown, zone: string): unknown {
  if (value instanceof Date) return wallClockToInstant(value instanceof PreciseDate ? value : new PreciseDate(value), zone);
  if (Array.isArray(value)) return value.map((element) => toInstant(element, zone));
  return value;
}

/**
 * Raw-query rows with `timestamp` (without time zone) columns that hold wall-clock time in a named
 * zone read as instants: each listed column's value (a Date or PreciseDate read as the wall clock,
 * arrays element by element) becomes the instant `col AT TIME ZONE zone` denotes, µs kept. A wall
 * clock a DST change skips reads shifted forward, one it repeats as the later instant (PostgreSQL's
 * rule). Keys are the result's column names. To write, pass `instantToWallClock(instant, zone)`.
 * Returns new rows; those given are not changed.
 *
 * ```ts
 * import { instantToWallClock, wallClockRows } from '@pg-exact/prisma';
 *
 * await prisma.$executeRawExact`INSERT INTO orders (created_at) VALUES (${instantToWallClock(instant, 'America/Los_Angeles')})`;
 * const rows = wallClockRows(await prisma.$queryRawExact<{ created_at: PreciseDate }[]>`SELECT created_at FROM orders`, {
 *   created_at: 'America/Los_Angeles',
 * });
 * ```
 */
export function wallClockRows<T extends object>(rows: readonly T[], columns: Readonly<Record<string, string>>): T[] {
  if (!Array.isArray(rows)) throw new TypeError('wallClockRows: expected the rows a raw query returned (an array)');
  const zones = Object.entries(columns).map(([column, zone]): [string, string] => [column, checkWallClockZone(`wallClockRows: ${column}`, zone)]);
  return rows.map((row) => {
    const converted: Record<string, unknown> = { ...row };
    for (const [column, zone] of zones) {
      if (column in converted) converted[column] = toInstant(converted[column], zone);
    }
    return converted as T;
  });
}
