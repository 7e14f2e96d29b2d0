import type pg from 'pg';
import { isTypeParserSource, withExactParsers } from './exact-types.js';
import { serializeParameters } from './parameter-serializer.js';

/** Sends a query the way `pg.Client#query` takes one: `(config)`, `(config, values, callback)`, … */
export type SendQuery = (config: unknown, values?: unknown, callback?: unknown) => unknown;

interface QueryConfigCopy {
  text?: unknown;
  values?: unknown;
  types?: unknown;
  binary?: unknown;
  callback?: unknown;
}

/**
 * Runs one `query(config, values?, callback?)` call of node-postgres exactly, through `send` (a
 * client's own query method): per-query `types` get the `@pg-exact/core` parsers in front
 * (`withExactParsers`), a config without `types` gets `defaultTypes` when given (for a client whose
 * own `types` are not pg-exact's), and the values are serialized exactly (`serializeParameters`).
 * Every call form of pg works; the caller's config, values and `types` are never modified (the
 * config is copied). A value that cannot be written is delivered the way pg delivers a query's
 * error (callback or rejected promise) and nothing is sent. Submittables (pg.Query, cursors) get
 * their result `types` wrapped and are otherwise passed on as they are.
 *
 * ExactClient's `query()` is this over `pg.Client#query`; an adapter that wraps a client it does
 * not own (e.g. `@pg-exact/drizzle`'s node-postgres driver) calls it with the client's method and
 * `exactTypes`.
 */
export function exactQuery(
  send: SendQuery,
  config: unknown,
  values?: unknown,
  callback?: unknown,
  defaultTypes?: pg.CustomTypesConfig,
): unknown {
  if (typeof config === 'object' && config !== null && typeof (config as pg.Submittable).submit === 'function') {
    exactSubmittableTypes(config);
    return send(config, values, callback);
  }
  if (typeof config !== 'string' && (typeof config !== 'object' || config === null)) {
    return send(config, values, callback); // pg reports the misuse its own way
  }

  // Normalized the way pg's normalizeQueryConfig does, into a copy: the caller's object is not modified.
  const query = typeof config === 'string' ? ({ text: config } as QueryConfigCopy) : copyQueryConfig(config);
  // A callback argument stays an argument (pg.Pool#query reads only that one); a config.callback stays in the copy.
  let done: unknown = callback;
  if (values) {
    if (typeof values === 'function') done = values;
    else define(query, 'values', values);
  }

  try {
    if (query.binary) {
      throw new TypeError('ExactClient: binary results are not supported; the exact parsers read text format');
    }
    if (isTypeParserSource(query.types)) define(query, 'types', withExactParsers(query.types));
    else if (defaultTypes !== undefined) define(query, 'types', defaultTypes);
    if (Array.isArray(query.values)) define(query, 'values', serializeParameters(query.values));
  } catch (error) {
    // Delivered the way pg delivers a query's errors; nothing was queued or sent.
    const report = done ?? query.callback;
    if (typeof report === 'function') {
      process.nextTick(report as (error: unknown) => void, error);
      return undefined;
    }
    if (report) throw new TypeError('callback is not a function');
    return Promise.reject(error as Error);
  }
  return done === undefined ? send(query) : send(query, undefined, done);
}

/** A copy with the same prototype and properties (getters included), every property redefinable. */
function copyQueryConfig(config: object): QueryConfigCopy {
  const descriptors = Object.getOwnPropertyDescriptors(config);
  for (const descriptor of Object.values(descriptors)) {
    descriptor.configurable = true;
    if ('value' in descriptor) descriptor.writable = true;
  }
  return Object.create(Object.getPrototypeOf(config) as object | null, descriptors) as QueryConfigCopy;
}

function define(target: QueryConfigCopy, key: keyof QueryConfigCopy, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * pg gives a submittable without result `types` the client's. One with its own `types` (pg.Query,
 * pg-cursor and pg-query-stream keep them on `_result._types`) gets them wrapped, the way pg itself
 * assigns `_result._types`; a submittable is single-use, and nothing else in it is changed. Its
 * values are left to it (pg-cursor prepares them when constructed, pg.Query with pg's own
 * prepareValue): pass them through `serializeParameters` first.
 */
function exactSubmittableTypes(submittable: object): void {
  const result = (submittable as { _result?: unknown })._result;
  if (typeof result !== 'object' || result === null) return;
  const holder = result as { _types?: unknown };
  if (isTypeParserSource(holder._types)) holder._types = withExactParsers(holder._types);
}
