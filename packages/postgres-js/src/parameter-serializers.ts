import {
  type Codec,
  decimalToText,
  describeValue,
  isDecimal,
  PgExactValueError,
  serializeArray,
  serializeUntyped,
} from '@pg-exact/core';
import { neverThrows } from './refused-parameter.js';

/**
 * The serializers postgres.js calls by parameter type OID. postgres.js picks the serializer from the
 * OID the parameter was sent with or, for untyped parameters, from the OID the server described;
 * these accept every value pg-exact writes, whichever of the two routes a value took. The ones
 * handed to postgres.js never throw: a refused value becomes a text the server rejects (see
 * refused-parameter.ts for why).
 */
export type Serializer = (value: unknown) => string;

/**
 * The scalar serializer for a codec: the core codec's, with two adjustments for postgres.js.
 *
 * - A Decimal (any decimal.js clone) bound to an int or float parameter is written through its exact
 *   text, so the core's integer/float rules decide (`1.5` into int4 is refused, not rounded).
 * - A JS array reaching a scalar parameter means postgres.js typed an array by its first element
 *   (`${[1n, 2n]}` → int8, `sql.array(dates)` → timestamptz without an array type known for it):
 *   refuse it with a pointer to the array helpers instead of sending nonsense.
 */
export function scalarSerializer(codec: Codec<unknown, never>): Serializer {
  const serialize = codec.serialize as (value: unknown) => string;
  if (codec.name === 'json' || codec.name === 'jsonb') return neverThrows(serialize); // arrays and Decimals are JSON values there
  if (codec.name === 'numeric') return neverThrows(refuseArrays(codec, serialize)); // the codec keeps a Decimal's scale
  return neverThrows(refuseArrays(codec, (value) => serialize(isDecimal(value) ? decimalToText(value) : value)));
}

function refuseArrays(codec: Codec<unknown, never>, serialize: Serializer): Serializer {
  return (value) => {
    if (Array.isArray(value)) {
      throw new PgExactValueError(
        `a JS array was bound to a single ${codec.name} parameter (postgres.js types a plain array by its first ` +
          `element, and sql.array() cannot find pg-exact's array types); use sql.typed(values, ${codec.arrayOid}), ` +
          `sql.types.${codec.name}Array(values), or createSql()`,
        { value, type: codec.name },
      );
    }
    return serialize(value);
  };
}

/** The element serializer used inside arrays: the scalar rules without the array refusal. */
function elementSerializer(codec: Codec<unknown, never>): Serializer {
  const serialize = codec.serialize as (value: unknown) => string;
  if (codec.name === 'json' || codec.name === 'jsonb' || codec.name === 'numeric') return serialize;
  return (value) => serialize(isDecimal(value) ? decimalToText(value) : value);
}

/**
 * The array serializer for a codec: nested JS arrays → array text, elements by the scalar rules,
 * errors located at the element (`$[1][0]`). A string is taken to be array text already and sent
 * unchanged (as postgres.js's own array serializer does); the server checks it.
 */
export function arraySerializer(codec: Codec<unknown, never>): Serializer {
  const element = elementSerializer(codec);
  return neverThrows((value) => {
    if (typeof value === 'string') return value;
    if (!Array.isArray(value)) {
      throw new PgExactValueError(`expected a JS array (or array text), got ${describeValue(value)}`, {
        value,
        type: `${codec.name}[]`,
      });
    }
    return serializeArray(value, element, `${codec.name}[]`);
  });
}

/**
 * The serializer for `text` and `varchar` parameters, the type the server gives a parameter it has
 * no other clue for (`SELECT ${value}`): the core's `serializeUntyped` (strings unchanged; bigint,
 * Decimal, Date/PreciseDate, arrays, bytes and JSON objects exactly), where postgres.js would
 * write `[object Object]` or `Date.prototype.toString()`. A refused value becomes text the server
 * rejects.
 */
export const serializeText: Serializer = neverThrows(serializeUntyped, true);
