import { serializeArray } from './array-codec.js';
import { decimalToText, isDecimal } from './decimal.js';
import { inspectDateTime, inspectInt8, inspectJson, inspectNumeric, trapChannel } from './diagnostics.js';
import { describeValue, PgExactValueError } from './errors.js';
import { stringifyJson } from './stringify-json.js';
import { serializeTimestamptz } from './timestamp-codecs.js';
import { checkWellFormed } from './well-formed-text.js';

/**
 * Writes a value whose PostgreSQL type is not known (an untyped driver parameter, a text or
 * domain parameter, an array element) as text, by its JavaScript type, so that the server reads
 * the same value into whatever type the context gives it:
 * - a string as it is (a lone surrogate, which UTF-8 cannot carry, is refused); a number (-0 kept),
 *   boolean or bigint as JavaScript prints it, bar an integer number beyond ±(2^53−1), which goes in
 *   exponent form (`9.007199254740994e+15`: int8 refuses it, float8 and numeric read it);
 * - a Decimal (any decimal.js clone) as plain digits, never exponent notation, scale kept;
 * - a Date or PreciseDate as UTC text with µs and `+00` (`2024-03-10 12:00:00.123456+00`), which
 *   the server reads as the same instant into timestamptz, as the UTC wall clock into timestamp
 *   (the offset is ignored) and as the UTC calendar date into date, whatever the session TimeZone;
 * - a byte view (Uint8Array, Buffer) as bytea hex (`\x0102`);
 * - an array as a PostgreSQL array literal whose elements follow these rules;
 * - any other object as JSON by the json rules of `stringifyJson` (bigint/Decimal inside kept;
 *   U+0000 and lone surrogates escaped, which json stores and jsonb refuses at the server).
 * Functions, symbols, `undefined` and `null` (a driver sends NULL itself) throw a PgExactValueError.
 *
 * ```ts
 * serializeUntyped(new Date('2024-01-01T00:00:00Z')); // '2024-01-01 00:00:00.000000+00'
 * serializeUntyped({ id: 12345678901234567890n });    // '{"id":12345678901234567890}'
 * serializeUntyped([1n, null]);                       // '{"1",NULL}'
 * ```
 */
export function serializeUntyped(value: unknown): string {
  switch (typeof value) {
    case 'string':
      // A lone surrogate would reach the server as U+FFFD.
      return checkWellFormed(value, 'text');
    case 'number':
      if (Object.is(value, -0)) return '-0';
      // An integer beyond 2^53 may already be rounded: in exponent form int8 refuses it (as a typed
      // parameter does), while float8 and numeric read the same number.
      return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential() : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      if (trapChannel.hasSubscribers) inspectInt8(value, 'write');
      return String(value);
    case 'object': {
      if (value === null) break;
      // The `pg-exact:trap` checks run only with a subscriber (see diagnostics.ts).
      if (isDecimal(value)) {
        const text = decimalToText(value);
        if (trapChannel.hasSubscribers) inspectNumeric(text, 'write');
        return text;
      }
      if (value instanceof Date) {
        const text = serializeTimestamptz(value);
        if (trapChannel.hasSubscribers) inspectDateTime('timestamptz', value, text, 'write');
        return text;
      }
      if (Array.isArray(value)) return serializeArray(value, serializeUntyped, 'array');
      if (ArrayBuffer.isView(value)) return byteaHex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      // By the json rules: a json column stores U+0000 and lone surrogate escapes, jsonb refuses them itself.
      const json = stringifyJson(value);
      if (trapChannel.hasSubscribers) inspectJson('json', value, 'write');
      return json;
    }
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
