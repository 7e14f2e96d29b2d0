import { builtinArrayTypes, getParser, parseArray } from '@pg-exact/core';
import pg from 'pg';

/** The structural slice of a node-postgres `types` object (`{ getTypeParser }`) this package reads. */
export interface TypeParserSource {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
}

type PgTypes = pg.CustomTypesConfig;

// Types objects that already put the core parsers first: wrapping them again would only add a call.
const exactSources = new WeakSet<object>();
// Drizzle and Prisma build one `types` object per prepared query and reuse it on every execution,
// so the wrapper is cached per object rather than rebuilt per call.
const wrappers = new WeakMap<object, PgTypes>();

/**
 * Puts the core parsers in front of `types`: for every OID `@pg-exact/core` has a codec for
 * (scalar and array, text format) the core parser is returned; every other OID and every binary
 * lookup goes to `types`. The object passed in is not modified; the same wrapper is returned for
 * the same object.
 *
 * ```ts
 * import pg from 'pg';
 * import { withExactParsers } from '@pg-exact/pg';
 *
 * const theirs = { getTypeParser: pg.types.getTypeParser }; // what Drizzle passes per query
 * const types = withExactParsers(theirs);
 * types.getTypeParser(20, 'text')('9007199254740993'); // 9007199254740993n
 * types.getTypeParser(16, 'text')('t');                // true (pg's own parser)
 * ```
 */
export function withExactParsers(types: TypeParserSource): PgTypes {
  if (exactSources.has(types)) return types as PgTypes;
  let wrapper = wrappers.get(types);
  if (wrapper === undefined) {
    wrapper = exactTypesOver(types);
    wrappers.set(types, wrapper);
  }
  return wrapper;
}

const textParser = (text: string) => text;

/**
 * {@link withExactParsers}, except that the OIDs in `asText` come back as PostgreSQL's text, for
 * an adapter that hands the text on to a layer that reads it exactly itself (Prisma's client reads
 * int8 and numeric digits and JSON text). ExactClient uses such a `types` object as it is.
 *
 * ```ts
 * const types = withExactParsersExcept({ getTypeParser: () => (text) => text }, new Set([20]));
 * types.getTypeParser(20, 'text')('9007199254740993');   // '9007199254740993'
 * types.getTypeParser(1700, 'text')('1.50');             // Decimal 1.50
 * ```
 */
export function withExactParsersExcept(types: TypeParserSource, asText: ReadonlySet<number>): PgTypes {
  const exact = withExactParsers(types);
  const wrapper = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      return asText.has(oid) && (format === undefined || format === 'text') ? textParser : exact.getTypeParser(oid, format);
    },
  } as PgTypes;
  exactSources.add(wrapper);
  return wrapper;
}

/** An OID no type has: what `fallback` returns for it is its "no parser" default. */
const UNUSED_OID = 0x7fff_fff0;

function exactTypesOver(fallback: TypeParserSource): PgTypes {
  const arrays = new Map<number, (text: string) => unknown>();
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      // The core parsers read text; binary results (which ExactClient refuses) keep theirs.
      if (format === undefined || format === 'text') {
        const parser = getParser(oid) ?? arrays.get(oid);
        if (parser !== undefined) return parser;
        const array = builtinArrayParser(fallback, oid);
        if (array !== undefined) {
          arrays.set(oid, array);
          return array;
        }
      }
      return fallback.getTypeParser(oid, format);
    },
  } as PgTypes;
  exactSources.add(types);
  return types;
}

/**
 * For a built-in array type `fallback` has no parser for (pg hands box[], name[], int4range[], bit[]…
 * over as array text): an array, NULL elements as null, each element read by `fallback`'s parser
 * for the element type, as it reads that type outside an array.
 */
function builtinArrayParser(fallback: TypeParserSource, oid: number): ((text: string) => unknown) | undefined {
  const array = builtinArrayTypes.get(oid);
  if (array === undefined) return undefined;
  const none = fallback.getTypeParser(UNUSED_OID, 'text');
  if (fallback.getTypeParser(oid, 'text') !== none) return undefined;
  const [element, delimiter] = array;
  const parseElement = fallback.getTypeParser(element, 'text');
  return (text) => parseArray(text, parseElement, delimiter);
}

/** True for a value shaped like a node-postgres `types` object. */
export function isTypeParserSource(value: unknown): value is TypeParserSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<TypeParserSource>).getTypeParser === 'function'
  );
}

/**
 * A `types` object for node-postgres: the exact `@pg-exact/core` parser for every codec OID
 * (int2, int4, int8, numeric, float4, float8, json, jsonb, timestamptz, timestamp, date, time,
 * timetz, interval and their arrays, text format) and pg's own parsers (`pg.types`) for the rest.
 * Pass it as a client's, pool's or query's `types`; it never touches pg's process-wide registry.
 *
 * ```ts
 * import pg from 'pg';
 * import { exactTypes } from '@pg-exact/pg';
 *
 * const client = new pg.Client({ connectionString: process.env.DATABASE_URL, types: exactTypes });
 * await client.connect();
 * const { rows } = await client.query('SELECT 9007199254740993::int8 AS n');
 * rows[0].n; // 9007199254740993n
 * ```
 */
export const exactTypes: pg.CustomTypesConfig = exactTypesOver({
  // Looked up per call, not captured: pg.types is what pg itself would use for these OIDs.
  getTypeParser: (oid, format) => pg.types.getTypeParser(oid, format),
});
