import { randomBytes } from 'node:crypto';
import { PgExactValueError } from '@pg-exact/core';

/*
 * Why serializers never throw here: postgres.js runs them while it files a query into the
 * connection (`execute()` → Bind). If one throws while another query is pipelined on the same
 * connection, postgres.js 3.4.x rejects the *other* query with the error and never settles the
 * failing one, and the connection hangs (porsager/postgres#1082; its own UNDEFINED_VALUE error does
 * the same). So a refused value is replaced by a text the server is certain to reject at Bind
 * (before anything executes), and the error rides on the server's normal error path, which
 * postgres.js handles correctly; createSql() swaps the PgExactValueError back in.
 */

/** Marks a refused parameter; random per process so that no real value carries it by chance. */
const MARK = `pg-exact#${randomBytes(4).toString('hex')}-`;
const TOKEN = new RegExp(`${MARK}\\d+`);
/** Refusals not (yet) recovered; bounded, as nobody recovers them under exactOptions() alone. */
const refusals = new Map<string, unknown>();
const MAX_REFUSALS = 64;
let counter = 0;

/**
 * The text sent instead of a value a serializer refused: `pg-exact#…-n: <reason>`, which no pg-exact
 * type accepts as input (the server answers `invalid input syntax for type … "pg-exact#…: <reason>"`).
 * For types that accept any text (`text`, `varchar`) it starts with U+0000, which PostgreSQL refuses
 * in every text parameter (22021).
 */
export function refusedParameter(error: unknown, anyTextIsValid = false): string {
  const token = MARK + String(++counter);
  refusals.set(token, error);
  if (refusals.size > MAX_REFUSALS) refusals.delete(refusals.keys().next().value!);
  const reason = error instanceof Error ? error.message : String(error);
  return `${anyTextIsValid ? '\u0000' : ''}${token}: ${reason}`;
}

/**
 * A serializer that returns {@link refusedParameter} instead of throwing.
 */
export function neverThrows(serialize: (value: unknown) => string, anyTextIsValid = false): (value: unknown) => string {
  return (value) => {
    try {
      return serialize(value);
    } catch (error) {
      return refusedParameter(error, anyTextIsValid);
    }
  };
}

/**
 * The error a query should reject with: when the server refused a parameter pg-exact had replaced
 * (postgres.js attaches the sent parameters to the error), the original PgExactValueError, located
 * at the parameter (`$2`, `$2.items[0].price`); otherwise `error` itself. createSql() applies it
 * to every query; with exactOptions() alone, apply it where you catch errors. The last 64
 * refusals are kept for it.
 *
 * ```ts
 * import postgres from 'postgres';
 * import { exactOptions, recoverValueError } from '@pg-exact/postgres-js';
 *
 * const sql = postgres(url, exactOptions());
 * await sql`INSERT INTO t (id) VALUES (${2n ** 64n})`.catch((error) => {
 *   throw recoverValueError(error); // PgExactValueError: int8: 18446744073709551616n is out of range … (at $1)
 * });
 * ```
 */
export function recoverValueError(error: unknown): unknown {
  const parameters = (error as { parameters?: unknown } | null)?.parameters;
  if (!Array.isArray(parameters)) return error;
  for (let i = 0; i < parameters.length; i++) {
    const parameter: unknown = parameters[i];
    if (typeof parameter !== 'string' || !parameter.includes(MARK)) continue;
    const token = TOKEN.exec(parameter)?.[0];
    const refused = token === undefined ? undefined : refusals.get(token);
    if (refused === undefined) continue;
    refusals.delete(token!);
    return refused instanceof PgExactValueError ? refused.within(`$${i + 1}`) : refused;
  }
  return error;
}
