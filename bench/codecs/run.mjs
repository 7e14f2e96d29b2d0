// Codec benchmarks: pg-exact's parsers against what pg and the lossless JSON libraries do today.
// Each comparison times every subject in the same repetition, alternating the order, and reports
// the median of per-repetition ratios; absolute times drift on a shared machine, ratios hold.
//
//   npm run bench                       (from the repo root: builds, then runs this)
//   node codecs/run.mjs --reps 11 --ms 300 --only json-a,int8-mixed --no-write
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { Decimal as DecimalJs } from 'decimal.js';
import JSONbig from 'json-bigint';
import { isInteger, isSafeNumber, parse as losslessParse, parseNumberAndBigInt } from 'lossless-json';
import pg from 'pg';
import postgresDate from 'postgres-date';

import { packageVersion, writeKeepingBlocks } from '../results-file.mjs';
import { int8Texts, jsonCorpora, numericTexts, timestamptzTexts } from './corpora.mjs';

// ---------------------------------------------------------------------------------------------
// options
// ---------------------------------------------------------------------------------------------

function readOptions(argv) {
  const options = { reps: 11, ms: 150, warmupMs: 300, only: null, write: true, clock: 'cpu' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reps') options.reps = Number(argv[++i]);
    else if (arg === '--ms') options.ms = Number(argv[++i]);
    else if (arg === '--warmup-ms') options.warmupMs = Number(argv[++i]);
    else if (arg === '--only') options.only = new Set(String(argv[++i]).split(','));
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--clock') options.clock = String(argv[++i]);
    else if (arg === '--quick') Object.assign(options, { reps: 7, ms: 60, warmupMs: 150 });
    else throw new Error(`unknown option ${arg} (--reps N, --ms N, --warmup-ms N, --only ids, --clock cpu|wall, --no-write, --quick)`);
  }
  if (options.clock !== 'cpu' && options.clock !== 'wall') throw new Error('--clock is cpu or wall');
  if (!(options.reps >= 7)) throw new Error('--reps must be at least 7: the contract is a median of >= 7');
  return options;
}

const options = readOptions(process.argv.slice(2));
const here = path.dirname(fileURLToPath(import.meta.url));
const resultsPath = path.join(here, '..', 'RESULTS.md');

// BENCH_CORE_MODULE points at another build of core (a path to its dist/index.js) to compare
// branches; the default, and what RESULTS.md is meant to hold, is the built @pg-exact/core.
const coreOverride = process.env.BENCH_CORE_MODULE;
const core = coreOverride
  ? await import(pathToFileURL(path.resolve(coreOverride)).href)
  : await import('@pg-exact/core');

// ---------------------------------------------------------------------------------------------
// the subjects that are not pg-exact
// ---------------------------------------------------------------------------------------------

/** lossless-json with a number parser that keeps every value: unsafe integers → BigInt, other unsafe → Decimal. */
function exactNumber(text) {
  if (isSafeNumber(text)) return Number(text);
  return isInteger(text) ? BigInt(text) : new DecimalJs(text);
}
// useNativeBigInt turns every number token longer than 15 characters into BigInt(token), which
// throws on long decimals; the default mode (bignumber.js) is there to be timed where it does.
const jsonBigNative = JSONbig({ useNativeBigInt: true });
const jsonBigDefault = JSONbig();
const pg8Timestamptz = pg.types.getTypeParser(1184, 'text');

// ---------------------------------------------------------------------------------------------
// measurement
// ---------------------------------------------------------------------------------------------

// Results land in a small ring: enough that V8 cannot drop the work, small enough that the
// parsed trees die young (a 1024-slot ring kept ~200 MB of corpus-b trees alive and made every
// parser pay for promoting them).
const SINK_SIZE = 16;
const sink = new Array(SINK_SIZE);

// CPU time of this process (user + system, ms) by default: on a shared machine, wall time also
// counts the slices other processes took from us. GC helper threads are counted, as they should.
const cpuClock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const clock = options.clock === 'wall' ? () => performance.now() : cpuClock;

// One freshly compiled loop per subject, so the call inside stays monomorphic and no subject
// pays for another's type feedback.
function makeLoop() {
  return new Function(
    'fn',
    'inputs',
    'passes',
    'sink',
    `let k = 0;
     const n = inputs.length;
     for (let p = 0; p < passes; p++) {
       for (let i = 0; i < n; i++) sink[k++ & ${SINK_SIZE - 1}] = fn(inputs[i]);
     }
     return k;`,
  );
}

