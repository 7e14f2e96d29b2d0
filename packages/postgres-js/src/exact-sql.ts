import { type Codec, codecs, isDecimal } from '@pg-exact/core';
import { ParameterConverter, type Typed } from './parameter-converter.js';
import { recoverValueError } from './refused-parameter.js';

/** The parts of a postgres.js `sql` function the wrapper touches; everything else passes through. */
interface SqlFunction {
  (...args: unknown[]): unknown;
  typed: Typed;
  unsafe(...args: unknown[]): unknown;
  file(...args: unknown[]): unknown;
  array(...args: unknown[]): unknown;
  begin(...args: unknown[]): Promise<unknown>;
  savepoint(...args: unknown[]): Promise<unknown>;
  reserve(): Promise<SqlFunction>;
}

const codecByOid = new Map<number, Codec<unknown, never>>();
const arrayOids = new Set<number>();
for (const codec of Object.values(codecs) as Codec<unknown, never>[]) {
  codecByOid.set(codec.oid, codec);
  arrayOids.add(codec.arrayOid);
}

const TIMESTAMPTZ_OID = codecs.timestamptz.oid;
const INT8_OID = codecs.int8.oid;
const NUMERIC_OID = codecs.numeric.oid;

const wrapped = new WeakMap<object, object>();

/**
 * Makes a postgres.js query reject with the PgExactValueError behind a parameter the server refused
 * (see refused-parameter.ts). postgres.js rejects a query through its own `reject` property, so the
 * query object the caller gets stays postgres.js's, with all its methods.
 */
function recovering(query: unknown): unknown {
  const target = query as { reject?: unknown } | null;
  if (target instanceof Promise && typeof target.reject === 'function') {
    const reject = target.reject as (error: unknown) => void;
    target.reject = (error: unknown) => reject(recoverValueError(error));
  }
  return query;
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
export function exactSql<S extends object>(sql: S): S {
  const known = wrapped.get(sql);
  if (known) return known as S;
  const target = sql as unknown as SqlFunction;
  const convert = new ParameterConverter(target.typed);
  const toValues = (args: unknown): unknown => (Array.isArray(args) ? args.map((value) => convert.value(value)) : args);
  // The last function argument of begin/savepoint receives the inner `sql`: hand it a wrapped one.
  const wrapCallback = (args: unknown[]): unknown[] =>
    args.map((arg, i) =>
      i === args.length - 1 && typeof arg === 'function' ? (inner: object) => (arg as (s: object) => unknown)(exactSql(inner)) : arg,
    );

  const overrides: Record<string, unknown> = {
    unsafe: (...args: unknown[]) => recovering(target.unsafe(args[0], toValues(args[1]), ...args.slice(2))),
    file: (...args: unknown[]) => recovering(target.file(args[0], toValues(args[1]), ...args.slice(2))),
    begin: (...args: unknown[]) => target.begin(...wrapCallback(args)),
    savepoint: (...args: unknown[]) =>
      isTemplate(args[0])
        ? target.savepoint((inner: object) => (exactSql(inner) as SqlFunction)(...args))
        : target.savepoint(...wrapCallback(args)),
    reserve: async () => exactSql(await target.reserve()),
    array: function array(value: unknown, type?: number): unknown {
      // sql.array(1, 2, 3) means sql.array([1, 2, 3]), as in postgres.js.
      // eslint-disable-next-line prefer-rest-params
      if (!Array.isArray(value)) return array(Array.from(arguments));
      const oid = type ?? inferredElementOid(value);
      if (oid === undefined) return target.array(value);
      // The server decides for Dates (see ParameterConverter) and Decimals (numeric, int or float).
      if (type === undefined && oid !== INT8_OID) return target.typed(value, 0);
      const codec = codecByOid.get(oid);
      if (codec) return target.typed(value, codec.arrayOid);
      if (arrayOids.has(oid)) return target.typed(value, oid);
      return target.array(value, type);
    },
  };
  // Functions are created once per wrapper, so `sql.unsafe === sql.unsafe` still holds.
  const proxy = new Proxy(target, {
    apply(fn, thisArg, args: unknown[]) {
      const [first, ...rest] = args;
      return isTemplate(first)
        ? recovering(Reflect.apply(fn, thisArg, [first, ...rest.map((value) => convert.value(value))]))
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

/**
 * The element OID `sql.array(values)` should get when pg-exact handles it: int8 for bigints,
 * timestamptz for Dates and numeric for Decimals (both then sent untyped); undefined to leave the
 * array to postgres.js (strings, numbers, booleans…). Looks at the first non-null element.
 */
function inferredElementOid(values: readonly unknown[]): number | undefined {
  let first: unknown = values.find((value) => value !== null);
  while (Array.isArray(first)) first = first.find((value: unknown) => value !== null);
  if (typeof first === 'bigint') return INT8_OID;
  if (first instanceof Date) return TIMESTAMPTZ_OID;
  if (isDecimal(first)) return NUMERIC_OID;
  return undefined;
}
