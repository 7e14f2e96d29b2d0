import { builtinArrayTypes, type Codec, codecs, isConnectionLost, isDecimal } from '@pg-exact/core';
import { ParameterConverter, type Typed } from './parameter-converter.js';
import { queryDeadlineMs, withDeadline } from './query-deadline.js';
import { recoverValueError } from './refused-parameter.js';
import { transactionOutcome } from './transaction-outcome.js';

/** The parts of a postgres.js `sql` function the wrapper touches; everything else passes through. */
interface SqlFunction {
  (...args: unknown[]): unknown;
  typed: Typed;
  unsafe(...args: unknown[]): unknown;
  file(...args: unknown[]): unknown;
  array(...args: unknown[]): unknown;
  begin(...args: unknown[]): Promise<unknown>;
  savepoint(...args: unknown[]): Promise<unknown>;
  reserve(...args: unknown[]): Promise<SqlFunction>;
  batch(...args: unknown[]): unknown;
}

const codecByOid = new Map<number, Codec<unknown, never>>();
const arrayOids = new Set<number>();
for (const codec of Object.values(codecs) as Codec<unknown, never>[]) {
  codecByOid.set(codec.oid, codec);
  arrayOids.add(codec.arrayOid);
}

// Built-in element OID → its array OID. postgres.js 3's sql.array finds the array type in a map it
// fills only for array types without a parser and serializer of the user's; exactOptions() gives every
// built-in array one (NULL elements), so sql.array resolves the array type here instead.
const builtinArrayOf = new Map<number, number>([...builtinArrayTypes].map(([array, [element]]) => [element, array]));
const TIMESTAMPTZ_OID = codecs.timestamptz.oid;
const INT8_OID = codecs.int8.oid;
const NUMERIC_OID = codecs.numeric.oid;

const wrapped = new WeakMap<object, object>();
/** The `sql`s (a transaction's, mostly) on which a query found the connection lost. */
const lostOn = new WeakSet<object>();

/**
 * Makes a postgres.js query, or the promise of `sql.begin`, `savepoint` or `reserve`, settle through
 * `mapError` (and `mapValue`), keeping what the caller can do with it.
 *
 * - A query (postgres.js's Promise subclass, with `.values()`, `.cursor()`, `.cancel()`…) stays the
 *   same object; only its `then` is replaced, for this object. `await`, `.catch`, `.finally` and
 *   `Promise.all` all go through `then`: `await` looks `then` up on anything that is not a plain
 *   Promise, and Promise's `catch`/`finally` call it.
 * - A plain Promise (`await` would not look `then` up on it) becomes a new promise of the mapped
 *   outcome that carries its own methods (postgres.js 4's `.cancel()` and `.signal()`).
 */
function settledThrough<P>(
  promise: P,
  mapError: (error: unknown) => unknown,
  mapValue?: (value: unknown) => unknown,
  deadlineMs?: number,
): P {
  if (!(promise instanceof Promise)) return promise;
  type Then = (onFulfilled?: ((value: unknown) => unknown) | null, onRejected?: ((error: unknown) => unknown) | null) => Promise<unknown>;
  const then = (promise as { then: Then }).then;
  // With a deadline, the query runs once (postgres.js runs it on the first `then`) and every
  // `then` reads that one race; `forEach` streams rows for as long as they come: no deadline.
  let raced: Promise<unknown> | undefined;
  let streaming = false;
  const source: Then = (onFulfilled, onRejected) =>
    deadlineMs === undefined || streaming
      ? then.call(promise, onFulfilled, onRejected)
      : (raced ??= withDeadline(then.call(promise), deadlineMs, promise)).then(onFulfilled, onRejected);
  const settle = (onFulfilled?: ((value: unknown) => unknown) | null, onRejected?: ((error: unknown) => unknown) | null) =>
    source(
      mapValue ? (value) => (onFulfilled ? onFulfilled(mapValue(value)) : mapValue(value)) : onFulfilled,
      (error) => {
        const mapped = mapError(error);
        if (onRejected) return onRejected(mapped);
        throw mapped;
      },
    );
  if (Object.getPrototypeOf(promise) !== Promise.prototype) {
    Object.defineProperty(promise, 'then', { configurable: true, writable: true, value: settle });
    const forEach = (promise as { forEach?: unknown }).forEach;
    if (deadlineMs !== undefined && typeof forEach === 'function') {
      Object.defineProperty(promise, 'forEach', {
        configurable: true,
        writable: true,
        value: (...args: unknown[]) => {
          streaming = true;
          return Reflect.apply(forEach, promise, args);
        },
      });
    }
    return promise;
  }
  const next = settle() as Promise<unknown> & Record<string, unknown>;
  for (const [key, method] of Object.entries(promise)) {
    if (typeof method !== 'function') continue;
    next[key] = (...args: unknown[]) => {
      const result: unknown = Reflect.apply(method, promise, args);
      return result === promise ? next : result;
    };
  }
  return next as P;
}

