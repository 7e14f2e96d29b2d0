import { commitFailure, isConnectionLost, PgExactNotCommittedError } from '@pg-exact/core';

/**
 * For `sql.begin(…, fn)` (postgres.js sends BEGIN, runs `fn`, sends COMMIT): the arguments to pass
 * to postgres.js's `begin` (`fn` handed `wrapInner(sql)` of the transaction's `sql`), and the error
 * its rejection should become, saying what became of the transaction when its connection was lost
 * (postgres.js rejects with CONNECTION_CLOSED / CONNECTION_DESTROYED or the server's 57P01 wherever
 * that happens; the driver's error is kept as `cause`):
 * - lost while `fn` ran, or found lost by one of its queries (`wasLost(sql)`):
 *   `PgExactNotCommittedError` — COMMIT was never sent, the server rolls back;
 * - lost once `fn` had finished, around COMMIT: `PgExactCommitUnknownError`.
 * BEGIN failing (no server) or the server's own refusals pass unchanged.
 */
export function transactionOutcome(
  args: readonly unknown[],
  wrapInner: (sql: object) => object,
  wasLost: (sql: object) => boolean,
): { args: unknown[]; mapError: (error: unknown) => unknown } {
  let inner: object | undefined;
  let finished = false;
  const last = args.length - 1;
  const withInner = args.map((arg, i) =>
    i === last && typeof arg === 'function'
      ? (sql: object) => {
          inner = sql;
          const result: unknown = (arg as (s: object) => unknown)(wrapInner(sql));
          // Returned as it is: postgres.js runs a returned array of queries itself.
          if (typeof (result as { then?: unknown } | null)?.then !== 'function') {
            finished = true;
            return result;
          }
          return Promise.resolve(result).then((value) => {
            finished = true;
            return value;
          });
        }
      : arg,
  );
  const mapError = (error: unknown): unknown => {
    if (inner === undefined || !isConnectionLost(error)) return error;
    return finished ? commitFailure(error, !wasLost(inner)) : new PgExactNotCommittedError(error);
  };
  return { args: withInner, mapError };
}
