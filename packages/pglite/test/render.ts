// Renders read values as one comparable string: the JS type shows (bigint `1n`, `Decimal(…)`,
// `PreciseDate(…)`), so a test fails when the type is wrong, not only when the digits are.
import { decimalToText, isDecimal, PreciseDate } from '@pg-exact/core';

export function render(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      if (isDecimal(value)) return `Decimal(${decimalToText(value)})`;
      if (value instanceof PreciseDate) return `PreciseDate(${value.toISOString()})`;
      if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
      if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
      return `{${Object.entries(value)
        .map(([key, item]) => `${key}: ${render(item)}`)
        .join(', ')}}`;
    default:
      return `${typeof value}(${String(value)})`;
  }
}
