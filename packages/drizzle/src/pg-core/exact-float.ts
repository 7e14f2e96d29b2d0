import { codecs } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import {
  type AnyPgTable,
  doublePrecision as drizzleDoublePrecision,
  PgDoublePrecision,
  PgDoublePrecisionBuilder,
  PgReal,
  PgRealBuilder,
  real as drizzleReal,
} from 'drizzle-orm/pg-core';
import type { ExactBuilder } from './builder-types.js';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/** drizzle's float8 builder building an {@link ExactDoublePrecision}. */
class ExactDoublePrecisionBuilderClass<T extends ColumnBuilderBaseConfig<'number', 'PgDoublePrecision'>> extends PgDoublePrecisionBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactDoublePrecisionBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactDoublePrecisionClass(table, this.config as never);
  }
}

/**
 * A float8 column: as drizzle's, but written by the core's float8 serializer, so `-0` keeps its
 * sign (drizzle's array literal and postgres.js write `0`), NaN and ±Infinity included.
 */
class ExactDoublePrecisionClass<T extends ColumnBaseConfig<'number', 'PgDoublePrecision'>> extends PgDoublePrecision<T> {
  static override readonly [entityKind]: string = 'PgExactDoublePrecision';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(this, 'float8', readFloat, (value) => serializeFor(this, codecs.float8.serialize, value as number));
  }
}

/** drizzle's float4 builder building an {@link ExactReal}. */
class ExactRealBuilderClass<T extends ColumnBuilderBaseConfig<'number', 'PgReal'>> extends PgRealBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactRealBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactRealClass(table, this.config as never);
  }
}

/** A float4 column written by the core's float4 serializer (`-0` kept). */
class ExactRealClass<T extends ColumnBaseConfig<'number', 'PgReal'>> extends PgReal<T> {
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

/** The exact float8 builder class, typed as drizzle's `PgDoublePrecisionBuilder` (0.45's or 1.0's). */
export const ExactDoublePrecisionBuilder: typeof PgDoublePrecisionBuilder = ExactDoublePrecisionBuilderClass as never;
/** The exact float8 column class, typed as drizzle's `PgDoublePrecision`. */
export const ExactDoublePrecision: typeof PgDoublePrecision = ExactDoublePrecisionClass as never;
/** The exact float4 builder class, typed as drizzle's `PgRealBuilder`. */
export const ExactRealBuilder: typeof PgRealBuilder = ExactRealBuilderClass as never;
/** The exact float4 column class, typed as drizzle's `PgReal`. */
export const ExactReal: typeof PgReal = ExactRealClass as never;

type DoublePrecisionInitial = ExactBuilder<ReturnType<typeof drizzleDoublePrecision>, number>;

type RealInitial = ExactBuilder<ReturnType<typeof drizzleReal>, number>;

/** A `double precision` column (drizzle's), with `-0` written exactly. */
export function doublePrecision(name?: string): DoublePrecisionInitial {
  return new ExactDoublePrecisionBuilderClass(name ?? '') as unknown as DoublePrecisionInitial;
}

/** A `real` column (drizzle's), with `-0` written exactly. */
export function real(name?: string): RealInitial {
  return new ExactRealBuilderClass(name ?? '', undefined as never) as unknown as RealInitial;
}
