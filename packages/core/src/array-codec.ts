import { parse as parseArrayLiteral } from 'postgres-array';
import { describeValue, PgExactValueError } from './errors.js';

/** A PostgreSQL array as JavaScript reads it: nested arrays, SQL NULL elements as null. */
export type PgArray<T> = Array<T | null | PgArray<T>>;

/**
 * Parses array text (`{1,NULL,"a b"}`, `{{1,2},{3,4}}`, `[0:1]={7,8}`) with `parseElement`
 * applied to every non-NULL element. Lower bounds other than 1 are dropped: JS arrays start at 0.
 * `delimiter` is the element type's `typdelim`: `,` for every built-in type but box (`;`).
 *
 * ```ts
 * parseArray('{(1,1),(0,0);NULL}', (text) => text, ';'); // ['(1,1),(0,0)', null]
 * ```
 */
export function parseArray<T>(text: string, parseElement: (text: string) => T, delimiter = ','): PgArray<T> {
  if (delimiter === ',') return parseArrayLiteral(text, parseElement) as PgArray<T>;
  // postgres-array splits on commas only: swap the two characters in the text and back in each
  // element (quoted or not, an element's own characters come back unchanged).
  const swap = (part: string) => part.replace(SWAPPED[delimiter] ?? swapper(delimiter), (c) => (c === ',' ? delimiter : ','));
  return parseArrayLiteral(swap(text), (element) => parseElement(swap(element))) as PgArray<T>;
}

const SWAPPED: Record<string, RegExp> = { ';': /[,;]/g };
function swapper(delimiter: string): RegExp {
  return new RegExp(`[,${delimiter.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
}

/**
 * Writes a (possibly nested) array as array text. Every element is quoted, so no element text
 * needs to know the array syntax; null → NULL. Errors name the element's path (`$[1][0]`).
 */
export function serializeArray<T>(values: readonly unknown[], serializeElement: (value: T) => string, type: string): string {
  return writeArray(values, serializeElement, type, '$', new Set());
}

function writeArray<T>(
  values: readonly unknown[],
  serializeElement: (value: T) => string,
  type: string,
  path: string,
  seen: Set<unknown>,
): string {
  if (seen.has(values)) throw new PgExactValueError('the array contains itself', { value: values, path, type });
  seen.add(values);
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const element = values[i];
    const at = `${path}[${i}]`;
    if (element === null) {
      out += 'NULL';
    } else if (element === undefined) {
      throw new PgExactValueError(`${describeValue(element)} is not an array element (use null for NULL)`, {
        value: element,
        path: at,
        type,
      });
    } else if (Array.isArray(element)) {
      out += writeArray(element, serializeElement, type, at, seen);
    } else {
      let text: string;
      try {
        text = serializeElement(element as T);
      } catch (error) {
        throw error instanceof PgExactValueError ? error.within(at, type) : error;
      }
      out += `"${text.replace(/[\\"]/g, '\\$&')}"`;
    }
  }
  seen.delete(values);
  return `${out}}`;
}
