// Deterministic inputs for the codec benchmarks, shaped like what PostgreSQL sends in text format.
// Every generator takes a seed, so two runs (and two machines) parse the same bytes.
import { Buffer } from 'node:buffer';

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const pad = (n, width) => String(n).padStart(width, '0');

// Real driver strings are flat, sliced out of a socket Buffer; concatenated strings are V8 cons
// strings that the first parser to touch them would flatten on its own clock.
const flat = (text) => Buffer.from(text, 'utf8').toString('utf8');

/** Random decimal digits, the first one non-zero. */
function digits(rand, count) {
  let s = String(int(rand, 1, 9));
  for (let i = 1; i < count; i++) s += String(int(rand, 0, 9));
  return s;
}

// ---------------------------------------------------------------------------------------------
// jsonb output text
// ---------------------------------------------------------------------------------------------

/** A JSON number kept as the exact text PostgreSQL would print (numeric output: never exponent form). */
class Num {
  constructor(text) {
    this.text = text;
  }
}
const num = (text) => new Num(text);

const keyOrder = (a, b) => {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length - bb.length || Buffer.compare(ba, bb);
};

/**
 * Serializes like jsonb's output function: `": "` and `", "` separators, object keys sorted by
 * length then bytes, non-ASCII characters written raw, numbers as given.
 */
export function jsonbText(value) {
  if (value instanceof Num) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`use num() for non-integer ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  const keys = Object.keys(value).sort(keyOrder);
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(value[k])}`).join(', ')}}`;
}

/**
 * A float of at most 15 significant digits (so float64 keeps it exactly), as numeric prints it:
 * 0 to maxIntDigits integer digits, a fraction without trailing zeros, never exponent form.
 */
function float15(rand, maxIntDigits, negative) {
  const intDigits = int(rand, 0, maxIntDigits);
  const intPart = intDigits === 0 ? '0' : digits(rand, intDigits);
  let frac = '';
  const fracDigits = int(rand, 1, 15 - intDigits);
  for (let i = 0; i < fracDigits; i++) frac += String(int(rand, 0, 9));
  frac = frac.replace(/0+$/, '');
  if (intPart === '0' && frac === '') return '0';
  return `${rand() < negative ? '-' : ''}${intPart}${frac ? `.${frac}` : ''}`;
}

function isoTimestamp(rand) {
  const y = int(rand, 2015, 2026);
  const mo = int(rand, 1, 12);
  const d = int(rand, 1, 28);
  const h = int(rand, 0, 23);
  const mi = int(rand, 0, 59);
  const s = int(rand, 0, 59);
  const us = int(rand, 0, 999999);
  return `${y}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(us, 6)}+00:00`;
}

const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Edsger', 'Frances', 'Niklaus', 'Radia'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Dijkstra', 'Allen', 'Wirth'];
// About one document in eight carries non-ASCII text, as real user data does.
const ACCENTED = ['José', 'Zoë', 'Søren', 'Łukasz', 'Ünal', 'Çelik'];
const TAGS = ['new', 'sale', 'eco', 'gift', 'bulk', 'b2b', 'promo', 'clearance', 'limited', 'bundle'];
const STATUS = ['pending', 'paid', 'shipped', 'delivered', 'refunded'];
const CURRENCY = ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];

/** (a) ~350 B API-like objects; every number is a safe integer or a short decimal. */
export function apiDocument(rand) {
  const first = rand() < 0.125 ? pick(rand, ACCENTED) : pick(rand, FIRST);
  const last = pick(rand, LAST);
  const tagCount = int(rand, 1, 3);
  const tags = [];
  for (let i = 0; i < tagCount; i++) tags.push(pick(rand, TAGS));
  return {
    id: int(rand, 1, 9_999_999),
    sku: `SKU-${digits(rand, 6)}`,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`.normalize('NFD').replace(/[^\x20-\x7e]/g, ''),
    active: rand() < 0.8,
    status: pick(rand, STATUS),
    // numeric(10,2) through to_jsonb keeps its trailing zero: 19.90
    price: num(`${int(rand, 0, 499)}.${pad(int(rand, 0, 99), 2)}`),
    currency: pick(rand, CURRENCY),
    quantity: int(rand, 1, 20),
    rating: num(`${int(rand, 1, 4)}.${int(rand, 0, 9)}`),
    tags,
    dims: [int(rand, 1, 120), int(rand, 1, 120), int(rand, 1, 120)],
    owner: { id: int(rand, 1, 99_999), login: `${last.toLowerCase()}${int(rand, 1, 99)}` },
    created_at: isoTimestamp(rand),
    discount: rand() < 0.5 ? null : num(`0.${pad(int(rand, 1, 50), 2)}`),
  };
}

