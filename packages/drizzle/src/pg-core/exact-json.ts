import { codecs, type JsonValue } from '@pg-exact/core';
import { entityKind } from 'drizzle-orm';
import type { ColumnBaseConfig, ColumnBuilderBaseConfig } from 'drizzle-orm';
import { type AnyPgTable, json as drizzleJson, jsonb as drizzleJsonb, PgJson, PgJsonb, PgJsonbBuilder, PgJsonBuilder } from 'drizzle-orm/pg-core';
import type { ExactBuilder } from './builder-types.js';
import { installExactMappers } from './exact-column.js';
import { serializeFor } from './value-error.js';

/** The builder type {@link jsonb} returns: drizzle's own `jsonb()` builder type, data `T`. `_TName` is unused. */
export type ExactJsonbBuilderInitial<_TName extends string, T> = ExactBuilder<ReturnType<typeof drizzleJsonb>, T>;

/** The builder type {@link json} returns: drizzle's own `json()` builder type, data `T`. `_TName` is unused. */
export type ExactJsonBuilderInitial<_TName extends string, T> = ExactBuilder<ReturnType<typeof drizzleJson>, T>;

/** drizzle's jsonb builder building an {@link ExactJsonb}. */
class ExactJsonbBuilderClass<T extends ColumnBuilderBaseConfig<'json', 'PgJsonb'>> extends PgJsonbBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactJsonbBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactJsonbClass(table, this.config as never);
  }
}

/** drizzle's json builder building an {@link ExactJson}. */
class ExactJsonBuilderClass<T extends ColumnBuilderBaseConfig<'json', 'PgJson'>> extends PgJsonBuilder<T> {
  static override readonly [entityKind]: string = 'PgExactJsonBuilder';

  /** @internal Called by `pgTable`. */
  build(table: AnyPgTable) {
    return new ExactJsonClass(table, this.config as never);
  }
}

/**
 * A jsonb column. Reads the value the driver parsed (losslessly with the pg-exact drivers:
 * integers beyond 2^53 → bigint, numbers a float64 cannot hold → Decimal); never parses a string
 * again, so the JSON string `"123"` reads as `'123'`. Writes any JSON value through the core's
 * `stringifyJson` (bigint and Decimal as JSON numbers; NaN, ±Infinity, `undefined` in arrays,
 * `\u0000` and lone surrogates refused): a JS string is the JSON string, never double-encoded.
 */
class ExactJsonbClass<T extends ColumnBaseConfig<'json', 'PgJsonb'>> extends PgJsonb<T> {
  static override readonly [entityKind]: string = 'PgExactJsonb';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(this, 'jsonb', identity, (value) => serializeFor(this, codecs.jsonb.serialize, value));
  }
}

/** A json column: as {@link ExactJsonb}, with json's rules (`\u0000` allowed). */
class ExactJsonClass<T extends ColumnBaseConfig<'json', 'PgJson'>> extends PgJson<T> {
  static override readonly [entityKind]: string = 'PgExactJson';

  constructor(table: AnyPgTable, config: never) {
    super(table as never, config);
    installExactMappers(this, 'json', identity, (value) => serializeFor(this, codecs.json.serialize, value));
  }
}

/** The exact jsonb builder class, typed as drizzle's `PgJsonbBuilder` (0.45's or 1.0's). */
export const ExactJsonbBuilder: typeof PgJsonbBuilder = ExactJsonbBuilderClass as never;
/** The exact json builder class, typed as drizzle's `PgJsonBuilder`. */
export const ExactJsonBuilder: typeof PgJsonBuilder = ExactJsonBuilderClass as never;
/** The exact jsonb column class, typed as drizzle's `PgJsonb`. */
export const ExactJsonb: typeof PgJsonb = ExactJsonbClass as never;
/** The exact json column class, typed as drizzle's `PgJson`. */
export const ExactJson: typeof PgJson = ExactJsonClass as never;

// drizzle 0.45's json columns JSON.parse a string the driver returns; the JSON string "123" is '123'.
const identity = (value: unknown): unknown => value;

/**
 * A `jsonb` column holding `T` (default: any lossless JSON value), exact on every driver and inside
 * relational queries. A JS string is stored as a JSON string (`'abc'` → `"abc"`).
 *
 * ```ts
 * import { jsonb, pgTable } from '@pg-exact/drizzle/pg-core';
 *
 * export const events = pgTable('events', { payload: jsonb<{ snowflake: bigint }>().notNull() });
 * await db.insert(events).values({ payload: { snowflake: 1234567890123456789n } }); // stored as a JSON number
 * ```
 */
// NoInfer: pgTable's context would otherwise infer T as unknown instead of the default.
export function jsonb<T = JsonValue>(): ExactJsonbBuilderInitial<'', NoInfer<T>>;
export function jsonb<T = JsonValue>(name: string): ExactJsonbBuilderInitial<string, NoInfer<T>>;
export function jsonb(name?: string): ExactJsonbBuilderInitial<string, unknown> {
  return new ExactJsonbBuilderClass(name ?? '') as unknown as ExactJsonbBuilderInitial<string, unknown>;
}

/** A `json` column holding `T`; see {@link jsonb}. json keeps the text as written (key order, duplicates). */
export function json<T = JsonValue>(): ExactJsonBuilderInitial<'', NoInfer<T>>;
export function json<T = JsonValue>(name: string): ExactJsonBuilderInitial<string, NoInfer<T>>;
export function json(name?: string): ExactJsonBuilderInitial<string, unknown> {
  return new ExactJsonBuilderClass(name ?? '') as unknown as ExactJsonBuilderInitial<string, unknown>;
}
