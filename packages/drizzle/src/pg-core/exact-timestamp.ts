import { checkWallClockZone, codecs, instantToWallClock, PreciseDate, wallClockToInstant } from '@pg-exact/core';
import { entityKind, getTableName } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import { type AnyPgTable, PgTimestamp, PgTimestampBuilder, type Precision, timestamp as drizzleTimestamp } from 'drizzle-orm/pg-core';
import type { ExactBuilder } from './builder-types.js';
import { columnNameAndConfig } from './column-name.js';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/** The builder type {@link timestamptz} and {@link timestamp} return: drizzle's `PgTimestampBuilder`, data `PreciseDate`. */
export type ExactTimestampBuilderInitial<_TName extends string = string> = ExactBuilder<ReturnType<typeof drizzleTimestamp<'date'>>, PreciseDate>;

/** drizzle's timestamp builder (`.defaultNow()`, precision…) building an {@link ExactTimestamp}. */
class ExactTimestampBuilderClass<T extends ColumnBuilderBaseConfig<'date', 'PgTimestamp'>> extends PgTimestampBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactTimestampBuilder';

  /** @internal Makes the column a wall-clock one (see {@link ExactTimestampConfig.wallClock}). */
  wallClockIn(zone: string): this {
    (this.config as { wallClock?: string }).wallClock = zone;
    return this;
  }

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactTimestampClass(table, this.config as never);
  }
}

/**
 * A `timestamptz` or `timestamp` column read as a `PreciseDate` (microseconds kept, ±infinity, BC):
 * - timestamptz: the instant, converted by the offset PostgreSQL printed (any session TimeZone);
 * - timestamp (without time zone): the wall clock read as UTC, whatever the process TZ.
 * Reads PostgreSQL's text and, inside relational queries, JSON's ISO text (`2024-03-10T07:44:59.123456+05:45`).
 * Writes a PreciseDate or Date (timestamp: its UTC wall clock), or ISO text (timestamptz: with an offset).
 */
class ExactTimestampClass<T extends ColumnBaseConfig<'date', 'PgTimestamp'>> extends PgTimestamp<T> {
  static override readonly [entityKind]: string = 'PgExactTimestamp';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    const codec = this.withTimezone ? codecs.timestamptz : codecs.timestamp;
    const zone = (config as { wallClock?: string }).wallClock;
    if (zone !== undefined) {
      installWallClockMappers(this, zone);
      return;
    }
    installExactMappers(
      this,
      this.withTimezone ? 'timestamptz' : 'timestamp',
      (value) => {
        if (value instanceof PreciseDate) return value;
        // drizzle maps array elements one by one, NULL elements included.
        if (value === null) return null;
        if (typeof value === 'string') return codec.parse(value);
        if (value instanceof Date) return new PreciseDate(value);
        throw new TypeError(`${codec.name}: cannot read ${String(value)} (${typeof value}) as a PreciseDate`);
      },
      (value) => serializeFor(this, codec.serialize, value as PreciseDate),
    );
  }
}

/**
 * A `timestamp` column holding wall-clock time in `zone`: reads give the instant
 * (`col AT TIME ZONE zone`), writes store the instant's wall clock in `zone`.
 */
function installWallClockMappers(column: { name: string; table: AnyPgTable }, zone: string): void {
  installExactMappers(
    column,
    'timestamp',
    (value) => {
      if (value instanceof PreciseDate || value === null) return value === null ? null : wallClockToInstant(value, zone);
      if (typeof value === 'string') return wallClockToInstant(codecs.timestamp.parse(value), zone);
      if (value instanceof Date) return wallClockToInstant(new PreciseDate(value), zone);
      throw new TypeError(`timestamp (wall clock in ${zone}): cannot read ${String(value)} (${typeof value}) as a PreciseDate`);
    },
    (value) => {
      if (!(value instanceof Date)) {
        throw new TypeError(
          `${getTableName(column.table)}.${column.name} (timestamp, wall clock in ${zone}): expected the instant as a Date or PreciseDate, got ${typeof value}`,
        );
      }
      return serializeFor(column, codecs.timestamp.serialize, instantToWallClock(value, zone));
    },
  );
}

/** The exact timestamp builder class, typed as drizzle's `PgTimestampBuilder` (0.45's or 1.0's). */
export const ExactTimestampBuilder: typeof PgTimestampBuilder = ExactTimestampBuilderClass as never;
/** The exact timestamp column class, typed as drizzle's `PgTimestamp`. */
export const ExactTimestamp: typeof PgTimestamp = ExactTimestampClass as never;

