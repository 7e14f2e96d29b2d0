import { codecs, Decimal, decimalFromText, isDecimal } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import { type AnyPgTable, numeric as drizzleNumeric, PgNumeric, PgNumericBuilder } from 'drizzle-orm/pg-core';
import type { ExactBuilder } from './builder-types.js';
import { columnNameAndConfig } from './column-name.js';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/** The builder type {@link numeric} returns: drizzle's `PgNumericBuilder`, data `Decimal`. */
export type ExactNumericBuilderInitial<_TName extends string = string> = ExactBuilder<ReturnType<typeof drizzleNumeric<'string'>>, Decimal>;

/** drizzle's numeric builder building an {@link ExactNumeric}. */
class ExactNumericBuilderClass<T extends ColumnBuilderBaseConfig<'string', 'PgNumeric'>> extends PgNumericBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactNumericBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactNumericClass(table, this.config as never);
  }
}

/**
 * A numeric column read as a `Decimal` (decimal.js, 1000 significant digits; NaN and ±Infinity
 * included; the printed scale kept, so `19.90` is written back as `19.90`). Writes a Decimal,
 * bigint, numeric text, or a number only when its float64 is exactly the decimal it prints as.
 */
class ExactNumericClass<T extends ColumnBaseConfig<'string', 'PgNumeric'>> extends PgNumeric<T> {
  static override readonly [entityKind]: string = 'PgExactNumeric';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(
      this,
      'numeric',
      // drizzle maps array elements one by one, NULL elements included.
      (value) => (value === null ? null : this.readDecimal(value)),
      (value) => serializeFor(this, codecs.numeric.serialize, value as Decimal),
    );
  }

  /** The Decimal of what a driver or a relational query's JSON hands the mapper. */
  readDecimal(value: unknown): Decimal {
    if (isDecimal(value)) return value as Decimal;
    if (typeof value === 'string') return codecs.numeric.parse(value);
    // Inside a drizzle 0.45 relational query the value is a JSON number, parsed losslessly (a
    // bigint or a Decimal where a float64 would not be exact). JSON keeps no trailing zeros once
    // parsed: a declared scale puts them back. (1.0's relational queries select numeric text.)
    if (typeof value === 'number' || typeof value === 'bigint') {
      const exact = decimalFromText(typeof value === 'bigint' ? value.toString() : numberText(value));
      return this.scale === undefined ? exact : decimalFromText(exact.toFixed(this.scale));
    }
    throw new TypeError(`numeric: cannot read ${String(value)} (${typeof value}) as a Decimal`);
  }
}

/** The exact numeric builder class, typed as drizzle's `PgNumericBuilder` (0.45's or 1.0's). */
export const ExactNumericBuilder: typeof PgNumericBuilder = ExactNumericBuilderClass as never;
/** The exact numeric column class, typed as drizzle's `PgNumeric`. */
export const ExactNumeric: typeof PgNumeric = ExactNumericClass as never;

/** The decimal a float64 from lossless JSON stands for (parseJson keeps numbers only when exact). */
function numberText(value: number): string {
  return Number.isFinite(value) ? new Decimal(value).toFixed() : String(value);
}

/** Options of {@link numeric}, as drizzle's (`mode` is not offered: numeric is always a Decimal). */
export interface ExactNumericConfig {
  precision?: number;
  scale?: number;
}

/**
 * A `numeric` column read as a `Decimal`, exact on every driver and inside relational queries.
 * `numeric({ precision: 38, scale: 18 })` emits `numeric(38, 18)` in drizzle-kit.
 *
 * ```ts
 * import { Decimal } from '@pg-exact/core';
 * import { numeric, pgTable } from '@pg-exact/drizzle/pg-core';
 *
 * export const entries = pgTable('entries', { amount: numeric({ precision: 38, scale: 18 }).notNull() });
 * await db.insert(entries).values({ amount: new Decimal('12345678901234567890.123456789012345678') });
 * ```
 */
export function numeric(): ExactNumericBuilderInitial;
export function numeric(config: ExactNumericConfig): ExactNumericBuilderInitial;
export function numeric(name: string, config?: ExactNumericConfig): ExactNumericBuilderInitial;
export function numeric(a?: string | ExactNumericConfig, b?: ExactNumericConfig): ExactNumericBuilderInitial {
  const { name, config } = columnNameAndConfig(a, b);
  if (config !== undefined && 'mode' in config && (config as { mode?: unknown }).mode !== undefined) {
    throw new TypeError('@pg-exact/drizzle numeric(): numeric is always read as a Decimal; `mode` is not offered');
  }
  return new ExactNumericBuilderClass(name, config?.precision, config?.scale) as unknown as ExactNumericBuilderInitial;
}

/** drizzle's alias. */
export const decimal: typeof numeric = numeric;
