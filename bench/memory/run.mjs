// Memory benchmark: what holding a big result costs, vanilla against pg-exact.
//
// 1. Read: `SELECT * FROM t` (bench/stacks/data.mjs's table, 1M rows by default) through node-postgres
//    and postgres.js, vanilla and pg-exact, each in its own child process (`node --expose-gc`), rows
//    held: peak RSS (process.resourceUsage().maxRSS) and heapUsed after a full GC.
// 2. Per value: the heap each representation takes, measured as the heapUsed delta (after GC) of
//    holding 1M of them in one array, each kind in its own child process: numeric(20,6) as text and
//    as Decimal, timestamptz as Date and as PreciseDate, int8 as text and as bigint.
//
// Memory is deterministic where time is not: one run is enough (`--reps N` repeats the read section
// and keeps the largest figures). Writes only its own block (`memory`) of bench/RESULTS.md.
//
//   npm run bench:memory -w bench             (needs the built packages: `npm run build`)
//   node memory/run.mjs --rows 100000 --no-write
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { gitCommit, writeResultsBlock } from '../results-file.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// children
// ---------------------------------------------------------------------------------------------

const gcTwice = () => {
  globalThis.gc();
  globalThis.gc();
};

/** Reads the whole table through one subject, holds the rows, reports memory. */
async function readChild(subject, schema, rows) {
  const table = `${schema}.t`;
  let read;
  let close;
  if (subject === 'pg' || subject === 'pg-exact') {
    const pg = (await import('pg')).default;
    const pool = subject === 'pg' ? new pg.Pool({ connectionString: url, max: 1 }) : (await import('@pg-exact/pg')).createPool({ connectionString: url, max: 1 });
    read = async () => (await pool.query(`SELECT * FROM ${table}`)).rows;
    close = () => pool.end();
    await pool.query('SELECT 1');
  } else {
    const sql = subject === 'postgres' ? (await import('postgres')).default(url, { max: 1 }) : (await import('@pg-exact/postgres-js')).createSql(url, { max: 1 });
    read = () => sql.unsafe(`SELECT * FROM ${table}`);
    close = () => sql.end();
    await sql`SELECT 1`;
  }
  gcTwice();
  const before = process.memoryUsage();
  const beforeMaxRss = process.resourceUsage().maxRSS * 1024;
  const held = await read();
  if (held.length !== rows) throw new Error(`${subject}: ${held.length} rows for ${rows}`);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gcTwice();
  const after = process.memoryUsage();
  const sample = held[held.length >> 1];
  const types = Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, typeName(v)]));
  await close();
  return { subject, rows: held.length, peakRss, beforeMaxRss, rssBefore: before.rss, heapBefore: before.heapUsed, heapAfter: after.heapUsed, rssAfter: after.rss, external: after.external, types };
}

function typeName(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (value instanceof Date) return typeof value.getMicroseconds === 'function' ? 'PreciseDate' : 'Date';
  if (typeof value.toFixed === 'function' && Array.isArray(value.d)) return 'Decimal';
  return 'object';
}

