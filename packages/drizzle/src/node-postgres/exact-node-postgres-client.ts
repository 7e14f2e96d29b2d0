import { commitFailure, isConnectionLost } from '@pg-exact/core';
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
 * (drizzle's transactions) are wrapped the same way.
 */
export function exactNodePgClient<C extends object>(client: C): C {
  const target = client as unknown as EmittingClient;
  const state: ClientState = { lost: false, commitError: undefined };
  const listener = () => {
    state.lost = true;
  };
  return clientProxy(
    client,
    {
      // @pg-exact/pg's exactQuery: our parsers in front of drizzle's per-query `types` (exactTypes when
      // there are none), values serialized, the config copied, errors delivered the way pg does.
      query: (config: unknown, values?: unknown, callback?: unknown) => {
        const run = () => exactQuery((...args) => target.query.call(target, ...args), config, values, callback, exactTypes);
        return endOfTransaction(config) === undefined ? run() : endTransaction(state, config, run);
      },
      // A client checked out of a pool (drizzle's transaction) gets an 'error' listener while it is
      // out: pg-pool listens only to idle clients, and pg emits a lost connection as 'error', which
      // crashes the process when nothing listens. pg has rejected the queries in flight already.
      ...(typeof target.release === 'function'
        ? {
            release: (...args: unknown[]) => {
              target.removeListener?.('error', listener);
              return target.release!(...args);
            },
            [checkOut]: () => {
              state.lost = false;
              state.commitError = undefined;
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
    proxies,
  );
}

/** pool.connect() resolves to a client (wrapped, guarded while checked out); client.connect() to nothing. */
function wrapConnected(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as { query?: unknown }).query !== 'function') return value;
  const wrapped = exactNodePgClient(value);
  (wrapped as { [checkOut]?: () => void })[checkOut]?.();
  return wrapped;
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
}

/** `'commit'` or `'rollback'` when the query is drizzle's end of a transaction. */
function endOfTransaction(config: unknown): 'commit' | 'rollback' | undefined {
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
  // drizzle sends `commit` / `rollback` as they are; a long text (a multi-row INSERT) is neither, and
  // is not run through the regex (which would first flatten a concatenated string of many KB).
  if (typeof text !== 'string' || text.length > 64) return undefined;
  const match = /^\s*(commit|rollback)\s*;?\s*$/i.exec(text);
  return match ? (match[1]!.toLowerCase() as 'commit' | 'rollback') : undefined;
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
