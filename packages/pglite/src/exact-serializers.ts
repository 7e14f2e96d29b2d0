import { codecs, describeValue, oids, PgExactValueError, serializeArray, type Codec } from '@pg-exact/core';
import { serializeParameter } from './parameter-serializer.js';

/** A PGlite serializer: a JavaScript value in, the text PostgreSQL reads out. */
export type ExactSerializer = (value: any) => string;

/**
 * The exact serializers, by type OID, in the shape of PGlite's `serializers` option. PGlite
 * describes every statement before binding it and serializes each parameter by the type the server
 * inferred for it, so a value is written by the rules of its target type:
 * - every core codec type and its array (int2, int4, int8, numeric, float4, float8, json, jsonb,
 *   timestamptz, timestamp, date, time, timetz, interval): the `@pg-exact/core` serializer. A Date
 *   into timestamptz is the instant, into timestamp its UTC wall clock, into date its UTC calendar
 *   date; a bigint or Decimal is written digit for digit; bad input throws a PgExactValueError
 *   before anything is sent;
 * - a string into json/jsonb is taken as JSON text (as PGlite, node-postgres and postgres.js do);
 *   any other value is stringified by the jsonb rules (bigint/Decimal inside kept);
 * - a string into an array type is taken as array literal text;
 * - text, varchar, bpchar and their arrays: {@link serializeParameter} (a Decimal never in exponent
 *   notation, a plain object as JSON rather than `[object Object]`).
 *
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { exactSerializers } from '@pg-exact/pglite';
 *
 * const db = await PGlite.create();
 * await db.query('SELECT $1::int8', [2n ** 63n - 1n], { serializers: exactSerializers });
 * ```
 */
export const exactSerializers: Readonly<Record<number, ExactSerializer>> = Object.freeze(buildSerializers());

/** The OIDs whose serializers come from the core codecs: ours win over a user's for these. */
export const codecOids: ReadonlySet<number> = new Set(
  (Object.values(codecs) as Codec<unknown, never>[]).flatMap((codec) => [codec.oid, codec.arrayOid]),
);

function buildSerializers(): Record<number, ExactSerializer> {
  const serializers: Record<number, ExactSerializer> = {};
  for (const name of ['text', 'varchar', 'bpchar'] as const) {
    serializers[oids[name].oid] = serializeParameter;
    serializers[oids[name].arrayOid] = serializeParameter;
  }
  for (const codec of Object.values(codecs) as Codec<unknown, unknown>[]) {
    const isJson = codec === codecs.json || codec === codecs.jsonb;
    const serializeElement: (value: unknown) => string = isJson ? jsonSerializer(codec) : (value) => codec.serialize(value);
    serializers[codec.oid] = serializeElement;
    serializers[codec.arrayOid] = arraySerializer(codec.name, serializeElement);
  }
  return serializers;
}

/** JSON text given as a string is sent as it is; the server validates it. */
function jsonSerializer(codec: Codec<unknown, unknown>): (value: unknown) => string {
  return (value) => checkPGliteDepth(typeof value === 'string' ? value : codec.serialize(value), value, codec.name);
}

/**
 * The deepest json/jsonb document sent to PGlite. PGlite 0.6's smaller WASM stack gives out between
 * 6,600 and 6,800 levels of objects (the PostgreSQL server stores ~14,000) and then fails with a
 * misleading `cannot drop portal "" while it is being set up`, or worse (see the package README):
 * refused before sending, with a margin.
 */
export const PGLITE_MAX_JSON_DEPTH = 6000;

/** `text` unless its nesting is deeper than {@link PGLITE_MAX_JSON_DEPTH}: then a PgExactValueError. */
function checkPGliteDepth(text: string, value: unknown, type: string): string {
  if (text.length <= PGLITE_MAX_JSON_DEPTH * 2) return text; // too short to be that deep
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > PGLITE_MAX_JSON_DEPTH) {
        throw new PgExactValueError(
          `the document is nested more than ${PGLITE_MAX_JSON_DEPTH} levels deep, which PGlite cannot store ` +
            '(its WASM stack gives out; the PostgreSQL server stores ~14,000 levels)',
          { value, type },
        );
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return text;
}

function arraySerializer(type: string, serializeElement: (value: unknown) => string): ExactSerializer {
  return (value: unknown) => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return serializeArray(value, serializeElement, type);
    throw new PgExactValueError(`expected an array (or array literal text), got ${describeValue(value)}`, {
      value,
      type: `${type}[]`,
    });
  };
}
