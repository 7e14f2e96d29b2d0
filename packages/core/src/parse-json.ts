import { type Decimal, decimalFromText } from './decimal.js';

/**
 * A JSON value as {@link parseJson} returns it: integers outside ±(2^53−1) are bigints, other
 * numbers that float64 would change are Decimals, everything else is what `JSON.parse` gives.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | Decimal
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * Parses JSON text without losing precision: integers outside ±(2^53−1) become `bigint`,
 * other numbers whose float64 would denote a different decimal value become `Decimal`,
 * everything else is exactly what `JSON.parse` returns. `__proto__` keys become own
 * properties; syntax errors are `SyntaxError`s that give the character position.
 *
 * ```ts
 * const row = parseJson('{"id": 12345678901234567890, "rate": 0.10000000000000000000001, "n": 1.5}') as {
 *   id: bigint;
 *   rate: Decimal;
 *   n: number;
 * };
 * row.id; // 12345678901234567890n
 * row.rate.toString(); // '0.10000000000000000000001'
 * row.n; // 1.5
 * parseJson('{"a": }'); // SyntaxError: Unexpected '}' in JSON at position 6, expected a value
 * ```
 */
export function parseJson(text: string): JsonValue {
  if (typeof text !== 'string') {
    throw new TypeError(`parseJson expects a string, got ${typeof text}`);
  }
  if (hasInexactNumber(text)) return parseWithExactNumbers(text);
  try {
    // V8's JSON.parse is iterative and defines `__proto__` as an own property, like parseExact.
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    // Node 20's messages give no position; ours do. parseExact rejects what JSON.parse rejects,
    // so it throws here; the rethrow only guards against a disagreement.
    parseExact(text);
    throw error;
  }
}

/**
 * Whether `parseJson(text)` could return anything `JSON.parse(text)` would not: true when some
 * number in the text needs more than float64 (an integer beyond ±(2^53−1), more than 15
 * significant digits, an exponent of three digits). False means `JSON.parse` is exact for this
 * text. A few false positives (digits inside strings) are possible, false negatives are not. For
 * adapters that can hand JSON text on unchanged when nothing in it is at risk.
 *
 * ```ts
 * jsonNeedsExactParse('{"id": 12345678901234567890}'); // true
 * jsonNeedsExactParse('{"price": 19.99}');             // false
 * ```
 */
