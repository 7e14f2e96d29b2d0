/**
 * A Proxy over a driver client the user handed in: the named members are replaced, every other
 * property reads through to the client, and methods run with the client itself as `this` (so
 * private state and event emitters keep working). The client is never modified. One proxy per
 * client, so a pool's clients, transactions and `db.$client` comparisons stay stable.
 */
export function clientProxy<C extends object>(client: C, overrides: Readonly<Record<string, unknown>>, cache: WeakMap<object, object>): C {
  const known = cache.get(client);
  if (known) return known as C;
  const bound = new Map<PropertyKey, { source: unknown; bound: unknown }>();
  const proxy = new Proxy(client, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(overrides, key)) return overrides[key];
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

/** Whether drizzle-orm's `drizzle()` would take its first argument as a config object. */
export function isDrizzleConfig(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { constructor?: { name?: unknown } }).constructor?.name !== 'Object') return false;
  return ['client', 'connection', 'logger', 'schema', 'casing', 'cache'].some((key) => key in value);
}
