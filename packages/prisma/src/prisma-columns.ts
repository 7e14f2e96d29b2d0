import { codecs, decimalToText, getParser, jsonNeedsExactParse, oids, parseArray, parseJson, PreciseDate, trapChannel, type JsonValue } from '@pg-exact/core';
import { ColumnTypeEnum, type ColumnType } from '@prisma/driver-adapter-utils';
import { tagJsonValue } from './exact-markers.js';

// Built-in types Prisma names that @pg-exact/core's OID table does not list.
const CHAR = 18;
const XML = { oid: 142, arrayOid: 143 };
const CIDR = { oid: 650, arrayOid: 651 };
const MONEY = { oid: 790, arrayOid: 791 };
const INET = { oid: 869, arrayOid: 1041 };
const BIT = { oid: 1560, arrayOid: 1561 };
const VARBIT = { oid: 1562, arrayOid: 1563 };

/** How one result column reaches Prisma: its ColumnType and the converter from the parsed value. */
interface PrismaColumn {
  readonly type: ColumnType;
  readonly convert: (value: unknown) => unknown;
}

/** The converter of columns Prisma takes as parsed: {@link toResultSet} skips them. */
export const same = (value: unknown) => value;
const int8Text = (value: unknown) => String(value as bigint);
const numericText = (value: unknown) => decimalToText(value as never);
const jsonText = (value: unknown) => tagJsonValue(value as JsonValue) ?? JSON.stringify(value);

/**
 * A PreciseDate as the ISO text Prisma's `new Date()` reads as the same instant: UTC, µs kept
 * (the client drops them), extended years for BC and past 9999. The infinities have no Date, so
 * they throw instead of becoming an Invalid Date.
 */
function instantText(value: unknown): string {
  const date = value as PreciseDate;
  if (PreciseDate.isInfinite(date)) {
    throw new RangeError(
      `pg-exact: ${date.getTime() > 0 ? "'infinity'" : "'-infinity'"} has no JS Date, which Prisma builds for DateTime; ` +
        'read it with $queryRawExact (a PreciseDate) or store a finite value',
    );
  }
  return date.toISOString();
}

const DATE_TEXT = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/;

/** A `date` text (`2024-01-01`, `4713-01-01 BC`) as the ISO date Prisma's `new Date()` reads. */
function dateText(value: unknown): string {
  const text = value as string;
  const match = DATE_TEXT.exec(text);
  if (match === null) {
    throw new RangeError(`pg-exact: date ${JSON.stringify(text)} has no JS Date, which Prisma builds for DateTime; read it with $queryRawExact`);
  }
  const [, digits, month, day, bc] = match as unknown as [string, string, string, string, string | undefined];
  const year = bc ? 1 - Number(digits) : Number(digits);
  if (Math.abs(year) > 275759) {
    throw new RangeError(`pg-exact: date ${JSON.stringify(text)} is outside the range of a JS Date`);
  }
  const yearText = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  return `${yearText}-${month}-${day}`;
}

