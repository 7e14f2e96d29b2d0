import { Decimal, isDecimal, PreciseDate } from '@pg-exact/core';

/**
 * Whether `actual` is exactly the contract value `expected`: same JS type and same value
 * (bigint for int8, Decimal for numeric, PreciseDate to the µs, JSON with bigint/Decimal inside).
 */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (expected instanceof PreciseDate) {
    return actual instanceof PreciseDate && sameInstant(actual, expected);
  }
  if (isDecimal(expected)) {
    return isDecimal(actual) && (expected.isNaN() ? actual.isNaN() : actual.equals(expected));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => sameValue(actual[i], item));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    const record = actual as Record<string, unknown>;
    return (
      keys.length === Object.keys(record).length &&
      keys.every((key) => Object.hasOwn(record, key) && sameValue(record[key], (expected as Record<string, unknown>)[key]))
    );
  }
  return Object.is(actual, expected);
}

/**
 * Whether `actual` holds the same value as `expected` in another representation (an int8 as a
 * digit string, a numeric as text, a Date with no µs to lose): usable, but not the contract.
 */
export function sameValueOtherType(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'bigint') {
    return (typeof actual === 'string' && actual === expected.toString()) ||
      (typeof actual === 'number' && Number.isSafeInteger(actual) && BigInt(actual) === expected);
  }
  if (isDecimal(expected)) {
    if (typeof actual !== 'string' && typeof actual !== 'number') return false;
    try {
      const value = new Decimal(actual);
      return expected.isNaN() ? value.isNaN() : value.equals(expected);
    } catch {
      return false;
    }
  }
  if (expected instanceof PreciseDate) {
    if (PreciseDate.isInfinite(expected)) return actual === expected.getTime();
    return actual instanceof Date && !(actual instanceof PreciseDate) && actual.getTime() === expected.getTime() && expected.getMicroseconds() === 0;
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length &&
      expected.every((item, i) => sameValue(actual[i], item) || sameValueOtherType(actual[i], item));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    const record = actual as Record<string, unknown>;
    return keys.length === Object.keys(record).length && keys.every((key) => {
      const want = (expected as Record<string, unknown>)[key];
      return Object.hasOwn(record, key) && (sameValue(record[key], want) || sameValueOtherType(record[key], want));
    });
  }
  return false;
}

function sameInstant(a: PreciseDate, b: PreciseDate): boolean {
  if (PreciseDate.isInfinite(a) || PreciseDate.isInfinite(b)) return a.getTime() === b.getTime();
  return PreciseDate.compare(a, b) === 0;
}

/** A short, honest description of what a stack returned, for failure messages and the matrix. */
export function show(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'bigint':
      return `bigint ${value}n`;
    case 'number':
      return `number ${Object.is(value, -0) ? '-0' : value}`;
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'boolean':
      return `boolean ${value}`;
    default:
      break;
  }
  if (value instanceof PreciseDate) return `PreciseDate ${value.toISOString()}`;
  if (value instanceof Date) return `Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (isDecimal(value)) {
    const text = value.toString();
    return `Decimal ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
  }
  if (depth > 2) return '…';
  if (Array.isArray(value)) return `[${value.map((item) => show(item, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${show(item, depth + 1)}`);
    const name = (value as object).constructor?.name;
    return `${name && name !== 'Object' ? `${name} ` : ''}{${entries.join(', ')}}`;
  }
  return String(value);
}

/** `throws Name: message` for an error a stack raised. */
export function showError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message.split('\n')[0]!;
    return `throws ${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${message.length > 120 ? `${message.slice(0, 117)}...` : message}`;
  }
  return `throws ${String(error)}`;
}
