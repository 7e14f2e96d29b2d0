import { Decimal } from '@pg-exact/core';
import { Prisma } from '../../packages/prisma/test/differential/generated/client.js';

/**
 * The documented differences between vanilla Prisma (`@prisma/adapter-pg`, pglite-prisma-adapter)
 * and pg-exact (`PrismaPgExact`/`PrismaPGliteExact` + `exactExtension()`), as tests on a pair of
 * values (vanilla's, pg-exact's) at the same place of a result or of a stored row: mostly leaves,
 * sometimes a whole value (an error where the other stack returned rows). The names are the rows
 * of "Differences from vanilla Prisma" in packages/prisma/README.md.
 */
export interface Documented {
  readonly name: string;
  matches(vanilla: unknown, exact: unknown): boolean;
}

/**
 * A JSON integer beyond ±(2^53−1): vanilla's JSON.parse rounds it, pg-exact reads a bigint. Also
 * what each then stores when such a value is read and written back (vanilla: the rounded digits).
 */
export const jsonBigInt: Documented = {
  name: 'Json integer beyond 2^53 → bigint',
  matches: (vanilla, exact) =>
    (typeof vanilla === 'number' || typeof vanilla === 'bigint') && typeof exact === 'bigint' && !Number.isSafeInteger(Number(exact)) && Number(vanilla) === Number(exact),
};

/** A JSON number float64 cannot hold: vanilla's JSON.parse rounds it, pg-exact reads a Decimal of @pg-exact/core (and so writes it back). */
export const jsonDecimal: Documented = {
  name: 'Json number float64 cannot hold → Decimal',
  matches: (vanilla, exact) => typeof vanilla === 'number' && isCoreDecimal(exact) && vanilla === Number(String(exact)),
};

/**
 * A bigint or Decimal inside a Json write (model field or raw parameter): pg-exact stores a JSON
 * number; vanilla stores its text, as a JSON string (Prisma 7.10) or as `{ "$type": "BigInt",
 * "value": "…" }` (Prisma 7.4).
 */
export const jsonNumberWrite: Documented = {
  name: 'bigint/Decimal inside a Json write → JSON number',
  matches: (vanilla, exact) => {
    const text = typeof vanilla === 'string' ? vanilla : isRecord(vanilla) && ['BigInt', 'Decimal'].includes(vanilla.$type as string) ? vanilla.value : undefined;
    return (
      typeof text === 'string' &&
      /^-?\d/.test(text) &&
      (typeof exact === 'bigint' || typeof exact === 'number' || isCoreDecimal(exact)) &&
      new Prisma.Decimal(text).eq(String(exact))
    );
  },
};

/**
 * A Json value jsonb cannot hold: pg-exact refuses it with a PgExactValueError naming the field and
 * path before anything is sent (NaN, ±Infinity and undefined in an array, in a model write or a raw
 * parameter; U+0000 and lone surrogates in a raw parameter). Vanilla stores null for NaN/±Infinity
 * (JSON.stringify), refuses undefined with a PrismaClientValidationError, and leaves the rest to
 * PostgreSQL's refusal (as pg-exact does for U+0000 and lone surrogates in a model write).
 */
export const jsonRefused: Documented = {
  name: 'Json value jsonb cannot hold → PgExactValueError',
  matches: (_vanilla, exact) => exact instanceof Error && exact.name === 'PgExactValueError',
};

/** A raw-query number parameter -0, NaN or ±Infinity: vanilla sends 0 or NULL (JSON), pg-exact the value. */
export const rawNonFiniteParameter: Documented = {
  name: 'raw parameter -0, NaN, ±Infinity sent as it is',
  matches: (vanilla, exact) =>
    typeof exact === 'number' && ((vanilla === null && !Number.isFinite(exact)) || (vanilla === 0 && Object.is(exact, -0))),
};

/**
 * An instant read or written in a session whose TimeZone is not UTC: vanilla takes the session's
 * local time for UTC (prisma/orm#26786), so its instant is off by the session's offset; pg-exact's
 * is right. Dates as Prisma returns them, or the stored timestamptz text.
 */
export function relabelledInstant(offsetMs: number): Documented {
  const time = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'string' && ISO_TEXT.test(value) ? Date.parse(value) : NaN);
  return {
    name: 'instant in a non-UTC session',
    matches: (vanilla, exact) => Math.abs(time(vanilla) - time(exact)) === offsetMs,
  };
}
const ISO_TEXT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;

/**
 * A unique violation (P2002): pg-exact names the constraint and its table, as @prisma/adapter-pg
 * 7.10 does (prisma/orm#29587); adapter-pg 7.4–7.9 and pglite-prisma-adapter 0.7 name the fields
 * (from the message detail), and Prisma's message says so.
 */
export const uniqueViolation: Documented = {
  name: 'unique violation names the constraint (as adapter-pg 7.10)',
  matches: (vanilla, exact) => {
    const [v, x] = [adapterCause(vanilla), adapterCause(exact)];
    const fields = v?.constraint?.fields;
    return (
      v?.kind === 'UniqueConstraintViolation' &&
      x?.kind === 'UniqueConstraintViolation' &&
      Array.isArray(fields) &&
      x.constraint?.index === `${x.table}_${fields.join('_')}_key` &&
      (vanilla as Error).message.split('\n').slice(0, -1).join('\n') === (exact as Error).message.split('\n').slice(0, -1).join('\n')
    );
  },
};

/**
 * A Decimal field of a related row, with Prisma's relationJoins preview: vanilla builds the related
 * rows as JSON on the server, so numeric reaches Prisma through JSON.parse as a float64; pg-exact's
 * adapters report no relation joins, and Prisma loads the relation with a query of its own.
 */
