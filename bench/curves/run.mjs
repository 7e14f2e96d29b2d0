// Cost curves: does pg-exact's cost grow linearly with the input, without cliffs?
//
// 1. Read: `SELECT * FROM t WHERE id <= N` (bench/stacks/data.mjs's table) through node-postgres,
//    vanilla `new pg.Pool()` against `createPool()` (@pg-exact/pg), at 10k, 100k and 1M rows: ns per
//    row (wall and this process's CPU) and the ratio, per size.
// 2. JSON: `parseJson` against `JSON.parse` on single documents of 100 B to 10 MB, jsonb-style text
//    (`{"k0": v, "k1": v, …}`, `": "` and `", "` separators, keys in jsonb's order), with and without
//    numbers float64 cannot hold: MB/s per size and the ratio.
//
// Ratios are medians of per-repetition ratios (both subjects run in every repetition, order
// alternated). Writes only its own block (`curves`) of bench/RESULTS.md.
//
//   npm run bench:curves -w bench              (needs the built packages: `npm run build`)
//   node --expose-gc curves/run.mjs --only json --no-write
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { gitCommit, writeResultsBlock } from '../results-file.mjs';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function readOptions(argv) {
  const options = { rows: [10_000, 100_000, 1_000_000], reps: null, only: null, write: true, ms: 150 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rows') options.rows = String(argv[++i]).split(',').map(Number);
    else if (arg === '--reps') options.reps = Number(argv[++i]);
    else if (arg === '--ms') options.ms = Number(argv[++i]);
    else if (arg === '--only') options.only = new Set(String(argv[++i]).split(','));
    else if (arg === '--no-write') options.write = false;
    else throw new Error(`unknown option ${arg} (--rows 10000,100000,1000000, --reps N, --ms N, --only read,json, --no-write)`);
  }
  if (options.rows.some((n) => !(n >= 1))) throw new Error('--rows: positive counts');
  return options;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gc = () => globalThis.gc?.();
const fmt = (x, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// ---------------------------------------------------------------------------------------------
// read curve
// ---------------------------------------------------------------------------------------------

/** Repetitions per size: a 1M-row read takes seconds and the machine is shared. */
const readReps = (rows, override) => override ?? (rows <= 10_000 ? 9 : rows <= 100_000 ? 7 : 3);

async function readCurve(options) {
  const pg = (await import('pg')).default;
  const { createPool } = await import('@pg-exact/pg');
  const { createTableSql } = await import('../stacks/data.mjs');
  const maxRows = Math.max(...options.rows);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const schema = `pgx_curves_${randomBytes(4).toString('hex')}`;
  const vanilla = new pg.Pool({ connectionString: url, max: 1 });
  const exact = createPool({ connectionString: url, max: 1 });
  const results = [];
  try {
    console.error(`creating ${schema}.t with ${maxRows} rows…`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(createTableSql(schema, maxRows));
    const subjects = [
      { key: 'pg', pool: vanilla },
      { key: 'exact', pool: exact },
    ];
    // Warm-up: both subjects read the smallest size a few times (JIT, connections).
    for (let i = 0; i < 3; i++) for (const s of subjects) await s.pool.query(`SELECT * FROM ${schema}.t WHERE id <= ${Math.min(...options.rows)}`);
    for (const rows of [...options.rows].sort((a, b) => a - b)) {
      const sql = `SELECT * FROM ${schema}.t WHERE id <= ${rows}`;
      const reps = readReps(rows, options.reps);
      const wall = { pg: [], exact: [] };
      const cpu = { pg: [], exact: [] };
      for (let rep = 0; rep < reps; rep++) {
        console.error(`read ${rows} rows, repetition ${rep + 1}/${reps}…`);
        for (const s of rep % 2 ? [...subjects].reverse() : subjects) {
          gc();
          const c0 = cpuMs();
          const t0 = performance.now();
          let result = await s.pool.query(sql);
          const t1 = performance.now();
          const c1 = cpuMs();
          if (result.rows.length !== rows) throw new Error(`${s.key}: ${result.rows.length} rows for ${rows}`);
          result = null;
          wall[s.key].push(t1 - t0);
          cpu[s.key].push(c1 - c0);
        }
      }
      const ratios = (m) => m.exact.map((x, i) => x / m.pg[i]);
      results.push({
        rows,
        reps,
        wallNs: { pg: (median(wall.pg) * 1e6) / rows, exact: (median(wall.exact) * 1e6) / rows },
        cpuNs: { pg: (median(cpu.pg) * 1e6) / rows, exact: (median(cpu.exact) * 1e6) / rows },
        wallRatio: median(ratios(wall)),
        cpuRatio: median(ratios(cpu)),
        wallSpread: [Math.min(...ratios(wall)), Math.max(...ratios(wall))],
      });
    }
  } finally {
    await Promise.allSettled([vanilla.end(), exact.end()]);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// JSON curve
// ---------------------------------------------------------------------------------------------

/** A deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNSAFE = ['12345678901234567890', '-9223372036854775808', '0.10000000000000000000001', '3.141592653589793238462643383279'];

/**
 * jsonb-style text of about `size` bytes: one object `{"k0": v, "k1": v, …}` (keys in jsonb's
 * order: by length, then bytes), values cycling through small ints, prices like 19.90, floats of up to
 * 15 significant digits, strings, booleans, null, a small object and a small array. With `unsafe`,
 * one value in 8 is a number float64 cannot hold (integers past 2^53, 23-33 significant digits).
 */
function jsonDocument(size, unsafe, seed = 1) {
  const random = prng(seed);
  const parts = [];
  let length = 2;
  for (let i = 0; length < size; i++) {
    let value;
    if (unsafe && i % 8 === 2) value = UNSAFE[(i >> 3) % UNSAFE.length];
    else {
      switch (i % 7) {
        case 0: value = String(Math.floor(random() * 100_000)); break;
        case 1: value = `${Math.floor(random() * 1000)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`; break;
        case 2: value = String(Number((random() * 1e6).toPrecision(15))); break;
        case 3: value = JSON.stringify(`name ${Math.floor(random() * 1e6)} of the customer`); break;
        case 4: value = random() < 0.5 ? 'true' : 'false'; break;
        case 5: value = `{"id": ${Math.floor(random() * 1e6)}, "tag": "t${i % 13}"}`; break;
        default: value = `[${Math.floor(random() * 100)}, ${(random() * 100).toFixed(1)}, "x", null]`;
      }
    }
    const entry = `"k${i}": ${value}`;
    parts.push(entry);
    length += entry.length + 2;
  }
  return `{${parts.join(', ')}}`;
}

const SIZES = [
  ['100 B', 100],
  ['1 KB', 1_000],
  ['10 KB', 10_000],
  ['100 KB', 100_000],
  ['1 MB', 1_000_000],
  ['10 MB', 10_000_000],
];

async function jsonCurve(options) {
  const { parseJson } = await import('@pg-exact/core');
  const subjects = [
    { key: 'JSON.parse', parse: (text) => JSON.parse(text) },
    { key: 'parseJson', parse: (text) => parseJson(text) },
  ];
  const results = [];
  const reps = options.reps ?? 7;
  for (const unsafe of [false, true]) {
    for (const [label, size] of SIZES) {
      const text = jsonDocument(size, unsafe);
      const bytes = Buffer.byteLength(text);
      const exact = parseJson(text);
      if (unsafe) {
        if (typeof exact.k2 !== 'bigint') throw new Error(`${label} unsafe: k2 is ${typeof exact.k2}, not bigint`);
      } else if (JSON.stringify(exact) !== JSON.stringify(JSON.parse(text))) {
        throw new Error(`${label}: parseJson differs from JSON.parse on a document without unsafe numbers`);
      }
      // The parsed trees go to a ring so V8 cannot drop the work; it holds at most ~16 MB of text's worth.
      const ring = 2 ** Math.max(0, Math.min(4, Math.floor(Math.log2(16e6 / bytes))));
      const sink = new Array(ring);
      const mask = ring - 1;
      // Warm-up, untimed: each subject parses for about `options.ms` (JIT); the count parseJson
      // reached sets the iterations per measurement (about `options.ms` of its work, at least 1).
      const counts = {};
      for (const s of subjects) {
        const end = performance.now() + options.ms;
        let n = 0;
        do sink[n++ & mask] = s.parse(text);
        while (performance.now() < end);
        counts[s.key] = n;
      }
      const iterations = Math.max(1, counts.parseJson);
      const times = { 'JSON.parse': [], parseJson: [] };
      for (let rep = 0; rep < reps; rep++) {
        for (const s of rep % 2 ? [...subjects].reverse() : subjects) {
          const c0 = cpuMs();
          for (let i = 0; i < iterations; i++) sink[i & mask] = s.parse(text);
          times[s.key].push((cpuMs() - c0) / iterations);
        }
      }
      sink.fill(undefined);
      const ratios = times.parseJson.map((x, i) => x / times['JSON.parse'][i]);
      const mbs = (ms) => bytes / 1e6 / (ms / 1000);
      results.push({
        unsafe,
        label,
        bytes,
        iterations,
        reps,
        jsonParseMBs: mbs(median(times['JSON.parse'])),
        parseJsonMBs: mbs(median(times.parseJson)),
        ratio: median(ratios),
        spread: [Math.min(...ratios), Math.max(...ratios)],
      });
      console.error(`json ${unsafe ? 'unsafe' : 'safe'} ${label}: ${median(ratios).toFixed(2)}×`);
      gc();
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------


async function main() {
  const options = readOptions(process.argv.slice(2));
  const wanted = (id) => !options.only || options.only.has(id);
  const started = Date.now();
  const loadBefore = os.loadavg();
  const read = wanted('read') ? await readCurve(options) : [];
  const json = wanted('json') ? await jsonCurve(options) : [];
  const loadAfter = os.loadavg();

  const lines = [];
  const print = (line = '') => {
    lines.push(line);
    console.log(line);
  };
  const cpus = os.cpus();
  print('<!-- Generated by `npm run bench:curves -w bench` (bench/curves/run.mjs), which rewrites only this block. -->');
  print('## Cost curves: read size and JSON document size');
  print();
  print(`- Date: ${new Date().toISOString()}; ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores; Node ${process.version}; pg-exact at git ${gitCommit()}`);
  print(`- Load average (1 / 5 min) before: ${loadBefore[0].toFixed(2)} / ${loadBefore[1].toFixed(2)}, after: ${loadAfter[0].toFixed(2)} / ${loadAfter[1].toFixed(2)} on ${cpus.length} cores; absolute times drift on a shared machine, ratios of the same repetition are what count`);
  print(`- Method: both subjects run in every repetition, order alternated; a ratio is pg-exact ÷ vanilla within one repetition, the median of those is shown with its min–max. ${globalThis.gc ? 'A full GC runs before each read (not timed); ' : ''}CPU is this process's user + system time (GC threads included). Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  print();
  if (read.length) {
    print('### Read: `SELECT * FROM t WHERE id <= N`, node-postgres `new pg.Pool()` vs `createPool()` (@pg-exact/pg)');
    print();
    print('Each read is one query, its rows dropped after it. Wall time includes the server; CPU is the client\'s parsing, row building and GC.');
    print();
    print('| rows | repetitions | pg wall ns/row | exact wall ns/row | × pg (wall) | min–max | pg CPU ns/row | exact CPU ns/row | × pg (CPU) |');
    print('|---:|---:|---:|---:|---:|---|---:|---:|---:|');
    for (const r of read) {
      print(`| ${fmt(r.rows)} | ${r.reps} | ${fmt(r.wallNs.pg)} | ${fmt(r.wallNs.exact)} | ${r.wallRatio.toFixed(2)}× | ${r.wallSpread.map((x) => x.toFixed(2)).join('–')} | ${fmt(r.cpuNs.pg)} | ${fmt(r.cpuNs.exact)} | ${r.cpuRatio.toFixed(2)}× |`);
    }
    print();
  }
  if (json.length) {
    print('### JSON: `parseJson` vs `JSON.parse`, one document per parse');
    print();
    print('jsonb-style documents `{"k0": v, "k1": v, …}` (deterministic: small ints, prices like 19.90, floats of up to 15 significant digits, strings, booleans, a small object and a small array); "unsafe": one value in 8 is a number float64 cannot hold (integers past 2^53, decimals of 23–33 significant digits), which `parseJson` returns as bigint / Decimal. CPU time per parse; each subject warmed up for as long as one measurement; the parsed trees kept in a ring of up to 16 (at most ~16 MB of text\'s worth), so they live about as long as a query result does. Both parsers get slower per byte from ~10 KB up on these documents because each is one object with ever more distinct keys (tens of thousands make V8 keep it as a hash table, every key internalized) and its tree grows to tens of MB for the GC; `JSON.parse` on an array of small objects of the same size stays near its 1 KB speed. The ratio is what pg-exact adds.');
    print();
    print('| document | bytes | JSON.parse MB/s | parseJson MB/s | × JSON.parse (time) | min–max |');
    print('|---|---:|---:|---:|---:|---|');
    for (const r of json) {
      print(`| ${r.label}${r.unsafe ? ', unsafe numbers' : ''} | ${fmt(r.bytes)} | ${fmt(r.jsonParseMBs)} | ${fmt(r.parseJsonMBs)} | ${r.ratio.toFixed(2)}× | ${r.spread.map((x) => x.toFixed(2)).join('–')} |`);
    }
    print();
  }
  if (options.write && !options.only) writeResultsBlock('curves', lines.join('\n'));
}

await main();
