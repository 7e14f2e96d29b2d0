import { Decimal as DecimalJs } from 'decimal.js';

// decimal.js configured for PostgreSQL numeric: arithmetic keeps 1000 significant digits
// (decimal.js's default of 20 silently rounds numeric(38) sums), and `toString()` never switches
// to exponent notation, so it prints what PostgreSQL prints.
const BaseDecimal = DecimalJs.clone({ precision: 1000, toExpNeg: -9e15, toExpPos: 9e15 });
export type Decimal = DecimalJs;

/** True for any decimal.js instance, including other clones (Prisma.Decimal is one). */
export function isDecimal(value: unknown): value is DecimalJs {
  return DecimalJs.isDecimal(value);
}

/**
 * The number of fraction digits PostgreSQL printed ('1.50' → 2). decimal.js drops trailing
 * zeros, so the scale rides along on the instance and serializing writes it back.
 */
export const decimalScale: unique symbol = Symbol('pg-exact.decimalScale');

/**
 * The text of a finite Decimal with at least `scale` fraction digits, never `-0`: what
 * `toFixed(scale)` prints when the value has fewer decimal places, else `toFixed()`. Built from
 * decimal.js's own fields (sign `s`, base-10 exponent `e` of the first digit, base-1e7 words `d`,
 * the same in every clone), about 3x faster than `toFixed`, which every parameter write pays.
 */
function scaledText(value: DecimalJs, scale: number | undefined): string {
  const { s, e, d } = value as unknown as DecimalFields;
  let digits = String(d[0]);
  for (let k = 1; k < d.length; k++) {
    const word = String(d[k]);
    digits += word.length === LOG_BASE ? word : ZEROS.slice(word.length) + word;
  }
  let integer: string;
  let fraction: string;
  if (e < 0) {
    integer = '0';
    fraction = '0'.repeat(-e - 1) + digits;
  } else if (digits.length > e + 1) {
    integer = digits.slice(0, e + 1);
    fraction = digits.slice(e + 1);
  } else {
    integer = e + 1 > digits.length ? digits + '0'.repeat(e + 1 - digits.length) : digits;
    fraction = '';
  }
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  if (end < fraction.length) fraction = fraction.slice(0, end);
  if (scale !== undefined && fraction.length < scale) fraction += '0'.repeat(scale - fraction.length);
  const text = fraction ? `${integer}.${fraction}` : integer;
  // Zero prints without a sign (d is [0] for any zero).
  return s < 0 && d[0] !== 0 ? `-${text}` : text;
}
const ZEROS = '0000000';

// The prototype of Decimals that carry a scale (read from numeric, or written as `new
// Decimal('1.50')`): printing keeps it, like pgjdbc's BigDecimal and psycopg's Decimal, where
// decimal.js would print '1.5'. It inherits everything else from decimal.js's prototype, which is
// shared by every decimal.js clone and left untouched.
const scaledPrototype = Object.create(BaseDecimal.prototype) as DecimalJs;
function printScaled(this: DecimalFields & DecimalJs): string {
  return scaledText(this, this[decimalScale]);
}
Object.defineProperties(scaledPrototype, {
  // decimal.js reads `x.constructor` to build results (arithmetic gives decimal.js's own values) and
  // sets it on each of its own instances; here it is inherited, one 8-byte field less per value.
  constructor: { value: BaseDecimal, writable: true, configurable: true },
  toString: { value: printScaled, writable: true, configurable: true },
  valueOf: { value: printScaled, writable: true, configurable: true },
  toJSON: { value: printScaled, writable: true, configurable: true },
  [Symbol.for('nodejs.util.inspect.custom')]: { value: printScaled, writable: true, configurable: true },
});

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * decimal.js for PostgreSQL numeric: 1000 significant digits for arithmetic (decimal.js's default
 * of 20 silently rounds numeric(38) sums), never exponent notation, and the scale a value was
 * written with kept when it prints: a numeric PostgreSQL printed as `19.90`, or
 * `new Decimal('19.90')`, prints `19.90` through `toString()`, `String()`, template literals,
 * `toJSON()` and `valueOf()`, and is written back as `19.90`. Arithmetic follows decimal.js:
 * results carry no written scale (`new Decimal('1.50').plus(1)` prints `2.5`; `toFixed(2)` chooses
 * one). Values compare by value (`new Decimal('1.50').equals('1.5')`). Every other decimal.js
 * form (numbers, exponents, `'+1'`, hex) is decimal.js's own.
 *
 * ```ts
 * import { Decimal } from '@pg-exact/core';
 * String(new Decimal('19.90')); // '19.90'
 * new Decimal('12345678901234567890.123456789012345678').plus(1).toString();
 * // '12345678901234567891.123456789012345678'
 * ```
 */
export const Decimal = function Decimal(value: DecimalJs.Value): DecimalJs {
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return decimalFromText(value);
  return new BaseDecimal(value);
} as unknown as typeof DecimalJs;
// decimal.js's statics (precision, rounding, max, sum, isDecimal…) and `instanceof Decimal`.
Object.setPrototypeOf(Decimal, BaseDecimal);
Decimal.prototype = BaseDecimal.prototype;

