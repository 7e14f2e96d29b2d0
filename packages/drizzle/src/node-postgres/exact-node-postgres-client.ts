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
  const target = client as unknown as { query: QueryFn; connect: (...args: unknown[]) => unknown };
  return clientProxy(
    client,
    {
      // @pg-exact/pg's exactQuery: our parsers in front of drizzle's per-query `types` (exactTypes when
      // there are none), values serialized, the config copied, errors delivered the way pg does.
      query: (config: unknown, values?: unknown, callback?: unknown) =>
        exactQuery((...args) => target.query.call(target, ...args), config, values, callback, exactTypes),
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

/** pool.connect() resolves to a client (wrapped); client.connect() to nothing. */
function wrapConnected(value: unknown): unknown {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function'
    ? exactNodePgClient(value)
    : value;
}
