import DecimalJs from 'decimal.js';

/**
 * decimal.js configured for PostgreSQL numeric: arithmetic keeps 1000 significant digits
 * (decimal.js's default of 20 silently rounds numeric(38) sums), and `toString()` never
 * switches to exponent notation, so it prints what PostgreSQL prints.
 */
export const Decimal = DecimalJs.clone({ precision: 1000, toExpNeg: -9e15, toExpPos: 9e15 });
export type Decimal = DecimalJs;

/** True for any decimal.js instance, including other clones (Prisma.Decimal is one). */
export function isDecimal(value: unknown): value is DecimalJs {
  return DecimalJs.isDecimal(value);
}

/**
 * Parses PostgreSQL numeric text (or a JSON number token) into a Decimal, exactly.
 * Placeholder: replaced by the fast path in numeric parsing.
 */
export function decimalFromText(text: string): Decimal {
  return new Decimal(text);
}
