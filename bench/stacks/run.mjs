// End-to-end benchmark: `SELECT * FROM t` (and a short multi-row INSERT section) through each
// vanilla stack and its pg-exact counterpart, measured in the same repetitions, reported as medians
// of per-repetition ratios. Writes only its own block of bench/RESULTS.md.
//
//   npm run bench:stacks -w bench                 (needs the built packages: `npm run build`)
//   node stacks/run.mjs --rows 20000 --only read --no-write
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { gitCommit, packageVersion, writeBlock } from '../results-file.mjs';
import { checkRows, describeTypes, referenceOf } from './check.mjs';
import { compareWriteSql, createPrismaViewSql, createTableSql, createWriteTableSql } from './data.mjs';
import { drizzleTables, openDrizzleDbs, openPGliteReaders, openServerReaders, prismaClientPath } from './stacks.mjs';

// ---------------------------------------------------------------------------------------------
// options
// ---------------------------------------------------------------------------------------------

function readOptions(argv) {
  const options = { rows: 20_000, pgliteRows: 10_000, reps: 15, warmup: 2, writeRows: 1000, writeBatches: 3, only: null, write: true, prisma: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rows') options.rows = Number(argv[++i]);
    else if (arg === '--pglite-rows') options.pgliteRows = Number(argv[++i]);
    else if (arg === '--reps') options.reps = Number(argv[++i]);
    else if (arg === '--warmup') options.warmup = Number(argv[++i]);
    else if (arg === '--write-rows') options.writeRows = Number(argv[++i]);
    else if (arg === '--write-batches') options.writeBatches = Number(argv[++i]);
    else if (arg === '--only') options.only = new Set(String(argv[++i]).split(','));
    else if (arg === '--no-prisma') options.prisma = false;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--quick') Object.assign(options, { rows: 10_000, pgliteRows: 5000, reps: 7, warmup: 1 });
    else throw new Error(`unknown option ${arg} (--rows N, --pglite-rows N, --reps N, --warmup N, --write-rows N, --write-batches N, --only read,pglite,write, --no-prisma, --no-write, --quick)`);
  }
  if (!(options.reps >= 7)) throw new Error('--reps must be at least 7: the contract is a median of >= 7');
  if (!(options.warmup >= 1)) throw new Error('--warmup must be at least 1 (the first run is the one checked)');
  if (!(options.writeRows * 4 <= 65_535)) throw new Error('--write-rows: at most 16383 (4 parameters a row)');
  return options;
}

const options = readOptions(process.argv.slice(2));
const wanted = (id) => !options.only || options.only.has(id);
const here = path.dirname(fileURLToPath(import.meta.url));
const resultsPath = path.join(here, '..', 'RESULTS.md');
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const core = await import('@pg-exact/core');

// ---------------------------------------------------------------------------------------------
// measurement
// ---------------------------------------------------------------------------------------------

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
let sink = null;

/**
 * Runs `subject.run()` for every subject in each repetition, after `options.warmup` untimed runs
 * each. The subjects of one stack run one after the other (so a ratio compares runs seconds apart,
 * not a whole repetition apart); the order inside a stack rotates (vanilla and pg-exact take turns
 * going first), the order of the stacks rotates and is reversed every other repetition. Wall time is what the caller
 * waits (server and socket included); CPU time is this process's (user + system: parsing, row
 * building, GC; the PostgreSQL server's work is another process and not in it).
 */
async function measure(subjects) {
  for (const subject of subjects) {
    for (let w = 0; w < options.warmup; w++) {
      const out = await subject.run();
      if (w === 0) subject.afterFirst?.(out);
      sink = out;
    }
  }
  const samples = new Map(subjects.map((s) => [s.key, { wall: [], cpu: [] }]));
  const stacks = [...new Set(subjects.map((s) => s.stack))].map((stack) => subjects.filter((s) => s.stack === stack));
  const rotate = (list, r) => list.map((_, i) => list[(i + r) % list.length]);
  for (let r = 0; r < options.reps; r++) {
    // Reversing the whole order as well would undo the rotation inside a two-subject stack.
    const stackOrder = rotate(stacks, r);
    if (r % 2) stackOrder.reverse();
    const order = stackOrder.flatMap((group) => rotate(group, r));
    for (const subject of order) {
      await subject.before?.();
      sink = null; // the previous subject's rows become garbage here, before the clock starts
      // ...and are collected before it starts (`node --expose-gc`, as the npm script runs it): each
      // run pays for its own garbage, not for whichever subject ran before it.
      globalThis.gc?.();
      const c0 = cpuMs();
      const t0 = performance.now();
      sink = await subject.run();
      const wall = performance.now() - t0;
      const cpu = cpuMs() - c0;
      samples.get(subject.key).wall.push(wall);
      samples.get(subject.key).cpu.push(cpu);
    }
  }
  return samples;
}