export function jsonNeedsExactParse(text: string): boolean {
  return hasInexactNumber(text);
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_B = 0x62;
const LOWER_E = 0x65;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_R = 0x72;
const LOWER_T = 0x74;
const LOWER_U = 0x75;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const MIN_NORMAL = 2.2250738585072014e-308;
// Exact doubles, so digits / 10^k is one correctly rounded division, the same double as Number(token).
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

// ---------------------------------------------------------------------------------------------
// The gate: does any number in the text need more than float64?
// ---------------------------------------------------------------------------------------------

// Up to 15 significant digits survive a round trip through any normal float64 (DBL_DIG is 15),
// so a number float64 could change has at least 16 significant digits, hundreds of leading
// zeros (below 1e-308), or an exponent of three digits or more (a mantissa of at most 15
// characters times 10^±99 stays in the normal range). The text then holds a run of 16 or more
// digits and dots, or a digit, e/E and three digits.
const NUMBER_TOKEN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const RUN = 16;

/**
 * True when some number token in `text` would lose its value in float64. A run of 16 digits
 * and dots covers some index ≡ 15 (mod 16), so only every 16th character is read; a hit is
 * widened to its run of number characters and judged as a token. Exponents are found with
 * indexOf. Far cheaper than a regex over digit-dense text (a regex pass cost 0.3-0.5x
 * JSON.parse on float-heavy documents). A hit inside a string only causes a false positive (the
 * exact parser then runs), never a miss.
 */
function hasInexactNumber(text: string): boolean {
  const length = text.length;
  if (length < SAMPLING_FROM) return hasInexactNumberByRegex(text);
  for (let i = RUN - 1; i < length; i += RUN) {
    let c = text.charCodeAt(i);
    if (!((c >= ZERO && c <= NINE) || c === DOT)) continue;
    let start = i;
    let digits = c === DOT ? 0 : 1;
    while (start > 0) {
      c = text.charCodeAt(start - 1);
      if (c >= ZERO && c <= NINE) digits++;
      else if (c !== DOT) break;
      start--;
    }
    let end = i + 1;
    for (;;) {
      c = text.charCodeAt(end);
      if (c >= ZERO && c <= NINE) digits++;
      else if (c !== DOT) break;
      end++;
    }
    // At most 15 digits (so at most 15 leading zeros) and no exponent: float64 keeps it.
    if ((digits > 15 || c === LOWER_E || c === UPPER_E) && isInexactCandidate(text, start, end)) return true;
    // Go on with the first sample at or after the end of this run (the loop adds RUN).
    i = end + ((RUN - 1 - (end % RUN) + RUN) % RUN) - RUN;
  }
  return hasInexactExponent(text, 'e') || hasInexactExponent(text, 'E');
}

// Measured on the bench corpora: below ~1 KB one native regex pass is cheaper than the sampling
// loop's fixed costs (0.13x vs 0.28x JSON.parse on 370 B objects); on 50 KB float-heavy text the
// regex costs 0.4x and sampling 0.3x.
const SAMPLING_FROM = 1024;
// A digit, e/E and three digits, or a digit followed by 15 digits or dots. Unrolled, because V8
// runs `[\d.]{15}` as a loop that defeats its fast skipping; one alternation, one pass.
const CANDIDATE = new RegExp(`\\d[eE][-+]?\\d\\d\\d|\\d${'[\\d.]'.repeat(15)}`, 'g');

function hasInexactNumberByRegex(text: string): boolean {
  CANDIDATE.lastIndex = 0;
  while (nextCandidateRun(text)) if (isInexactRun(text, runStart, CANDIDATE.lastIndex)) return true;
  return false;
}

// Where the run found by nextCandidateRun starts (it ends at CANDIDATE.lastIndex).
let runStart = 0;

/**
 * Finds CANDIDATE's next match from `CANDIDATE.lastIndex` and widens it to its whole run of number
 * characters: the run is text[runStart, CANDIDATE.lastIndex), so the next call goes on after it.
 * False when there is none.
 */
function nextCandidateRun(text: string): boolean {
  if (!CANDIDATE.test(text)) return false;
  // The last matched character is a digit.
  let end = CANDIDATE.lastIndex;
  let start = end - 1;
  while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start--;
  while (isNumberChar(text.charCodeAt(end))) end++;
  runStart = start;
  CANDIDATE.lastIndex = end;
  return true;
}

/** An exponent of three or more digits after a digit (1e400, 2.5E-400). */
function hasInexactExponent(text: string, letter: 'e' | 'E'): boolean {
  for (let at = text.indexOf(letter, 1); at !== -1; at = text.indexOf(letter, at + 1)) {
    const before = text.charCodeAt(at - 1);
    if (before < ZERO || before > NINE) continue;
    let k = at + 1;
    const sign = text.charCodeAt(k);
    if (sign === PLUS || sign === MINUS) k++;
    if (isDigit(text.charCodeAt(k)) && isDigit(text.charCodeAt(k + 1)) && isDigit(text.charCodeAt(k + 2))) {
      if (isInexactCandidate(text, at - 1, k + 3)) return true;
    }
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Widens text[start, end) to its whole run of number characters and judges it as a token. */
function isInexactCandidate(text: string, start: number, end: number): boolean {
  while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start--;
  while (isNumberChar(text.charCodeAt(end))) end++;
  return isInexactRun(text, start, end);
}

function isNumberChar(c: number): boolean {
  return (c >= ZERO && c <= NINE) || c === DOT || c === MINUS || c === PLUS || c === LOWER_E || c === UPPER_E;
}

/** Whether text[start, end) is a JSON number token whose value float64 would change. */
function isInexactRun(text: string, start: number, end: number): boolean {
  return inexactToken(text, start, end) !== undefined;
}

/** text[start, end) when it is a JSON number token whose value float64 would change, else undefined. */
function inexactToken(text: string, start: number, end: number): string | undefined {
  // Counted as parseNumber counts: digits from the first non-zero one; significant ones up to the last.
  let digits = 0;
  let significant = 0;
  let leadingZeros = 0;
  let integer = true;
  let exponent = false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= ONE && c <= NINE) significant = ++digits;
    else if (c === ZERO) {
      if (digits > 0) digits++;
      else leadingZeros++;
    } else if (c === DOT) {
      integer = false;
    } else if (c === LOWER_E || c === UPPER_E) {
      exponent = true;
      integer = false;
      break;
    }
  }
  // At most 15 digits of a normal float64 (at least 1e-300 here) are exact, whatever else the
  // run holds, so it need not even be a number token.
  if (digits <= 15 && !exponent && leadingZeros < 300) return undefined;
  const token = text.slice(start, end);
  // A run that is no number token lies inside a string: outside strings, JSON.parse rejects it.
  return NUMBER_TOKEN.test(token) && Number.isNaN(exactFloat(token, integer, digits, significant)) ? token : undefined;
}

// ---------------------------------------------------------------------------------------------
// Text with inexact numbers: JSON.parse does the structure, the inexact numbers are ours
// ---------------------------------------------------------------------------------------------

// What stands in for an inexact number in the text given to JSON.parse: a string value that
// starts with U+0000, written as the escape `\u0000` followed by the number's index.
const PLACEHOLDER_ESCAPE = '\\u0000';

/**
 * Parses text that holds numbers float64 would change. When they are few for the text's length,
 * each one is replaced by a placeholder string (`"\u0000<index>"`), JSON.parse parses the rest
 * natively, and the placeholders are swapped for the bigints and Decimals: building objects and
 * arrays is what a parser written in JavaScript does slowest, so on a 50 KB document with one
 * snowflake id this costs about 1.7x JSON.parse where parseExact costs 2-3x. When they are dense
 * (corpus (c) of bench/: 9 in 460 B), building, flattening and walking the rewritten text costs more
 * than it saves (3.8x against parseExact's 2.7x), and parseExact reads the text.
 *
 * Sound because:
 * - every inexact number token has 16 or more digits and dots in a row, or a three-digit
 *   exponent after a digit, so the CANDIDATE regex finds it (the same criterion as the gate);
 * - a placeholder can only be mistaken for user data if the text holds the escape `\u0000`
 *   (raw U+0000 is not allowed in JSON strings): such text goes to parseExact;
 * - a candidate inside a string (`"id 12345678901234567890"`) gets replaced too, but then the
 *   placeholder's opening quote ends that string and its backslash stands outside any string,
 *   which JSON.parse always rejects: a SyntaxError sends the text to parseExact, which returns
 *   the right value or throws the right error.
 */
function parseWithExactNumbers(text: string): JsonValue {
  if (text.length < PLACEHOLDERS_FROM || text.includes(PLACEHOLDER_ESCAPE)) return parseExact(text);
  const starts: number[] = [];
  const tokens: string[] = [];
  CANDIDATE.lastIndex = 0;
  while (nextCandidateRun(text)) {
    const token = inexactToken(text, runStart, CANDIDATE.lastIndex);
    if (token === undefined) continue;
    if ((tokens.length + 1) * PLACEHOLDER_SPACING > text.length) return parseExact(text);
    starts.push(runStart);
    tokens.push(token);
  }
  if (tokens.length === 0) return parseExact(text);
  const values: (bigint | Decimal)[] = new Array<bigint | Decimal>(tokens.length);
  let rewritten = '';
  let from = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    rewritten += `${text.slice(from, starts[k])}"${PLACEHOLDER_ESCAPE}${k}"`;
    from = starts[k]! + token.length;
    values[k] = INTEGER_TOKEN.test(token) ? BigInt(token) : decimalFromText(token);
  }
  let root: JsonValue;
  try {
    root = JSON.parse(rewritten + text.slice(from)) as JsonValue;
  } catch {
    return parseExact(text);
  }
  return restorePlaceholders(root, values);
}