export const joinedDecimal: Documented = {
  name: 'relationJoins: Decimal of a related row exact',
  matches: (vanilla, exact) =>
    vanilla instanceof Prisma.Decimal && exact instanceof Prisma.Decimal && !vanilla.eq(exact) && vanilla.eq(Number(exact.toString())),
};

// pglite-prisma-adapter (0.7.2), the vanilla PGlite adapter, differs from @prisma/adapter-pg where
// PrismaPGliteExact does as adapter-pg does:

/** `isolationLevel` of an interactive transaction: pglite-prisma-adapter sets it before BEGIN, where it has no effect. */
export const pgliteIsolationLevel: Documented = {
  name: 'PGlite: isolationLevel applied',
  matches: (vanilla, exact) => {
    if (!isRecord(vanilla) || !isRecord(exact) || typeof exact.isolationLevel !== 'string') return false;
    const level = exact.isolationLevel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return vanilla.level === 'read committed' && exact.level === level && differences({ ...vanilla, level }, exact).length === 0;
  },
};

/** A list of enum values as a query argument (`hasEvery` on an enum list): pglite-prisma-adapter sends `A,B`, which PostgreSQL refuses. */
export const pgliteEnumList: Documented = {
  name: 'PGlite: enum list arguments sent as arrays',
  matches: (vanilla, exact) => adapterCause(vanilla)?.originalMessage?.startsWith('malformed array literal') === true && Array.isArray(exact),
};

interface AdapterCause {
  kind?: string;
  table?: string;
  originalMessage?: string;
  constraint?: { fields?: unknown; index?: string };
}

function adapterCause(value: unknown): AdapterCause | undefined {
  return value instanceof Error ? (value as { meta?: { driverAdapterError?: { cause?: AdapterCause } } }).meta?.driverAdapterError?.cause : undefined;
}

function isCoreDecimal(value: unknown): value is Decimal {
  return value instanceof Decimal && !(value instanceof Prisma.Decimal);
}

/** One place where the two stacks differ, and the documented difference that explains it (if any). */
export interface Difference {
  readonly path: string;
  readonly vanilla: string;
  readonly exact: string;
  readonly documented?: string;
}

/**
 * Every place where `vanilla` and `exact` differ, walking both together (arrays by index, objects
 * by key). Leaves are compared by {@link show}: same JS type and value, so a number where vanilla
 * had a bigint, or a Prisma.Decimal of another scale, is a difference. A difference that one of
 * `documented` matches is returned with its name; any other is a bug (or an undocumented difference).
 */
export function differences(vanilla: unknown, exact: unknown, documented: readonly Documented[] = [], path = '$'): Difference[] {
  const found = compare(vanilla, exact, documented, path);
  if (found.every((d) => d.documented !== undefined)) return found;
  // A documented difference may take a whole value (an error for a result, a transaction's report).
  const rule = documented.find((candidate) => candidate.matches(vanilla, exact));
  return rule ? [{ path, vanilla: show(vanilla), exact: show(exact), documented: rule.name }] : found;
}

function compare(vanilla: unknown, exact: unknown, documented: readonly Documented[], path: string): Difference[] {
  if (vanilla instanceof Error) vanilla = errorFields(vanilla);
  if (exact instanceof Error) exact = errorFields(exact);
  if (Array.isArray(vanilla) && Array.isArray(exact)) {
    const length = Math.max(vanilla.length, exact.length);
    return Array.from({ length }, (_, i) => differences(vanilla[i], exact[i], documented, `${path}[${i}]`)).flat();
  }
  if (isRecord(vanilla) && isRecord(exact)) {
    const keys = [...new Set([...Object.keys(vanilla), ...Object.keys(exact)])];
    return keys.flatMap((key) =>
      key in vanilla && key in exact
        ? differences(vanilla[key], exact[key], documented, `${path}.${key}`)
        : [{ path: `${path}.${key}`, vanilla: key in vanilla ? show(vanilla[key]) : '(no key)', exact: key in exact ? show(exact[key]) : '(no key)' }],
    );
  }
  const [v, x] = [show(vanilla), show(exact)];
  return v === x ? [] : [{ path, vanilla: v, exact: x }];
}

/** An error as what a caller can tell from it: class, message, Prisma's code and meta, cause. */
function errorFields(error: Error & { code?: unknown; meta?: unknown }): Record<string, unknown> {
  return { class: error.constructor.name, name: error.name, message: error.message, code: error.code, meta: error.meta, cause: error.cause };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A leaf as its JS type and value: `bigint 1`, `number -0`, `Prisma.Decimal 19.9 (scale 1)`
 * (decimal.js's digits and scale, as Prisma gives them on both stacks), `Decimal 19.90`
 * (@pg-exact/core's, its scale printed), `Date …Z`, `bytes 0102`; anything else by class and JSON.
 */
export function show(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'bigint':
      return `bigint ${value}`;
    case 'number':
      return `number ${Object.is(value, -0) ? '-0' : value}`;
    case 'string':
      return `string ${JSON.stringify(value)}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      if (value instanceof Prisma.Decimal) return `Prisma.Decimal ${value.toFixed()} (scale ${value.decimalPlaces()})`;
      if (value instanceof Decimal) return `Decimal ${String(value)}`;
      if (value instanceof Date) return `${value.constructor.name} ${value.toISOString()}`;
      if (value instanceof Uint8Array) return `bytes ${Buffer.from(value).toString('hex')}`;
      return `${value.constructor?.name ?? 'object'} ${JSON.stringify(value, (_, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item))}`;
    default:
      return typeof value;
  }
}
