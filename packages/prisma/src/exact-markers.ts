import { Decimal, decimalToText, isDecimal, PgExactValueError, stringifyJson, type JsonValue } from '@pg-exact/core';

/**
 * Prisma's client builds Json values with `JSON.parse`, Decimal with its own decimal.js and Dates
 * itself, from strings the adapter hands over. A value Prisma would round is therefore carried as
 * a tagged string that `exactExtension()` turns back into the exact value:
 * - `\u0000pg-exact:n:<digits>`: a JSON integer beyond ±(2^53−1) → bigint;
 * - `\u0000pg-exact:d:<digits>`: a JSON number float64 cannot hold → Decimal;
 * and, on the way in, the same tags inside a Json write become JSON numbers again.
 * U+0000 starts every tag because jsonb cannot store it, so no stored string is ever taken for one.
 */
export const MARK = '\u0000pg-exact:';

/** A tag as JSON text writes it (`JSON.stringify` escapes U+0000). */
const MARK_IN_JSON = '"\\u0000pg-exact:';
const TAG_IN_JSON = /"\\u0000pg-exact:[nd]:([^"]*)"/g;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * How many tagged values the adapters have handed to Prisma in this process. `exactExtension()`
 * reads it before and after a query: unchanged, the result holds no tag and is not walked (the
 * walk cost ~0.7 µs a row on a 5-column read). Kept on `globalThis` under a registered symbol so
 * that an adapter and an extension loaded as two copies of this package (ESM and CommonJS) still
 * share it; a concurrent query's tags only cause a walk that finds nothing.
 */
const tagCounter: { count: number } = ((globalThis as Record<symbol, unknown>)[Symbol.for('@pg-exact/prisma:tags-emitted')] ??= {
  count: 0,
}) as { count: number };

/** The number of tagged values handed to Prisma so far (see {@link tagCounter}). */
export function tagsEmitted(): number {
  return tagCounter.count;
}

/** JSON text with bigint/Decimal tagged, or undefined when the value holds neither. */
export function tagJsonValue(value: JsonValue): string | undefined {
  if (!containsExact(value)) return undefined; // the common case: no copy, no allocation
  let tagged = false;
  const replaced = replaceExact(value, (exact) => {
    tagged = true;
    return typeof exact === 'bigint' ? `${MARK}n:${exact}` : `${MARK}d:${decimalToText(exact)}`;
  });
  if (!tagged) return undefined;
  tagCounter.count++;
  return JSON.stringify(replaced);
}

/**
 * A Json value about to be written through Prisma, checked by the jsonb rules of `stringifyJson`
 * (NaN, ±Infinity, undefined in arrays, U+0000 and lone surrogates refused with a
 * PgExactValueError naming the path inside `where`), with every bigint and Decimal replaced by a
 * tag the adapter writes back as a JSON number. Values that are not plain objects or arrays
 * (strings, numbers, Prisma.JsonNull…) are returned as they are.
 */
export function tagJsonInput(value: unknown, where: string): unknown {
  if (typeof value === 'bigint' || isDecimal(value)) {
    checkJson(value, where);
    return typeof value === 'bigint' ? `${MARK}n:${value}` : `${MARK}d:${decimalToText(value)}`;
  }
  // Only values Prisma would change are checked and rewritten; the rest (filters with
  // Prisma.JsonNull, plain JSON) go to Prisma untouched.
  if (!isPlainContainer(value) || !needsExactWrite(value)) return value;
  checkJson(value, where);
  return replaceExact(value as JsonValue, (exact) =>
    typeof exact === 'bigint' ? `${MARK}n:${exact}` : `${MARK}d:${decimalToText(exact)}`,
  );
}

/** True when a JSON value holds a bigint, a Decimal, a non-finite number or an undefined array item. */
function needsExactWrite(value: unknown): boolean {
  if (typeof value === 'bigint' || isDecimal(value)) return true;
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some((item) => item === undefined || needsExactWrite(item));
  if (isPlainContainer(value)) return Object.values(value).some(needsExactWrite);
  return false;
}

function checkJson(value: unknown, where: string): void {
  try {
    stringifyJson(value, { jsonb: true });
  } catch (error) {
    throw error instanceof PgExactValueError ? error.within(where) : error;
  }
}

/** JSON text of a Json write with its tags turned back into JSON numbers. */
export function untagJsonText(text: string): string {
  if (!text.includes(MARK_IN_JSON)) return text;
  return text.replace(TAG_IN_JSON, (tag, digits: string) => {
    if (!JSON_NUMBER.test(digits)) throw new TypeError(`pg-exact: malformed number tag ${JSON.stringify(tag)} in a Json value`);
    return digits;
  });
}

/** The exact value a tag stands for; other strings unchanged. */
export function untagString(text: string): unknown {
  if (!text.startsWith(MARK)) return text;
  const rest = text.slice(MARK.length);
  if (rest.startsWith('n:')) return BigInt(rest.slice(2));
  if (rest.startsWith('d:')) return new Decimal(rest.slice(2));
  return text;
}

/**
 * Replaces, in place, every tag inside a Prisma result (objects and arrays Prisma built) by its
 * exact value. Class instances (Dates, Decimals, Uint8Arrays) are left alone.
 */
export function untagResult<T>(value: T): T {
  if (typeof value === 'string') return untagString(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = untagResult(value[i]);
    return value;
  }
  if (isPlainContainer(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string' ? item.startsWith(MARK) : typeof item === 'object' && item !== null) {
        record[key] = untagResult(item);
      }
    }
  }
  return value;
}

function isPlainContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether a JSON value holds a bigint or Decimal anywhere (a walk that allocates nothing). */
function containsExact(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value === 'bigint';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (containsExact(value[i])) return true;
    return false;
  }
  if (!isPlainContainer(value)) return isDecimal(value);
  for (const key in value) {
    if (Object.hasOwn(value, key) && containsExact((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** A copy of a JSON value with bigint and Decimal leaves replaced. */
function replaceExact(value: unknown, replace: (exact: bigint | Decimal) => string): unknown {
  if (typeof value === 'bigint' || isDecimal(value)) return replace(value);
  if (Array.isArray(value)) return value.map((item) => replaceExact(item, replace));
  if (isPlainContainer(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a "__proto__" key stays a key.
      Object.defineProperty(out, key, { value: replaceExact(item, replace), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
