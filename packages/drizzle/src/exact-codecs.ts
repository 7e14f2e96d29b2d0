import { codecs, decimalToText, isDecimal, PreciseDate, stringifyJson } from '@pg-exact/core';
import { sql, type SQL } from 'drizzle-orm';
import { exactCodec, type ExactCodecName } from './pg-core/exact-column.js';
import { pgTimestampText } from './timestamp-text.js';

// drizzle-orm 1.0's codec shapes (`Codec`, `Codecs` of 'drizzle-orm'), restated: 0.45 has none.
type Normalize = (value: unknown) => unknown;
type NormalizeArray = (value: unknown, dimensions: number) => unknown;
interface Codec {
  readonly normalizeParam?: NormalizeArray | undefined;
  readonly normalize?: Normalize | undefined;
  readonly normalizeArray?: NormalizeArray | undefined;
  readonly normalizeInJson?: Normalize | undefined;
  readonly normalizeArrayInJson?: NormalizeArray | undefined;
  readonly [key: string]: unknown;
}
type Codecs = Readonly<Record<string, Codec | undefined>>;

const asText = (name: SQL): SQL => sql`${name}::text`;
const asTextArray = (name: SQL, dimensions: number): SQL => sql`${name}::text${sql.raw('[]'.repeat(dimensions))}`;

/**
 * The exact columns' codecs: inside a relational query (drizzle 1.0 builds it as JSON) their values
 * are selected as PostgreSQL's text, which the columns parse exactly — int8 past 2^53, numeric with
 * its scale, timestamps with µs, BC and ±infinity, float NaN/±Infinity/-0 — where JSON would carry
 * a rounded number, a JSON rendering of a timestamp, or no NaN. json/jsonb stay JSON (the pg-exact
 * drivers parse it losslessly). Outside JSON nothing is cast: the drivers parse every value exactly.
 */
const exactColumnCodecs: Record<string, Codec> = Object.fromEntries(
  (['int8', 'numeric', 'timestamptz', 'timestamp', 'date', 'float8', 'float4', 'json', 'jsonb'] satisfies ExactCodecName[]).map((type) => [
    exactCodec(type),
    type === 'json' || type === 'jsonb' ? {} : { castInJson: asText, castArrayInJson: asTextArray },
  ]),
);

/** A value the pg-exact drivers return, as PostgreSQL's text on a UTC session (drizzle's drivers return that text). */
const int8Text = (value: unknown): unknown => (typeof value === 'bigint' ? String(value) : value);
const numericText = (value: unknown): unknown => (isDecimal(value) ? decimalToText(value) : value);
const timestampText =
  (withOffset: boolean) =>
  (value: unknown): unknown =>
    value instanceof Date
      ? pgTimestampText(value, withOffset)
      : // A timestamptz array is selected `::text[]` (drizzle's castArray): text in the session's
        // TimeZone, relabelled as a UTC session prints it (the same instant).
        withOffset && typeof value === 'string'
        ? pgTimestampText(codecs.timestamptz.parse(value), true)
        : value;

function mapDeep(value: unknown, dimensions: number, map: Normalize): unknown {
  if (!Array.isArray(value)) return map(value);
  return value.map((item: unknown) => (item === null ? null : dimensions > 1 ? mapDeep(item, dimensions - 1, map) : map(item)));
}

/** The codec's normalizers applied to the driver form (`toText`) of pg-exact's value. */
function fromText(toText: Normalize) {
  return (codec: Codec): Codec => {
    const { normalize, normalizeArray } = codec;
    return {
      ...codec,
      normalize: normalize === undefined ? toText : (value) => normalize(toText(value)),
      normalizeArray: (value, dimensions) => {
        const text = mapDeep(value, dimensions, toText);
        return normalizeArray === undefined ? text : normalizeArray(text, dimensions);
      },
    };
  };
}

/**
 * A Date column (drizzle's `timestamp({ mode: 'date' })`) keeps the PreciseDate the pg-exact drivers
 * read — a Date that also holds µs, ±infinity and BC instants, where drizzle's `new Date(text)` drops
 * the µs and gives an Invalid Date for the rest —, in selects and in relational queries alike.
 */