/** recoverValueError, keeping the position `sql.batch` gives the failed query in `error.index`. */
function keepingIndex(error: unknown): unknown {
  const recovered = recoverValueError(error);
  const index = (error as { index?: unknown } | null)?.index;
  if (recovered !== error && typeof index === 'number') Object.defineProperty(recovered, 'index', { value: index, enumerable: true });
  return recovered;
}

function isTemplate(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && Array.isArray((value as Partial<TemplateStringsArray>).raw);
}

/**
 * Wraps a postgres.js `sql` (the pool's, a transaction's, a savepoint's or a reserved connection's)
 * so that parameters are converted by {@link ParameterConverter} before postgres.js infers their
 * types. It is a Proxy: every property and helper of `sql` stays available and unchanged, except
 * the entry points that take parameters or hand out another `sql`, which are wrapped in turn.
 */
export function exactSql<S extends object>(sql: S, inheritedDeadlineMs?: number): S {
  const known = wrapped.get(sql);
  if (known) return known as S;
  const target = sql as unknown as SqlFunction;
  const convert = new ParameterConverter(target.typed);
  // unsafe(text, params?, options?) and file(path, params?, options?): the same arguments, params converted.
  const withValues = (args: unknown[]): unknown[] =>
    args.length > 1 && Array.isArray(args[1]) ? [args[0], args[1].map((value: unknown) => convert.value(value)), ...args.slice(2)] : args;
  // The client-side query deadline (query-deadline.ts), when `query_timeout` is set. The `sql` of a
  // transaction, savepoint or reserved connection has no `options`: it keeps its pool's.
  const deadlineMs = queryDeadlineMs(target) ?? inheritedDeadlineMs;
  const inner = <I extends object>(sql: I): I => exactSql(sql, deadlineMs);
  // The last function argument of begin/savepoint receives the inner `sql`: hand it a wrapped one.
  const wrapCallback = (args: unknown[]): unknown[] =>
    args.map((arg, i) =>
      i === args.length - 1 && typeof arg === 'function' ? (sql: object) => (arg as (s: object) => unknown)(inner(sql)) : arg,
    );

  // A query rejecting with the PgExactValueError behind a parameter the server refused (see
  // refused-parameter.ts); a lost connection noted, for the outcome of the transaction.
  const mapError = (error: unknown): unknown => {
    if (isConnectionLost(error)) lostOn.add(target);
    return recoverValueError(error);
  };
  const recovering = <P>(result: P): P => settledThrough(result, mapError);
  // A query (tagged template, unsafe, file) also gets the deadline.
  const querying = <P>(query: P): P => settledThrough(query, mapError, undefined, deadlineMs);

  // postgres.js 4's fragment.join(items): the items that are values become parameters.
  const joining = <Q>(fragment: Q): Q => {
    const join = (fragment as { join?: unknown }).join;
    if (typeof join !== 'function') return fragment;
    Object.defineProperty(fragment, 'join', {
      configurable: true,
      writable: true,
      value: (items: Iterable<unknown>) =>
        joining(recovering(Reflect.apply(join, fragment, [Array.from(items, (item) => convert.value(item))]) as unknown)),
    });
    return fragment;
  };

  const overrides: Record<string, unknown> = {
    unsafe: (...args: unknown[]) => querying(target.unsafe(...withValues(args))),
    file: (...args: unknown[]) => querying(target.file(...withValues(args))),
    // postgres.js 4 rejects a transaction with the error of any query in it that failed, caught or not.
    begin: (...args: unknown[]) => beginWithOutcome(target, args, inner),
    savepoint: (...args: unknown[]) =>
      recovering(
        isTemplate(args[0])
          ? target.savepoint((sql: object) => (inner(sql) as SqlFunction)(...args))
          : target.savepoint(...wrapCallback(args)),
      ),
    // postgres.js 4: the batch rejects with the error of the query that failed, at `error.index`.
    batch: (...args: unknown[]) => settledThrough(target.batch(...args), keepingIndex),
    // The promise itself, so that postgres.js 4's `.cancel()` and `.signal()` on it keep working.
    reserve: (...args: unknown[]) => settledThrough(target.reserve(...args), (error) => error, (reserved) => inner(reserved as object)),
    array: function array(value: unknown, type?: number): unknown {
      // postgres.js 4 removed sql.array (it throws ARRAY_REMOVED): so does this. 3's is replaced below
      // where its array type would be wrong.
      // eslint-disable-next-line prefer-rest-params
      const vanilla = Reflect.apply(target.array, target, arguments);
      // sql.array(1, 2, 3) means sql.array([1, 2, 3]), as in postgres.js.
      // eslint-disable-next-line prefer-rest-params
      if (!Array.isArray(value)) return array(Array.from(arguments));
      const oid = type ?? inferredElementOid(value);
      if (oid === undefined) {
        // Strings, numbers, booleans, bytes: the array type postgres.js 3 would give them (it types
        // the elements as their first value: boolean, bytea, else text).
        const arrayOid = builtinArrayOf.get(value.length === 0 ? 0 : postgresJsElementOid(value));
        return arrayOid === undefined ? vanilla : target.typed(value, arrayOid);
      }
      // The server decides for Dates (see ParameterConverter) and Decimals (numeric, int or float).
      if (type === undefined && oid !== INT8_OID) return target.typed(value, 0);
      const codec = codecByOid.get(oid);
      if (codec) return target.typed(value, codec.arrayOid);
      if (arrayOids.has(oid)) return target.typed(value, oid);
      const arrayOid = builtinArrayOf.get(oid);
      return arrayOid === undefined ? vanilla : target.typed(value, arrayOid);
    },
  };
  // Functions are created once per wrapper, so `sql.unsafe === sql.unsafe` still holds.
  const proxy = new Proxy(target, {
    apply(fn, thisArg, args: unknown[]) {
      const [first, ...rest] = args;
      return isTemplate(first)
        ? joining(querying(Reflect.apply(fn, thisArg, [first, ...rest.map((value) => convert.value(value))])))
        : Reflect.apply(fn, thisArg, [convert.helperInput(first), ...rest]);
    },
    get(fn, key) {
      return typeof key === 'string' && Object.hasOwn(overrides, key) && key in fn ? overrides[key] : Reflect.get(fn, key);
    },
  });
  wrapped.set(sql, proxy);
  wrapped.set(proxy, proxy);
  return proxy as unknown as S;
}

