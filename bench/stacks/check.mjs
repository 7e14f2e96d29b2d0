// Output checks: a fast stack that returns the wrong thing is not fast. The reference is the raw
// text floor (PostgreSQL's own text of every value); every row of an exact stack is compared with
// it. Vanilla stacks are not checked, only described (what type each column comes back as).
import postgresDate from 'postgres-date';

/** Reference values by id, from rows whose every value is PostgreSQL's text. */
export function referenceOf(textRows) {
  const byId = new Map();
  for (const row of textRows) {
    const fraction = /\.(\d+)/.exec(row.at)?.[1] ?? '';
    byId.set(row.id, {
      amount: row.amount,
      doc: JSON.stringify(JSON.parse(row.doc)), // no number past 2^53 and no long decimal: JSON.parse is exact here
      ms: postgresDate(row.at).getTime(),
      micros: Number(fraction.padEnd(6, '0')) % 1000,
      big: row.big,
    });
  }
  return byId;
}

const isDecimal = (v) => v !== null && typeof v === 'object' && typeof v.toFixed === 'function' && Array.isArray(v.d);
const jsonText = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));

/** What a column's values are, e.g. `bigint`, `string`, `Decimal`, `PreciseDate`, `Date`, `object`. */
export function typeName(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (value instanceof Date) return typeof value.getMicroseconds === 'function' ? 'PreciseDate' : 'Date';
  if (isDecimal(value)) return 'Decimal';
  return 'object';
}

export function describeTypes(row) {
  return ['id', 'amount', 'doc', 'at', 'big'].map((k) => `${k}: ${typeName(row[k])}`).join(', ');
}

/**
 * One row of an exact stack against the reference; returns the first problem or null.
 * `options.micros === false`: the stack's documented limit is ms (Prisma's DateTime is a JS Date).
 * `options.idNumber`: the id column is int4 (the Prisma view), a number.
 * `decimalToText`: core's printer, which keeps the scale of its own Decimals.
 */
export function checkRow(row, ref, options, core) {
  if (options.idNumber ? typeof row.id !== 'number' : typeof row.id !== 'bigint') return `id is ${typeName(row.id)}`;
  const want = ref.get(String(row.id));
  if (!want) return `id ${row.id} not in the table`;
  if (typeof row.big !== 'bigint' || String(row.big) !== want.big) return `big ${typeName(row.big)} ${String(row.big)} ≠ ${want.big}`;
  if (!isDecimal(row.amount)) return `amount is ${typeName(row.amount)}`;
  const printed = row.amount instanceof core.Decimal ? core.decimalToText(row.amount) : row.amount.toFixed(6);
  if (printed !== want.amount) return `amount prints ${printed} ≠ ${want.amount}`;
  if (!(row.at instanceof Date) || row.at.getTime() !== want.ms) return `at ${String(row.at)} ≠ ${new Date(want.ms).toISOString()}`;
  if (options.micros !== false) {
    if (typeof row.at.getMicroseconds !== 'function') return `at is a ${typeName(row.at)}: no microseconds`;
    if (row.at.getMicroseconds() !== want.micros) return `at µs ${row.at.getMicroseconds()} ≠ ${want.micros}`;
  }
  const doc = jsonText(row.doc);
  if (doc !== want.doc) return `doc ${doc.slice(0, 80)}… ≠ ${want.doc.slice(0, 80)}…`;
  return null;
}

/** Every row of a result; a summary string, `OK …` or what differs. */
export function checkRows(rows, pick, ref, options, core) {
  let bad = 0;
  let first = null;
  const seen = new Set();
  for (const raw of rows) {
    const row = pick(raw);
    seen.add(String(row.id));
    const problem = checkRow(row, ref, options, core);
    if (problem) {
      bad++;
      first ??= `id ${String(row.id)}: ${problem}`;
    }
  }
  if (rows.length !== ref.size || seen.size !== ref.size) return `FAILED: ${rows.length} rows (${seen.size} ids) for ${ref.size}`;
  if (bad) return `FAILED: ${bad}/${rows.length} rows differ, e.g. ${first}`;
  return `OK, ${rows.length} rows${options.micros === false ? ' (ms: the documented DateTime limit)' : ''}`;
}