interface DecimalFields {
  s: number;
  e: number;
  d: number[];
  [decimalScale]: number;
}

// Builds an instance with decimal.js's own fields (sign, base-10 exponent, base-1e7 words) in
// decimal.js's own property order; `new Decimal(text)` costs ~10x Number(text), this ~2x. The
// `constructor` decimal.js puts on each instance is inherited from the prototype instead.
const ExactDecimal = function (this: DecimalFields, s: number, e: number, d: number[], scale: number) {
  this.s = s;
  this.e = e;
  this.d = d;
  this[decimalScale] = scale;
} as unknown as new (s: number, e: number, d: number[], scale: number) => Decimal;
ExactDecimal.prototype = scaledPrototype;

const LOG_BASE = 7;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];
const SCRATCH_WORDS = 64;
const scratchWords: number[] = Array.from({ length: SCRATCH_WORDS }, () => 0); // packed, as push() would make it

/**
 * Parses decimal text exactly: PostgreSQL numeric output (`-12.340`, `NaN`, `Infinity`) or a
 * JSON number token (`1e400`). Plain digits take a fast path that fills decimal.js's
 * representation directly; everything else goes through `new Decimal(text)`.
 * Throws a SyntaxError naming the text when it is not a number.
 */
export function decimalFromText(text: string): Decimal {
  const length = text.length;
  let i = 0;
  let sign = 1;
  let c = text.charCodeAt(0);
  if (c === 45 /* - */) {
    sign = -1;
    i = 1;
  }
  // Pass 1: validate the plain form and find the dot, first and last significant digits.
  const intStart = i;
  let dot = -1;
  let first = -1;
  let last = -1;
  for (; i < length; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c !== 48) {
        if (first < 0) first = i;
        last = i;
      }
    } else if (c === 46 /* . */ && dot < 0) {
      dot = i;
    } else {
      return slowDecimal(text);
    }
  }
  const intEnd = dot < 0 ? length : dot;
  if (intEnd === intStart || dot === length - 1) return slowDecimal(text); // '', '-', '.5', '5.'
  const scale = dot < 0 ? 0 : length - dot - 1;
  if (first < 0) return new ExactDecimal(sign, 0, [0], scale);

  // Base-10 exponent of the first significant digit.
  const e = first < intEnd ? intEnd - first - 1 : dot - first;
  // decimal.js aligns words so that word boundaries fall on exponents divisible by 7.
  let wordLength = (e + 1) % LOG_BASE;
  if (e < 0) wordLength += LOG_BASE;
  if (wordLength === 0) wordLength = LOG_BASE;

  // The words array is allocated at its exact length: one grown by push() from [] keeps room for
  // 17 words (152 B for the usual 2-3), which made a numeric(20,6) value weigh 248 B on the heap
  // where its text weighs 32. Up to 4 words, a literal; up to 64, filled in a scratch array and
  // sliced out (packed, like decimal.js's own arrays; new Array(n) would be holey); longer ones
  // grow by appending (a little spare room, and no scratch array kept that large).
  const digits = last - first + 1 - (dot > first && dot < last ? 1 : 0);
  const count = digits <= wordLength ? 1 : 1 + Math.ceil((digits - wordLength) / LOG_BASE);
  let words: number[];
  if (count <= 4) words = count === 1 ? [0] : count === 2 ? [0, 0] : count === 3 ? [0, 0, 0] : [0, 0, 0, 0];
  else if (count <= SCRATCH_WORDS) words = scratchWords;
  else words = [];
  let w = 0;
  let word = 0;
  let inWord = 0;
  for (i = first; i <= last; i++) {
    c = text.charCodeAt(i);
    if (c === 46) continue;
    word = word * 10 + (c - 48);
    if (++inWord === wordLength) {
      words[w++] = word;
      word = 0;
      inWord = 0;
      wordLength = LOG_BASE;
    }
  }
  if (inWord > 0) words[w] = word * POW10[wordLength - inWord]!;
  return new ExactDecimal(sign, e, words === scratchWords ? words.slice(0, count) : words, scale);
}

function slowDecimal(text: string): Decimal {
  // decimal.js accepts forms PostgreSQL and JSON do not (hex, binary, '+1', ' 1'); only
  // decimal and exponent forms and the three specials are numbers here.
  if (!/^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^(?:NaN|-?Infinity)$/.test(text)) {
    throw new SyntaxError(`not a decimal number: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}`);
  }
  return new BaseDecimal(text);
}

/**
 * Prints a Decimal as PostgreSQL numeric input: plain notation, never an exponent, with the
 * scale it was read with ('1.50' stays '1.50'). Works for any decimal.js clone.
 */
export function decimalToText(value: DecimalJs): string {
  if (!value.isFinite()) return value.isNaN() ? 'NaN' : value.isNegative() ? '-Infinity' : 'Infinity';
  return scaledText(value, (value as Partial<DecimalFields>)[decimalScale]);
}