// Placeholders pay off from about 2 KB of text with at most one inexact number per 200 characters
// (measured on bench/'s corpora; the path taken changes no value, only the cost).
const PLACEHOLDERS_FROM = 2048;
const PLACEHOLDER_SPACING = 200;
const INTEGER_TOKEN = /^-?\d+$/;

/** Replaces every placeholder string in `root` by its value; iterative, as JSON.parse is. */
function restorePlaceholders(root: JsonValue, values: (bigint | Decimal)[]): JsonValue {
  if (typeof root === 'string') return values[Number(root.slice(1))]!;
  let left = values.length;
  const stack: (JsonValue[] | { [key: string]: JsonValue })[] = [];
  if (root !== null && typeof root === 'object') stack.push(root as JsonValue[] | { [key: string]: JsonValue });
  while (stack.length > 0 && left > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'string') {
          if (v.charCodeAt(0) === 0) {
            node[i] = values[Number(v.slice(1))]!;
            left--;
          }
        } else if (v !== null && typeof v === 'object') {
          stack.push(v as JsonValue[] | { [key: string]: JsonValue });
        }
      }
    } else {
      // Own keys only: JSON.parse's objects have no others, and an enumerable property someone
      // added to Object.prototype must not be walked (or written).
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const v = node[key];
        if (typeof v === 'string') {
          if (v.charCodeAt(0) === 0) {
            const value = values[Number(v.slice(1))]!;
            // JSON.parse made `__proto__` an own property; assignment would set the prototype.
            if (key === '__proto__') Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
            else node[key] = value;
            left--;
          }
        } else if (v !== null && typeof v === 'object') {
          stack.push(v as JsonValue[] | { [key: string]: JsonValue });
        }
      }
    }
  }
  return root;
}

