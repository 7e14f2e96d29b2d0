import { exactParsers, exactSerializers } from '@pg-exact/pglite';
import { clientProxy } from '../client-proxy.js';

interface PGliteLike {
  query(query: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
  transaction(callback: (tx: object) => Promise<unknown>): Promise<unknown>;
}

interface QueryOptions {
  parsers?: Record<number, unknown>;
  serializers?: Record<number, unknown>;
  [key: string]: unknown;
}

const proxies = new WeakMap<object, object>();
// drizzle builds one options object per prepared query and reuses it.
const exactOptionsCache = new WeakMap<object, QueryOptions>();
const noOptions: QueryOptions = exactQueryOptions(undefined);

function exactQueryOptions(options: QueryOptions | undefined): QueryOptions {
  return {
    ...options,
    parsers: { ...options?.parsers, ...exactParsers },
    serializers: { ...options?.serializers, ...exactSerializers },
  };
}

/**
 * The PGlite instance (or transaction) drizzle-orm's session is given instead of the user's. PGlite
 * merges per-query `parsers`/`serializers` over the instance's, and drizzle passes identity parsers
 * for timestamp, timestamptz, interval, date and their arrays and numeric[]: every `query()` gets
 * pg-exact's parsers and serializers for the codec OIDs on top of drizzle's. `transaction()` hands
 * drizzle a wrapped transaction. The instance itself is not modified.
 */
export function exactPGliteClient<P extends object>(pglite: P): P {
  const target = pglite as unknown as PGliteLike;
  return clientProxy(
    pglite,
    {
      query: (query: string, params?: unknown[], options?: QueryOptions) => {
        let exact = options === undefined ? noOptions : exactOptionsCache.get(options);
        if (exact === undefined) {
          exact = exactQueryOptions(options);
          exactOptionsCache.set(options!, exact);
        }
        return target.query(query, params, exact);
      },
      transaction: (callback: (tx: object) => Promise<unknown>) => target.transaction((tx) => callback(exactPGliteClient(tx))),
    },
    proxies,
  );
}
