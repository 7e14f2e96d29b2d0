import { commitFailure, isConnectionLost, transactionEnd } from '@pg-exact/core';
import { exactQuery, exactTypes } from '@pg-exact/pg';
import { clientProxy } from '../client-proxy.js';

type Callback = (error: Error | null, ...results: unknown[]) => void;
type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

const proxies = new WeakMap<object, object>();

/**
 * The node-postgres client (Pool, Client or PoolClient) drizzle-orm's session is given instead of
 * the user's: every `query()` gets pg-exact's parsers in front of the per-query `types` drizzle
 * passes (drizzle's own fall back to pg's process-wide registry and return timestamps/dates as
 * text), and its values serialized exactly (`exactQuery` of `@pg-exact/pg`). The query config
 * drizzle passes is copied, the client is not modified, and clients checked out of a pool
 * (drizzle's transactions) are wrapped the same way, each checkout on its own: released exactly
 * once (also when drizzle's BEGIN fails), with its error when the connection is unfit.
 */
export function exactNodePgClient<C extends object>(client: C): C {
  return wrap(client, proxies);
}

function wrap<C extends object>(client: C, cache: WeakMap<object, object>): C {
  const target = client as unknown as EmittingClient;
  const state: ClientState = { lost: false, commitError: undefined, broken: undefined, released: undefined, fresh: true };
  const listener = () => {
    state.lost = true;
  };
  const checkedOut = typeof target.release === 'function';
  const release = (...args: unknown[]) => {
    if (state.released) return undefined; // released already, when its BEGIN failed
    state.released = { error: undefined };
    target.removeListener?.('error', listener);
    // A connection that lost its session or timed out client-side goes back with the error, so
    // pg-pool destroys it (drizzle 0.45 releases without one: a timed-out query would still be running
    // on it, and the next checkout would queue behind it).
    return target.release!(...(!args[0] && state.broken !== undefined ? [state.broken, ...args.slice(1)] : args));
  };
  return clientProxy(
    client,
    {
      // @pg-exact/pg's exactQuery: our parsers in front of drizzle's per-query `types` (exactTypes when
      // there are none), values serialized, the config copied, errors delivered the way pg does.
      query: (config: unknown, values?: unknown, callback?: unknown) => {
        if (state.released) return afterRelease(state.released.error, values, callback);
        // Only a checkout's first query can be drizzle's BEGIN (a BEGIN sent inside its transaction is not).
        const begin = state.fresh && isBegin(config);
        state.fresh = false;
        const run = () => exactQuery((...args) => target.query.call(target, ...args), config, values, callback, exactTypes);
        const end = endOfTransaction(config);
        // A checkout whose session was lost or whose query timed out is destroyed on release, which
        // ends its transaction on the server: its ROLLBACK is not sent (it would fail, or wait behind
        // the timed-out query), so drizzle rethrows what went wrong, not the ROLLBACK's failure (as
        // drizzle-orm 1.0.0-rc.5 does).
        if (checkedOut && end === 'rollback' && (state.broken !== undefined || state.lost)) return rolledBack(values, callback);
        const result = end === undefined ? run() : endTransaction(state, config, run);
        if (!checkedOut || !(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (isConnectionLost(error) || end === 'rollback') state.broken ??= error;
          // drizzle-orm 0.45 sends BEGIN before the try/finally that releases the client: a failed
          // BEGIN would keep the client checked out for good (drizzle-orm#6241), and a few of them
          // exhaust the pool. It is released here; drizzle has no further use for it (1.0.0-rc.5
          // releases it too: that second release is a no-op).
          if (begin) {
            release();
            state.released = { error };
          }
          throw error;
        });
      },
      // A client checked out of a pool (drizzle's transaction) gets an 'error' listener while it is
      // out: pg-pool listens only to idle clients, and pg emits a lost connection as 'error', which
      // crashes the process when nothing listens. pg has rejected the queries in flight already.
      ...(checkedOut
        ? {
            release,
            [checkOut]: () => {
              target.on?.('error', listener);
            },
          }
        : {}),
      connect: (...args: unknown[]) => {
        const last = args[args.length - 1];
        if (typeof last === 'function') {
          // pool.connect((error, client, release) => …)
          const done = last as Callback;
          return target.connect(...args.slice(0, -1), (error: Error | null, connected?: unknown, ...rest: unknown[]) =>
            done(error, wrapConnected(connected), ...rest),
          );
        }
        const result = target.connect(...args);
        return result instanceof Promise ? result.then(wrapConnected) : result;
      },
    },
    cache,
  );
}