/** Warms a subject up and returns how many passes over the inputs make one repetition of ~ms. */
function calibrate(subject, inputs) {
  let passes = 1;
  let spent = 0;
  for (;;) {
    const t0 = clock();
    subject.loop(subject.fn, inputs, passes, sink);
    const elapsed = clock() - t0;
    spent += elapsed;
    if (elapsed < 20) {
      passes *= 2;
      continue;
    }
    if (spent >= options.warmupMs) return Math.max(1, Math.round((passes * options.ms) / elapsed));
  }
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Times every subject of a section in each repetition; returns ns per value per repetition. */
function measure(section) {
  const subjects = [];
  const failures = new Map();
  for (const s of section.subjects) {
    // A library that throws on part of the corpus gets no time, only the error it threw.
    const failure = firstFailure(s.fn, section.inputs);
    if (failure) failures.set(s.key, failure);
    else subjects.push({ ...s, loop: makeLoop() });
  }
  for (const subject of subjects) subject.passes = calibrate(subject, section.inputs);
  const samples = new Map(subjects.map((s) => [s.key, []]));
  for (let r = 0; r < options.reps; r++) {
    // Rotate the starting subject and reverse every other repetition, so drift and heap state
    // do not favour whoever runs first.
    const order = subjects.map((_, i) => subjects[(i + r) % subjects.length]);
    if (r % 2) order.reverse();
    // No forced GC between runs: V8 shrinks the young generation after one, which doubles the
    // cost of allocation-heavy parsers (lossless-json) compared with a warm process.
    for (const subject of order) {
      const t0 = clock();
      const calls = subject.loop(subject.fn, section.inputs, subject.passes, sink);
      const elapsed = clock() - t0;
      samples.get(subject.key).push((elapsed * 1e6) / calls);
    }
  }
  return { samples, failures };
}

function firstFailure(fn, inputs) {
  for (let i = 0; i < inputs.length; i++) {
    try {
      fn(inputs[i]);
    } catch (error) {
      return `throws on ${inputs.length > 1 ? `${countFailures(fn, inputs)}/${inputs.length} inputs` : 'the input'}: ${error?.name}: ${error?.message}`;
    }
  }
  return null;
}

function countFailures(fn, inputs) {
  let n = 0;
  for (const input of inputs) {
    try {
      fn(input);
    } catch {
      n++;
    }
  }
  return n;
}

/** Median over repetitions of a/b taken in the same repetition, plus the smallest and largest. */
function ratio(samples, a, b) {
  const xs = samples.get(a).map((v, i) => v / samples.get(b)[i]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

// ---------------------------------------------------------------------------------------------
// output checks: a fast parser that returns the wrong thing is not fast
// ---------------------------------------------------------------------------------------------

function normalizeJson(value) {
  if (typeof value === 'bigint') return { bigint: String(value) };
  if (DecimalJs.isDecimal(value)) return { decimal: value.toFixed() };
  if (Array.isArray(value)) return value.map(normalizeJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).map((k) => [k, normalizeJson(value[k])]));
  }
  return value;
}

function checkAll(inputs, check, limit = 2000) {
  let failures = 0;
  let first = null;
  const step = Math.max(1, Math.floor(inputs.length / limit));
  let checked = 0;
  for (let i = 0; i < inputs.length; i += step) {
    checked++;
    let problem;
    try {
      problem = check(inputs[i]);
    } catch (error) {
      problem = `threw ${error?.name}: ${error?.message}`;
    }
    if (problem) {
      failures++;
      first ??= `${JSON.stringify(inputs[i].length > 120 ? `${inputs[i].slice(0, 120)}…` : inputs[i])}: ${problem}`;
    }
  }
  return failures ? `${failures}/${checked} differ, e.g. ${first}` : `OK (${checked} values)`;
}

function checkJson(text) {
  const got = JSON.stringify(normalizeJson(core.parseJson(text)));
  const want = JSON.stringify(normalizeJson(losslessParse(text, null, exactNumber)));
  if (got === want) return null;
  let i = 0;
  while (got[i] === want[i]) i++;
  return `got …${got.slice(Math.max(0, i - 30), i + 40)}… want …${want.slice(Math.max(0, i - 30), i + 40)}…`;
}

function checkTimestamptz(text) {
  const got = core.codecs.timestamptz.parse(text);
  const want = postgresDate(text);
  if (got.getTime() !== want.getTime()) return `getTime ${got.getTime()} ≠ ${want.getTime()}`;
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  const micros = Number(fraction.padEnd(6, '0')) % 1000;
  if (typeof got.getMicroseconds === 'function' && got.getMicroseconds() !== micros) {
    return `getMicroseconds ${got.getMicroseconds()} ≠ ${micros}`;
  }
  return null;
}

function checkNumeric(text) {
  const got = core.codecs.numeric.parse(text);
  const printed = typeof core.decimalToText === 'function' ? core.decimalToText(got) : got.toFixed(6);
  return printed === text ? null : `prints ${printed}`;
}

function checkInt8(text) {
  const got = core.codecs.int8.parse(text);
  return got === BigInt(text) ? null : `${typeof got} ${String(got)}`;
}

// ---------------------------------------------------------------------------------------------
// the sections
// ---------------------------------------------------------------------------------------------

const SCALARS = 10_000;
const json = jsonCorpora();

const jsonSubjects = [
  { key: 'JSON.parse', label: 'JSON.parse (lossy)', fn: (t) => JSON.parse(t) },
  { key: 'parseJson', label: 'parseJson (@pg-exact/core)', fn: (t) => core.parseJson(t) },
  { key: 'lossless', label: 'lossless-json parse (LosslessNumber)', fn: (t) => losslessParse(t) },
  {
    key: 'lossless-bigint',
    label: 'lossless-json + parseNumberAndBigInt',
    fn: (t) => losslessParse(t, null, parseNumberAndBigInt),
  },
  { key: 'lossless-exact', label: 'lossless-json + BigInt/Decimal parser', fn: (t) => losslessParse(t, null, exactNumber) },
  { key: 'json-bigint', label: 'json-bigint (useNativeBigInt)', fn: (t) => jsonBigNative.parse(t) },
  { key: 'json-bigint-bn', label: 'json-bigint default (BigNumber)', fn: (t) => jsonBigDefault.parse(t) },
];

function jsonSection(id, title, inputs, target, { context = [], explain } = {}) {
  return {
    id,
    title,
    unit: 'doc',
    inputs,
    subjects: [...jsonSubjects, ...context],
    explain,
    baseline: 'JSON.parse',
    columns: [['JSON.parse', '× JSON.parse']],
    candidate: 'parseJson',
    targets: [{ against: 'JSON.parse', max: target, text: `parseJson ≤ ${target}× JSON.parse, corpus ${id.slice(-1)}` }],
    check: () => checkAll(inputs, checkJson, 500),
  };
}

// Context rows: what part of parseJson's cost is not parsing, measured in the same repetitions.
/** One charCodeAt pass over the text and nothing else: the floor of any scan that reads every character. */
function charPass(text) {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return sum;
}
// Corpus (c): each document's unsafe numbers (runs of 16+ digits and dots), and the document with
// each of them written as 1, looked up by the document's text (V8 caches a string's hash).
const unsafeTokens = new Map(json.c.map((t) => [t, t.match(/-?\d[\d.]{15,}/g) ?? []]));
const withoutUnsafe = new Map(json.c.map((t) => [t, Buffer.from(t.replace(/-?\d[\d.]{15,}/g, '1'), 'utf8').toString('utf8')]));
function unsafeValues(text) {
  const tokens = unsafeTokens.get(text);
  const out = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = tokens[i].includes('.') ? core.decimalFromText(tokens[i]) : BigInt(tokens[i]);
  return out;
}
const ratioOf = (result, key) => result.rows.find((r) => r.key === key)?.ratios[0]?.median;

const sections = [
  jsonSection('json-a', 'JSON (a): ~350 B API objects, no unsafe numbers', json.a, 1.25),
  jsonSection('json-b', 'JSON (b): ~50 KB float-heavy documents, no unsafe numbers', json.b, 1.25, {
    context: [{ key: 'char-pass', label: 'context: one charCodeAt pass over the text, no parsing', fn: charPass }],
    explain: (result) => {
      const total = ratioOf(result, 'parseJson');
      const pass = ratioOf(result, 'char-pass');
      return `parseJson is JSON.parse plus a scan for numbers float64 would change (${(total - 1).toFixed(2)}× here). Every number in this corpus sits at the edge: 15 significant digits in a run of 16–17 digits and a dot, so the scan must count the digits of each one (\`0.950499619951292\` is exact, \`0.9504996199512921\` is not, and only the last digit tells them apart). Reading each character once and doing nothing else costs ${pass.toFixed(2)}× JSON.parse in the same repetitions: no scan that is exact can cost much less than that, so 1.25× is out of reach for text this digit-dense on this machine. Corpora (a) and (d), what jsonb columns usually hold, are sampled (a run of 16 digits needs one of every 16 characters read) or matched by one native regex pass.`;
    },
  }),
  jsonSection('json-c', 'JSON (c): ~450 B documents with big integers and long decimals', json.c, 2.5, {
    context: [
      { key: 'unsafe-values', label: "context: BigInt()/Decimal of each doc's unsafe numbers alone, no parsing", fn: unsafeValues },
      { key: 'without-unsafe', label: 'context: JSON.parse of each doc with its unsafe numbers written as 1', fn: (t) => JSON.parse(withoutUnsafe.get(t)) },
    ],
    explain: (result) => {
      const total = ratioOf(result, 'parseJson');
      const values = ratioOf(result, 'unsafe-values');
      const structure = ratioOf(result, 'without-unsafe');
      return `A document with an unsafe number is parsed by pg-exact's own parser in JavaScript. Of its ${total.toFixed(2)}×, building the bigints and Decimals (9 a document) costs ${values.toFixed(2)}× on its own, and JSON.parse spends ${(1 - structure).toFixed(2)}× of its 1.00 on those same numbers as doubles (${structure.toFixed(2)}× without them): the rest, about ${(total - values - structure).toFixed(2)}×, is building the same objects and arrays in JavaScript instead of in V8's native parser.`;
    },
  }),
  jsonSection('json-d', 'JSON (d): 40–130 B jsonb rows as the server prints them, no unsafe numbers', json.d, 1.25),
  {
    id: 'timestamptz',
    title: 'timestamptz text → instant',
    unit: 'value',
    inputs: timestamptzTexts(SCALARS),
    subjects: [
      { key: 'postgres-date', label: 'postgres-date 2 parse → Date (ms)', fn: (t) => postgresDate(t) },
      { key: 'core', label: 'codecs.timestamptz.parse → PreciseDate (µs)', fn: core.codecs.timestamptz.parse },
      { key: 'pg8', label: 'pg 8 default (pg-types 2 → postgres-date 1) → Date', fn: pg8Timestamptz },
    ],
    baseline: 'postgres-date',
    columns: [
      ['postgres-date', '× postgres-date 2'],
      ['pg8', '× pg 8 default'],
    ],
    candidate: 'core',
    // "pg's default parser" is postgres-date 1.0.x in pg 8 (through pg-types 2); postgres-date 2 is
    // the rewrite pg-types 4 uses, about 3× faster: shown as a stretch goal beside the real target.
    targets: [
      { against: 'pg8', max: 0.4, text: "timestamptz.parse ≤ 0.4× pg 8's default (postgres-date 1.0.x)" },
      { against: 'postgres-date', max: 0.4, text: 'stretch, not the issue target: timestamptz.parse ≤ 0.4× postgres-date 2 (pg-types 4)' },
    ],
    check: () => checkAll(timestamptzTexts(SCALARS), checkTimestamptz),
  },
  {
    id: 'numeric',
    title: 'numeric(20,6) text → Decimal',
    unit: 'value',
    inputs: numericTexts(SCALARS),
    subjects: [
      { key: 'Number', label: 'Number(text) (lossy)', fn: (t) => Number(t) },
      { key: 'core', label: 'codecs.numeric.parse → Decimal (scale kept)', fn: core.codecs.numeric.parse },
      { key: 'decimal.js', label: 'new Decimal(text) (decimal.js)', fn: (t) => new DecimalJs(t) },
    ],
    baseline: 'Number',
    columns: [
      ['Number', '× Number'],
      ['decimal.js', '× new Decimal'],
    ],
    candidate: 'core',
    targets: [{ against: 'Number', max: 3, text: 'numeric.parse ≤ 3× Number(text)' }],
    check: () => checkAll(numericTexts(SCALARS), checkNumeric),
  },
  ...['mixed', 'wide'].map((kind) => ({
    id: `int8-${kind}`,
    title:
      kind === 'mixed'
        ? 'int8 text → bigint, magnitudes spread over 1–19 digits'
        : 'int8 text → bigint, uniform over the 64-bit range (18–19 digits)',
    unit: 'value',
    inputs: int8Texts(SCALARS, kind),
    subjects: [
      { key: 'Number', label: 'Number(text) (lossy past 2^53)', fn: (t) => Number(t) },
      { key: 'core', label: 'codecs.int8.parse → bigint', fn: core.codecs.int8.parse },
      { key: 'BigInt', label: 'BigInt(text)', fn: (t) => BigInt(t) },
    ],
    baseline: 'Number',
    columns: [
      ['Number', '× Number'],
      ['BigInt', '× BigInt(text)'],
    ],
    candidate: 'core',
    targets: [{ ns: 150, text: `int8.parse ≤ 150 ns per value, ${kind}` }],
    check: () => checkAll(int8Texts(SCALARS, kind), checkInt8),
  })),
].filter((s) => !options.only || options.only.has(s.id) || options.only.has(s.id.split('-')[0]));

// ---------------------------------------------------------------------------------------------
// formatting
// ---------------------------------------------------------------------------------------------

function formatNs(ns) {
  if (ns >= 100_000) return `${(ns / 1000).toFixed(0)} µs`;
  if (ns >= 10_000) return `${(ns / 1000).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}

const formatRatio = (r) => `${r.median.toFixed(2)}`;
const formatSpread = (r) => `${r.min.toFixed(2)}–${r.max.toFixed(2)}`;

function formatTarget(result, target) {
  const { reached, spread, met } = target;
  const unit = target.ns ? (v) => `${v.toFixed(0)} ns` : (v) => `${v.toFixed(2)}×`;
  return {
    text: target.text,
    spread: spread ? `${unit(spread.min)}–${unit(spread.max)}` : '—',
    reached: Number.isNaN(reached) ? 'throws' : unit(reached),
    status: met ? 'MET' : 'NOT MET',
    check: result.check,
  };
}

const formatTargets = (result) => result.targets.map((target) => formatTarget(result, target));

function tableCells(result) {
  const { section, rows, bytes } = result;
  const header = [
    'subject',
    `median per ${section.unit}`,
    ...(bytes ? ['MB/s'] : []),
    ...section.columns.flatMap(([, name]) => [name, 'min–max']),
  ];
  const body = rows.map((row) => {
    const label = row.key === section.candidate ? `**${row.label}**` : row.label;
    if (row.failure) return [label, ...header.slice(1).map(() => '—')];
    return [
      label,
      formatNs(row.ns),
      ...(bytes ? [((bytes / row.ns) * 1000).toFixed(0)] : []),
      ...row.ratios.flatMap((r) => [formatRatio(r), formatSpread(r)]),
    ];
  });
  const notes = rows.filter((row) => row.failure).map((row) => `${row.label} ${row.failure}`);
  return { header, body, notes };
}

function consoleTable(result) {
  const { header, body } = tableCells(result);
  const rows = [header, ...body.map((cells) => cells.map((c) => c.replace(/\*\*/g, '')))];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  const notes = tableCells(result).notes.map((n) => `  note: ${n}\n`).join('');
  const targets = formatTargets(result).map((t) => `  target: ${t.text} → ${t.reached} ${t.status}\n`);
  return `${rows.map(line).join('\n')}\n${notes}${targets.join('')}`;
}

function markdownTable(result) {
  const { header, body, notes } = tableCells(result);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map((cells) => `| ${cells.join(' | ')} |`),
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}


function gitState() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', '../../packages/core/src') !== '';
    return `${commit}${dirty ? ' + uncommitted changes in packages/core/src' : ''}`;
  } catch {
    return 'unknown';
  }
}

function resultsMarkdown(all, secondsTaken) {
  const cpus = os.cpus();
  const versions = ['@pg-exact/core', 'lossless-json', 'json-bigint', 'postgres-date', 'decimal.js', 'pg']
    .map((name) => `${name} ${packageVersion(name)}`)
    .join(', ');
  const targets = all.flatMap(formatTargets);
  const lines = [
    '<!-- Generated by `npm run bench` (bench/codecs/run.mjs), which rewrites everything outside the marked blocks and keeps them: the stacks block is bench/stacks/run.mjs\'s, the diagnostics block is recorded by hand. Do not edit outside the blocks. -->',
    '# Codec benchmark results',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.arch()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`,
    `- Load average (1 min) before / after the run: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${cpus.length} cores (this run is one of the processes counted)`,
    `- Packages: ${versions}`,
    `- Source: git ${gitState()}${coreOverride ? `; core loaded from BENCH_CORE_MODULE=${coreOverride}` : ''}`,
    `- Method: per subject ~${options.warmupMs} ms warm-up, then ${options.reps} repetitions of ~${options.ms} ms; every subject of a table runs in each repetition (order rotated and reversed), no forced GC; times are ${options.clock === 'cpu' ? 'CPU time of the process (user + system, GC threads included), so other processes on the machine count less' : 'wall-clock time'}. Ratios are medians of per-repetition ratios; min–max is their spread. Total ${secondsTaken.toFixed(0)} s.`,
    '- Absolute times drift up to 2× between runs on a shared machine; compare ratios. The int8 target is absolute, so read it with the `× Number` column beside it.',
    '',
    '## Targets (issues 2 and 15, speed)',
    '',
    '| target | reached (median) | min–max over repetitions | status | output check |',
    '|---|---:|---:|---|---|',
    ...targets.map((t) => `| ${t.text} | ${t.reached} | ${t.spread} | **${t.status}** | ${t.check.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const result of all) {
    const { section, bytes } = result;
    lines.push(`## ${section.title}`, '');
    const about = [`${section.inputs.length} ${section.unit}s`];
    if (bytes) about.push(`mean ${bytes >= 10_000 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes.toFixed(0)} B`}`);
    lines.push(`${about.join(', ')}; bold is pg-exact. Output check against the reference: ${result.check}`, '');
    lines.push(markdownTable(result), '');
    if (section.explain) lines.push(section.explain(result), '');
  }
  return `${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// run
// ---------------------------------------------------------------------------------------------

const loadBefore = os.loadavg()[0];
const started = performance.now();
const results = [];
for (const section of sections) {
  const check = section.check();
  process.stdout.write(`${section.title}\n  output check: ${check}\n`);
  const { samples, failures } = measure(section);
  const rows = section.subjects.map((s) =>
    failures.has(s.key)
      ? { label: s.label, key: s.key, failure: failures.get(s.key) }
      : {
          label: s.label,
          key: s.key,
          ns: median(samples.get(s.key)),
          ratios: section.columns.map(([against]) => ratio(samples, s.key, against)),
        },
  );
  if (failures.has(section.baseline)) throw new Error(`${section.baseline}: ${failures.get(section.baseline)}`);
  const cand = rows.find((r) => r.key === section.candidate);
  const targets = section.targets.map((target) => {
    if (cand.failure) return { ...target, reached: NaN, spread: null, met: false };
    const spread = target.ns
      ? { min: Math.min(...samples.get(section.candidate)), max: Math.max(...samples.get(section.candidate)) }
      : ratio(samples, section.candidate, target.against);
    const reached = target.ns ? cand.ns : spread.median;
    return { ...target, reached, spread, met: reached <= (target.ns ?? target.max) };
  });
  const bytes = section.unit === 'doc' ? section.inputs.reduce((n, t) => n + Buffer.byteLength(t), 0) / section.inputs.length : 0;
  const result = { section, rows, check, targets, bytes };
  results.push(result);
  process.stdout.write(`${consoleTable(result)}${section.explain ? `  ${section.explain(result)}\n` : ''}\n`);
}
const seconds = (performance.now() - started) / 1000;

// Read the sink, so no result can be proven unused.
const kinds = new Set(sink.map((v) => (v === null ? 'null' : typeof v)));
process.stdout.write(
  `sink held: ${[...kinds].join(', ')} · ${seconds.toFixed(0)} s · load average ${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}\n\n`,
);

const summary = results.flatMap(formatTargets);
process.stdout.write(`${summary.map((t) => `${t.status.padEnd(7)} ${t.text}: ${t.reached} (${t.spread})`).join('\n')}\n`);

if (options.write) {
  writeKeepingBlocks(resultsPath, resultsMarkdown(results, seconds));
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), resultsPath)}\n`);
}