/** `sql.begin(…, fn)` rejecting with what became of the transaction when its connection was lost. */
function beginWithOutcome(target: SqlFunction, args: unknown[], wrapInner: (sql: object) => object): Promise<unknown> {
  const outcome = transactionOutcome(args, wrapInner, (sql) => lostOn.has(sql));
  return settledThrough(target.begin(...outcome.args), (error) => outcome.mapError(recoverValueError(error)));
}

/**
 * The element OID `sql.array(values)` should get when pg-exact handles it: int8 for bigints,
 * timestamptz for Dates and numeric for Decimals (both then sent untyped); undefined to leave the
 * array to postgres.js (strings, numbers, booleans…). Looks at the first non-null element.
 */
/** The element OID postgres.js 3's sql.array infers from the first element: bool, bytea, else text. */
function postgresJsElementOid(values: readonly unknown[]): number {
  let first: unknown = values[0];
  while (Array.isArray(first)) first = first[0];
  return typeof first === 'boolean' ? 16 : first instanceof Uint8Array ? 17 : 25;
}

function inferredElementOid(values: readonly unknown[]): number | undefined {
  let first: unknown = values.find((value) => value !== null);
  while (Array.isArray(first)) first = first.find((value: unknown) => value !== null);
  if (typeof first === 'bigint') return INT8_OID;
  if (first instanceof Date) return TIMESTAMPTZ_OID;
  if (isDecimal(first)) return NUMERIC_OID;
  return undefined;
}
