import { codecs, PreciseDate } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
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
  return new ExactTimestampBuilderClass(name, config?.withTimezone ?? false, config?.precision) as unknown as ExactTimestampBuilderInitial;
}
