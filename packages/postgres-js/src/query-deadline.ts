/**
 * The client-side deadline `createSql` puts on a query when `query_timeout` is set.
 *
 * postgres.js 4 enforces `query_timeout` by cancelling the query, and a cancelled query whose
 * exchange is still waiting for the server's Describe reply (its parameters are untyped and the
 * pool has custom `types`, as every `createSql` pool has) is only marked halted: no cancel request,
 * no `cancel_timeout` watch. On a link that goes silent with its socket open (a stalled proxy, a
 * dead NAT entry) that query never settles. This deadline rejects it once postgres.js has had every
 * chance to (`query_timeout` + `cancel_timeout` + 1 s) and cancels it (public `query.cancel()`), so
 * the connection drops the exchange when the server's reply does arrive.
 */
export class PgExactQueryTimeoutError extends Error {
  override readonly name: string = 'PgExactQueryTimeoutError';
  /** postgres.js's own code for a query past `query_timeout`: one code to handle for both. */
  readonly code = 'QUERY_TIMEOUT';

  constructor(ms: number) {
    super(
      `The query got no answer within ${ms} ms (query_timeout + cancel_timeout + 1 s): the link to the server went silent ` +
        `while the query waited for its description; whether it ran is unknown`,
    );
  }
}

interface TimeoutOptions {
  query_timeout?: unknown;
  cancel_timeout?: unknown;
}

/** The deadline in ms for queries of `sql` (postgres.js's public `sql.options`), or undefined when `query_timeout` is off. */
export function queryDeadlineMs(sql: object): number | undefined {
  const options = (sql as { options?: TimeoutOptions }).options;
  const query = Number(options?.query_timeout);
  if (!(query > 0)) return undefined;
  const cancel = Number(options?.cancel_timeout);
  return Math.round((query + (cancel > 0 ? cancel : 0) + 1) * 1000);
}

/** `settled` raced against `ms`; on the deadline, rejects with {@link PgExactQueryTimeoutError} and calls `query.cancel()`. */
export function withDeadline(settled: Promise<unknown>, ms: number, query: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new PgExactQueryTimeoutError(ms));
      const cancel = (query as { cancel?: () => unknown }).cancel;
      if (typeof cancel === 'function') {
        try {
          const result = Reflect.apply(cancel, query, []);
          if (result instanceof Promise) result.catch(() => undefined);
        } catch {
          // cancelling is best effort: the rejection above is the answer
        }
      }
    }, ms);
    settled.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
