import { codecs } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import { type AnyPgTable, PgDoublePrecision, PgDoublePrecisionBuilder, PgReal, PgRealBuilder } from 'drizzle-orm/pg-core';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/** drizzle's float8 builder building an {@link ExactDoublePrecision}. */
export class ExactDoublePrecisionBuilder<T extends ColumnBuilderBaseConfig<'number', 'PgDoublePrecision'>> extends PgDoublePrecisionBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactDoublePrecisionBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactDoublePrecision(table, this.config as never);
  }
}

/**
 * A float8 column: as drizzle's, but written by the core's float8 serializer, so `-0` keeps its
 * sign (drizzle's array literal and postgres.js write `0`), NaN and ±Infinity included.
 */
export class ExactDoublePrecision<T extends ColumnBaseConfig<'number', 'PgDoublePrecision'>> extends PgDoublePrecision<T> {
  static override readonly [entityKind]: string = 'PgExactDoublePrecision';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(this, 'float8', readFloat, (value) => serializeFor(this, codecs.float8.serialize, value as number));
  }
}

/** drizzle's float4 builder building an {@link ExactReal}. */
export class ExactRealBuilder<T extends ColumnBuilderBaseConfig<'number', 'PgReal'>> extends PgRealBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactRealBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactReal(table, this.config as never);
  }
}

/** A float4 column written by the core's float4 serializer (`-0` kept). */
export class ExactReal<T extends ColumnBaseConfig<'number', 'PgReal'>> extends PgReal<T> {
  static override readonly [entityKind]: string = 'PgExactReal';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(this, 'float4', readFloat, (value) => serializeFor(this, codecs.float4.serialize, value as number));
  }
}

/**
 * The number a driver gives, or float text: drizzle 1.0's relational queries under the pg-exact
 * drizzle() select floats as text, since JSON has no NaN, Infinity or -0.
 */
function readFloat(value: unknown): unknown {
  return typeof value === 'string' ? codecs.float8.parse(value) : value;
}

type DoublePrecisionInitial<TName extends string> = ExactDoublePrecisionBuilder<{
  name: TName;
  dataType: 'number';
  columnType: 'PgDoublePrecision';
  data: number;
  driverParam: string | number;
  enumValues: undefined;
}>;

type RealInitial<TName extends string> = ExactRealBuilder<{
  name: TName;
  dataType: 'number';
  columnType: 'PgReal';
  data: number;
  driverParam: string | number;
  enumValues: undefined;
}>;

/** A `double precision` column (drizzle's), with `-0` written exactly. */
export function doublePrecision(): DoublePrecisionInitial<''>;
export function doublePrecision<TName extends string>(name: TName): DoublePrecisionInitial<TName>;
export function doublePrecision(name?: string): DoublePrecisionInitial<string> {
  return new ExactDoublePrecisionBuilder(name ?? '') as DoublePrecisionInitial<string>;
}

/** A `real` column (drizzle's), with `-0` written exactly. */
export function real(): RealInitial<''>;
export function real<TName extends string>(name: TName): RealInitial<TName>;
export function real(name?: string): RealInitial<string> {
  return new ExactRealBuilder(name ?? '', undefined as never) as RealInitial<string>;
}
