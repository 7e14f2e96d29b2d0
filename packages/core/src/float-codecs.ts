import { describeValue, PgExactValueError } from './errors.js';

const FLOAT_TEXT = /^\s*[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN|Infinity|inf)\s*$/i;

/**
 * float4/float8 text → number. PostgreSQL 12+ prints the shortest text that reads back as the
 * same float ('NaN', 'Infinity' and '-Infinity' included), so Number() is exact here.
 */
export function parseFloat(text: string): number {
  return +text;
}

function floatSerializer(type: string): (value: number | bigint | string) => string {
  return (value) => {
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    if (typeof value === 'bigint' && value >= -(2n ** 53n) && value <= 2n ** 53n) return value.toString();
    if (typeof value === 'string' && FLOAT_TEXT.test(value)) return value;
    const hint = typeof value === 'bigint' ? ' (beyond 2^53 a float cannot hold it exactly)' : '';
    throw new PgExactValueError(`${describeValue(value)} is not a ${type} value${hint}`, { value, type });
  };
}

/** number (NaN, ±Infinity and -0 included), bigint within ±2^53, or numeric text → float4 text. */
export const serializeFloat4 = floatSerializer('float4');
/** number (NaN, ±Infinity and -0 included), bigint within ±2^53, or numeric text → float8 text. */
export const serializeFloat8 = floatSerializer('float8');