// Texts shaped like the table's columns (PostgreSQL's output), deterministic.
const amountText = (i) => `${i % 5 === 0 ? '-' : ''}${(i * 982451653) % 100000000}.${String((i * 7919) % 1000000).padStart(6, '0')}`;
const atText = (i) => {
  const us = (i * 7919 * 1000003) % 31536000000000; // as in data.mjs: 2024-2025, µs in nearly every value
  const ms = Date.UTC(2024, 0, 1) + Math.floor(us / 1000);
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)}${String(us % 1000).padStart(3, '0')}+00`;
};
const bigText = (i) => (i % 2 === 0 ? String(9007199254740993n + BigInt(i) * 1000003n) : String(-(9007199254740993n + BigInt(i) * 7n)));
// A string as a driver makes it: its own flat copy of the bytes in the socket buffer.
const fromSocket = (text) => Buffer.from(text, 'latin1').toString('latin1');

/** The representations compared per value: [label, make(i)]. */
async function kinds() {
  const core = await import('@pg-exact/core');
  return {
    'numeric-text': ['numeric(20,6) as text (pg, postgres.js)', (i) => fromSocket(amountText(i))],
    'numeric-decimal': ['numeric(20,6) as Decimal (pg-exact)', (i) => core.codecs.numeric.parse(fromSocket(amountText(i)))],
    'numeric-decimaljs': ['numeric(20,6) as new Decimal(text) of decimal.js (context)', (i) => new (Object.getPrototypeOf(core.Decimal))(fromSocket(amountText(i)))],
    'timestamptz-date': ['timestamptz as Date (pg, postgres.js)', (i) => new Date(Date.parse(fromSocket(atText(i)).replace(' ', 'T').replace('+00', 'Z')))],
    'timestamptz-precise': ['timestamptz as PreciseDate (pg-exact)', (i) => core.codecs.timestamptz.parse(fromSocket(atText(i)))],
    'int8-id-text': ['int8 id (1..1M) as text', (i) => fromSocket(String(i + 1))],
    'int8-id-bigint': ['int8 id (1..1M) as bigint', (i) => core.codecs.int8.parse(fromSocket(String(i + 1)))],
    'int8-big-text': ['int8 past 2^53 as text', (i) => fromSocket(bigText(i))],
    'int8-big-bigint': ['int8 past 2^53 as bigint', (i) => core.codecs.int8.parse(fromSocket(bigText(i)))],
  };
}

/** Heap bytes per value of one representation: heapUsed delta after GC of holding `count` of them. */
async function weighChild(kind, count) {
  const [, make] = (await kinds())[kind];
  make(1); // load and compile outside the measurement
  const held = new Array(count).fill(null);
  gcTwice();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) held[i] = make(i);
  gcTwice();
  const after = process.memoryUsage().heapUsed;
  return { kind, count, bytes: (after - before) / count, sample: held[count >> 1] instanceof Date ? held[count >> 1].toISOString() : String(held[count >> 1]) };
}

const childArg = process.argv.indexOf('--child');
if (childArg >= 0) {
  const [mode, a, b, c] = process.argv.slice(childArg + 1);
  const result = mode === 'read' ? await readChild(a, b, Number(c)) : await weighChild(a, Number(b));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// parent
// ---------------------------------------------------------------------------------------------

function readOptions(argv) {
  const options = { rows: 1_000_000, values: 1_000_000, reps: 1, write: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rows') options.rows = Number(argv[++i]);
    else if (arg === '--values') options.values = Number(argv[++i]);
    else if (arg === '--reps') options.reps = Number(argv[++i]);
    else if (arg === '--only') options.only = new Set(String(argv[++i]).split(','));
    else if (arg === '--no-write') options.write = false;
    else throw new Error(`unknown option ${arg} (--rows N, --values N, --reps N, --only read,values, --no-write)`);
  }
  if (!(options.rows >= 1 && options.values >= 1000 && options.reps >= 1)) throw new Error('--rows ≥ 1, --values ≥ 1000, --reps ≥ 1');
  return options;
}

/** Runs one child (`node --expose-gc run.mjs --child …`) and returns what it printed. */
function child(args) {
  const run = spawnSync(process.execPath, ['--expose-gc', self, '--child', ...args], { cwd: here, encoding: 'utf8', maxBuffer: 16 * MB });
  if (run.status !== 0) throw new Error(`child ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}


const mb = (bytes) => (bytes / MB).toFixed(0);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

