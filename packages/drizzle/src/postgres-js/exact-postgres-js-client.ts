import { getParser, isConnectionLost, PgExactValueError, serializeUntyped } from '@pg-exact/core';
import { transactionOutcome } from '@pg-exact/postgres-js';
import { clientProxy } from '../client-proxy.js';

/** The slice of a postgres.js `sql` drizzle-orm's session calls; everything else passes through. */
interface SqlLike {
  unsafe(query: string, params?: unknown[], options?: unknown): RawCapable;
  typed(value: unknown, type: number): unknown;
  begin(...args: unknown[]): Promise<unknown>;
  savepoint(...args: unknown[]): Promise<unknown>;
  options: { parsers: Record<string, unknown>; serializers: Record<string, unknown> };
}

interface RawCapable {
  raw(): PromiseLike<RawResult | RawResult[]>;
}

/** A column of postgres.js's Result (`columns`); `parser` is what postgres.js would apply, if any. */
interface Column {
  name: string;
  type: number;
  parser?: (((text: string) => unknown) & { array?: boolean }) | null;
}

/**
 * postgres.js's Result: rows plus these properties (own properties in postgres.js 3, getters on
 * its class in 4; read them, never look for own properties).
 */
type RawResult = (Uint8Array | null)[][] & {
  count: number | null;
  command: string | null;
  columns: Column[] | null;
  state: unknown;
  statement: unknown;
};

/** The `unknown` pseudo-type: the server infers the parameter's type from where it is used. */
const UNKNOWN_OID = 705;

const proxies = new WeakMap<object, object>();
/** The `sql`s (a transaction's, mostly) on which a query found the connection lost. */
const lostOn = new WeakSet<object>();
const utf8 = new TextDecoder();

/**
 * The postgres.js `sql` drizzle-orm's session is given instead of the user's. postgres.js has no
 * per-query parsers, and drizzle's own driver rewrites the client's `options.parsers` and
 * `serializers` in place, so:
 * - results are fetched with `.raw()` (the bytes PostgreSQL sent) and parsed here: pg-exact's
 *   parser for every codec OID, the client's own parser (as postgres.js would apply it) for the rest;
 * - parameters pg-exact writes (strings — which is what the exact columns produce —, bigint,
 *   Decimal, Date, arrays, JSON objects) are serialized to text and sent with the `unknown` type,
 *   so the server reads them as the column's type and no client serializer (drizzle's identity
 *   ones, postgres.js's `JSON.stringify`/`toISOString`) rewrites them; numbers, booleans, bytes,
 *   null and postgres.js parameters (`sql.typed`, `sql.json`) go as postgres.js sends them;
 * - `options` reads as a copy, so drizzle's rewrite lands there and not on the client;
 * - `begin`/`savepoint` hand drizzle's transactions a wrapped inner `sql`.
 */
export function exactPostgresJsClient<S extends object>(sql: S): S {
  const target = sql as unknown as SqlLike;
  const parameterClass = parameterClassOf(target);
  const toParameter = (value: unknown, index: number): unknown => {
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
    if (value instanceof Uint8Array || value instanceof parameterClass) return value;
    try {
      return target.typed(serializeUntyped(value), UNKNOWN_OID);
    } catch (error) {
      throw error instanceof PgExactValueError ? error.within(`$${index + 1}`) : error;
    }
  };
  const wrapInner = (args: unknown[]): unknown[] =>
    args.map((arg, i) =>
      i === args.length - 1 && typeof arg === 'function'
        ? (inner: object) => (arg as (s: object) => unknown)(exactPostgresJsClient(inner))
        : arg,
    );
  const decoy = {
    ...target.options,
    parsers: { ...target.options?.parsers },
    serializers: { ...target.options?.serializers },
  };
  return clientProxy(
    sql,
    {
      unsafe: (query: string, params?: unknown[], options?: unknown) =>
        new ExactQuery(() =>
          Promise.resolve(target.unsafe(query, params?.map(toParameter), options).raw()).catch((error: unknown) => {
            if (isConnectionLost(error)) lostOn.add(sql); // for the outcome of the transaction
            throw error;
          }),
        ),
      // drizzle's transaction: rejects with what became of it when its connection was lost.
      begin: (...args: unknown[]) => {
        const outcome = transactionOutcome(args, exactPostgresJsClient, (inner) => lostOn.has(inner));
        return target.begin(...outcome.args).catch((error: unknown) => {
          throw outcome.mapError(error);
        });
      },
      savepoint: (...args: unknown[]) => target.savepoint(...wrapInner(args)),
      options: decoy,
    },
    proxies,
  );
}