/**
 * Number(token) when that float64 denotes the token's decimal value (for integers: when it is a
 * safe integer), else NaN. `token` is a well-formed JSON number; `digits` counts its mantissa
 * digits from the first non-zero one, `significant` the same up to the last non-zero one.
 */
function exactFloat(token: string, integer: boolean, digits: number, significant: number): number {
  if (integer) {
    if (digits <= 15) return Number(token);
    if (digits > 16) return NaN; // at least 10^16 > 2^53
    const n = Number(token);
    return Number.isSafeInteger(n) ? n : NaN;
  }
  // float64's shortest decimal form never has more than 17 significant digits.
  if (significant > 17) return NaN;
  const n = Number(token);
  const magnitude = Math.abs(n);
  // ≤15 significant digits survive a round trip through any normal float64 (DBL_DIG is 15).
  if (significant <= 15 && magnitude >= MIN_NORMAL && magnitude <= Number.MAX_VALUE) return n;
  return String(n) === token || sameDecimalValue(token, n) ? n : NaN;
}

/**
 * Whether float64 `n`, parsed from `token`, denotes the same decimal value: true for
 * 1.50000000000000000 or 0.0000001 (printed 1e-7), false for 0.10000000000000000001,
 * 1e400 (Infinity) and 2.5e-400 (0).
 */
function sameDecimalValue(token: string, n: number): boolean {
  if (n === 0) return !/[1-9]/.test(mantissaOf(token));
  if (!Number.isFinite(n)) return false;
  return canonicalDecimal(token) === canonicalDecimal(String(n));
}

function mantissaOf(numberText: string): string {
  const e = numberText.search(/[eE]/);
  return e < 0 ? numberText : numberText.slice(0, e);
}

