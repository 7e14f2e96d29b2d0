import { exactColumnDecoders045 } from './column-decoders-045.js';
import { exactCodecs } from './exact-codecs.js';

/**
 * A Proxy over a driver client the user handed in: the named members are replaced, every other
 * property reads through to the client, and methods run with the client itself as `this` (so
 * private state and event emitters keep working). The client is never modified. One proxy per
 * client, so a pool's clients, transactions and `db.$client` comparisons stay stable.
 */
export function clientProxy<C extends object>(client: C, overrides: Readonly<Record<PropertyKey, unknown>>, cache: WeakMap<object, object>): C {
  const known = cache.get(client);
  if (known) return known as C;
  const bound = new Map<PropertyKey, { source: unknown; bound: unknown }>();
  const proxy = new Proxy(client, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key];
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const cached = bound.get(key);
      if (cached?.source === value) return cached.bound;
      const fn = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(key, { source: value, bound: fn });
      return fn;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
  cache.set(client, proxy);
  cache.set(proxy, proxy);
  return proxy;
}

/** Whether drizzle-orm's `drizzle()` (0.45 or 1.0) would take its first argument as a config object. */
export function isDrizzleConfig(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { constructor?: { name?: unknown } }).constructor?.name !== 'Object') return false;
  if (Object.keys(value).length === 0) return true;
  return ['client', 'connection', 'logger', 'schema', 'casing', 'cache', 'relations', 'codecs', 'jit', 'paramsInErrors'].some(
    (key) => key in value,
  );
}

/**
 * A driver's `drizzle()` over drizzle-orm's `base`, taking drizzle-orm's argument forms: `(url,
 * config?)`, `({ client | connection, ...config })` or `(client, config?)` (0.45's; 1.0 dropped it)
 * — and, when `openWithoutArguments`, `()` (PGlite in memory). `open` makes a pinned client from a
 * URL or a `connection` (the driver's own forms); drizzle is handed `wrap(client)`, and `db.$client`
 * is the client itself (the one passed in, or the one made).
 *
 * `driverCodecs`: the driver's codecs on drizzle-orm 1.0 (`nodePgCodecs`…; undefined on 0.45), or
 * the user's `codecs` option, handed on as {@link exactCodecs} (the driver's documented option).
 */
export function exactDrizzle(
  base: (config: Record<string, unknown>) => unknown,
  open: (connection: unknown) => object,
  wrap: (client: object) => object,
  openWithoutArguments = false,
  driverCodecs?: object,
): (...params: unknown[]) => unknown {
  return (...params) => {
    const [first, second] = params;
    let client: object;
    let config: Record<string, unknown> | undefined;
    if (typeof first === 'string' || (first === undefined && openWithoutArguments)) {
      client = open(first);
      config = second as Record<string, unknown> | undefined;
    } else if (isDrizzleConfig(first)) {
      const { client: given, connection, ...rest } = first;
      client = given !== undefined ? (given as object) : open(connection);
      config = rest;
    } else {
      client = first as object;
      config = second as Record<string, unknown> | undefined;
    }
    const codecs = (config?.codecs ?? driverCodecs) as Parameters<typeof exactCodecs>[0] | undefined;
    const db = base({ ...config, ...(codecs === undefined ? {} : { codecs: exactCodecs(codecs) }), client: wrap(client) });
    (db as { $client: unknown }).$client = client;
    // drizzle-orm 0.45 (no driver codecs): string-mode timestamps decoded per column there.
    if (driverCodecs === undefined) exactColumnDecoders045(db);
    return db;
  };
}

/** drizzle-orm's `drizzle.mock(config?)` (no client), handed the same codecs as {@link exactDrizzle}. */
export function exactMock(baseMock: (config?: Record<string, unknown>) => unknown, driverCodecs?: object): (config?: Record<string, unknown>) => unknown {
  return (config) => {
    const codecs = (config?.codecs ?? driverCodecs) as Parameters<typeof exactCodecs>[0] | undefined;
    const db = baseMock(codecs === undefined ? config : { ...config, codecs: exactCodecs(codecs) });
    if (driverCodecs === undefined) exactColumnDecoders045(db);
    return db;
  };
}