function keepPreciseDate(parse: (text: string) => PreciseDate) {
  return (codec: Codec): Codec => {
    const item = (normalize: Normalize | undefined) => (value: unknown) =>
      value instanceof PreciseDate ? value : typeof value === 'string' ? parse(value) : normalize === undefined ? value : normalize(value);
    return {
      ...codec,
      normalize: item(codec.normalize),
      normalizeArray: (value, dimensions) => mapDeep(value, dimensions, item(codec.normalize)),
      normalizeInJson: item(codec.normalizeInJson),
      normalizeArrayInJson: (value, dimensions) => mapDeep(value, dimensions, item(codec.normalizeInJson)),
    };
  };
}

/**
 * Relational queries select timestamptz as text in the session's TimeZone: `timestamp({ withTimezone:
 * true, mode: 'string' })` reads it as a UTC session prints it (the same instant, relabelled).
 */
function utcInJson(codec: Codec): Codec {
  const utc = (value: unknown) => (typeof value === 'string' ? pgTimestampText(codecs.timestamptz.parse(value), true) : value);
  const { normalizeInJson, normalizeArrayInJson } = codec;
  return {
    normalizeInJson: normalizeInJson === undefined ? utc : (value) => normalizeInJson(utc(value)),
    normalizeArrayInJson: (value, dimensions) => {
      const text = mapDeep(value, dimensions, utc);
      return normalizeArrayInJson === undefined ? text : normalizeArrayInJson(text, dimensions);
    },
  };
}

/**
 * drizzle-orm's own column types, read from the pg-exact drivers' values as drizzle reads its
 * drivers' text on a UTC session: `bigint({ mode: 'string' })` and `numeric()` get PostgreSQL's
 * text (`'19.90'`), `timestamp({ mode: 'string' })` the UTC text whatever the session TimeZone,
 * number modes the same numbers; Date modes keep PreciseDate (above). Codecs not named here read as
 * drizzle's driver reads them (the pg-exact value is already what they expect: date text, numbers).
 */
const drizzleColumnReads: Record<string, (codec: Codec) => Codec> = {
  bigint: fromText(int8Text),
  'bigint:number': fromText(int8Text),
  'bigint:string': fromText(int8Text),
  bigserial: fromText(int8Text),
  'bigserial:number': fromText(int8Text),
  numeric: fromText(numericText),
  'numeric:number': fromText(numericText),
  'numeric:bigint': fromText(numericText),
  timestamptz: keepPreciseDate(codecs.timestamptz.parse),
  timestamp: keepPreciseDate(codecs.timestamp.parse),
  'timestamptz:string': (codec) => ({ ...fromText(timestampText(true))(codec), ...utcInJson(codec) }),
  'timestamp:string': fromText(timestampText(false)),
};

/**
 * drizzle's `json()`/`jsonb()` written as JSON text by `stringifyJson`, on every driver: drizzle 1.0
 * leaves values for the driver to serialize by the parameter's type where its driver does
 * (postgres.js: every value; node-postgres and PGlite: objects) and JSON.stringify's the rest, but
 * the pg-exact drivers write a parameter by its JS value (an array would go as a PostgreSQL array,
 * a string as it is). stringifyJson writes plain data as JSON.stringify does, bigints and Decimals
 * as JSON numbers, and refuses NaN, ±Infinity and undefined (JSON.stringify: null) — one answer
 * whatever the driver. Arrays of json (normalizeParamArray) stay drizzle's.
 */
function jsonText(jsonb: boolean) {
  return (codec: Codec): Codec => ({ ...codec, normalizeParam: (value) => stringifyJson(value, { jsonb }) });
}

const drizzleColumnWrites: Record<string, (codec: Codec) => Codec> = { json: jsonText(false), jsonb: jsonText(true) };

/**
 * The `codecs` the pg-exact drizzle() hands drizzle-orm 1.0: the driver's (or the user's `codecs`
 * option) with drizzle's column types reading pg-exact's values as they read drizzle's driver
 * values (and json written as JSON text), plus the exact columns' own.
 */
export function exactCodecs(base: Codecs): Codecs {
  const result: Record<string, Codec | undefined> = { ...base };
  for (const [name, adapt] of Object.entries(drizzleColumnReads)) result[name] = adapt(base[name] ?? {});
  for (const [name, adapt] of Object.entries(drizzleColumnWrites)) result[name] = adapt(base[name] ?? {});
  return { ...result, ...exactColumnCodecs };
}