/** Median over repetitions of a/b taken in the same repetition, plus the smallest and largest. */
function ratio(samples, a, b, clock) {
  const xs = samples.get(a)[clock].map((v, i) => v / samples.get(b)[clock][i]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

// ---------------------------------------------------------------------------------------------
// sections
// ---------------------------------------------------------------------------------------------

/** Read subjects: checked against the text reference on their first (warm-up) run. */
function readSubjects(opened, ref) {
  return opened.map((s) => ({
    ...s,
    run: s.read,
    afterFirst(rows) {
      this.rows = rows.length;
      this.types = describeTypes(s.pick(rows[0]));
      this.check = s.exact ? checkRows(rows, s.pick, ref, s, core) : s.context ? 'reference' : '—';
    },
  }));
}

async function readSection(title, opened, referenceKey, pgKey, note) {
  const floor = opened.find((s) => s.key === referenceKey);
  const ref = referenceOf(await floor.read());
  const subjects = readSubjects(opened, ref);
  process.stdout.write(`${title}\n`);
  const samples = await measure(subjects);
  for (const s of opened) await s.close();
  const rows = subjects.map((s) => ({
    key: s.key, label: s.label, stack: s.stack, exact: s.exact, types: s.types, check: s.check,
    wall: median(samples.get(s.key).wall), cpu: median(samples.get(s.key).cpu),
    own: s.baseline ? { wall: ratio(samples, s.key, s.baseline, 'wall'), cpu: ratio(samples, s.key, s.baseline, 'cpu') } : null,
    vsPg: ratio(samples, s.key, pgKey, 'wall'),
    vsPgCpu: ratio(samples, s.key, pgKey, 'cpu'),
  }));
  return { title, note, rows, pgLabel: subjects.find((s) => s.key === pgKey).label };
}

async function writeSection(admin, schema, readRows) {
  const { createPool } = await import('@pg-exact/pg');
  const tables = await drizzleTables(schema);
  const dbs = await openDrizzleDbs(url, createPool);
  const vanillaPool = new pg.Pool({ connectionString: url, max: 1 });
  const exactPool = createPool({ connectionString: url, max: 1 });
  const n = options.writeRows;
  const placeholders = Array.from({ length: n }, (_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(', ');
  const insertSql = `INSERT INTO ${schema}.w (amount, doc, at, big) VALUES ${placeholders}`;
  const params = (rows) => rows.slice(0, n).flatMap((r) => [r.amount, r.doc, r.at, r.big]);
  // Each stack writes the values its own read gave (vanilla: strings, Dates, objects; exact:
  // Decimal, PreciseDate, bigint): what an application that reads, changes and writes back sends.
  const vanillaParams = params(readRows.pg);
  const exactParams = params(readRows['pg-exact']);
  const drizzleVanillaRows = readRows.drizzle.slice(0, n).map(({ id: _id, ...r }) => r);
  const drizzleExactRows = readRows['drizzle-exact'].slice(0, n).map(({ id: _id, ...r }) => r);
  const drizzleExactTextRows = drizzleExactRows.map((r) => ({ ...r, amount: String(r.amount) }));
  const batches = options.writeBatches;
  const repeat = (fn) => async () => {
    for (let b = 0; b < batches; b++) await fn();
  };
  const subjects = [
    { key: 'pg', label: 'pg.Pool query(INSERT … VALUES ×n)', stack: 'pg', run: repeat(() => vanillaPool.query(insertSql, vanillaParams)) },
    { key: 'pg-exact', label: '@pg-exact/pg createPool', stack: 'pg', exact: true, baseline: 'pg', run: repeat(() => exactPool.query(insertSql, exactParams)) },
    { key: 'drizzle', label: 'drizzle-orm insert().values(rows)', stack: 'Drizzle', run: repeat(() => dbs.vanilla.insert(tables.vanilla.w).values(drizzleVanillaRows)) },
    { key: 'drizzle-exact', label: '@pg-exact/drizzle insert().values(rows)', stack: 'Drizzle', exact: true, baseline: 'drizzle', run: repeat(() => dbs.exact.insert(tables.exact.w).values(drizzleExactRows)) },
    // What a Decimal object costs drizzle itself (its is() checks walk an object's class chain; a
    // string returns at once): the same exact insert with amount given as its text, as vanilla's.
    { key: 'drizzle-exact-text', label: 'context: @pg-exact/drizzle insert(), amount given as its text', stack: 'Drizzle', part: true, baseline: 'drizzle', run: repeat(() => dbs.exact.insert(tables.exact.w).values(drizzleExactTextRows)) },
  ].map((s) => ({
    ...s,
    before: () => admin.query(`TRUNCATE ${schema}.w RESTART IDENTITY`),
    async afterFirst() {
      // What was stored, compared by PostgreSQL with t (the rows it was read from).
      const { rows: [c] } = await admin.query(compareWriteSql(schema, n));
      const differ = ['amount', 'doc', 'at', 'big'].filter((k) => c[k] > 0).map((k) => `${k} in ${c[k]}`);
      const verdict = differ.length ? `${s.exact ? 'FAILED' : 'differs'}: ${differ.join(', ')} of ${c.n} rows` : `OK, ${c.n} rows equal t`;
      this.check = verdict;
      await admin.query(`TRUNCATE ${schema}.w RESTART IDENTITY`);
    },
  }));
  // afterFirst runs after the first warm-up run, which has to start from an empty table too.
  for (const s of subjects) {
    const run = s.run;
    let first = true;
    s.run = async () => {
      if (first) {
        first = false;
        await admin.query(`TRUNCATE ${schema}.w RESTART IDENTITY`);
      }
      return run();
    };
  }
  process.stdout.write(`write: ${batches} × INSERT of ${n} rows per repetition\n`);
  const samples = await measure(subjects);
  await dbs.close();
  await vanillaPool.end();
  await exactPool.end();
  return {
    title: `Write: ${batches} multi-row INSERTs of ${n} rows (4 parameters a row) per repetition`,
    rows: subjects.map((s) => ({
      key: s.key, label: s.label, stack: s.stack, exact: s.exact, check: s.check,
      wall: median(samples.get(s.key).wall), cpu: median(samples.get(s.key).cpu),
      own: s.baseline ? { wall: ratio(samples, s.key, s.baseline, 'wall'), cpu: ratio(samples, s.key, s.baseline, 'cpu') } : null,
      vsPg: ratio(samples, s.key, 'pg', 'wall'),
      vsPgCpu: ratio(samples, s.key, 'pg', 'cpu'),
    })),
    pgLabel: 'pg.Pool',
  };
}

// ---------------------------------------------------------------------------------------------
// formatting
// ---------------------------------------------------------------------------------------------

const f2 = (x) => x.toFixed(2);
const spread = (r) => `${f2(r.min)}–${f2(r.max)}`;
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function cells(section, withTypes) {
  const header = ['stack', 'subject', 'wall ms', 'CPU ms', '× vanilla (wall)', 'min–max', '× vanilla (CPU)', 'min–max', `× ${section.pgLabel} (wall)`, `× ${section.pgLabel} (CPU)`, ...(withTypes ? ['values'] : []), 'output check'];
  const body = section.rows.map((r) => [
    r.stack,
    r.exact ? `**${r.label}**` : r.label,
    ms(r.wall),
    ms(r.cpu),
    r.own ? `**${f2(r.own.wall.median)}**` : '—',
    r.own ? spread(r.own.wall) : '',
    r.own ? f2(r.own.cpu.median) : '—',
    r.own ? spread(r.own.cpu) : '',
    f2(r.vsPg.median),
    f2(r.vsPgCpu.median),
    ...(withTypes ? [r.types ?? ''] : []),
    r.check ?? '',
  ]);
  return { header, body };
}

// Issue 15's targets: every stack's read ≤ 1.00× its vanilla stack (wall), writes ≤ 1.10× wall and
// ≤ 1.5× client CPU. Context rows (`part`) are not targets.
function targetsOf(sections) {
  const out = [];
  for (const section of sections) {
    const write = section.title.startsWith('Write');
    for (const r of section.rows) {
      if (!r.exact || !r.own) continue;
      const wall = r.own.wall.median;
      const cpu = r.own.cpu.median;
      if (write) {
        out.push({ text: `${r.label} (${r.stack}) write ≤ 1.10× wall`, reached: wall, spread: r.own.wall, met: wall <= 1.1 });
        out.push({ text: `${r.label} (${r.stack}) write ≤ 1.5× client CPU`, reached: cpu, spread: r.own.cpu, met: cpu <= 1.5 });
      } else {
        out.push({ text: `${r.label} (${r.stack}) read ≤ 1.00× wall${section.title.includes('PGlite') ? ' (PGlite)' : ''}`, reached: wall, spread: r.own.wall, met: wall <= 1.0, cpu });
      }
    }
  }
  return out;
}

/** What the cost of an exact subject is made of, from the context rows measured beside it. */
function attribution(section) {
  const lines = [];
  const byKey = new Map(section.rows.map((r) => [r.key, r]));
  for (const [exactKey, prefix, what] of [
    ['postgres-exact', 'postgres-part-', 'postgres.js'],
    ['pglite-exact', 'pglite-part-', 'PGlite'],
  ]) {
    const exact = byKey.get(exactKey);
    const parts = section.rows.filter((r) => r.key.startsWith(prefix) && r.own);
    if (!exact?.own || parts.length === 0) continue;
    const extra = (r) => r.own.cpu.median - 1;
    const sum = parts.reduce((n, r) => n + extra(r), 0);
    const list = parts.map((r) => `${r.key.slice(prefix.length)} ${extra(r) >= 0 ? '+' : '−'}${Math.abs(extra(r)).toFixed(2)}`).join(', ');
    lines.push(
      `- **${exact.label}** costs ${f2(exact.own.cpu.median)}× vanilla ${what}'s client CPU (${f2(exact.own.wall.median)}× wall). Vanilla ${what} with one of pg-exact's parsers in place of its own, one type at a time (the context rows), costs in client CPU: ${list} (sum ${sum >= 0 ? '+' : '−'}${Math.abs(sum).toFixed(2)}). Vanilla ${what} hands numeric${what === 'PGlite' ? '' : ' and int8'} over as the server's text, which costs it nothing, and its json and timestamptz parsers are about as fast as pg-exact's; a Decimal${what === 'PGlite' ? '' : ' or a bigint'} cannot be built for less than nothing, so this stack can only come out even with its vanilla stack, not below it: the values themselves are what the rest costs. (node-postgres's vanilla timestamptz parser is slow, so there pg-exact comes out even or ahead.)`,
    );
  }
  const drizzleWrite = byKey.get('drizzle-exact');
  const drizzleText = byKey.get('drizzle-exact-text');
  if (drizzleWrite?.own && drizzleText?.own) {
    lines.push(
      `- **${drizzleWrite.label}** costs ${f2(drizzleWrite.own.wall.median)}× wall (${f2(drizzleWrite.own.cpu.median)}× CPU); the same insert with amount given as its text (a string, as vanilla's) costs ${f2(drizzleText.own.wall.median)}× wall (${f2(drizzleText.own.cpu.median)}× CPU). drizzle-orm checks every value with \`is()\` (is it SQL? a Placeholder?), which returns at once for a string and walks the class chain of an object; the Decimal (and the PreciseDate, where vanilla's Date walks one level less) pay that in drizzle itself, before pg-exact's serializer runs.`,
    );
  }
  const noop = byKey.get('prisma-find-noop');
  const find = byKey.get('prisma-find-exact');
  const raw = byKey.get('prisma-raw-exact');
  if (noop?.own && find?.own) {
    lines.push(
      `- **${find.label}** costs ${f2(find.own.wall.median)}× wall (${f2(find.own.cpu.median)}× CPU)${raw?.own ? `, and **${raw.label}** ${f2(raw.own.wall.median)}× wall (${f2(raw.own.cpu.median)}× CPU)` : ''}. Any Prisma query extension costs about that much: stock PrismaPg with a no-op \`$allOperations\` extension costs ${f2(noop.own.wall.median)}× wall (${f2(noop.own.cpu.median)}× CPU) on findMany in the same repetitions (Prisma makes an extra pass over every result row once a client is extended). exactExtension is that kind of extension (it writes bigints and Decimals inside Json as JSON numbers where Prisma alone stores strings, and reads them back exactly); \`$queryRawUnsafeExact\` on the same client is measured in the table above.`,
    );
  }
  return lines;
}

function targetLines(targets) {
  return [
    '| target (issue 15) | reached (median) | min–max | status |',
    '|---|---:|---:|---|',
    ...targets.map((t) => `| ${t.text} | ${f2(t.reached)}× | ${spread(t.spread)} | **${t.met ? 'MET' : 'NOT MET'}** |`),
  ];
}

function consoleTable(section, withTypes) {
  const { header, body } = cells(section, withTypes);
  const rows = [header, ...body].map((c) => c.map((x) => String(x).replace(/\*\*/g, '')));
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => (i < 2 || i >= 10 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`).join('\n');
}

function markdownTable(section, withTypes) {
  const { header, body } = cells(section, withTypes);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 || i >= 10 ? '---' : '---:')).join('|')}|`,
    ...body.map((c) => `| ${c.map((x) => String(x).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}



// ---------------------------------------------------------------------------------------------
// run
// ---------------------------------------------------------------------------------------------

const loadBefore = os.loadavg();
const started = performance.now();
const sections = [];
const schema = `pgx_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: url, types: { getTypeParser: () => (text) => text } });
await admin.connect();
let prismaNote = '';
try {
  if (wanted('read') || wanted('write')) {
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(createTableSql(schema, options.rows));
    await admin.query(createPrismaViewSql(schema));
    await admin.query(createWriteTableSql(schema));
  }
  let readRows = null;
  if (wanted('read')) {
    let withPrisma = options.prisma;
    if (withPrisma) {
      if (!existsSync(prismaClientPath)) {
        withPrisma = false;
        prismaNote = `Prisma skipped: no generated client at ${path.relative(process.cwd(), prismaClientPath)} (run \`npm run build\`).`;
      }
    }
    const opened = await openServerReaders(url, schema, { prisma: withPrisma });
    const section = await readSection(`Read: SELECT * FROM t, ${options.rows} rows, PostgreSQL server`, opened, 'floor', 'pg');
    sections.push(section);
    process.stdout.write(`${consoleTable(section, true)}\n\n`);
  }
  if (wanted('write')) {
    // The values to write: t's first rows as the vanilla and the exact pg and Drizzle read them.
    const { createPool } = await import('@pg-exact/pg');
    const vanillaPool = new pg.Pool({ connectionString: url, max: 1 });
    const exactPool = createPool({ connectionString: url, max: 1 });
    const tables = await drizzleTables(schema);
    const dbs = await openDrizzleDbs(url, createPool);
    const first = `SELECT * FROM ${schema}.t ORDER BY id LIMIT ${options.writeRows}`;
    const { asc } = await import('drizzle-orm');
    readRows = {
      pg: (await vanillaPool.query(first)).rows,
      'pg-exact': (await exactPool.query(first)).rows,
      drizzle: await dbs.vanilla.select().from(tables.vanilla.t).orderBy(asc(tables.vanilla.t.id)).limit(options.writeRows),
      'drizzle-exact': await dbs.exact.select().from(tables.exact.t).orderBy(asc(tables.exact.t.id)).limit(options.writeRows),
    };
    await vanillaPool.end();
    await exactPool.end();
    await dbs.close();
    const section = await writeSection(admin, schema, readRows);
    sections.push(section);
    process.stdout.write(`${consoleTable(section, false)}\n\n`);
  }
  if (wanted('pglite')) {
    const opened = await openPGliteReaders(createTableSql('', options.pgliteRows));
    const section = await readSection(`Read: SELECT * FROM t, ${options.pgliteRows} rows, PGlite (embedded, in this process)`, opened, 'pglite-floor', 'pglite');
    sections.push(section);
    process.stdout.write(`${consoleTable(section, true)}\n\n`);
  }
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
const seconds = (performance.now() - started) / 1000;
const loadAfter = os.loadavg();
const failed = sections.flatMap((s) => s.rows).filter((r) => r.exact && !String(r.check).startsWith('OK'));
process.stdout.write(`${seconds.toFixed(0)} s · load average (1 min) ${loadBefore[0].toFixed(2)} → ${loadAfter[0].toFixed(2)} · sink ${sink === null ? 'empty' : typeof sink}\n`);
if (prismaNote) process.stdout.write(`${prismaNote}\n`);
for (const t of targetsOf(sections)) process.stdout.write(`${(t.met ? 'MET' : 'NOT MET').padEnd(7)} ${t.text}: ${f2(t.reached)}× (${spread(t.spread)})\n`);
for (const section of sections) for (const line of attribution(section)) process.stdout.write(`${line.replace(/\*\*/g, '')}\n`);
if (failed.length) process.stdout.write(`OUTPUT CHECK FAILED: ${failed.map((r) => `${r.label}: ${r.check}`).join('; ')}\n`);

if (options.write && !options.only) {
  const cpus = os.cpus();
  const versions = ['pg', 'postgres', 'kysely', 'drizzle-orm', '@prisma/client', '@prisma/adapter-pg', '@electric-sql/pglite']
    .map((name) => `${name} ${packageVersion(name)}`)
    .join(', ');
  const lines = [
    '<!-- Generated by `npm run bench:stacks -w bench` (bench/stacks/run.mjs), which rewrites only this block. -->',
    '## End to end: each stack, vanilla and pg-exact',
    '',
    `- Date: ${new Date().toISOString()}; ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores; Node ${process.version}; PostgreSQL server on the same machine (${url.replace(/\/\/[^@/]*@/, '//')})`,
    `- Load average (1 / 5 min) before: ${loadBefore[0].toFixed(2)} / ${loadBefore[1].toFixed(2)}, after: ${loadAfter[0].toFixed(2)} / ${loadAfter[1].toFixed(2)} on ${cpus.length} cores (this run and the server are counted)`,
    `- Packages: ${versions}; pg-exact at git ${gitCommit()}`,
    `- Method: one connection per subject, opened before timing; ${options.warmup} untimed run(s) per subject (the first one's output is checked), then ${options.reps} repetitions in which every subject of a table runs once, the subjects of one stack one after the other (their order rotated: vanilla and pg-exact take turns going first; the order of the stacks rotated and reversed every other repetition), a full GC before each timed run (untimed; node --expose-gc, as the npm script runs it), so each run pays for its own garbage and not for the subject before it. **Ratios are medians of per-repetition ratios of wall time** (what the caller waits, server and socket included), min–max their spread; the CPU columns are this process's CPU time (user + system, GC threads included; the server is another process), the client-side cost without the server's share. Total ${seconds.toFixed(0)} s.`,
    '- Output check: every row of each pg-exact subject against PostgreSQL\'s own text (the floor row): id and big are bigint and equal, amount a Decimal printing the same digits (core Decimals with their scale), at the same instant with its microseconds, doc the same JSON. Vanilla subjects are described (`values`), not checked. Writes are compared by PostgreSQL with the rows they were read from (numeric and jsonb by value, timestamptz to the µs).',
    '',
  ];
  lines.push('### Targets', '', ...targetLines(targetsOf(sections)), '');
  for (const section of sections) {
    lines.push(`### ${section.title}`, '');
    lines.push(markdownTable(section, section.title.startsWith('Read')), '');
    const why = attribution(section);
    if (why.length) lines.push(...why, '');
  }
  if (prismaNote) lines.push(prismaNote, '');
  writeBlock(resultsPath, 'stacks', lines.join('\n'));
  process.stdout.write(`wrote the stacks block of ${path.relative(process.cwd(), resultsPath)}\n`);
} else if (options.write) {
  process.stdout.write('not written: --only runs print without writing (RESULTS.md holds full runs only)\n');
}
if (failed.length) process.exitCode = 1;
