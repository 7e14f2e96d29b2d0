import { serializeUntyped } from '@pg-exact/core';

/**
 * Writes a parameter whose type is not one of the core codec types (text, varchar, a domain, an
 * enum, uuid, a user type…) as text by its JavaScript type, with the same rules as
 * `@pg-exact/pg` and `@pg-exact/postgres-js`: `serializeUntyped` from `@pg-exact/core`.
 * A top-level array is an array literal; functions, symbols and `undefined` inside arrays are
 * refused with a PgExactValueError.
 *
 * ```ts
 * import { serializeParameter } from '@pg-exact/pglite';
 * serializeParameter(new Date('2024-01-01T00:00:00Z')); // '2024-01-01 00:00:00.000000+00'
 * serializeParameter({ id: 12345678901234567890n });    // '{"id":12345678901234567890}'
 * ```
 */
export const serializeParameter: (value: unknown) => string = serializeUntyped;
