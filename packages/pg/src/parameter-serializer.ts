import {
  checkWellFormed,
  codecs,
  describeValue,
  isDecimal,
  PgExactValueError,
  serializeArray,
  serializeUntyped,
} from '@pg-exact/core';

/** What node-postgres sends as it is: it already writes these exactly (or they are its own protocol). */
type PassThrough = string | number | boolean | null | undefined | Uint8Array;

/**
 * Turns one query parameter into what node-postgres should send, exactly:
 * - bigint → its digits;
 * - a Decimal (any decimal.js clone, Prisma.Decimal included) → its plain digits, scale kept;
 * - a Date or PreciseDate → UTC text with µs and an explicit `+00` (`2024-03-10 12:00:00.123456+00`),
 *   which the server reads as the same instant into timestamptz, as the UTC wall clock into
 *   timestamp and as the UTC calendar date into date, whatever the process TZ or session TimeZone;
 *   the PreciseDate infinities → `infinity` / `-infinity`;
 * - a JS array → a PostgreSQL array literal whose elements follow these same rules (nested arrays
 *   kept, null → NULL; Uint8Array elements → bytea hex);
 * - any other object without `toPostgres()` → JSON text by the json rules of `stringifyJson` (jsonb refuses U+0000 itself)
 *   (bigint and Decimal inside written as JSON numbers, NaN/undefined-in-array/lone surrogates refused).
 *
 * An integer number beyond ±(2^53−1) is sent in exponent form (`9.007199254740994e+15`): int8
 * refuses it (the number may already be rounded), float8 and numeric read the same value. A string
 * with a lone surrogate (UTF-8 would carry U+FFFD) is refused.
 *
 * Strings, numbers, booleans, Buffers/Uint8Arrays, null/undefined and objects with `toPostgres()`
 * are returned unchanged for pg to send. Functions and symbols are refused. Errors are
 * PgExactValueErrors located at the parameter (`$2`, `$2[0]`, `$2.items[3].price`).
 *
 * ```ts
 * import { serializeParameter } from '@pg-exact/pg';
 * serializeParameter(2n ** 64n);                        // '18446744073709551616'
 * serializeParameter(new Date('2024-01-01T00:00:00Z')); // '2024-01-01 00:00:00.000000+00'
 * serializeParameter({ id: 12345678901234567890n });    // '{"id":12345678901234567890}'
 * serializeParameter([1n, null, 3n]);                   // '{"1",NULL,"3"}'
 * ```
 */
export function serializeParameter(value: unknown, position = 1): PassThrough | object {
  try {
    return serializeTopLevel(value);
  } catch (error) {
    throw error instanceof PgExactValueError ? error.within(`$${position}`) : error;
  }
}

/**
 * {@link serializeParameter} applied to each value; a new array, the input is not modified. Use it
 * for submittables (pg-cursor, pg-query-stream), which prepare their values themselves when they are
 * constructed, before `ExactClient.query()` sees them.
 *
 * ```ts
 * import Cursor from 'pg-cursor';
 * import { serializeParameters } from '@pg-exact/pg';
 * const cursor = client.query(new Cursor('SELECT $1::timestamp AS t', serializeParameters([new Date()])));
 * ```
 */
export function serializeParameters(values: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = serializeParameter(values[i], i + 1);
  return out;
}

function serializeTopLevel(value: unknown): PassThrough | object {
  switch (typeof value) {
    case 'number':
      // pg writes String(-0), which is '0': a float8 -0 would be stored as 0.
      if (Object.is(value, -0)) return '-0';
      // An integer beyond 2^53 may already be rounded: in exponent form int8 refuses it (as the typed
      // bindings do), while float8 and numeric read the same number.
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) return serializeUntyped(value);
      return value;
    case 'string':
      return checkWellFormed(value, 'text'); // a lone surrogate would be sent as U+FFFD
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return serializeUntyped(value); // the core's text, and its pg-exact:trap check
    case 'object':
      if (value === null || value instanceof Uint8Array) return value;
      if (isDecimal(value)) return serializeUntyped(value);
      if (value instanceof Date) return codecs.timestamptz.serialize(value);
      if (Array.isArray(value)) return serializeArray(value, serializeElement, 'array');
      // ArrayBuffer views other than Uint8Array (pg sends their bytes) and user-defined toPostgres().
      if (ArrayBuffer.isView(value) || hasToPostgres(value)) return value;
      return serializeUntyped(value); // JSON, as stringifyJson(value): json's rules, the column type is unknown
    default:
      throw unsendable(value);
  }
}

/**
 * An array element as the text PostgreSQL reads inside a quoted array element: the core's rules
 * by JS type, plus pg's `toPostgres()` protocol.
 */
function serializeElement(value: unknown, depth = 0): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isDecimal(value) && hasToPostgres(value)) {
    // pg passes its own prepareValue to toPostgres(); ours keeps nested values exact.
    if (depth > 16) throw new PgExactValueError('toPostgres() keeps returning objects', { value, type: 'array' });
    return serializeElement(value.toPostgres(prepareNested), depth + 1);
  }
  if (value === null) throw unsendable(value); // serializeArray writes NULL itself; a toPostgres() returning null lands here
  return serializeUntyped(value);
}

function prepareNested(value: unknown): unknown {
  return serializeTopLevel(value);
}

function hasToPostgres(value: object): value is { toPostgres(prepare: (value: unknown) => unknown): unknown } {
  return typeof (value as { toPostgres?: unknown }).toPostgres === 'function';
}

function unsendable(value: unknown): PgExactValueError {
  return new PgExactValueError(`${describeValue(value)} cannot be sent as a query parameter`, {
    value,
    type: 'parameter',
  });
}