/** (b) ~50 KB documents of floats: a GeoJSON-like track plus sensor readings. */
export function floatDocument(rand) {
  const coordinates = [];
  // Sized with the readings below so that a document lands near 50 KB.
  for (let i = 0; i < 585; i++) {
    coordinates.push([num(float15(rand, 3, 0.5)), num(float15(rand, 2, 0.5)), num(float15(rand, 4, 0.05))]);
  }
  const readings = [];
  for (let i = 0; i < 262; i++) {
    readings.push({
      t: int(rand, 1_700_000_000, 1_800_000_000),
      temp: num(float15(rand, 2, 0.2)),
      humidity: num(float15(rand, 2, 0)),
      pressure: num(float15(rand, 4, 0)),
      v: num(float15(rand, 1, 0.5)),
    });
  }
  return {
    id: int(rand, 1, 1_000_000),
    type: 'Feature',
    unit: pick(rand, ['m', 'mm', 'hPa']),
    geometry: { type: 'LineString', coordinates },
    readings,
    properties: { name: `track-${digits(rand, 5)}`, accuracy: num(float15(rand, 1, 0)) },
  };
}

const INT8_MAX = '9223372036854775807';
const INT8_MIN = '-9223372036854775808';

/** A 64-bit id above 2^53 (Twitter/Discord snowflakes are ~1.1e18 to 1.5e18 today). */
function snowflake(rand) {
  return String(1_100_000_000_000_000_000n + BigInt(digits(rand, 15)) * 1000n + BigInt(int(rand, 0, 999)));
}

/** (c) ~450 B documents with unsafe numbers: snowflake ids, int8 extremes, 25+ digit decimals. */
export function bigNumberDocument(rand) {
  const longDecimal = () => {
    const intDigits = int(rand, 5, 16);
    const fracDigits = int(rand, 25 - intDigits, 27 - intDigits);
    return `${rand() < 0.3 ? '-' : ''}${digits(rand, intDigits)}.${digits(rand, fracDigits)}`;
  };
  return {
    id: num(snowflake(rand)),
    guild_id: num(snowflake(rand)),
    author: { id: num(snowflake(rand)), name: pick(rand, FIRST), bot: rand() < 0.1 },
    sequence: int(rand, 1, 1_000_000),
    limits: [num(INT8_MIN), num(INT8_MAX), num(rand() < 0.5 ? '9007199254740993' : '-9007199254740993')],
    balance: num(longDecimal()),
    rate: num(`0.${pad(digits(rand, 26), 28)}`),
    total: num(longDecimal()),
    amount: num(`${int(rand, 0, 99_999)}.${pad(int(rand, 0, 99), 2)}`),
    currency: pick(rand, CURRENCY),
    reply_to: num(snowflake(rand)),
    updated_at: isoTimestamp(rand),
  };
}

/**
 * (d) small jsonb rows, 40-130 B, as a jsonb column of settings, line items or points prints them:
 * `{"id": 1, "ok": true, "name": "item 1", "tags": ["x", "y"], "price": 0.1}`. Numerics keep their
 * scale (`12.30`, `0.10`) as to_jsonb(numeric) prints them; no number needs more than float64.
 */
