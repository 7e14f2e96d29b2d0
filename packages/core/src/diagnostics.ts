import { channel } from 'node:diagnostics_channel';
import { isDecimal } from './decimal.js';
import { PreciseDate } from './precise-date.js';

/** The `node:diagnostics_channel` name pg-exact publishes {@link TrapMessage}s on. */
export const TRAP_CHANNEL = 'pg-exact:trap';

/**
 * Why a value was worth a message: what the vanilla stack (node-postgres, postgres.js, PGlite and
 * the ORMs over them, without pg-exact) would have done to it.
 * - `int8-beyond-2^53`: an int8 outside ±(2^53−1), rounded by any path that makes it a number.
 * - `numeric-beyond-float64`: a numeric with more than 15 significant digits (float64 keeps 15).
 * - `json-unsafe-number`: a json/jsonb number that `JSON.parse` would have rounded (read) or a
 *   bigint/Decimal inside a JSON value, which `JSON.stringify` throws on or rounds (write).
 * - `timestamptz-microseconds`: a timestamptz whose microseconds a JS `Date` drops.
 * - `timestamp-local-shift` / `date-local-shift`: a timestamp or date read, or a Date written to
 *   one, while the process TZ is not UTC at that instant: node-postgres and postgres.js read or
 *   write these as local time, moving them by the offset.
 * - `infinity`: `±infinity`, which vanilla stacks turn into a number or an Invalid Date.
 * - `bc`: a year before 1 AD, an Invalid Date or shifted by local mean time in vanilla stacks.
 */
export type TrapKind =
  | 'int8-beyond-2^53'
  | 'numeric-beyond-float64'
  | 'json-unsafe-number'
  | 'timestamptz-microseconds'
  | 'timestamp-local-shift'
  | 'date-local-shift'
  | 'infinity'
  | 'bc';

/** One message on the `pg-exact:trap` channel. It never carries the value itself (no data leaks into metrics). */
export interface TrapMessage {
  kind: TrapKind;
  /** The PostgreSQL type name of the value (`int8`, `jsonb`, …; the element type for arrays). */
  type: string;
  /** `read`: parsed from what the server sent; `write`: serialized as a parameter. */
  direction: 'read' | 'write';
  /**
   * The column, when the publisher knows it. The shared codecs see one value at a time and do not:
   * messages from the codecs have no `column`.
   */
  column?: string;
}

/**
 * The channel object. `trapChannel.hasSubscribers` is false until someone subscribes, and every
 * check below is skipped while it is, so the cost with nobody listening is one property read per
 * value.
 *
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe('pg-exact:trap', (message) => console.log(message)); // { kind: 'int8-beyond-2^53', type: 'int8', direction: 'read' }
 * ```
 */
export const trapChannel = channel(TRAP_CHANNEL);

/** Publishes `message` on `pg-exact:trap` if anyone listens. */
export function publishTrap(message: TrapMessage): void {
  if (trapChannel.hasSubscribers) trapChannel.publish(message);
}

function publish(kind: TrapKind, type: string, direction: 'read' | 'write'): void {
  trapChannel.publish({ kind, type, direction } satisfies TrapMessage);
}

// The inspectors run only when the channel has subscribers; they look at the text or value once.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** @internal */
export function inspectInt8(value: unknown, direction: 'read' | 'write'): void {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE || value < -MAX_SAFE) publish('int8-beyond-2^53', 'int8', direction);
  } else if (typeof value === 'string' && value.length >= 16) {
    const big = BigInt(value);
    if (big > MAX_SAFE || big < -MAX_SAFE) publish('int8-beyond-2^53', 'int8', direction);
  }
}

/** Significant digits of decimal text (`-0012.3400` → 4); 0 for NaN/Infinity. */
function significantDigits(text: string): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x65 || c === 0x45) break; // exponent
    if (c < 0x30 || c > 0x39) continue;
    if (first < 0 && c === 0x30) continue;
    if (first < 0) first = i;
    count++;
    if (c !== 0x30) last = count;
  }
  return first < 0 ? 0 : last;
}

/** @internal */
export function inspectNumeric(text: string, direction: 'read' | 'write'): void {
  if (significantDigits(text) > 15) publish('numeric-beyond-float64', 'numeric', direction);
}

function hasUnsafeNumber(value: unknown, depth: number): boolean {
  if (typeof value === 'bigint' || isDecimal(value)) return true;
  if (depth > 64 || typeof value !== 'object' || value === null || value instanceof Date) return false;
  if (Array.isArray(value)) return value.some((item) => hasUnsafeNumber(item, depth + 1));
  for (const key in value) {
    if (hasUnsafeNumber((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** @internal */
export function inspectJson(type: string, value: unknown, direction: 'read' | 'write'): void {
  if (hasUnsafeNumber(value, 0)) publish('json-unsafe-number', type, direction);
}

function localOffsetShifts(ms: number): boolean {
  return Number.isFinite(ms) && new Date(ms).getTimezoneOffset() !== 0;
}

/**
 * @internal timestamptz/timestamp/date: `value` is what was read (PreciseDate or date text) or
 * written (PreciseDate, Date or string); `text` is the server text on read, the sent text on write.
 */
export function inspectDateTime(type: 'timestamptz' | 'timestamp' | 'date', value: unknown, text: string, direction: 'read' | 'write'): void {
  if (text === 'infinity' || text === '-infinity') {
    publish('infinity', type, direction);
    return;
  }
  if (text.endsWith(' BC')) publish('bc', type, direction);
  if (type === 'timestamptz') {
    if (value instanceof PreciseDate && value.getMicroseconds() !== 0) publish('timestamptz-microseconds', type, direction);
    return;
  }
  // Vanilla stacks shift a timestamp/date read, and a Date written; text written is sent as is.
  if (direction === 'write' && !(value instanceof Date)) return;
  if (type === 'timestamp') {
    if (localOffsetShifts((value as Date).getTime())) publish('timestamp-local-shift', type, direction);
  } else if (direction === 'read') {
    if (localOffsetShifts(Date.parse(`${text.slice(0, 10)}T00:00:00Z`))) publish('date-local-shift', type, direction);
  } else {
    // node-postgres writes a Date's local calendar date; ours writes its UTC one.
    const date = value as Date;
    if (date.getDate() !== date.getUTCDate()) publish('date-local-shift', type, direction);
  }
}