/**
 * pool.connect() resolves to a client: wrapped afresh for this checkout (its own state, released
 * once) and guarded while it is out; client.connect() resolves to nothing.
 */
function wrapConnected(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as { query?: unknown }).query !== 'function') return value;
  const wrapped = wrap(value, new WeakMap());
  (wrapped as { [checkOut]?: () => void })[checkOut]?.();
  return wrapped;
}

/**
 * A query through a checkout that was released (its BEGIN failed): it never reaches the client, which
 * may be someone else's by now. It rejects with the BEGIN's error (a drizzle-orm that answers a
 * failed BEGIN with ROLLBACK then rethrows what the BEGIN met).
 */
function afterRelease(error: unknown, values: unknown, callback: unknown): unknown {
  const failure = error ?? new Error('pg-exact: this pooled client was released to the pool; check out another');
  const done = typeof values === 'function' ? values : callback;
  if (typeof done === 'function') {
    process.nextTick(() => (done as Callback)(failure as Error));
    return undefined;
  }
  return Promise.reject(failure);
}

/** The answer to a ROLLBACK not sent (the connection is destroyed instead), as pg delivers a result. */
function rolledBack(values: unknown, callback: unknown): unknown {
  const result = { command: 'ROLLBACK', rowCount: null, oid: null, rows: [], fields: [] };
  const done = typeof values === 'function' ? values : callback;
  if (typeof done === 'function') {
    process.nextTick(() => (done as Callback)(null, result));
    return undefined;
  }
  return Promise.resolve(result);
}

const checkOut = Symbol('checkOut');

interface EmittingClient {
  query: QueryFn;
  connect: (...args: unknown[]) => unknown;
  release?: (...args: unknown[]) => unknown;
  on?(event: 'error', listener: () => void): unknown;
  removeListener?(event: 'error', listener: () => void): unknown;
}

interface ClientState {
  /** The connection was lost since checkout (an 'error' event). */
  lost: boolean;
  /** What the last COMMIT was refused with, when the connection was lost. */
  commitError: unknown;
  /** Why this checkout's connection must not go back to the pool (a lost session, a client-side timeout, a failed ROLLBACK). */
  broken: unknown;
  /** Set once the checkout was released; `error`: the BEGIN failure that released it. */
  released: { error: unknown } | undefined;
  /** No query has been sent through this checkout yet. */
  fresh: boolean;
}

/** The SQL text of what drizzle passes to `query` (a string or a query config). */
function queryText(config: unknown): unknown {
  return typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
}

/** drizzle's `begin` (with its transaction config): the first query of a transaction. */
function isBegin(config: unknown): boolean {
  const text = queryText(config);
  return typeof text === 'string' && text.length <= 200 && /^\s*begin\b/i.test(text);
}

/** `'commit'` or `'rollback'` when the query is drizzle's end of a transaction (sent as they are). */
function endOfTransaction(config: unknown): 'commit' | 'rollback' | undefined {
  return transactionEnd(queryText(config));
}

/**
 * drizzle's COMMIT on a lost connection rejects with what it means for the transaction
 * (`commitFailure` of @pg-exact/core). drizzle then sends ROLLBACK, whose error would replace that
 * one: on the same lost connection it rejects with the COMMIT's error instead.
 */
function endTransaction(state: ClientState, config: unknown, run: () => unknown): unknown {
  const result = run();
  if (!(result instanceof Promise)) return result;
  const lostBefore = state.lost;
  if (endOfTransaction(config) === 'commit') {
    return result.catch((error: unknown) => {
      const failure = commitFailure(error, !lostBefore && !(error instanceof Error && / is not queryable$/.test(error.message)));
      if (failure !== error) state.commitError = failure;
      throw failure;
    });
  }
  return result.catch((error: unknown) => {
    const commitError = state.commitError;
    state.commitError = undefined;
    throw commitError !== undefined && isConnectionLost(error) ? commitError : error;
  });
}