export function smallRow(rand) {
  const price = () => num(`${int(rand, 0, 999)}.${pad(int(rand, 0, 99), 2)}`);
  const shape = rand();
  if (shape < 0.35) {
    return {
      id: int(rand, 1, 999_999),
      ok: rand() < 0.7,
      name: `item ${int(rand, 1, 9999)}`,
      tags: [pick(rand, TAGS), pick(rand, TAGS)],
      price: num(`${int(rand, 0, 99)}.${int(rand, 0, 9)}`),
    };
  }
  if (shape < 0.6) return { qty: int(rand, 1, 50), price: price(), currency: pick(rand, CURRENCY) };
  if (shape < 0.75) return { a: int(rand, 0, 9), b: null, rate: num(`0.${pad(int(rand, 1, 99), 2)}`), on: rand() < 0.5 };
  if (shape < 0.9) {
    return {
      lat: num(`${int(rand, -89, 89)}.${pad(int(rand, 0, 999_999), 6)}`),
      lng: num(`${int(rand, -179, 179)}.${pad(int(rand, 0, 999_999), 6)}`),
      label: pick(rand, TAGS),
    };
  }
  return { theme: pick(rand, ['dark', 'light']), locale: pick(rand, ['en-US', 'de-DE', 'fr-FR', 'ja-JP']), beta: rand() < 0.2, limit: int(rand, 10, 500) };
}

function documents(make, count, seed) {
  const rand = prng(seed);
  const out = [];
  for (let i = 0; i < count; i++) out.push(flat(jsonbText(make(rand))));
  return out;
}

/** The four JSON corpora, as arrays of jsonb output texts. */
export function jsonCorpora() {
  return {
    a: documents(apiDocument, 2000, 0xa11ce),
    b: documents(floatDocument, 24, 0xb0b),
    c: documents(bigNumberDocument, 2000, 0xc0ffee),
    d: documents(smallRow, 4000, 0xd0c5),
  };
}

// ---------------------------------------------------------------------------------------------
// scalar output texts
// ---------------------------------------------------------------------------------------------

const OFFSETS = ['+05:30', '-08', '-07', '+01', '+02', '+09', '+05:45', '-03:30', '+10', '-05'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * timestamptz output (DateStyle ISO): `2024-03-10 01:59:59.123456+00`. PostgreSQL trims trailing
 * zeros of the fraction and drops it at zero µs; the offset has minutes only when non-zero.
 * 70% are in UTC (what pg-exact pins), the rest carry other session offsets.
 */
export function timestamptzTexts(count, seed = 0x7157) {
  const rand = prng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const y = int(rand, 1900, 2100);
    const mo = int(rand, 1, 12);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const d = int(rand, 1, mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]);
    const r = rand();
    const us = r < 0.05 ? 0 : r < 0.1 ? int(rand, 0, 999) * 1000 : int(rand, 0, 999_999);
    const fraction = us === 0 ? '' : `.${pad(us, 6)}`.replace(/0+$/, '');
    const offset = rand() < 0.7 ? '+00' : pick(rand, OFFSETS);
    const time = `${pad(int(rand, 0, 23), 2)}:${pad(int(rand, 0, 59), 2)}:${pad(int(rand, 0, 59), 2)}`;
    out.push(flat(`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${time}${fraction}${offset}`));
  }
  return out;
}

/** numeric(20,6) output: always six fraction digits, 1 to 14 integer digits, 20% negative. */
export function numericTexts(count, seed = 0x6e756d) {
  const rand = prng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const intDigits = int(rand, 1, 14);
    const intPart = rand() < 0.1 ? '0' : digits(rand, intDigits);
    let frac = '';
    for (let k = 0; k < 6; k++) frac += String(int(rand, 0, 9));
    out.push(flat(`${rand() < 0.2 ? '-' : ''}${intPart}.${frac}`));
  }
  return out;
}

/**
 * int8 output. `mixed`: magnitudes spread evenly over 1 to 19 digits (ids, counters, amounts),
 * 20% negative, plus both extremes. `wide`: uniform over the whole 64-bit range, so nearly all
 * have 18 or 19 digits (hashes, snowflakes).
 */
export function int8Texts(count, kind, seed = 0x1e8) {
  const rand = prng(seed + (kind === 'wide' ? 1 : 0));
  const out = [INT8_MAX, INT8_MIN];
  while (out.length < count) {
    let value;
    if (kind === 'wide') {
      let bits = 0n;
      for (let k = 0; k < 4; k++) bits = (bits << 16n) | BigInt(int(rand, 0, 0xffff));
      value = BigInt.asIntN(64, bits);
    } else {
      const width = int(rand, 1, 19);
      value = BigInt(digits(rand, width));
      if (value > BigInt(INT8_MAX)) value = BigInt(INT8_MAX) - BigInt(int(rand, 0, 1e6));
      if (rand() < 0.2) value = -value;
    }
    out.push(flat(String(value)));
  }
  return out;
}
