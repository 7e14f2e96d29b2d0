import {
  codecs,
  decimalToText,
  describeValue,
  isDecimal,
  PgExactValueError,
  serializeArray,
  stringifyJson,
} from '@pg-exact/core';

/**
 * Writes a parameter whose type is not one of the core codec types (text, varchar, a domain, an
 * enum, uuid, a user type…) as text, by its JavaScript type, with the same rules as
 * `@pg-exact/pg`:
 * - a string as it is; a number, boolean or bigint as its digits / `true` / `false`;
 * - a Decimal (any decimal.js clone) as its plain digits, never exponent notation;
 * - a Date or PreciseDate as UTC text with µs and `+00` (`2024-03-10 12:00:00.123456+00`), which
 *   the server reads as the same instant into timestamptz, as the UTC wall clock into timestamp and
 *   as the UTC calendar date into date;
 * - a Uint8Array (or other byte view) as bytea hex (`\x0102`);
 * - an array as a PostgreSQL array literal whose elements follow these rules;
 * - any other object as JSON by the jsonb rules of `stringifyJson` (bigint/Decimal inside kept).
 *
 * Functions, symbols and `undefined` inside arrays are refused with a PgExactValueError.
 *
 * ```ts
 * import { serializeParameter } from '@pg-exact/pglite';
 * serializeParameter(new Date('2024-01-01T00:00:00Z')); // '2024-01-01 00:00:00.000000+00'
 * serializeParameter({ id: 12345678901234567890n });    // '{"id":12345678901234567890}'
 * ```
 */
export function serializeParameter(value: unknown): string {
  if (Array.isArray(value)) return serializeArray(value, serializeScalar, 'array');
  return serializeScalar(value);
}

function serializeScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      if (value === null) break;
      if (isDecimal(value)) return decimalToText(value);
      if (value instanceof Date) return codecs.timestamptz.serialize(value);
      if (ArrayBuffer.isView(value)) return byteaHex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return stringifyJson(value, { jsonb: true });
    default:
      break;
  }
  throw new PgExactValueError(`${describeValue(value)} cannot be sent as a query parameter`, {
    value,
    type: 'parameter',
  });
}

// No Buffer: PGlite also runs in browsers.
function byteaHex(bytes: Uint8Array): string {
  let out = '\\x';
  for (const byte of bytes) out += (byte < 16 ? '0' : '') + byte.toString(16);
  return out;
}
