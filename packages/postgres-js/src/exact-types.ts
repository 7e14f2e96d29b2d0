import { byteDecoders, type Codec, type CodecName, codecs, type Decimal, type PreciseDate } from '@pg-exact/core';
import type postgres from 'postgres';
import { arraySerializer, scalarSerializer, serializeText } from './parameter-serializers.js';

/** What a JSON parameter may hold: JSON plus bigint and Decimal numbers, Dates via `toJSON`. */
export type JsonParameter =
  | null
  | boolean
  | number
  | string
  | bigint
  | Decimal
  | Date
  | readonly JsonParameter[]
  | { readonly [key: string]: JsonParameter | undefined }
  | { toJSON(): unknown };

/** A (possibly nested) JS array for an array parameter, null elements → NULL; or array text. */
export type ArrayParameter<T> = readonly (T | null | ArrayParameter<T>)[] | string;

type Exact<T> = postgres.PostgresType<T>;

/**
 * The postgres.js `types` entries pg-exact installs, by name. The name is also the typed-parameter
 * helper postgres.js builds from it: `sql.types.timestamp(date)`, `sql.types.int8Array([1n, 2n])`.
 * Each type is declared with what it accepts on write; what it reads is in the package README.
 */
export type ExactTypes = {
  int2: Exact<number | bigint | string>;
  int4: Exact<number | bigint | string>;
  int8: Exact<bigint | number | string>;
  numeric: Exact<Decimal | bigint | string | number>;
  float4: Exact<number | bigint | string>;
  float8: Exact<number | bigint | string>;
  json: Exact<JsonParameter>;
  jsonb: Exact<JsonParameter>;
  timestamptz: Exact<PreciseDate | Date | string>;
  timestamp: Exact<PreciseDate | Date | string>;
  date: Exact<Date | string>;
  time: Exact<string>;
  timetz: Exact<string>;
  interval: Exact<string>;
  int2Array: Exact<ArrayParameter<number | bigint | string>>;
  int4Array: Exact<ArrayParameter<number | bigint | string>>;
  int8Array: Exact<ArrayParameter<bigint | number | string>>;
  numericArray: Exact<ArrayParameter<Decimal | bigint | string | number>>;
  float4Array: Exact<ArrayParameter<number | bigint | string>>;
  float8Array: Exact<ArrayParameter<number | bigint | string>>;
  jsonArray: Exact<ArrayParameter<JsonParameter>>;
  jsonbArray: Exact<ArrayParameter<JsonParameter>>;
  timestamptzArray: Exact<ArrayParameter<PreciseDate | Date | string>>;
  timestampArray: Exact<ArrayParameter<PreciseDate | Date | string>>;
  dateArray: Exact<ArrayParameter<Date | string>>;
  timeArray: Exact<ArrayParameter<string>>;
  timetzArray: Exact<ArrayParameter<string>>;
  intervalArray: Exact<ArrayParameter<string>>;
  /**
   * `text` and `varchar`: read unchanged (no parser runs); written by {@link serializeText}, so a
   * value whose type the server could not infer (`SELECT ${value}`) is still written exactly.
   */
  text: Exact<string>;
};

/** OIDs of the `text` entry; their arrays keep postgres.js's own handling (see the README). */
const TEXT_OID = 25;
const VARCHAR_OID = 1043;

function buildExactTypes(): ExactTypes {
  const types: Record<string, postgres.PostgresType> = {};
  for (const name of Object.keys(codecs) as CodecName[]) {
    const codec = codecs[name] as Codec<unknown, never>;
    const decode = byteDecoders[name];
    types[name] = {
      to: codec.oid,
      from: [codec.oid],
      parse: codec.parse,
      serialize: scalarSerializer(codec),
      // postgres.js 4.2+ reads these columns from the row's bytes (core's byteDecoders); 3, 4.0 and 4.1 ignore it.
      ...(decode === undefined ? {} : { decode }),
    };
    // Both a parser and a serializer for the array OID: postgres.js's fetch_types then leaves the
    // array alone (it only fills in arrays missing one of them), and fetch_types: false needs them.
    types[`${name}Array`] = {
      to: codec.arrayOid,
      from: [codec.arrayOid],
      parse: codec.parseArray,
      serialize: arraySerializer(codec),
    };
  }
  // No parser: postgres.js then hands the column text over as it is, as it does by default.
  types.text = { to: TEXT_OID, from: [TEXT_OID, VARCHAR_OID], parse: undefined as never, serialize: serializeText };
  for (const type of Object.values(types)) {
    Object.freeze(type.from);
    Object.freeze(type);
  }
  return Object.freeze(types) as unknown as ExactTypes;
}

/**
 * pg-exact's postgres.js `types` (frozen): parsers and serializers for int2, int4, int8, numeric,
 * float4, float8, json, jsonb, timestamptz, timestamp, date, time, timetz, interval and each of
 * their array types, plus exact writes of non-string values into text/varchar parameters.
 * {@link exactOptions} installs them; they are exported for code that assembles options itself.
 *
 * ```ts
 * import postgres from 'postgres';
 * import { exactTypes } from '@pg-exact/postgres-js';
 * const sql = postgres(url, { types: { ...exactTypes } }); // no session pin: prefer exactOptions()
 * ```
 */
export const exactTypes: ExactTypes = buildExactTypes();