/** Options of {@link timestamptz}. */
export interface ExactTimestamptzConfig {
  precision?: Precision;
}

/** Options of {@link timestamp}: drizzle's, with `mode` limited to `'date'` (read as PreciseDate). */
export interface ExactTimestampConfig extends ExactTimestamptzConfig {
  withTimezone?: boolean;
  mode?: 'date';
  /**
   * The IANA zone the column's wall-clock values are in (`'America/Los_Angeles'`), for a `timestamp`
   * column not yet migrated to timestamptz: reads give the instant (`col AT TIME ZONE zone`), writes
   * store the instant's wall clock in that zone, whatever the process and session TimeZone. A wall
   * clock a DST change skips reads shifted forward, one it repeats reads as the later instant
   * (PostgreSQL's rule). Default: none (the wall clock read as UTC). Not with `withTimezone`.
   */
  wallClock?: string;
}

/**
 * A `timestamp with time zone` column read as a `PreciseDate` with microseconds, exact in every
 * session TimeZone and inside relational queries. `.defaultNow()` and `precision` work as in drizzle.
 *
 * ```ts
 * import { PreciseDate } from '@pg-exact/core';
 * import { pgTable, timestamptz } from '@pg-exact/drizzle/pg-core';
 *
 * export const events = pgTable('events', { at: timestamptz().notNull().defaultNow() });
 * await db.insert(events).values({ at: new PreciseDate('2024-03-10T01:59:59.123456Z') });
 * ```
 */
export function timestamptz(): ExactTimestampBuilderInitial;
export function timestamptz(config: ExactTimestamptzConfig): ExactTimestampBuilderInitial;
export function timestamptz(name: string, config?: ExactTimestamptzConfig): ExactTimestampBuilderInitial;
export function timestamptz(a?: string | ExactTimestamptzConfig, b?: ExactTimestamptzConfig): ExactTimestampBuilderInitial {
  const { name, config } = columnNameAndConfig(a, b);
  return new ExactTimestampBuilderClass(name, true, config?.precision) as unknown as ExactTimestampBuilderInitial;
}

/**
 * A `timestamp` (without time zone) column read as a `PreciseDate` of its wall clock in UTC,
 * independent of the process TZ; a Date is written as its UTC wall clock. `{ withTimezone: true }`
 * makes it a {@link timestamptz}, as in drizzle.
 *
 * ```ts
 * import { pgTable, timestamp } from '@pg-exact/drizzle/pg-core';
 *
 * export const shifts = pgTable('shifts', { startsAt: timestamp('starts_at', { precision: 6 }).notNull() });
 * // '2024-03-10 02:30:00' (in a US DST gap) reads as 2024-03-10T02:30:00.000000Z in every process TZ
 *
 * // A column written as Los Angeles wall-clock time, until it is migrated to timestamptz:
 * export const orders = pgTable('orders', { createdAt: timestamp('created_at', { wallClock: 'America/Los_Angeles' }) });
 * // '2024-07-01 09:00:00.123456' reads as 2024-07-01T16:00:00.123456Z; that instant writes back the same text
 * ```
 */
export function timestamp(): ExactTimestampBuilderInitial;
export function timestamp(config: ExactTimestampConfig): ExactTimestampBuilderInitial;
export function timestamp(name: string, config?: ExactTimestampConfig): ExactTimestampBuilderInitial;
export function timestamp(a?: string | ExactTimestampConfig, b?: ExactTimestampConfig): ExactTimestampBuilderInitial {
  const { name, config } = columnNameAndConfig(a, b);
  if (config?.mode !== undefined && config.mode !== 'date') {
    throw new TypeError(
      `@pg-exact/drizzle timestamp(): mode ${String(config.mode)} is not offered; timestamps read as PreciseDate (toISOString() gives the text)`,
    );
  }
  const builder = new ExactTimestampBuilderClass(name, config?.withTimezone ?? false, config?.precision);
  if (config?.wallClock !== undefined) {
    if (config.withTimezone === true) throw new TypeError('@pg-exact/drizzle timestamp(): wallClock is for timestamp without time zone, not with withTimezone');
    builder.wallClockIn(checkWallClockZone('@pg-exact/drizzle timestamp(): wallClock', config.wallClock));
  }
  return builder as unknown as ExactTimestampBuilderInitial;
}
