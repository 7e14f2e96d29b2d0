import { type Decimal, decimalToText, isDecimal } from './decimal.js';
import { PgExactValueError, describeValue } from './errors.js';

/** Options of {@link stringifyJson}. */
export interface StringifyJsonOptions {
  /**
   * Also reject what PostgreSQL's jsonb cannot store: U+0000 (SQLSTATE 22P05) and lone
   * surrogates (22P02) in strings and keys; json stores both. Errors then name type `jsonb`
   * instead of `json`. Default: `false`.
   */
  jsonb?: boolean;
}

/**
 * Writes a value as compact JSON text without losing or dropping anything: bigints and
 * Decimals become exact JSON numbers, `-0` stays `-0`, and where `JSON.stringify` would
 * silently write `null` or `{}` or drop a value (NaN, ±Infinity, functions, symbols,
 * `undefined` in an array, Map, Set, cycles) it throws a {@link PgExactValueError} naming the
 * path. Plain data comes out exactly as `JSON.stringify` writes it; `toJSON` is honoured.
 *
 * ```ts
 * stringifyJson({ id: 12345678901234567890n, price: new Decimal('19.99'), tags: ['a'] });
 * // '{"id":12345678901234567890,"price":19.99,"tags":["a"]}'
 * stringifyJson({ items: [{ price: NaN }] });
 * // throws PgExactValueError: json: NaN is not a JSON number (at $.items[0].price)
 * stringifyJson({ note: 'a\u0000b' }, { jsonb: true });
 * // throws PgExactValueError: jsonb: string contains U+0000, which jsonb cannot store (at $.note)
 * ```
 */
export function stringifyJson(value: unknown, options?: StringifyJsonOptions): string {
  const jsonb = options?.jsonb === true;
  // The common case, plain data, is written by JSON.stringify itself (about 4x faster than the
  // writer below) once a scan that allocates nothing has shown it would write it the same way.
  if (typeof value === 'object' && value !== null && isPlainJson(value, [])) {
    const text = JSON.stringify(value);
    // JSON.stringify escapes U+0000 as \u0000 and a lone surrogate as \udXXX (a pair stays raw): for
    // jsonb, text with either (or an escaped backslash before such letters) goes to the writer, which
    // refuses what jsonb cannot store and names the path.
    if (!jsonb || text.indexOf('\\u') === -1 || (!text.includes('\\u0000') && !text.includes('\\ud'))) return text;
  }
  const writer = new JsonWriter(jsonb);
  const text = writer.write(value);
  if (text === undefined) throw writer.fail(`${describeValue(value)} is not a JSON value`, value, '');
  return text;
}

/** Deeper documents, and cycles (found through `ancestors`), are left to the writer. */
const PLAIN_MAX_DEPTH = 32;

/**
 * True when JSON.stringify writes the container `value` exactly as {@link JsonWriter} would: only
 * plain objects (prototype Object.prototype or null) and arrays without `toJSON`, no array item
 * `undefined` or hole, numbers finite and not -0, no bigint, Decimal, function or symbol (strings
 * and keys are escaped the same way by both; jsonb's limits are checked on the text). `undefined`
 * object members are left out by both. `ancestors` holds the open containers (a cycle is not
 * plain: the writer reports it). Allocates nothing.
 */
function isPlainJson(value: object, ancestors: object[]): boolean {
  const depth = ancestors.length;
  if (depth >= PLAIN_MAX_DEPTH) return false;
  for (let i = 0; i < depth; i++) if (ancestors[i] === value) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    if ((value as { toJSON?: unknown }).toJSON !== undefined) return false;
    ancestors.push(value);
    const items = value as readonly unknown[];
    for (let i = 0; i < items.length; i++) if (!isPlainMember(items[i], ancestors, true)) return false;
  } else if (proto === Object.prototype || proto === null) {
    const record = value as Record<string, unknown>;
    if (record.toJSON !== undefined) return false;
    ancestors.push(value);
    // for-in allocates nothing (Object.keys' arrays showed up as slower writes of the text after);
    // an inherited enumerable key (a polluted prototype), which JSON.stringify skips, goes to the writer.
    for (const key in record) {
      if (!Object.hasOwn(record, key) || !isPlainMember(record[key], ancestors, false)) return false;
    }
  } else {
    return false;
  }
  ancestors.pop();
  return true;
}

