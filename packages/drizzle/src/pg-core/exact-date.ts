import { codecs } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import { type AnyPgTable, date as drizzleDate, PgDateString, PgDateStringBuilder } from 'drizzle-orm/pg-core';
import type { ExactBuilder } from './builder-types.js';
import { columnNameAndConfig } from './column-name.js';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/** The builder type {@link date} returns: drizzle's own `date({ mode: 'string' })` builder type. `_TName` is unused. */
export type ExactDateBuilderInitial<_TName extends string = string> = ExactBuilder<ReturnType<typeof drizzleDate<'string'>>, string>;

/** drizzle's date (string mode) builder building an {@link ExactDate}. */
class ExactDateBuilderClass<T extends ColumnBuilderBaseConfig<'string', 'PgDateString'>> extends PgDateStringBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactDateBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactDateClass(table, this.config as never);
  }
}

/**
 * A `date` column read as PostgreSQL's ISO text (`'2024-01-01'`, `'4713-01-01 BC'`, `'infinity'`):
 * a calendar date has no time zone, so no process TZ can move it. Writes that text, or a Date as
 * its UTC calendar date (what drizzle's `date({ mode: 'date' })` sends, too).
 */
class ExactDateClass<T extends ColumnBaseConfig<'string', 'PgDateString'>> extends PgDateString<T> {
  static override readonly [entityKind]: string = 'PgExactDate';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(this, 'date', readDate, (value) => serializeFor(this, codecs.date.serialize, value as string));
  }
}

/** The exact date builder class, typed as drizzle's `PgDateStringBuilder` (0.45's or 1.0's). */
export const ExactDateBuilder: typeof PgDateStringBuilder = ExactDateBuilderClass as never;
/** The exact date column class, typed as drizzle's `PgDateString`. */
export const ExactDate: typeof PgDateString = ExactDateClass as never;

function readDate(value: unknown): string | null {
  if (typeof value === 'string') return value;
  // drizzle maps array elements one by one, NULL elements included.
  if (value === null) return null;
  if (value instanceof Date) return codecs.date.serialize(value);
  throw new TypeError(`date: cannot read ${String(value)} (${typeof value}) as date text`);
}

/** Options of {@link date}: `mode` may only be `'string'`. */
export interface ExactDateConfig {
  mode?: 'string';
}

/**
 * A `date` column read as ISO text, as drizzle's `date({ mode: 'string' })`, but exact for BC dates
 * and infinity, and a Date written as its UTC calendar date.
 *
 * ```ts
 * import { date, pgTable } from '@pg-exact/drizzle/pg-core';
 *
 * export const invoices = pgTable('invoices', { due: date().notNull() }); // '2024-01-01'
 * ```
 */
export function date(): ExactDateBuilderInitial;
export function date(config: ExactDateConfig): ExactDateBuilderInitial;
export function date(name: string, config?: ExactDateConfig): ExactDateBuilderInitial;
export function date(a?: string | ExactDateConfig, b?: ExactDateConfig): ExactDateBuilderInitial {
  const { name, config } = columnNameAndConfig(a, b);
  if (config?.mode !== undefined && config.mode !== 'string') {
    throw new TypeError(`@pg-exact/drizzle date(): dates read as ISO text; mode ${String(config.mode)} is not offered`);
  }
  return new ExactDateBuilderClass(name) as unknown as ExactDateBuilderInitial;
}
