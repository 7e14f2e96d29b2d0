import { Decimal, decimalFromText, decimalToText, isDecimal } from './decimal.js';
import { describeValue, PgExactValueError } from './errors.js';

/** numeric text → Decimal, exactly (NaN and ±Infinity included, the printed scale kept). */
export function parseNumeric(text: string): Decimal {
  return decimalFromText(text);
}

// What PostgreSQL's numeric input accepts (15: no `_` separators), blanks around it included.
const NUMERIC_TEXT = /^[ \t\n\r\f\v]*[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN|Infinity|inf)[ \t\n\r\f\v]*$/i;

/**
 * Decimal (any decimal.js clone), bigint, numeric text, or a number whose float64 value is
 * exactly the decimal it prints as (0.5, 1.25, safe integers; not 0.1) → numeric text.
 */
export function serializeNumeric(value: Decimal | bigint | string | number): string {
  if (isDecimal(value)) return decimalToText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    if (NUMERIC_TEXT.test(value)) return value;
    throw new PgExactValueError(`${describeValue(value)} is not numeric text`, { value, type: 'numeric' });
  }
  if (typeof value === 'number') {
    const text = exactNumberText(value);
    if (text !== undefined) return text;
    throw new PgExactValueError(
      `${describeValue(value)} is a float64 whose exact value is not ${describeValue(value)}; pass a Decimal or a string`,
      { value, type: 'numeric' },
    );
  }
  throw new PgExactValueError(`${describeValue(value)} is not a Decimal, bigint, string or number`, {
    value,
    type: 'numeric',
  });
}

/**
 * The decimal text that is exactly the value of `value` when that is also the text JavaScript
 * prints for it; undefined when the float64 only approximates its printed decimal (0.1).
 */
export function exactNumberText(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Number.isSafeInteger(value)) return Object.is(value, -0) ? '0' : String(value);
  const printed = decimalFromText(String(value));
  if (Number.isInteger(value)) {
    // Beyond 2^53 the float is an integer whose digits BigInt gives exactly.
    const exact = BigInt(value);
    return printed.equals(exact.toString()) ? exact.toString() : undefined;
  }
  // A finite decimal N/10^k is a float64 only if it is dyadic: 5^k must divide N, and the
  // odd part of N/5^k must fit in 53 bits. String() round-trips, so then it IS the float.
  const k = printed.decimalPlaces();
  const n = BigInt(printed.times(new Decimal(10).pow(k)).toFixed());
  const five = 5n ** BigInt(k);
  if (n % five !== 0n) return undefined;
  let odd = n / five;
  if (odd < 0n) odd = -odd;
  while (odd % 2n === 0n) odd /= 2n;
  return odd < 2n ** 53n ? printed.toFixed() : undefined;
}
