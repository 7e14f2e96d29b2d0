import { describeValue, PgExactValueError } from './errors.js';
import { civilFromDays } from './date-time-text.js';
import { pgYear } from './timestamp-codecs.js';

/**
 * Reads `date` text (DateStyle ISO) unchanged: a calendar date is not an instant, and a Date would
 * put it at midnight in some zone (off by one day east or west of UTC). Other DateStyles
 * (`03/10/2024`, `10.03.2024`) are a SyntaxError rather than a silently different string.
 *
 * ```ts
 * parseDate('4713-01-01 BC'); // '4713-01-01 BC'
 * parseDate('infinity');      // 'infinity'
 * ```
 */
export function parseDate(text: string): string {
  if (isDateText(text)) return text;
  throw new SyntaxError(
    `date: cannot read ${describeValue(text)}; expected PostgreSQL output with DateStyle ISO, e.g. "2024-03-10" ` +
      '(the session must use DateStyle ISO)',
  );
}

/**
 * Writes a `date` value. A string is sent unchanged once it has the shape `YYYY-MM-DD` (optionally
 * ` BC`) or is `'infinity'` / `'-infinity'`; the server checks the calendar. A Date is written as
 * its UTC calendar date, the same in every process TZ; the PreciseDate infinities as `'infinity'` /
 * `'-infinity'`.
 *
 * Date-time text at UTC is accepted too and written as its calendar date, the same answer as for
 * the Date it came from: `2024-01-01T15:30:00.000Z` (what `Date#toISOString()` gives, and what
 * Drizzle's `date({ mode: 'date' })` sends) and `2024-01-01 15:30:00.123456+00` (PostgreSQL's own
 * timestamptz text at UTC). Any other offset is refused: its calendar date depends on a zone.
 *
 * ```ts
 * serializeDate(new Date('2024-01-01'));                  // '2024-01-01'
 * serializeDate('2024-01-01T15:30:00.000Z');             // '2024-01-01'
 * serializeDate(new Date('-004712-01-01T00:00:00Z'));     // '4713-01-01 BC'
 * ```
 */
export function serializeDate(value: string | Date): string {
  if (typeof value === 'string') {
    if (isDateText(value)) return value;
    const utc = UTC_DATE_TIME_TEXT.exec(value);
    if (utc) return utc[1]! + (utc[2] ?? '');
    throw new PgExactValueError(`expected YYYY-MM-DD (optionally " BC"), ±infinity or date-time text at UTC, got ${describeValue(value)}`, {
      value,
      type: 'date',
    });
  }
  if (!(value instanceof Date)) {
    throw new PgExactValueError(`expected a string or Date, got ${describeValue(value)}`, { value, type: 'date' });
  }
  const ms = value.getTime();
  if (!Number.isFinite(ms)) {
    if (ms === Infinity) return 'infinity';
    if (ms === -Infinity) return '-infinity';
    throw new PgExactValueError('Invalid Date', { value, type: 'date' });
  }
  const days = Math.floor(ms / 86_400_000);
  if (days < PG_MIN_DAYS) {
    throw new PgExactValueError(`${value.toISOString()} is before PostgreSQL's earliest date, 4714-11-24 BC`, {
      value,
      type: 'date',
    });
  }
  civilFromDays(days, civil);
  const { year, month, day } = civil;
  return `${pgYear(year)}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}${year <= 0 ? ' BC' : ''}`;
}

const civil = { year: 0, month: 0, day: 0 };

/**
 * `2024-01-01T15:30:00.000Z`, `2024-01-01 15:30:00.123456+00`, `… +00:00`, `… BC`: date-time text
 * whose offset is UTC. Group 1 is the calendar date, group 2 the era.
 */
const UTC_DATE_TIME_TEXT = /^(\d{4,}-\d\d-\d\d)[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]00(?::?00)?)( BC)?$/;

/** 4714-11-24 BC (Julian day 0), the first date PostgreSQL stores, in days since 1970-01-01. */
const PG_MIN_DAYS = -2_440_588;

/** `Y{4,}-MM-DD[ BC]` or ±infinity: the shape, not the calendar. */
function isDateText(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i < 4) return text === 'infinity' || text === '-infinity';
  if (i + 6 > n || text.charCodeAt(i) !== 45 || text.charCodeAt(i + 3) !== 45) return false;
  if (!(isDigit(text, i + 1) && isDigit(text, i + 2) && isDigit(text, i + 4) && isDigit(text, i + 5))) return false;
  i += 6;
  return i === n || (i + 3 === n && text.endsWith(' BC'));
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}
