// `npm start`: the traps on embedded PGlite, read by vanilla PGlite and by @pg-exact/pglite.
// No server needed. (The full `pg-exact demo` across every ORM replaces this later.)
import { PGlite } from '@electric-sql/pglite';
import { createPGlite } from '@pg-exact/pglite';

const traps = [
  ['int8 1', `1::int8`],
  ['int8 2^53+1', `9007199254740993::int8`],
  ['numeric, 38 digits', `12345678901234567890.123456789012345678::numeric`],
  ['jsonb with big numbers', `'{"id": 12345678901234567890, "rate": 0.10000000000000000000001}'::jsonb`],
  ['timestamptz with µs', `'2024-03-10 01:59:59.123456+00'::timestamptz`],
  ['timestamp (no zone)', `'2024-03-10 12:00:00'::timestamp`],
  ['date', `'2024-01-01'::date`],
  ['infinity timestamptz', `'infinity'::timestamptz`],
  ['BC date', `'4713-01-01 BC'::date`],
  ['int8[]', `'{9007199254740993,NULL}'::int8[]`],
];

const show = (value) => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'object' && value.constructor?.name === 'Decimal') return `Decimal(${value})`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ')}}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
};

const vanilla = await PGlite.create();
const exact = await createPGlite();

const rows = [];
for (const [label, sql] of traps) {
  const before = (await vanilla.query(`SELECT ${sql} AS v`)).rows[0].v;
  const after = (await exact.query(`SELECT ${sql} AS v`)).rows[0].v;
  rows.push([label, show(before), show(after)]);
}
await vanilla.close();
await exact.close();

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['case', 'vanilla PGlite', 'pg-exact'][i].length));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`Process TZ: ${Intl.DateTimeFormat().resolvedOptions().timeZone}\n`);
console.log(line(['case', 'vanilla PGlite', 'pg-exact']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