/** One spelling per nonzero decimal value: sign, significant digits, `e`, exponent of the last digit. */
function canonicalDecimal(numberText: string): string {
  const mantissa = mantissaOf(numberText);
  let exponent = mantissa.length < numberText.length ? Number(numberText.slice(mantissa.length + 1)) : 0;
  const negative = mantissa.charCodeAt(0) === MINUS;
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf('.');
  let digits = unsigned;
  if (dot >= 0) {
    digits = unsigned.slice(0, dot) + unsigned.slice(dot + 1);
    exponent -= unsigned.length - dot - 1;
  }
  let first = 0;
  while (digits.charCodeAt(first) === ZERO) first++;
  let last = digits.length;
  while (digits.charCodeAt(last - 1) === ZERO) last--;
  exponent += digits.length - last;
  return `${negative ? '-' : ''}${digits.slice(first, last)}e${exponent}`;
}

// ---------------------------------------------------------------------------------------------
// The exact parser
// ---------------------------------------------------------------------------------------------

// Property names repeat across documents and rows. A sliced key must be hashed and looked up in
// V8's string table on every store; a key used before already is an internalized name, so
// reusing the previous instance makes storing it about twice as cheap.
const KEY_CACHE_SIZE = 512;
const keyCache: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE).fill(undefined);

type Container = JsonValue[] | { [key: string]: JsonValue };

// The text being parsed and the position in it, shared by the functions below (module state, so
// that a call allocates no closures; parseExact saves and restores it, so it is re-entrant).
let source = '';
let index = 0;

/**
 * Strict JSON parser with exact numbers, in the style of lossless-json's. It is iterative (an
 * explicit stack of open containers), so nesting depth is bounded by memory, not by the call
 * stack, as in V8's JSON.parse.
 */
function parseExact(text: string): JsonValue {
  const savedSource = source;
  const savedIndex = index;
  source = text;
  index = 0;
  try {
    return parseDocument();
  } finally {
    source = savedSource;
    index = savedIndex;
  }
}

function parseDocument(): JsonValue {
  // Open arrays and objects, innermost last; keys[d] is the pending key of stack[d] (unused for arrays).
  const stack: Container[] = [];
  const keys: string[] = [];
  let value: JsonValue;

  skipWhitespace();
  for (;;) {
    // Parse one value starting at index (whitespace already skipped).
    const c = source.charCodeAt(index);
    if (c === QUOTE) {
      value = parseString();
    } else if (c === OPEN_BRACE) {
      index++;
      skipWhitespace();
      if (source.charCodeAt(index) === CLOSE_BRACE) {
        index++;
        value = {};
      } else {
        stack.push({});
        keys.push(parseKey());
        continue;
      }
    } else if (c === OPEN_BRACKET) {
      index++;
      skipWhitespace();
      if (source.charCodeAt(index) === CLOSE_BRACKET) {
        index++;
        value = [];
      } else {
        stack.push([]);
        keys.push('');
        continue;
      }
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      value = parseNumber();
    } else if (c === LOWER_T) {
      parseLiteral('true');
      value = true;
    } else if (c === LOWER_F) {
      parseLiteral('false');
      value = false;
    } else if (c === LOWER_N) {
      parseLiteral('null');
      value = null;
    } else {
      return throwUnexpected(index, 'a value');
    }

    // Store the value in its container, then close every container the source closes here.
    for (;;) {
      const depth = stack.length;
      skipWhitespace();
      if (depth === 0) {
        if (index < source.length) throwUnexpected(index, 'end of input');
        return value;
      }
      const container = stack[depth - 1]!;
      const next = source.charCodeAt(index);
      if (Array.isArray(container)) {
        container.push(value);
        if (next === COMMA) {
          index++;
          skipWhitespace();
          break;
        }
        if (next !== CLOSE_BRACKET) throwUnexpected(index, "',' or ']'");
      } else {
        const key = keys[depth - 1]!;
        if (key === '__proto__') {
          // Assignment would replace the prototype; JSON.parse defines an own property.
          Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
        } else {
          container[key] = value;
        }
        if (next === COMMA) {
          index++;
          skipWhitespace();
          keys[depth - 1] = parseKey();
          break;
        }
        if (next !== CLOSE_BRACE) throwUnexpected(index, "',' or '}'");
      }
      index++;
      value = container;
      stack.pop();
      keys.pop();
    }
  }

}

