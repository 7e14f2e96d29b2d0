import { decimalToText, isDecimal, PreciseDate } from '@pg-exact/core';

/**
 * A JS value as a comparable, self-describing structure: `'bigint:1'`, `'Decimal:1.50'`,
 * `'PreciseDate:2024-…Z'`, `'number:-0'`, `'string:x'`; arrays and objects kept. Tests compare on
 * this so that a number where a bigint was due (or a Date where a PreciseDate was due) fails.
 */
export function tag(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(tag);
  switch (typeof value) {
    case 'bigint':
      return `bigint:${value}`;
    case 'number':
      return `number:${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string':
      return `string:${value}`;
    case 'boolean':
      return `boolean:${value}`;
    case 'undefined':
      return 'undefined';
    case 'object':
      if (isDecimal(value)) return `Decimal:${decimalToText(value)}`;
      if (value instanceof PreciseDate) return `PreciseDate:${value.toISOString()}`;
      if (value instanceof Date) return `Date:${value.toISOString()}`;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]));
    default:
      return `${typeof value}`;
  }
}