async function main() {
  const options = readOptions(process.argv.slice(2));
  const wanted = (id) => !options.only || options.only.has(id);
  const started = Date.now();
  const lines = [];
  const print = (line = '') => {
    lines.push(line);
    console.log(line);
  };

  const subjects = [
    ['pg', 'node-postgres `new pg.Pool()`'],
    ['pg-exact', '`createPool()` (@pg-exact/pg)'],
    ['postgres', 'postgres.js `postgres(url)`'],
    ['postgres-exact', '`createSql(url)` (@pg-exact/postgres-js)'],
  ];
  const baseline = { 'pg-exact': 'pg', 'postgres-exact': 'postgres' };
  const readResults = new Map();

  if (wanted('read')) {
    const pg = (await import('pg')).default;
    const { createTableSql } = await import('../stacks/data.mjs');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const schema = `pgx_mem_${randomBytes(4).toString('hex')}`;
    try {
      console.error(`creating ${schema}.t with ${options.rows} rows…`);
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(createTableSql(schema, options.rows));
      const { rows: [{ size }] } = await admin.query(`SELECT pg_total_relation_size('${schema}.t') AS size`);
      for (let rep = 0; rep < options.reps; rep++) {
        for (const [key] of rep % 2 ? [...subjects].reverse() : subjects) {
          console.error(`read ${key} (${rep + 1}/${options.reps})…`);
          const r = child(['read', key, schema, String(options.rows)]);
          const seen = readResults.get(key);
          // Keep the largest: memory is deterministic up to GC timing, the worst case is what counts.
          if (!seen || r.peakRss > seen.peakRss) readResults.set(key, { ...r, heapAfter: Math.max(r.heapAfter, seen?.heapAfter ?? 0) });
        }
      }
      readResults.tableSize = Number(size);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }

  const valueResults = [];
  if (wanted('values')) {
    for (const kind of Object.keys(await kinds())) {
      console.error(`weigh ${kind}…`);
      valueResults.push(child(['weigh', kind, String(options.values)]));
    }
  }

  const cpus = os.cpus();
  print('<!-- Generated by `npm run bench:memory -w bench` (bench/memory/run.mjs), which rewrites only this block. -->');
  print('## Memory: holding a big result, vanilla and pg-exact');
  print();
  print(`- Date: ${new Date().toISOString()}; ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${process.version}; pg-exact at git ${gitCommit()}`);
  print(`- Method: each subject in its own child process (\`node --expose-gc\`), one connection opened first; \`SELECT * FROM t\` (bench/stacks/data.mjs: id int8, amount numeric(20,6), doc jsonb ~380 B, at timestamptz, big int8) read in one query and held. Peak RSS is \`process.resourceUsage().maxRSS\` (the whole process: heap, the driver's buffers, the garbage of the read before GC collects it); heap is \`heapUsed\` after two full GCs with the rows still held. ${options.reps > 1 ? `${options.reps} runs per subject, largest kept. ` : ''}Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  print();
  if (readResults.size) {
    print(`### Read: ${options.rows.toLocaleString('en-US')} rows (table ${mb(readResults.tableSize)} MB on the server)`);
    print();
    print('| subject | values | peak RSS (MB) | × vanilla | heap with rows held (MB) | × vanilla | heap per row (B) |');
    print('|---|---|---:|---:|---:|---:|---:|');
    for (const [key, label] of subjects) {
      const r = readResults.get(key);
      if (!r) continue;
      const base = baseline[key] ? readResults.get(baseline[key]) : undefined;
      const perRow = (r.heapAfter - r.heapBefore) / r.rows;
      const types = `${r.types.id}, ${r.types.amount}, ${r.types.doc}, ${r.types.at}, ${r.types.big}`;
      print(`| ${label} | ${types} | ${mb(r.peakRss)} | ${base ? ratio(r.peakRss, base.peakRss) : '1.00×'} | ${mb(r.heapAfter)} | ${base ? ratio(r.heapAfter, base.heapAfter) : '1.00×'} | ${perRow.toFixed(0)} |`);
    }
    print();
  }
  if (valueResults.length) {
    const table = await kinds();
    print(`### Per value: heap of ${options.values.toLocaleString('en-US')} values held in an array, each kind in its own process`);
    print();
    print('Texts shaped like the table\'s columns, each its own flat string as a driver makes it from the socket buffer; bytes per value are the heapUsed delta after GC divided by the count (the array\'s own 8 B slot excluded).');
    print();
    print('| representation | bytes per value | sample |');
    print('|---|---:|---|');
    for (const r of valueResults) print(`| ${table[r.kind][0]} | ${r.bytes.toFixed(1)} | \`${r.sample}\` |`);
    print();
    // What a row of the read section should cost more, column by column (doc is JSON.parse's tree in
    // both: no number in it needs more than float64).
    const w = Object.fromEntries(valueResults.map((r) => [r.kind, r.bytes]));
    const parts = [
      ['amount', w['numeric-decimal'] - w['numeric-text']],
      ['at', w['timestamptz-precise'] - w['timestamptz-date']],
      ['id', w['int8-id-bigint'] - w['int8-id-text']],
      ['big', w['int8-big-bigint'] - w['int8-big-text']],
    ];
    if (parts.every(([, x]) => Number.isFinite(x))) {
      const predicted = parts.reduce((sum, [, x]) => sum + x, 0);
      const measured = [['pg-exact', 'pg'], ['postgres-exact', 'postgres']]
        .filter(([e, v]) => readResults.has(e) && readResults.has(v))
        .map(([e, v]) => {
          const perRow = (r) => (r.heapAfter - r.heapBefore) / r.rows;
          return `${e === 'pg-exact' ? 'pg' : 'postgres.js'} ${(perRow(readResults.get(e)) - perRow(readResults.get(v))).toFixed(0)} B`;
        });
      print(
        `Per row, pg-exact's values should weigh ${predicted.toFixed(0)} B more than vanilla's (${parts.map(([k, x]) => `${k} ${x >= 0 ? '+' : ''}${x.toFixed(0)}`).join(', ')})` +
          (measured.length ? `; the read section measured ${measured.join(', ')} more heap per row.` : '.'),
      );
      print();
    }
  }

  if (options.write && !options.only) writeResultsBlock('memory', lines.join('\n'));
}

await main();