function skipWhitespace(): void {
  let c = source.charCodeAt(index);
  while (c === SPACE || c === NEWLINE || c === RETURN || c === TAB) c = source.charCodeAt(++index);
}

/** Parses `"key"` and the colon after it, leaving index at the value. */
function parseKey(): string {
  if (source.charCodeAt(index) !== QUOTE) throwUnexpected(index, 'a string key');
  const key = parseKeyString();
  skipWhitespace();
  if (source.charCodeAt(index) !== COLON) throwUnexpected(index, "':'");
  index++;
  skipWhitespace();
  return key;
}

/** A key is parsed like a string, but reuses the last string seen with the same length and ends. */
function parseKeyString(): string {
  const start = ++index;
  let c = source.charCodeAt(index);
  while (c !== QUOTE && c !== BACKSLASH && c >= SPACE) c = source.charCodeAt(++index);
  if (c !== QUOTE) return parseEscapedString(start);
  const length = index++ - start;
  if (length > 32) return source.slice(start, start + length);
  const slot = (length * 0x45 + source.charCodeAt(start) * 7 + source.charCodeAt(start + length - 1)) & (KEY_CACHE_SIZE - 1);
  const cached = keyCache[slot];
  if (cached !== undefined && cached.length === length && source.startsWith(cached, start)) return cached;
  const key = source.slice(start, start + length);
  keyCache[slot] = key;
  return key;
}

function parseString(): string {
  const start = ++index;
  let c = source.charCodeAt(index);
  // NaN past the end fails `>= SPACE` too.
  while (c !== QUOTE && c !== BACKSLASH && c >= SPACE) c = source.charCodeAt(++index);
  if (c === QUOTE) return source.slice(start, index++);
  return parseEscapedString(start);
}

/** Continues a string at the first backslash, control character or end of source. */
function parseEscapedString(start: number): string {
  let result = source.slice(start, index);
  for (;;) {
    const c = source.charCodeAt(index);
    if (c === QUOTE) {
      index++;
      return result;
    }
    if (c === BACKSLASH) {
      result += parseEscape();
    } else if (c >= SPACE) {
      const chunkStart = index;
      let d = c;
      while (d !== QUOTE && d !== BACKSLASH && d >= SPACE) d = source.charCodeAt(++index);
      result += source.slice(chunkStart, index);
    } else if (index >= source.length) {
      throwSyntax(index, 'Unterminated string', `starting at position ${start - 1}`);
    } else {
      throwSyntax(index, `Bad control character ${unicodeName(c)} in string literal`, 'expected it escaped');
    }
  }
}

function parseEscape(): string {
  const escape = source.charCodeAt(index + 1);
  index += 2;
  switch (escape) {
    case QUOTE:
      return '"';
    case BACKSLASH:
      return '\\';
    case SLASH:
      return '/';
    case LOWER_B:
      return '\b';
    case LOWER_F:
      return '\f';
    case LOWER_N:
      return '\n';
    case LOWER_R:
      return '\r';
    case LOWER_T:
      return '\t';
    case LOWER_U: {
      const code = parseHex4(index);
      if (code < 0) {
        throwSyntax(index - 2, `Invalid escape ${JSON.stringify(source.slice(index - 2, index + 4))}`, 'expected \\u and 4 hex digits');
      }
      index += 4;
      // Lone surrogates are kept, as JSON.parse keeps them.
      return String.fromCharCode(code);
    }
    default:
      return throwSyntax(index - 2, `Invalid escape ${JSON.stringify(source.slice(index - 2, index))}`, 'in string');
  }
}

