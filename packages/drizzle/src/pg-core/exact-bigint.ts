import { codecs } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import { type AnyPgTable, bigint as drizzleBigint, PgBigInt64, PgBigInt64Builder } from 'drizzle-orm/pg-core';
import type { ExactBuilder } from './builder-types.js';
import { columnNameAndConfig } from './column-name.js';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/**
 * The builder type {@link bigint} returns: drizzle's own `bigint({ mode: 'bigint' })` builder type
 * (0.45's or 1.0's, whichever is installed). `_TName` is kept for compatibility and unused.
 */
export type ExactBigIntBuilderInitial<_TName extends string = string> = ExactBuilder<ReturnType<typeof drizzleBigint<'bigint'>>, bigint>;

/** drizzle's int8 builder (identity, defaults, `.array()`…) building an {@link ExactBigInt}. */
class ExactBigIntBuilderClass<T extends ColumnBuilderBaseConfig<'bigint', 'PgBigInt64'>> extends PgBigInt64Builder<T> {
  static override readonly [entityKind]: string = 'PgExactBigIntBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactBigIntClass(table, this.config as never);
  }
}

/**
 * An int8 column read as a bigint always. Reads the bigint the pg-exact drivers give, int8 text
 * (drizzle's own drivers; drizzle 1.0's relational queries under the pg-exact drizzle()) and,
 * inside 0.45's relational queries, the JSON number (a bigint beyond 2^53 once the JSON was parsed
 * losslessly). Writes digits: bigint, safe-integer number or digit string.
 */
class ExactBigIntClass<T extends ColumnBaseConfig<'bigint', 'PgBigInt64'>> extends PgBigInt64<T> {
  static override readonly [entityKind]: string = 'PgExactBigInt';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(
      this,
      'int8',
      // drizzle maps array elements one by one, NULL elements included.
      (value) => (value === null ? null : readInt8(value)),
      (value) => serializeFor(this, codecs.int8.serialize, value as bigint),
    );
  }
}

/** The exact int8 builder class, typed as drizzle's `PgBigInt64Builder` (0.45's or 1.0's). */
export const ExactBigIntBuilder: typeof PgBigInt64Builder = ExactBigIntBuilderClass as never;
/** The exact int8 column class, typed as drizzle's `PgBigInt64`. */
export const ExactBigInt: typeof PgBigInt64 = ExactBigIntClass as never;

/** @internal int8 as bigint from what a driver or a relational query's JSON hands a mapper. */
export function readInt8(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string') return codecs.int8.parse(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`int8: cannot read ${String(value)} (${typeof value}) as a bigint without losing digits`);
}

/** Options of {@link bigint}: `mode` may only be `'bigint'` (int8 is always a bigint here). */
export interface ExactBigIntConfig {
  mode?: 'bigint';
}

/**
 * An `int8` (`bigint`) column, always read as a JavaScript `bigint` — drizzle's `bigint({ mode: 'bigint' })`,
 * exact on every driver and inside relational queries. Identity and defaults work as in drizzle.
 *
 * ```ts
 * import { bigint, pgTable } from '@pg-exact/drizzle/pg-core';
 *
 * export const accounts = pgTable('accounts', {
 *   id: bigint().primaryKey().generatedAlwaysAsIdentity(),
 *   externalId: bigint('external_id').notNull(), // 9007199254740993n stays 9007199254740993n
 * });
 * ```
 */
export function bigint(): ExactBigIntBuilderInitial;
export function bigint(config: ExactBigIntConfig): ExactBigIntBuilderInitial;
export function bigint(name: string, config?: ExactBigIntConfig): ExactBigIntBuilderInitial;
export function bigint(a?: string | ExactBigIntConfig, b?: ExactBigIntConfig): ExactBigIntBuilderInitial {
  const { name, config } = columnNameAndConfig(a, b);
  if (config?.mode !== undefined && config.mode !== 'bigint') {
    throw new TypeError(`@pg-exact/drizzle bigint(): int8 is always read as a bigint; mode ${String(config.mode)} is not offered`);
  }
  return new ExactBigIntBuilderClass(name) as unknown as ExactBigIntBuilderInitial;
}
