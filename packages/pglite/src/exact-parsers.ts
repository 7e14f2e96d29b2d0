import { codecs, type Codec } from '@pg-exact/core';

/** A PGlite parser: text in, value out (PGlite also passes the type OID, which ours ignore). */
export type ExactParser = (text: string, typeId?: number) => unknown;

/**
 * The exact `@pg-exact/core` parser for every codec OID, scalar and array: int2, int4, int8 (always
 * a bigint), numeric (Decimal), float4, float8, json and jsonb (lossless), timestamptz and timestamp
 * (PreciseDate), date (ISO text), time, timetz, interval (text) and their arrays. A plain OID-keyed
 * record in the shape of PGlite's `parsers` option, for callers that build their own PGlite or pass
 * per-query parsers to `query(sql, params, { parsers })`, which PGlite merges over the instance's.
 *
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { exactParsers } from '@pg-exact/pglite';
 *
 * const db = await PGlite.create();
 * const { rows } = await db.query('SELECT 1::int8 AS n', [], { parsers: exactParsers });
 * rows[0]; // { n: 1n }
 * ```
 */
export const exactParsers: Readonly<Record<number, ExactParser>> = Object.freeze(buildParsers());

function buildParsers(): Record<number, ExactParser> {
  const parsers: Record<number, ExactParser> = {};
  for (const codec of Object.values(codecs) as Codec<unknown, never>[]) {
    // Wrapped so PGlite's second argument (the type OID) can never reach a core parser.
    parsers[codec.oid] = (text) => codec.parse(text);
    parsers[codec.arrayOid] = (text) => codec.parseArray(text);
  }
  return parsers;
}
