import type { PgArray } from './array-codec.js';

/**
 * A text-format codec for one PostgreSQL type and its array type.
 *
 * `parse` receives the exact text PostgreSQL sent (never SQL NULL: drivers handle that before
 * calling it) and returns the JavaScript value of the DESIGN table. `serialize` turns a
 * JavaScript value into text that PostgreSQL reads back as the same value, or throws a
 * PgExactValueError; it never returns a lossy approximation.
 */
export interface Codec<TRead, TWrite = TRead> {
  /** PostgreSQL type name, as in `pg_type.typname`. */
  readonly name: string;
  /** OID of the scalar type. */
  readonly oid: number;
  /** OID of the array type (`_name`). */
  readonly arrayOid: number;
  parse(text: string): TRead;
  serialize(value: TWrite): string;
  /** Array text → nested arrays of parsed elements, NULL → null. */
  parseArray(text: string): PgArray<TRead>;
  /** Nested arrays (null → NULL) → array text; errors name the element path. */
  serializeArray(values: readonly unknown[]): string;
}
