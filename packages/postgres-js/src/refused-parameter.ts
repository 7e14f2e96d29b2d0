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

/**
 * Marks a refused parameter; random per process so that no real value carries it by chance. Letters,
 * digits and `_` only: PostgreSQL's JSON parser then quotes the whole token in its error detail
 * (`Token "pgexact_…_7" is invalid.`), as the other types' input functions quote the whole text.
 */
const MARK = `pgexact_${randomBytes(4).toString('hex')}_`;
const TOKEN = new RegExp(`${MARK}\\d+`);
/** What the server says for an untyped or text parameter it could not read: it names the parameter. */
const PARAMETER_CONTEXT = /\bparameter \$(\d+)\b/;

interface Refusal {
  /** What the serializer threw. */
  readonly error: unknown;
  /** The value the serializer was given: the parameter's value as postgres.js holds it. */
  readonly value: unknown;
  /** Refused into a type that takes any text (the U+0000 form, which the server does not quote). */
  readonly anyText: boolean;
}

/** The last refusals, for recovery; bounded, as nobody may ever recover them under exactOptions() alone. */
const refusals = new Map<string, Refusal>();
const MAX_REFUSALS = 64;
let counter = 0;

/**
 * The text sent instead of a value a serializer refused: `pgexact_…_n: <reason>`, which no pg-exact
 * type accepts as input (the server answers `invalid input syntax for type … "pgexact_…: <reason>"`).
 * For types that accept any text (`text`, `varchar`) it starts with U+0000, which PostgreSQL refuses
 * in every text parameter (22021).
 */
export function refusedParameter(error: unknown, anyTextIsValid = false, value?: unknown): string {
  const token = MARK + String(++counter);
  refusals.set(token, { error, value, anyText: anyTextIsValid });
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
      return refusedParameter(error, anyTextIsValid, value);
    }
  };
}

/** The parts of a postgres.js query error this reads (postgres.js documents them all). */
interface QueryError {
  skipped?: unknown;
  parameters?: unknown;
  message?: unknown;
  detail?: unknown;
  where?: unknown;
}

/**
 * The error a query should reject with: when the server refused a parameter pg-exact had replaced,
 * the original PgExactValueError, located at the parameter (`$2`, `$2.items[0].price`); otherwise
 * `error` itself. createSql() applies it to every query; with exactOptions() alone, apply it where
 * you catch errors. The last 64 refusals are kept for it.
 *
 * It reads what postgres.js documents on a query error: `parameters` (postgres.js 3 holds the texts
 * sent there, 4 the values given) and the server's `message`, `detail` and `where`, which quote the
 * refused text or name the parameter.
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
  if (typeof error !== 'object' || error === null) return error;
  const { skipped, parameters, message, detail, where } = error as QueryError;
  // postgres.js 4's sql.batch rejects the other queries with a copy of the failed one's error,
  // marked skipped: their own values were not refused.
  if (!Array.isArray(parameters) || skipped === true) return error;
  const found = fromSentTexts(parameters) ?? fromServerText(parameters, [message, detail, where]);
  if (found === undefined) return error;
  // Kept (the map is bounded): postgres.js may reject a query and then its transaction with the
  // same server error, and both must come back as the same refusal.
  const { error: refused } = found.refusal;
  if (!(refused instanceof PgExactValueError)) return refused;
  return found.index === undefined ? refused : refused.within(`$${found.index + 1}`);
}

interface Found {
  refusal: Refusal;
  index: number | undefined;
}

/** The parameters as sent (postgres.js 3 keeps the serialized texts): the token is in one of them. */
function fromSentTexts(parameters: readonly unknown[]): Found | undefined {
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index];
    const token = typeof parameter === 'string' ? TOKEN.exec(parameter)?.[0] : undefined;
    const refusal = token === undefined ? undefined : refusals.get(token);
    if (refusal !== undefined) return { refusal, index };
  }
  return undefined;
}

/**
 * The parameters as given (postgres.js 4 keeps the values): the server's message quotes the refused
 * text, so the token says which refusal it was, and the parameter holding the refused value is the
 * one. A text parameter's U+0000 is reported without the text but with the parameter's number.
 */
function fromServerText(parameters: readonly unknown[], texts: readonly unknown[]): Found | undefined {
  const said = texts.filter((text): text is string => typeof text === 'string').join('\n');
  const token = TOKEN.exec(said)?.[0];
  if (token !== undefined) {
    const refusal = refusals.get(token);
    if (refusal === undefined) return undefined;
    const index = parameters.findIndex((parameter) => Object.is(parameter, refusal.value));
    return { refusal, index: index === -1 ? undefined : index };
  }
  const position = PARAMETER_CONTEXT.exec(said)?.[1];
  if (position === undefined) return undefined;
  const index = Number(position) - 1;
  if (!(index in parameters)) return undefined;
  for (const refusal of refusals.values()) {
    if (refusal.anyText && Object.is(refusal.value, parameters[index])) return { refusal, index };
  }
  return undefined;
}