const TIMETZ = /^(\d\d):(\d\d):(\d\d)(\.\d+)?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/** A `timetz` as the UTC time of day Prisma reads (`1970-01-01T<time>Z`): converted, not relabelled. */
function timetzText(value: unknown): string {
  const text = value as string;
  const match = TIMETZ.exec(text);
  if (match === null) return text;
  const [, h, m, s, fraction = '', sign, oh, om = '0', os = '0'] = match as unknown as string[];
  const offset = (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * (sign === '-' ? -1 : 1);
  const day = 86400;
  const utc = (((Number(h) * 3600 + Number(m) * 60 + Number(s) - offset) % day) + day) % day;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(utc / 3600))}:${pad(Math.floor(utc / 60) % 60)}:${pad(utc % 60)}${fraction}`;
}

function moneyText(value: unknown): string {
  return (value as string).replace(/[^0-9.-]/g, '');
}

function bytesFromHex(text: string): Uint8Array {
  return Buffer.from(text.slice(2), 'hex'); // bytea_output=hex: '\x0102'
}

const columns = new Map<number, PrismaColumn>();
function define(oid: number, type: ColumnType, convert: (value: unknown) => unknown = same): void {
  columns.set(oid, { type, convert });
}
function defineWithArray(
  pair: { oid: number; arrayOid: number },
  type: ColumnType,
  arrayType: ColumnType,
  convert: (value: unknown) => unknown = same,
): void {
  define(pair.oid, type, convert);
  define(pair.arrayOid, arrayType, convert === same ? same : (value) => mapArray(value, convert));
}

function mapArray(value: unknown, convert: (value: unknown) => unknown): unknown {
  return (value as unknown[]).map((item) => (item === null ? null : Array.isArray(item) ? mapArray(item, convert) : convert(item)));
}

/**
 * Scalar types that Prisma's model path reads as text: the adapter leaves PostgreSQL's text as it
 * is (int8 and numeric digits are already exact; JSON text is handed on unchanged unless a number
 * in it needs more than float64, which is then parsed and tagged). Parsing these into bigint,
 * Decimal or a JSON value only to print them again for Prisma cost ~3× the stock adapter's read
 * time. Exact raw queries (`$queryRawExact`) keep the core parsers for them.
 */
export const modelTextOids: ReadonlySet<number> = new Set([
  oids.int8.oid,
  oids.numeric.oid,
  oids.json.oid,
  oids.jsonb.oid,
  oids.timestamptz.oid,
]);

/** With a `pg-exact:trap` subscriber, the text is also run through the core codec, which publishes. */
function observed(codec: { parse(text: string): unknown }, text: string): void {
  if (trapChannel.hasSubscribers) codec.parse(text);
}

// The model-path converters also take a parsed value (a pool whose own types parsed it first).

function int8FromText(value: unknown): unknown {
  if (typeof value !== 'string') return int8Text(value);
  observed(codecs.int8, value);
  return value;
}

function numericFromText(value: unknown): unknown {
  if (typeof value !== 'string') return numericText(value);
  observed(codecs.numeric, value);
  return value;
}

function jsonFromText(value: unknown): string {
  if (typeof value !== 'string') return jsonText(value);
  const text = value;
  if (!jsonNeedsExactParse(text)) return text;
  return tagJsonValue(parseJson(text)) ?? text;
}

// A timestamptz as PostgreSQL prints it under the pinned session (DateStyle ISO, TimeZone UTC):
// a four-digit AD year, µs at most, offset +00.
const UTC_TIMESTAMPTZ = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?\+00$/;

/**
 * A timestamptz text as the UTC ISO text Prisma's `new Date()` reads ({@link instantText}'s
 * output, µs kept), without building a PreciseDate: a `+00` text (the pinned session's) is
 * rewritten in place; any other offset, a BC or five-digit year and the infinities go through the
 * core codec (converted by their real offset, never relabelled; the infinities throw).
 */
function timestamptzFromText(value: unknown): unknown {
  if (typeof value !== 'string') return instantText(value);
  if (trapChannel.hasSubscribers || !UTC_TIMESTAMPTZ.test(value)) return instantText(codecs.timestamptz.parse(value));
  return `${value.slice(0, 10)}T${value.slice(11, -3)}Z`;
}

function jsonFromTextObserved(codec: typeof codecs.json): (value: unknown) => string {
  return (value) => {
    if (typeof value === 'string') observed(codec, value);
    return jsonFromText(value);
  };
}

const T = ColumnTypeEnum;
defineWithArray(oids.int2, T.Int32, T.Int32Array);
defineWithArray(oids.int4, T.Int32, T.Int32Array);
defineWithArray(oids.int8, T.Int64, T.Int64Array, int8Text);
defineWithArray(oids.oid, T.Int64, T.Int64Array);
defineWithArray(oids.float4, T.Float, T.FloatArray);
defineWithArray(oids.float8, T.Double, T.DoubleArray);
defineWithArray(oids.numeric, T.Numeric, T.NumericArray, numericText);
defineWithArray(MONEY, T.Numeric, T.NumericArray, moneyText);
defineWithArray(oids.bool, T.Boolean, T.BooleanArray);
defineWithArray(oids.json, T.Json, T.JsonArray, jsonText);
defineWithArray(oids.jsonb, T.Json, T.JsonArray, jsonText);
// The scalars of modelTextOids arrive as text (their arrays are parsed by the core codecs).
define(oids.int8.oid, T.Int64, int8FromText);
define(oids.numeric.oid, T.Numeric, numericFromText);
define(oids.json.oid, T.Json, jsonFromTextObserved(codecs.json));
define(oids.jsonb.oid, T.Json, jsonFromTextObserved(codecs.jsonb));
define(oids.timestamptz.oid, T.DateTime, timestamptzFromText);
// The timestamptz scalar arrives as text (above); its array is parsed by the core codec.
define(oids.timestamptz.arrayOid, T.DateTimeArray, (value) => mapArray(value, instantText));
defineWithArray(oids.timestamp, T.DateTime, T.DateTimeArray, instantText);
defineWithArray(oids.date, T.Date, T.DateArray, dateText);
defineWithArray(oids.time, T.Time, T.TimeArray);
defineWithArray(oids.timetz, T.Time, T.TimeArray, timetzText);
defineWithArray(oids.uuid, T.Uuid, T.UuidArray);
defineWithArray(oids.bytea, T.Bytes, T.BytesArray);
for (const pair of [oids.text, oids.varchar, oids.bpchar, oids.name, XML, INET, CIDR, BIT, VARBIT]) {
  defineWithArray(pair, T.Text, T.TextArray);
}
define(CHAR, T.Text);
define(1002, T.CharacterArray); // char[]
// interval has no Prisma type: it is read as PostgreSQL prints it, like text.
defineWithArray(oids.interval, T.Text, T.TextArray);

const TEXT: PrismaColumn = { type: T.Text, convert: same };

/** The Prisma column for a result OID: unknown and user-defined types (enums, domains…) are text. */
export function prismaColumn(oid: number): PrismaColumn {
  return columns.get(oid) ?? TEXT;
}

/**
 * In an exact raw query (`$queryRawExact`), every type with a @pg-exact/core codec reaches the
 * caller as the core value itself (bigint, Decimal, lossless JSON, PreciseDate with µs, date
 * text, arrays of them): Prisma passes the values of text columns through its raw-query path
 * untouched.
 */
export function exactColumn(oid: number): PrismaColumn | undefined {
  return getParser(oid) === undefined ? undefined : TEXT;
}

/**
 * Text parsers for the types without a core codec that Prisma needs as values (bool, bytea and
 * arrays); every other type stays the text PostgreSQL sent. Never pg's process-wide registry.
 */
const nonCodecParsers = new Map<number, (text: string) => unknown>([
  [oids.bool.oid, (text) => text === 't'],
  [oids.bool.arrayOid, (text) => parseArray(text, (item) => item === 't')],
  [oids.bytea.oid, bytesFromHex],
  [oids.bytea.arrayOid, (text) => parseArray(text, bytesFromHex)],
  [oids.oid.arrayOid, (text) => parseArray(text, (item) => item)],
  [1002, (text) => parseArray(text, (item) => item)],
]);
for (const pair of [oids.text, oids.varchar, oids.bpchar, oids.name, oids.uuid, XML, INET, CIDR, BIT, VARBIT, MONEY]) {
  nonCodecParsers.set(pair.arrayOid, (text) => parseArray(text, (item) => item));
}

const rawText = (text: string) => text;

/**
 * The parser of a result OID for a type without a @pg-exact/core codec: bool and bytea (and
 * their arrays) as values, arrays of text-like types as string arrays, everything else the text
 * itself. The bindings put the core parsers in front of these.
 */
export function nonCodecParser(oid: number): (text: string) => unknown {
  return nonCodecParsers.get(oid) ?? rawText;
}

/** The OIDs {@link nonCodecParser} parses (all others are left as text). */
export const nonCodecOids: readonly number[] = [...nonCodecParsers.keys()];

/** The core codec OIDs, scalar and array. */
export const codecOids: readonly number[] = (Object.values(codecs) as { oid: number; arrayOid: number }[]).flatMap((codec) => [
  codec.oid,
  codec.arrayOid,
]);
