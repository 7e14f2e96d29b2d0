import { codecs, type CodecName } from './codecs.js';
import { daysInMonth } from './date-time-text.js';
import { trapChannel } from './diagnostics.js';
import { PreciseDate } from './precise-date.js';

/**
 * A column value read straight from the row's bytes (`x[start..end)`, the text PostgreSQL sent), so no
 * string is made for `parse`. Each decoder reads the shape PostgreSQL prints on a pinned session
 * (plain digits; `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]`) and hands anything else (infinity, BC, years
 * past 9999 or before 100, second offsets, anything malformed) to `parse` on the text. While the
 * `pg-exact:trap` channel has subscribers every value goes through `parse`, which publishes the
 * messages. The byte-level twin of date-time-text.ts's string scanner for the common shape only,
 * kept beside it: property tests (test/byte-decoders.test.ts) hold the two equal.
 */
export type ByteDecode<T> = (x: Uint8Array, start: number, end: number) => T;

const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const COLON = 58;
const SPACE = 32;
const TEN_TO_15 = 1_000_000_000_000_000n;

const utf8 = new TextDecoder();

/** The value's text, for the codec's parse (values outside the common shape only). */
function text(x: Uint8Array, start: number, end: number): string {
  return utf8.decode(x.subarray(start, end));
}

/** int8: up to 15 digits as a number (exact), more as two numbers joined in BigInt. */
function decodeInt8(x: Uint8Array, start: number, end: number): bigint {
  if (trapChannel.hasSubscribers) return codecs.int8.parse(text(x, start, end));
  const negative = x[start] === MINUS;
  let i = negative ? start + 1 : start;
  const digits = end - i;
  if (digits === 0 || digits > 19) return codecs.int8.parse(text(x, start, end));
  // The first digits beyond the last 15 (none up to 15 digits), then the last 15.
  const split = digits > 15 ? end - 15 : i;
  let high = 0;
  for (; i < split; i++) {
    const d = x[i]! - 48;
    if (d < 0 || d > 9) return codecs.int8.parse(text(x, start, end));
    high = high * 10 + d;
  }
  let low = 0;
  for (; i < end; i++) {
    const d = x[i]! - 48;
    if (d < 0 || d > 9) return codecs.int8.parse(text(x, start, end));
    low = low * 10 + d;
  }
  if (digits <= 15) return BigInt(negative ? -low : low);
  const value = BigInt(high) * TEN_TO_15 + BigInt(low);
  return negative ? -value : value;
}

/** int2/int4: digits as a number, as `+text` reads them. */
function decodeSmallInteger(parse: (text: string) => number): ByteDecode<number> {
  return (x, start, end) => {
    if (trapChannel.hasSubscribers) return parse(text(x, start, end));
    const negative = x[start] === MINUS;
    let i = negative ? start + 1 : start;
    if (i === end || end - i > 10) return parse(text(x, start, end));
    let value = 0;
    for (; i < end; i++) {
      const d = x[i]! - 48;
      if (d < 0 || d > 9) return parse(text(x, start, end));
      value = value * 10 + d;
    }
    return negative ? -value : value;
  };
}

/** Two ASCII digits at `i` as a number, or -1. */
function two(x: Uint8Array, i: number): number {
  const a = x[i]! - 48;
  const b = x[i + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * timestamptz (`zoned`) or timestamp text as a PreciseDate; `undefined` when the bytes are not
 * the common shape (the caller then parses the text).
 */
function commonDateTime(x: Uint8Array, start: number, end: number, zoned: boolean): PreciseDate | undefined {
  const length = end - start;
  if (length < (zoned ? 22 : 19) || length > 32) return undefined;
  const century = two(x, start);
  const yy = two(x, start + 2);
  const month = two(x, start + 5);
  const day = two(x, start + 8);
  const hour = two(x, start + 11);
  const minute = two(x, start + 14);
  const second = two(x, start + 17);
  const year = century * 100 + yy;
  if (
    century < 1 || // years 0–99 would be 1900–1999 to Date.UTC; PostgreSQL prints them rarely
    yy < 0 ||
    x[start + 4] !== MINUS ||
    x[start + 7] !== MINUS ||
    x[start + 10] !== SPACE ||
    x[start + 13] !== COLON ||
    x[start + 16] !== COLON ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return undefined;
  }
  let i = start + 19;
  let fraction = 0; // µs
  if (i < end && x[i] === DOT) {
    let scale = 100_000;
    for (i++; i < end && scale >= 1; i++, scale /= 10) {
      const d = x[i]! - 48;
      if (d < 0 || d > 9) break;
      fraction += d * scale;
    }
    if (scale === 100_000) return undefined; // a dot without digits
  }
  let offsetMinutes = 0;
  if (zoned) {
    const sign = x[i];
    if (sign !== PLUS && sign !== MINUS) return undefined;
    const hours = two(x, i + 1);
    if (hours < 0 || hours > 15) return undefined;
    let minutes = 0;
    if (end - i === 6 && x[i + 3] === COLON) {
      minutes = two(x, i + 4);
      if (minutes < 0 || minutes > 59) return undefined;
    } else if (end - i !== 3) {
      return undefined;
    }
    offsetMinutes = sign === MINUS ? -(hours * 60 + minutes) : hours * 60 + minutes;
    i = end;
  }
  if (i !== end) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + Math.floor(fraction / 1000);
  return new PreciseDate(ms, fraction % 1000);
}

function decodeTimestamptz(x: Uint8Array, start: number, end: number): PreciseDate {
  if (trapChannel.hasSubscribers) return codecs.timestamptz.parse(text(x, start, end));
  return commonDateTime(x, start, end, true) ?? codecs.timestamptz.parse(text(x, start, end));
}

function decodeTimestamp(x: Uint8Array, start: number, end: number): PreciseDate {
  if (trapChannel.hasSubscribers) return codecs.timestamp.parse(text(x, start, end));
  return commonDateTime(x, start, end, false) ?? codecs.timestamp.parse(text(x, start, end));
}

/**
 * Byte decoders by codec name (int2, int4, int8, timestamptz, timestamp; the other types read text):
 * for a driver that hands a column value as a range of the row's bytes (postgres.js 4.2's `decode`
 * hook of a `types` entry). Each returns exactly what the codec's `parse` returns for the same text.
 */
export const byteDecoders: Readonly<Partial<Record<CodecName, ByteDecode<unknown>>>> = Object.freeze({
  int2: decodeSmallInteger(codecs.int2.parse),
  int4: decodeSmallInteger(codecs.int4.parse),
  int8: decodeInt8,
  timestamptz: decodeTimestamptz,
  timestamp: decodeTimestamp,
});