/** An array item or object member {@link isPlainJson} accepts (`undefined` only in an object: left out). */
function isPlainMember(item: unknown, ancestors: object[], inArray: boolean): boolean {
  switch (typeof item) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // Finite (NaN and ±Infinity give NaN) and not -0.
      return item - item === 0 && (item !== 0 || 1 / item > 0);
    case 'object':
      return item === null || isPlainJson(item, ancestors);
    case 'undefined':
      return !inArray;
    default:
      // bigint, function, symbol
      return false;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// What JSON.stringify escapes (or, for paired surrogates, has to look at). Strings without any are
// quoted directly: a regex test is about 3x cheaper than a JSON.stringify call.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is searched for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// Without the `u` flag a regex sees UTF-16 code units, so this finds unpaired halves.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Key = string | number;

/** An array or object being written: the writer keeps a stack of these instead of recursing. */
interface Frame {
  readonly value: object;
  /** The key under which `value` sits in its parent ('' for the root). */
  readonly key: Key;
  /** Object keys in JSON.stringify's order; undefined for an array. */
  readonly names: readonly string[] | undefined;
  /** The next index (array) or name position (object) to write. */
  next: number;
  text: string;
  empty: boolean;
}

/** Returned by {@link JsonWriter.value} when it opened a container instead of producing text. */
const OPENED = Symbol('opened');

/**
 * One pass over the value with an explicit stack of open containers, so the nesting depth is
 * bounded by memory, not by the call stack (PostgreSQL stores documents ~14,000 levels deep, and
 * what parseJson reads must be writable back). The stack also locates a failing value.
 */
class JsonWriter {
  readonly type: 'json' | 'jsonb';
  private readonly frames: Frame[] = [];
  /** The values of `frames`: to detect cycles without scanning the stack. */
  private readonly openValues = new Set<object>();

  constructor(jsonb: boolean) {
    this.type = jsonb ? 'jsonb' : 'json';
  }

  /** The JSON text of `root`, or undefined when it is not a JSON value that JSON.stringify drops (undefined). */
  write(root: unknown): string | undefined {
    const first = this.value(root, '');
    if (first !== OPENED) return first;
    const frames = this.frames;
    for (;;) {
      const frame = frames[frames.length - 1]!;
      const names = frame.names;
      if (names === undefined) {
        const items = frame.value as readonly unknown[];
        if (frame.next < items.length) {
          const index = frame.next++;
          const item = this.value(items[index], index);
          if (item !== OPENED) this.append(frame, index, item);
          continue;
        }
      } else if (frame.next < names.length) {
        const name = names[frame.next++]!;
        const item = this.value((frame.value as Record<string, unknown>)[name], name);
        if (item !== OPENED) this.append(frame, name, item);
        continue;
      }
      frames.pop();
      this.openValues.delete(frame.value);
      const text = frame.text + (names === undefined ? ']' : '}');
      if (frames.length === 0) return text;
      this.append(frames[frames.length - 1]!, frame.key, text);
    }
  }

  /** Adds a member's text to its container; an object member without text (undefined) is left out. */
  private append(frame: Frame, key: Key, item: string | undefined): void {
    if (frame.names === undefined) {
      // JSON.stringify would write null, which is not what the array held.
      if (item === undefined) throw this.fail('undefined is not a JSON value', undefined, key);
      frame.text += frame.empty ? item : `,${item}`;
    } else {
      if (item === undefined) return;
      const name = key as string;
      let quoted = `"${name}"`;
      if (NEEDS_ESCAPE.test(name)) {
        if (this.type === 'jsonb') this.checkJsonbText(name, `key ${describeValue(name)}`, name, name);
        quoted = JSON.stringify(name);
      }
      frame.text += `${frame.empty ? '' : ','}${quoted}:${item}`;
    }
    frame.empty = false;
  }

  /**
   * The JSON text of `value` (undefined: an object property holding it is left out), or OPENED
   * when it is an array or object now on the stack.
   */
  private value(value: unknown, key: Key): string | undefined | typeof OPENED {
    if (typeof value === 'object' && value !== null && !isDecimal(value)) {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      // As JSON.stringify: called once, with the property name or array index as a string.
      if (typeof toJSON === 'function') {
        // Date.prototype.toJSON writes an Invalid Date as null: the value would be replaced.
        if (value instanceof Date && Number.isNaN(value.getTime())) throw this.fail('Invalid Date is not a JSON value', value, key);
        return this.resolved(toJSON.call(value, typeof key === 'number' ? String(key) : key), key);
      }
    }
    return this.resolved(value, key);
  }

  /** {@link JsonWriter.value} once `toJSON` has been applied. */
  private resolved(value: unknown, key: Key): string | undefined | typeof OPENED {
    switch (typeof value) {
      case 'string':
        return this.string(value, key);
      case 'number':
        return this.number(value, key);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint':
        return String(value);
      case 'undefined':
        return undefined;
      case 'object':
        if (value === null) return 'null';
        if (isDecimal(value)) return this.decimal(value, key);
        return this.container(value, key);
      default:
        // function, symbol: JSON.stringify drops them without a word.
        throw this.fail(`${describeValue(value)} is not a JSON value`, value, key);
    }
  }

  private string(value: string, key: Key): string {
    if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
    if (this.type === 'jsonb') this.checkJsonbText(value, 'string', value, key);
    return JSON.stringify(value);
  }

  private number(value: number, key: Key): string {
    if (!Number.isFinite(value)) throw this.fail(`${describeValue(value)} is not a JSON number`, value, key);
    return Object.is(value, -0) ? '-0' : String(value);
  }

  private decimal(value: Decimal, key: Key): string {
    if (!value.isFinite()) throw this.fail(`Decimal ${value.toString()} is not a JSON number`, value, key);
    // Plain notation, with the scale PostgreSQL printed (1.50 stays 1.50), from any decimal.js clone.
    return decimalToText(value);
  }

  private container(value: object, key: Key): string | typeof OPENED {
    if (this.openValues.has(value)) {
      const cycleAt = this.frames.findIndex((frame) => frame.value === value);
      throw this.fail(`circular reference to ${formatPath(this.frames.slice(1, cycleAt + 1).map((frame) => frame.key))}`, value, key);
    }
    if (Array.isArray(value)) {
      if (this.isLeafArray(value)) return JSON.stringify(value);
      return this.open(value, key, undefined, '[');
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      // JSON.stringify writes {} for these: their entries are not own properties.
      if (value instanceof Map || value instanceof Set) {
        throw this.fail(`${describeValue(value)} is not a JSON value; convert it to an object or array first`, value, key);
      }
      // Boxed primitives are unwrapped, as JSON.stringify does.
      if (value instanceof Number) return this.number(value.valueOf(), key);
      if (value instanceof String) return this.string(value.valueOf(), key);
      if (value instanceof Boolean) return value.valueOf() ? 'true' : 'false';
      if (value instanceof BigInt) return String(value.valueOf());
    }
    // Own enumerable string keys in JSON.stringify's order; symbol keys are skipped like there.
    const names = Object.keys(value);
    if (this.isLeafObject(value as Record<string, unknown>, names)) return JSON.stringify(value);
    return this.open(value, key, names, '{');
  }

  private open(value: object, key: Key, names: readonly string[] | undefined, text: string): typeof OPENED {
    this.frames.push({ value, key, names, next: 0, text, empty: true });
    this.openValues.add(value);
    return OPENED;
  }

  // A container of primitives that JSON.stringify writes exactly as this writer would is handed
  // to it whole when it holds a number that is not an int32: natively such numbers are written
  // without allocating a string each (3x faster on float-heavy documents). For small integers
  // and strings the call costs more than it saves.

  private isLeafArray(value: readonly unknown[]): boolean {
    if ((value as { toJSON?: unknown }).toJSON !== undefined) return false;
    let worthIt = false;
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (!this.isPlainPrimitive(item)) return false;
      if (typeof item === 'number' && (item | 0) !== item) worthIt = true;
    }
    return worthIt;
  }

  private isLeafObject(value: Record<string, unknown>, names: readonly string[]): boolean {
    if (value.toJSON !== undefined) return false;
    let worthIt = false;
    for (const name of names) {
      const item = value[name];
      // Left out by JSON.stringify too.
      if (item === undefined) continue;
      if (!this.isPlainPrimitive(item)) return false;
      if (this.type === 'jsonb' && NEEDS_ESCAPE.test(name) && !isJsonbText(name)) return false;
      if (typeof item === 'number' && (item | 0) !== item) worthIt = true;
    }
    return worthIt;
  }

  /** A finite number other than -0, a boolean, null, or a string (for jsonb: one jsonb can store). */
  private isPlainPrimitive(value: unknown): boolean {
    switch (typeof value) {
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0);
      case 'string':
        return this.type === 'json' || !NEEDS_ESCAPE.test(value) || isJsonbText(value);
      case 'boolean':
        return true;
      default:
        return value === null;
    }
  }

  /** Throws when jsonb cannot store `text`: PostgreSQL would fail the statement with 22P05 or 22P02. */
  private checkJsonbText(text: string, what: string, value: unknown, key: Key): void {
    if (text.includes('\u0000')) {
      throw this.fail(`${what} contains U+0000, which jsonb cannot store`, value, key);
    }
    const lone = LONE_SURROGATE.exec(text);
    if (lone) {
      const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
      throw this.fail(`${what} contains a lone surrogate U+${unit}, which jsonb cannot store`, value, key);
    }
  }

  /** An error for the value under `key` in the innermost container being written. */
  fail(message: string, value: unknown, key: Key): PgExactValueError {
    const frames = this.frames;
    const path = frames.length === 0 ? '$' : formatPath([...frames.slice(1).map((frame) => frame.key), key]);
    return new PgExactValueError(message, { value, path, type: this.type });
  }
}

function isJsonbText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** `$`, `$.a`, `$.a[2]`, `$["key with space"]`. */
function formatPath(keys: readonly Key[]): string {
  let path = '$';
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else if (IDENTIFIER.test(key)) path += `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}
