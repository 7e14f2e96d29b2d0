/**
 * The comment `$queryRawExact` puts in front of a raw query. The adapters return such a query's
 * values exactly as @pg-exact/core parses them (PreciseDate with µs, bigint, Decimal, lossless
 * JSON, date text…) instead of the strings Prisma converts into Dates and numbers.
 */
export const EXACT_RAW_PREFIX = '/* pg-exact:exact */ ';

export function isExactRawQuery(sql: string): boolean {
  return sql.startsWith(EXACT_RAW_PREFIX);
}
