import { codecs, decimalToText, isDecimal, oids, parseArray, PreciseDate } from '@pg-exact/core';

// The documented type map (DESIGN.md "Value representations") as a comparison: what a vanilla stack
// reads for a stored value against what the pg-exact stack reads for the same value. Equal values
// pass; a pair that differs passes only as one of the documented differences below, keyed by the
// PostgreSQL type of the value; anything else is reported as undocumented. ORM-agnostic: the ORM's
// suite says which type each value has (from its columns, or the OIDs of a raw result).

/** The documented differences: vanilla's value → pg-exact's, for the same stored value. */
export const DIFFERENCES = {
  'int8: text → bigint': 'int8 read as its digits (node-postgres, postgres.js) → bigint',
  'int8: number → bigint': 'int8 read as a number, rounded past 2^53 (PGlite arrays) → bigint',
  'numeric: text → Decimal': "numeric read as text → Decimal whose String() is that text ('19.90')",
  'json: number → bigint': 'a JSON integer (rounded past 2^53 by JSON.parse) → bigint',
  'json: number → Decimal': 'a JSON number float64 cannot hold (rounded by JSON.parse) → Decimal',
  'json: rounded → exact':
    "a number carried in JSON that vanilla rounds through JSON.parse before the column's mapper (drizzle-orm 0.45's relational queries, nested rows) → the exact value, in the same representation",
  'float: -0 kept': '-0 written and read as -0 (vanilla drivers send -0 as 0)',
  'array: text → array': "an array handed over as PostgreSQL's literal text (`{1.10,NaN}`) → the array, each element by the type map",
  'array: NULL element → null': 'a NULL element of an array read as something else (postgres.js 3.4.0: NaN in int4[]) → null',
  'timestamp: text → PreciseDate': 'timestamp/timestamptz read as text → PreciseDate of that instant (µs kept)',
  'timestamp: Date → PreciseDate': 'a Date (ms) → PreciseDate of the same ms that also keeps the µs',
  'timestamp: lost Date → PreciseDate': '±infinity or BC read as an Invalid (or wrong) Date → PreciseDate (±infinity, BC)',
} as const;

export type Difference = keyof typeof DIFFERENCES;

/** What a value is, for the comparison: a PostgreSQL type the type map names, or 'strict' (no difference allowed). */
export type ScalarKind = 'strict' | 'int8' | 'numeric' | 'float' | 'json' | 'timestamptz' | 'timestamp';
/** A scalar kind, or an array of it (of any dimensions). */
export type Kind = ScalarKind | `${ScalarKind}[]`;

/** The kind of each key of a row (absent keys: 'strict'); a nested row (or array of rows) has a shape of its own. */
export interface Shape {
  readonly [key: string]: Kind | Shape;
}

export interface Finding {
  readonly path: string;
  /** The documented difference, or undefined: a difference the type map does not allow. */
  readonly difference: Difference | undefined;
  readonly vanilla: string;
  readonly exact: string;
}

const byOid = new Map<number, Kind>();
for (const [name, { oid, arrayOid }] of Object.entries(oids)) {
  const kind = kindOfSqlType(name) as ScalarKind;
  byOid.set(oid, kind);
  byOid.set(arrayOid, `${kind}[]`);
}

/** The kind of a column of a raw result by its type OID. */
export function kindOfOid(oid: number): Kind {
  return byOid.get(oid) ?? 'strict';
}

/** The kind of a SQL type name (`numeric(38, 2)`, `timestamp with time zone`, `jsonb[]`). */
export function kindOfSqlType(type: string): Kind {
  const name = type.trim().toLowerCase();
  const base = name.replace(/\[\d*\]/g, '').replace(/\s*\(.*?\)/g, '').replace(/\s+/g, ' ').trim();
  const scalar: ScalarKind =
    base === 'bigint' || base === 'int8' || base === 'bigserial'
      ? 'int8'
      : base === 'numeric' || base === 'decimal'
        ? 'numeric'
        : base === 'real' || base === 'float4' || base === 'double precision' || base === 'float8'
          ? 'float'
          : base === 'json' || base === 'jsonb'
            ? 'json'
            : base === 'timestamptz' || base === 'timestamp with time zone'
              ? 'timestamptz'
              : base === 'timestamp' || base === 'timestamp without time zone'
                ? 'timestamp'
                : 'strict';
  return name.includes('[') ? `${scalar}[]` : scalar;
}

/**
 * Every place where `exact` differs from `vanilla`, each with the documented difference that
 * allows it (or none). `shape`: the kind of the values, or of each key of rows.
 */
export function compare(vanilla: unknown, exact: unknown, shape: Kind | Shape = 'strict', path = '$'): Finding[] {
  // (A scalar kind also covers arrays of it; `kind[]` adds vanilla's literal text for the array.)
  const findings: Finding[] = [];
  walk(vanilla, exact, shape, path, findings);
  return findings;
}