/** The 4 hex digits at `pos` as a number, or -1 if they are not 4 hex digits. */
function parseHex4(pos: number): number {
  let code = 0;
  for (let k = pos; k < pos + 4; k++) {
    const c = source.charCodeAt(k);
    const lower = c | 0x20;
    if (c >= ZERO && c <= NINE) code = code * 16 + (c - ZERO);
    else if (lower >= 0x61 && lower <= LOWER_F) code = code * 16 + (lower - 0x57);
    else return -1;
  }
  return code;
}

function parseNumber(): number | bigint | Decimal {
  const start = index;
  let c = source.charCodeAt(index);
  const negative = c === MINUS;
  if (negative) c = source.charCodeAt(++index);
  // The significant digits as an integer: exact while there are at most 15 of them.
  let mantissa = 0;
  let digits = 0;
  if (c === ZERO) {
    c = source.charCodeAt(++index);
    if (c >= ZERO && c <= NINE) throwSyntax(index - 1, 'Unexpected leading zero', 'expected a number without leading zeros');
  } else if (c >= ONE && c <= NINE) {
    do {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      c = source.charCodeAt(++index);
    } while (c >= ZERO && c <= NINE);
  } else {
    throwUnexpected(index, 'a digit');
  }
  let fractionDigits = 0;
  if (c === DOT) {
    c = source.charCodeAt(++index);
    if (!(c >= ZERO && c <= NINE)) throwUnexpected(index, 'a digit after the decimal point');
    const fractionStart = index;
    do {
      if (digits > 0 || c !== ZERO) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
      }
      c = source.charCodeAt(++index);
    } while (c >= ZERO && c <= NINE);
    fractionDigits = index - fractionStart;
  }
  const mantissaEnd = index;
  let exponent = false;
  if (c === LOWER_E || c === UPPER_E) {
    exponent = true;
    c = source.charCodeAt(++index);
    if (c === PLUS || c === MINUS) c = source.charCodeAt(++index);
    if (!(c >= ZERO && c <= NINE)) throwUnexpected(index, 'a digit in the exponent');
    do c = source.charCodeAt(++index);
    while (c >= ZERO && c <= NINE);
  } else if (digits <= 15 && fractionDigits <= 22) {
    // The common case, without slicing: one exact division, as Number(token) would round.
    const value = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
    return negative ? -value : value;
  }
  const token = source.slice(start, index);
  const integer = fractionDigits === 0 && !exponent;
  let significant = digits;
  for (let k = mantissaEnd - 1; significant > 0; k--) {
    const d = source.charCodeAt(k);
    if (d === ZERO) significant--;
    else if (d !== DOT) break;
  }
  // More digits than a float64 can hold exactly (an integer of 17 or more, a fraction of more
  // than 17 significant ones): exact at once, without exactFloat's checks.
  if (integer ? digits > 16 : significant > 17) return integer ? BigInt(token) : decimalFromText(token);
  const n = exactFloat(token, integer, digits, significant);
  if (!Number.isNaN(n)) return n;
  return integer ? BigInt(token) : decimalFromText(token);
}

function parseLiteral(literal: string): void {
  if (!source.startsWith(literal, index)) throwUnexpected(index, 'a value');
  index += literal.length;
}

function throwUnexpected(pos: number, expected: string): never {
  if (pos >= source.length) {
    throw new SyntaxError(`Unexpected end of JSON input at position ${pos}, expected ${expected}`);
  }
  return throwSyntax(pos, `Unexpected ${describeCharAt(pos)}`, `expected ${expected}`);
}

function throwSyntax(pos: number, problem: string, detail: string): never {
  throw new SyntaxError(`${problem} in JSON at position ${pos}${detail ? `, ${detail}` : ''}`);
}

function describeCharAt(pos: number): string {
  const code = source.codePointAt(pos)!;
  if (code < SPACE || code === 0x7f) return `character ${unicodeName(code)}`;
  // A whole word reads better for mistyped literals: `tru`, `NaN`, `Infinity`.
  const word = /^[A-Za-z_$][\w$]*/.exec(source.slice(pos, pos + 32));
  return word ? `token '${word[0]}'` : `'${String.fromCodePoint(code)}'`;
}

function unicodeName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
