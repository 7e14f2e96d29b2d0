import { builtinArrayTypes as arrayTypes, codecs, type Codec, describeValue, parseArray, PgExactValueError, serializeArray, serializeUntyped } from '@pg-exact/core';
import type postgres from 'postgres';
import { neverThrows } from './refused-parameter.js';

/** How postgres.js reads these element types outside an array; every other type stays text. */
const elementParsers: Readonly<Record<number, (text: string) => unknown>> = {
  16: (text) => text === 't',
  17: (text) => Buffer.from(text.slice(2), 'hex'),
  21: Number,
  23: Number,
  26: Number,
  700: Number,
  701: Number,
};

const codecArrayOids = new Set((Object.values(codecs) as Codec<unknown, never>[]).map((codec) => codec.arrayOid));

/**
 * postgres.js entries for every built-in array type pg-exact has no codec for (text[], bool[], uuid[],
 * box[], int4range[], the multiranges…), keyed `pgExactArray<oid>`: an array, NULL elements as null
 * (postgres.js 3 reads a text[] NULL as the string "NULL" and a bool[] NULL as false), each element
 * as postgres.js reads that type on its own, box's `;` delimiter honoured. Written like the pg
 * binding writes a JS array: elements by `serializeUntyped`, array text as it is.
 */
export function builtinArrayEntries(): Record<string, postgres.PostgresType> {
  const entries: Record<string, postgres.PostgresType> = {};
  for (const [oid, [element, delimiter]] of arrayTypes) {
    if (codecArrayOids.has(oid)) continue;
    const parseElement = elementParsers[element] ?? ((text: string) => text);
    entries[`pgExactArray${oid}`] = Object.freeze({
      to: oid,
      from: Object.freeze([oid]) as number[],
      parse: (text: string) => parseArray(text, parseElement, delimiter),
      serialize: neverThrows((value) => {
        if (typeof value === 'string') return value;
        if (Array.isArray(value)) return serializeArray(value, serializeUntyped, 'array');
        throw new PgExactValueError(`expected a JS array (or array text), got ${describeValue(value)}`, { value, type: 'array' });
      }),
    });
  }
  return entries;
}
