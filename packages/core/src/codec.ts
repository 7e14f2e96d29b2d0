/**
 * A text-format codec for one PostgreSQL type.
 *
 * `parse` receives the exact text PostgreSQL sent (never null: drivers handle SQL NULL before
 * calling it) and returns the JavaScript value of the DESIGN table. `serialize` turns a
 * JavaScript value into text that PostgreSQL reads back as the same value, or throws a
 * {@link PgExactValueError}; it never returns a lossy approximation.
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
}
