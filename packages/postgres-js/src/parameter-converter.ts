import { codecs, isDecimal } from '@pg-exact/core';

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** postgres.js's `sql.typed(value, oid)`: a parameter sent with that type OID (0: server decides). */
export type Typed = (value: unknown, oid: number) => unknown;

/**
 * Rewrites parameter values before postgres.js infers their types, for {@link createSql}.
 *
 * postgres.js 3 (and 4 with `infer: true`) types a Date parameter as timestamptz (OID 1184) and a
 * JS array by its first element; postgres.js 4 by default sends them untyped. A timestamptz
 * parameter stored into a `timestamp` or `date` column goes through a cast that uses the session
 * TimeZone, so after `SET TIME ZONE` the stored wall clock moves. So, whatever the release:
 * - a Date or PreciseDate becomes its UTC text with µs and `+00` (`2024-03-10 12:00:00.123456+00`),
 *   sent untyped: the server reads it into timestamptz as the same instant, into timestamp as the
 *   UTC wall clock (the offset is ignored) and into date as the UTC calendar date, whatever the
 *   session TimeZone; other types (text, domains) get that text;
 * - a JS array whose first element would make postgres.js type it by that element (bigint, Date,
 *   boolean, bytes) is sent untyped, so the server picks the array type and postgres.js calls that
 *   array type's serializer (pg-exact's for its codecs);
 * - a bigint beyond int8 is sent untyped (postgres.js types every bigint int8, which it cannot
 *   be), so a numeric, json or text column takes it; bigints within int8 stay as they are.
 * Everything else is left to postgres.js and the type serializers. Under postgres.js 4's default
 * these are what it sends anyway, bar the Date text, which then makes no difference.
 */
export class ParameterConverter {
  readonly #typed: Typed;
  readonly #parameterClass: abstract new (...args: never[]) => unknown;

  constructor(typed: Typed) {
    this.#typed = typed;
    this.#parameterClass = parameterClass(typed);
  }

  /** One template or `unsafe()` parameter. */
  value(value: unknown): unknown {
    if (value instanceof Date) {
      try {
        return codecs.timestamptz.serialize(value);
      } catch {
        return value; // Invalid Date, before 4714 BC: the timestamptz serializer rejects it at query time
      }
    }
    // (A list of query fragments, `${[sql`a`, sql`b`]}`, starts with a query: left alone.)
    if (Array.isArray(value) && scalarTypedByPostgresJs(value)) return this.#typed(value, 0);
    if (typeof value === 'bigint' && (value < INT8_MIN || value > INT8_MAX)) return this.#typed(value, 0);
    return value;
  }

  /**
   * The first argument of the `sql(…)` helper: a row object, an array of rows or of values, or
   * identifiers. Values inside rows are converted like parameters, in copies; strings are never
   * touched (they may be column names).
   */
  helperInput(first: unknown): unknown {
    if (Array.isArray(first)) {
      let changed = false;
      const converted = first.map((element: unknown) => {
        const next = Array.isArray(element) ? this.#values(element) : this.#isRow(element) ? this.#row(element) : this.value(element);
        changed ||= next !== element;
        return next;
      });
      return changed ? converted : first;
    }
    return this.#isRow(first) ? this.#row(first) : first;
  }

  #isRow(value: unknown): value is Record<string, unknown> {
    return (
      typeof value === 'object' &&
      value !== null &&
      !(value instanceof Date) &&
      !isDecimal(value) &&
      !ArrayBuffer.isView(value) &&
      !(value instanceof Promise) &&
      !(value instanceof this.#parameterClass)
    );
  }

  #values(values: readonly unknown[]): readonly unknown[] {
    let changed = false;
    const converted = values.map((value) => {
      const next = this.value(value);
      changed ||= next !== value;
      return next;
    });
    return changed ? converted : values;
  }

  #row(row: Record<string, unknown>): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(row)) {
      const value = row[key];
      const next = this.value(value);
      if (next !== value) copy ??= { ...row };
      if (copy) copy[key] = next;
    }
    return copy ?? row;
  }
}

/**
 * postgres.js's Parameter class (what `sql.typed` and `sql.json` return), which it does not export:
 * an instance shows it. Refused if `sql.typed` ever returns a plain object, as every object would
 * then pass for a parameter and go to postgres.js unconverted.
 */
export function parameterClass(typed: Typed): abstract new (...args: never[]) => unknown {
  const prototype: unknown = Object.getPrototypeOf(typed(null, 0));
  const constructor = (prototype as { constructor?: unknown } | null)?.constructor;
  if (prototype === Object.prototype || prototype === null || typeof constructor !== 'function') {
    throw new TypeError('pg-exact: this postgres.js sql.typed() does not return a Parameter instance; @pg-exact/postgres-js needs an update for it');
  }
  return constructor as abstract new (...args: never[]) => unknown;
}

/** Whether postgres.js's `inferType` would type this array by a scalar OID (bigint, Date, bool, bytea). */
function scalarTypedByPostgresJs(values: readonly unknown[]): boolean {
  let first: unknown = values[0];
  while (Array.isArray(first)) first = first[0];
  return (
    typeof first === 'bigint' || typeof first === 'boolean' || first instanceof Date || first instanceof Uint8Array
  );
}
