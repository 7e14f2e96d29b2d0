import { decimalToText, isDecimal } from './decimal.js';
import { describeValue, PgExactValueError } from './errors.js';

// What PostgreSQL's integer input accepts (15: no `_` separators), blanks around the digits included.
const INTEGER_TEXT = /^[ \t\n\r\f\v]*[-+]?\d+[ \t\n\r\f\v]*$/;

function checkedBigInt(value: unknown, type: string, min: bigint, max: bigint): bigint {
  let result: bigint;
  if (typeof value === 'bigint') {
    result = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      const why = Number.isInteger(value)
        ? 'is beyond ±(2^53−1), so the number already lost digits; pass a bigint or a digit string'
        : 'is not an integer';
      throw new PgExactValueError(`${describeValue(value)} ${why}`, { value, type });
    }
    result = BigInt(value);
  } else if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
    result = BigInt(value.trim());
  } else if (isDecimal(value) && INTEGER_TEXT.test(decimalToText(value))) {
    // An integral Decimal printed without a scale (5, not 5.0): the text an untyped parameter sends.
    result = BigInt(decimalToText(value));
  } else {
    throw new PgExactValueError(`${describeValue(value)} is not an integer (use a number, a bigint, a digit string or an integral Decimal)`, {
      value,
      type,
    });
  }
  if (result < min || result > max) {
    throw new PgExactValueError(`${describeValue(value)} is out of range [${min}, ${max}]`, { value, type });
  }
  return result;
}

function smallIntegerSerializer(type: string, min: number, max: number): (value: number | bigint | string) => string {
  const minBig = BigInt(min);
  const maxBig = BigInt(max);
  return (value) => {
    // The common case, a number in range, skips BigInt entirely.
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return Object.is(value, -0) ? '0' : String(value);
    }
    return String(checkedBigInt(value, type, minBig, maxBig));
  };
}

/** int2 text → number. */
export function parseInt2(text: string): number {
  return +text;
}
/** number, bigint in range, or digit string → int2 text; anything else throws. */
export const serializeInt2 = smallIntegerSerializer('int2', -32768, 32767);

/** int4 text → number. */
export function parseInt4(text: string): number {
  return +text;
}
/** number, bigint in range, or digit string → int4 text; anything else throws. */
export const serializeInt4 = smallIntegerSerializer('int4', -2147483648, 2147483647);

/** int8 text → bigint, always (never number-or-bigint by size). */
export function parseInt8(text: string): bigint {
  // Up to 15 digits a double is exact, and BigInt(number) skips BigInt's string scanner (~1.5x faster).
  return text.length < 16 ? BigInt(+text) : BigInt(text);
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** bigint, safe-integer number, digit string or integral Decimal → int8 text; out of range or unsafe throws. */
export function serializeInt8(value: bigint | number | string): string {
  if (typeof value === 'bigint' && value >= INT8_MIN && value <= INT8_MAX) return value.toString();
  return String(checkedBigInt(value, 'int8', INT8_MIN, INT8_MAX));
}
