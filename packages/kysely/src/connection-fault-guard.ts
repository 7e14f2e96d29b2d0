import { commitFailure, isConnectionLost, transactionEnd } from '@pg-exact/core';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

type ErrorListener = (error: Error) => void;

/** The slice of a node-postgres PoolClient the guard uses besides Kysely's `query`/`release`. */
interface EmittingClient extends PostgresPoolClient {
  on?(event: 'error', listener: ErrorListener): unknown;
  removeListener?(event: 'error', listener: ErrorListener): unknown;
}

/**
 * Kysely's driver checks clients out of the pool and holds them for a transaction, where the
 * user cannot reach them. node-postgres emits a connection lost meanwhile as an `'error'` event
 * on the client, and pg-pool listens only to idle clients: with nothing listening, the process
 * crashes. The pool handed to Kysely's driver gives it the pool's clients with an `'error'`
 * listener added at checkout and removed at release (the pool and its clients are otherwise
 * untouched: a proxy per client reads everything else through). pg has already rejected the
 * queries in flight; the client, no longer queryable, is discarded by the pool on release.
 *
 * Kysely's COMMIT (`'commit'`) on such a client rejects with a typed error saying what happened
 * to the transaction: {@link commitFailure} of `@pg-exact/core`.
 */
export function guardedPool(pool: PostgresPool): PostgresPool {
  const clients = new WeakMap<object, PostgresPoolClient>();
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'connect') {
        return async (...args: unknown[]) => {
          const client = (await (target.connect as (...a: unknown[]) => Promise<EmittingClient>)(...args));
          let guarded = clients.get(client);
          if (guarded === undefined) {
            guarded = guardedClient(client);
            clients.set(client, guarded);
          }
          (guarded as GuardedClient)[checkOut]();
          return guarded;
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const checkOut = Symbol('checkOut');

interface GuardedClient extends PostgresPoolClient {
  [checkOut](): void;
}

function guardedClient(client: EmittingClient): PostgresPoolClient {
  let lost: Error | undefined;
  const listener: ErrorListener = (error) => {
    lost ??= error;
  };
  // Why this checkout's connection must not serve again (its session lost, or a query timed out
  // client-side and still runs on it): Kysely releases without an error, and pg-pool would hand the
  // busy connection to the next checkout, whose query waits behind the old one.
  let broken: unknown;
  const outcome = new CommitOutcome();
  const query = (sqlOrCursor: unknown, ...rest: unknown[]): unknown => {
    // A checkout whose session was lost or whose query timed out is destroyed on release, which ends
    // its transaction on the server: its ROLLBACK is not sent (it would fail, or wait behind the
    // timed-out query), so Kysely rethrows what went wrong instead of the ROLLBACK's failure.
    if ((broken !== undefined || lost !== undefined) && transactionEnd(sqlOrCursor) === 'rollback') return Promise.resolve(rolledBack());
    const run = () => (client.query as (...a: unknown[]) => unknown)(sqlOrCursor, ...rest);
    const lostBefore = lost !== undefined;
    const result = outcome.track(sqlOrCursor, run, (error) => !lostBefore && !isRefusedUnsent(error));
    if (result instanceof Promise) {
      result.then(undefined, (error: unknown) => {
        if (isConnectionLost(error)) broken ??= error;
      });
    }
    return result;
  };
  const overrides: Record<PropertyKey, unknown> = {
    query,
    release: (...args: unknown[]) => {
      client.removeListener?.('error', listener);
      return (client.release as (...a: unknown[]) => unknown)(...(!args[0] && broken !== undefined ? [broken, ...args.slice(1)] : args));
    },
    [checkOut]: () => {
      lost = undefined;
      broken = undefined;
      outcome.reset();
      client.on?.('error', listener);
    },
  };
  return new Proxy(client, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as PostgresPoolClient;
}

/**
 * The end of a transaction on one connection: Kysely's `'commit'` rejects, on a lost connection,
 * with {@link commitFailure}'s typed error; Kysely then sends `'rollback'`, whose own error (the
 * connection is still lost) would replace it, so that one rejects with the COMMIT's error.
 */
export class CommitOutcome {
  #commitError: unknown;

  reset(): void {
    this.#commitError = undefined;
  }

  /** Runs `run` (the query `sql`); `sent(error)` says whether a failed COMMIT reached the wire. */
  track(sql: unknown, run: () => unknown, sent: (error: unknown) => boolean): unknown {
    const kind = transactionEnd(sql);
    if (kind === undefined) return run();
    return Promise.resolve(run()).catch((error: unknown) => {
      if (kind === 'commit') {
        const failure = commitFailure(error, sent(error));
        this.#commitError = failure === error ? undefined : failure;
        throw failure;
      }
      const commitError = this.#commitError;
      this.#commitError = undefined;
      throw commitError !== undefined && isConnectionLost(error) ? commitError : error;
    });
  }
}

/** What a ROLLBACK not sent answers (the connection is destroyed instead), as pg delivers a result. */
const rolledBack = () => ({ command: 'ROLLBACK', rowCount: null, oid: null, rows: [], fields: [] });

/** node-postgres refuses a query on a client whose connection is already lost without sending it. */
function isRefusedUnsent(error: unknown): boolean {
  return isConnectionLost(error) && error instanceof Error && / is not queryable$/.test(error.message);
}