function walk(vanilla: unknown, exact: unknown, shape: Kind | Shape, path: string, findings: Finding[], inArray = false): void {
  if (same(vanilla, exact)) return;
  const kind = typeof shape === 'string' ? shape : undefined;
  const element = kind?.endsWith('[]') ? (kind.slice(0, -2) as ScalarKind) : undefined;
  if (element !== undefined && typeof vanilla === 'string' && Array.isArray(exact)) {
    // Vanilla's driver handed over the literal: compare its elements (as text) with pg-exact's.
    const inner: Finding[] = [];
    walk(parseArray(vanilla, (text) => text), exact, `${element}[]`, path, inner);
    findings.push(finding(path, inner.every((f) => f.difference !== undefined) ? 'array: text → array' : undefined, vanilla, exact), ...inner);
    return;
  }
  if (Array.isArray(vanilla) && Array.isArray(exact)) {
    if (vanilla.length !== exact.length) return void findings.push(finding(path, undefined, vanilla, exact));
    vanilla.forEach((item, i) => walk(item, exact[i], shape, `${path}[${i}]`, findings, typeof shape === 'string'));
    return;
  }
  if (isRecord(vanilla) && isRecord(exact)) {
    const keys = new Set([...Object.keys(vanilla), ...Object.keys(exact)]);
    for (const key of keys) {
      if (!(key in vanilla) || !(key in exact)) {
        findings.push(finding(`${path}.${key}`, undefined, vanilla[key], exact[key]));
        continue;
      }
      const inner = typeof shape === 'object' ? (shape[key] ?? 'strict') : (element ?? kind) === 'json' ? 'json' : 'strict';
      walk(vanilla[key], exact[key], inner, `${path}.${key}`, findings);
    }
    return;
  }
  if (inArray && exact === null && vanilla !== null) return void findings.push(finding(path, 'array: NULL element → null', vanilla, exact));
  findings.push(finding(path, kind === undefined ? undefined : documented(vanilla, exact, element ?? (kind as ScalarKind)), vanilla, exact));
}

/** The documented difference that makes `exact` the same stored value as `vanilla`, if any. */
function documented(vanilla: unknown, exact: unknown, kind: ScalarKind): Difference | undefined {
  switch (kind) {
    case 'float':
      return Object.is(exact, -0) && Object.is(vanilla, 0) ? 'float: -0 kept' : undefined;
    case 'int8':
      if (typeof exact !== 'bigint') return undefined;
      if (typeof vanilla === 'string') return /^-?\d+$/.test(vanilla) && BigInt(vanilla) === exact ? 'int8: text → bigint' : undefined;
      return typeof vanilla === 'number' && Number(exact) === vanilla ? 'int8: number → bigint' : undefined;
    case 'numeric':
      return isDecimal(exact) && typeof vanilla === 'string' && decimalToText(exact) === vanilla ? 'numeric: text → Decimal' : undefined;
    case 'json':
      if (typeof vanilla === 'number') {
        if (typeof exact === 'bigint') return Number(exact) === vanilla ? 'json: number → bigint' : undefined;
        return isDecimal(exact) && Number(decimalToText(exact)) === vanilla ? 'json: number → Decimal' : undefined;
      }
      // The column's mapper ran on JSON.parse's float64 (BigInt(9007199254740992), '12345678901234567000').
      if ((typeof vanilla === 'bigint' || typeof vanilla === 'string') && typeof exact === typeof vanilla) {
        return Number(vanilla) === Number(exact) ? 'json: rounded → exact' : undefined;
      }
      return undefined;
    case 'timestamptz':
    case 'timestamp': {
      if (!(exact instanceof PreciseDate)) return undefined;
      if (typeof vanilla === 'string') {
        const codec = kind === 'timestamptz' ? codecs.timestamptz : codecs.timestamp;
        return codec.parse(vanilla).toISOString() === exact.toISOString() ? 'timestamp: text → PreciseDate' : undefined;
      }
      if (!(vanilla instanceof Date) || vanilla instanceof PreciseDate) return undefined;
      // ±infinity and BC: vanilla's Date parsing gives an Invalid Date (or, for 'infinity+0000', 2000-01-01).
      if (!Number.isFinite(exact.getTime()) || exact.getUTCFullYear() <= 0) return 'timestamp: lost Date → PreciseDate';
      return vanilla.getTime() === exact.getTime() ? 'timestamp: Date → PreciseDate' : undefined;
    }
    default:
      return undefined;
  }
}

function same(vanilla: unknown, exact: unknown): boolean {
  if (Object.is(vanilla, exact)) return true;
  if (vanilla instanceof Date || exact instanceof Date) {
    // The same class (a PreciseDate where vanilla has a Date is a difference) and the same time (NaN too).
    return (
      vanilla instanceof Date &&
      exact instanceof Date &&
      Object.getPrototypeOf(vanilla) === Object.getPrototypeOf(exact) &&
      Object.is(vanilla.getTime(), exact.getTime())
    );
  }
  if (isDecimal(vanilla) || isDecimal(exact)) return false;
  if (ArrayBuffer.isView(vanilla) && ArrayBuffer.isView(exact)) {
    return Buffer.from(vanilla.buffer, vanilla.byteOffset, vanilla.byteLength).equals(Buffer.from(exact.buffer, exact.byteOffset, exact.byteLength));
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isDecimal(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function finding(path: string, difference: Difference | undefined, vanilla: unknown, exact: unknown): Finding {
  return { path, difference, vanilla: describe(vanilla), exact: describe(exact) };
}

/** A value with its type, for messages: `bigint 1`, `Decimal 1.50`, `PreciseDate 2024-…Z`, `string "x"`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `bigint ${value}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `number ${Object.is(value, -0) ? '-0' : String(value)}`;
  if (isDecimal(value)) return `Decimal ${decimalToText(value)}`;
  if (value instanceof PreciseDate) return `PreciseDate ${value.toISOString()}`;
  if (value instanceof Date) return `Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (typeof value === 'object') return `${(value as object).constructor?.name ?? 'Object'} ${JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * A difference in what was stored (`col::text` of a UTC session) that the type map documents, for a
 * column of `kind`; undefined for any other. Only one: float columns keep a written -0.
 */
export function storedDifference(vanilla: string | null, exact: string | null, kind: Kind): Difference | undefined {
  if (vanilla === null || exact === null || !kind.startsWith('float')) return undefined;
  return exact.replace(/(^|[{,])-0(?=$|[,}])/g, '$10') === vanilla ? 'float: -0 kept' : undefined;
}