/**
 * postgres.js's Parameter class (what `sql.typed` and `sql.json` return), which it does not export:
 * an instance shows it. Refused if `sql.typed` ever returns a plain object, as every object would
 * then pass for a parameter and reach postgres.js unserialized.
 */
function parameterClassOf(sql: SqlLike): abstract new (...args: never[]) => unknown {
  const prototype: unknown = Object.getPrototypeOf(sql.typed(null, 0));
  const constructor = (prototype as { constructor?: unknown } | null)?.constructor;
  if (prototype === Object.prototype || prototype === null || typeof constructor !== 'function') {
    throw new TypeError('pg-exact: this postgres.js sql.typed() does not return a Parameter instance; @pg-exact/drizzle needs an update for it');
  }
  return constructor as abstract new (...args: never[]) => unknown;
}

/**
 * What `sql.unsafe()` returns to drizzle: awaited, rows as objects (postgres.js's Result shape:
 * `count`, `command`, `columns` kept); `.values()`, rows as arrays. Runs the query once, lazily,
 * like postgres.js.
 */
class ExactQuery implements PromiseLike<unknown> {
  readonly #run: () => PromiseLike<RawResult | RawResult[]>;
  #raw: Promise<RawResult | RawResult[]> | undefined;

  constructor(run: () => PromiseLike<RawResult | RawResult[]>) {
    this.#run = run;
  }

  #result(): Promise<RawResult | RawResult[]> {
    this.#raw ??= Promise.resolve().then(() => this.#run());
    return this.#raw;
  }

  values(): Promise<unknown> {
    return this.#result().then((result) => eachResult(result, (raw) => convert(raw, false)));
  }

  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result()
      .then((result) => eachResult(result, (raw) => convert(raw, true)))
      .then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<unknown> {
    return this.then(undefined, onRejected);
  }
}

/**
 * A multi-statement simple query resolves to a plain array of Results. A Result is an array too;
 * what tells them apart is its documented `command` (a getter in postgres.js 4, so `in`, not an
 * own-property check).
 */
function eachResult(result: RawResult | RawResult[], map: (raw: RawResult) => unknown): unknown {
  return isResult(result) ? map(result) : result.map(map);
}

function isResult(result: RawResult | RawResult[]): result is RawResult {
  return 'command' in result;
}

function convert(raw: RawResult, asObjects: boolean): unknown[] {
  const columns = raw.columns ?? [];
  const parsers = columns.map(cellParser);
  const rows: unknown[] = [];
  for (const cells of raw) {
    if (asObjects) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!.name] = parseCell(cells[i], parsers[i]!);
      rows.push(row);
    } else {
      rows.push(cells.map((cell, i) => parseCell(cell, parsers[i]!)));
    }
  }
  for (const key of ['count', 'command', 'columns', 'state', 'statement'] as const) {
    Object.defineProperty(rows, key, { value: raw[key], writable: true });
  }
  return rows;
}

function parseCell(cell: Uint8Array | null | undefined, parse: (text: string) => unknown): unknown {
  return cell === null || cell === undefined ? null : parse(utf8.decode(cell));
}

/** pg-exact's parser for codec OIDs; otherwise what postgres.js would have applied. */
function cellParser(column: Column): (text: string) => unknown {
  const exact = getParser(column.type);
  if (exact !== undefined) return exact;
  const own = column.parser;
  // No parser (undefined in postgres.js 3, null in 4): postgres.js hands over the text.
  if (own === undefined || own === null) return (text) => text;
  // postgres.js 3 hands the array parsers it makes for fetched array types the text without the
  // leading `{` and marks them `array: true`; 4's take the whole text. Pinned in
  // test/client-untouched.test.ts (a type of the client's own and its array).
  return own.array === true ? (text) => own(text.slice(1)) : own;
}
