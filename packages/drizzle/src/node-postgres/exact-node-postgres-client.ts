import { exactTypes, serializeParameters, withExactParsers, type TypeParserSource } from '@pg-exact/pg';
import { clientProxy } from '../client-proxy.js';

type Callback = (error: Error | null, ...results: unknown[]) => void;
type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

const proxies = new WeakMap<object, object>();

/**
 * The node-postgres client (Pool, Client or PoolClient) drizzle-orm's session is given instead of
 * the user's: every `query()` gets pg-exact's parsers in front of the per-query `types` drizzle
 * passes (drizzle's own fall back to pg's process-wide registry and return timestamps/dates as
 * text), and its values serialized exactly (`serializeParameters` of `@pg-exact/pg`). The query
 * config drizzle passes is copied, the client is not modified, and clients checked out of a pool
 * (drizzle's transactions) are wrapped the same way.
 */
export function exactNodePgClient<C extends object>(client: C): C {
  const target = client as unknown as { query: QueryFn; connect: (...args: unknown[]) => unknown };
  return clientProxy(
    client,
    {
      query: (config: unknown, values?: unknown, callback?: unknown) => exactQuery(target, config, values, callback),
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

function exactQuery(target: { query: QueryFn }, config: unknown, values: unknown, callback: unknown): unknown {
  // Submittables (pg.Query, cursors) and misuse go to pg as they are.
  if ((typeof config !== 'string' && (typeof config !== 'object' || config === null)) || typeof (config as { submit?: unknown }).submit === 'function') {
    return target.query.call(target, config, values, callback);
  }
  const query: Record<string, unknown> = typeof config === 'string' ? { text: config } : { ...(config as Record<string, unknown>) };
  let done = callback;
  if (typeof values === 'function') done = values;
  else if (values !== undefined) query.values = values;
  try {
    query.types = isTypeParserSource(query.types) ? withExactParsers(query.types) : exactTypes;
    if (Array.isArray(query.values)) query.values = serializeParameters(query.values);
  } catch (error) {
    // Nothing was sent; delivered the way pg delivers a query's errors.
    if (typeof done === 'function') {
      process.nextTick(done as Callback, error);
      return undefined;
    }
    return Promise.reject(error as Error);
  }
  return typeof done === 'function' ? target.query.call(target, query, done) : target.query.call(target, query);
}

function isTypeParserSource(value: unknown): value is TypeParserSource {
  return typeof value === 'object' && value !== null && typeof (value as TypeParserSource).getTypeParser === 'function';
}
