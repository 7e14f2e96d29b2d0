import { poolerSessionSettings, sessionSettings } from '@pg-exact/core';
import type postgres from 'postgres';
import { builtinArrayEntries } from './builtin-array-types.js';
import { type ExactTypes, exactTypes } from './exact-types.js';

const builtinArrays = builtinArrayEntries();

/** No types of your own: the default of the type parameters below, as `{}` is for postgres.js's. */
export type NoTypes = Record<never, never>;

/** A postgres.js `types` map: the user's entries (other than pg-exact's names) plus pg-exact's. */
export type ExactTypeMap<T extends Record<string, postgres.PostgresType> = NoTypes> = Omit<T, keyof ExactTypes> & ExactTypes;

/**
 * How the session is pinned: `'startup'` (default) sends TimeZone, DateStyle, IntervalStyle and
 * extra_float_digits as startup parameters; `'pooler'` sends only TimeZone and DateStyle, the two
 * PgBouncer accepts and tracks in every version and configuration (it refuses IntervalStyle before
 * 1.20 and extra_float_digits unless `ignore_startup_parameters` lists it); `false` sends none.
 */
export type PostgresJsSessionPin = 'startup' | 'pooler' | false;

/** postgres.js options plus how pg-exact pins the session. */
export type ExactOptionsInput<T extends Record<string, postgres.PostgresType> = NoTypes> = postgres.Options<T> & {
  pin?: PostgresJsSessionPin | undefined;
};

/** The options {@link exactOptions} returns: postgres.js options with pg-exact's types. */
export type ExactOptions<T extends Record<string, postgres.PostgresType> = NoTypes> = postgres.Options<ExactTypeMap<T>>;

/**
 * Options for `postgres(url, options)` that read and write exactly and pin the session.
 *
 * - `types`: pg-exact's parsers and serializers ({@link exactTypes}) for int2, int4, int8, numeric,
 *   float4, float8, json, jsonb, timestamptz, timestamp, date, time, timetz, interval and their
 *   arrays (also with `fetch_types: false`), plus text/varchar writes. They replace postgres.js's
 *   built-ins for those OIDs, and win over your own `types` entries for the same OIDs or names;
 *   your entries for other OIDs are kept.
 * - `connection`: `TimeZone=UTC`, `DateStyle=ISO, MDY`, `IntervalStyle=postgres`,
 *   `extra_float_digits=3` as startup parameters, under your own `connection` entries, which win
 *   when you set one of these names. Behind PgBouncer pass `pin: 'pooler'` (TimeZone and DateStyle
 *   only, which PgBouncer tracks); `pin: false` sends none.
 *
 * The options you pass are copied, never modified. Dates: postgres.js 3 (and 4 with `infer: true`)
 * types a JS Date parameter as timestamptz, which is exact into timestamptz columns, but into
 * `timestamp`/`date` columns the server converts it with the session TimeZone: right under the pin,
 * wrong after a `SET TIME ZONE`. postgres.js 4 by default lets the server type it, and pg-exact's
 * serializer for the column's type writes it exactly. {@link createSql} sends Dates untyped on
 * every release; with these options alone on postgres.js 3, use `sql.types.timestamp(d)` /
 * `sql.types.date(d)` for such columns.
 *
 * ```ts
 * import postgres from 'postgres';
 * import { exactOptions } from '@pg-exact/postgres-js';
 *
 * const sql = postgres('postgres://localhost/app', exactOptions({ max: 5 }));
 * const [row] = await sql`SELECT 9007199254740993::int8 AS id, now() AS at`;
 * row.id; // 9007199254740993n
 * row.at; // PreciseDate, microseconds kept
 * ```
 */
export function exactOptions<T extends Record<string, postgres.PostgresType> = NoTypes>(
  options?: ExactOptionsInput<T>,
): ExactOptions<T> {
  const { pin = 'startup', ...source }: ExactOptionsInput<T> = options ?? {};
  if (pin !== 'startup' && pin !== 'pooler' && pin !== false) {
    throw new TypeError(`exactOptions: pin must be 'startup', 'pooler' or false, got ${String(pin)}`);
  }
  // pg-exact's entries go last: postgres.js registers types in key order, so the last one claiming
  // an OID wins, and a user entry sharing one of our names is replaced, not merged.
  // Built-in arrays without a codec come first, so a user's entry for one of them wins.
  const types: Record<string, postgres.PostgresType> = { ...builtinArrays };
  for (const [name, type] of Object.entries(source.types ?? {})) {
    if (!Object.hasOwn(exactTypes, name)) types[name] = type;
  }
  Object.assign(types, exactTypes);

  const connection: Record<string, string | number | boolean> = {
    ...(pin === 'startup' ? sessionSettings : pin === 'pooler' ? poolerSessionSettings : {}),
  };
  for (const [name, value] of Object.entries(source.connection ?? {})) {
    if (value !== undefined) connection[name] = value;
  }

  return { ...source, types, connection } as ExactOptions<T>;
}
