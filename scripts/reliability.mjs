// `npm run reliability`: builds, runs the load-and-faults scenarios at full size through every stack and
// its vanilla twin (test/reliability/report.ts, a private PostgreSQL cluster of its own), and writes
// docs/RELIABILITY.md from .reliability/*.json (the property round-trip summaries other suites leave
// there are rendered too).
//   node scripts/reliability.mjs [--no-build] [--no-run] [report.ts options, e.g. --stacks pg,prisma-pg]
// (then the property round trips at 10,000 values per type per binding, into .reliability/ as well)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const passThrough = args.filter((arg) => arg !== '--no-build' && arg !== '--no-run');
const dir = '.reliability';
const loadFile = join(dir, 'load-and-faults.json');

const run = (command, argv) => {
  const result = spawnSync(command, argv, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!flag('--no-build')) run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
if (!flag('--no-run')) {
  run(process.execPath, ['--import', 'tsx', 'test/reliability/report.ts', '--full', '--out', loadFile, ...passThrough]);
  // The property round trips at full size (10,000 values per type per binding), summarised into .reliability/.
  const env = { ...process.env, PG_EXACT_PROPERTY_RUNS: '10000', PG_EXACT_RELIABILITY_SUMMARY: '1' };
  const result = spawnSync('npx', ['vitest', 'run', 'test/reliability/property-round-trip.test.ts'], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// ---- rendering ------------------------------------------------------------------------------

const scenarios = {
  inserts: {
    title: 'Concurrent identity inserts',
    tried: (s) =>
      `${s.insertWorkers} workers insert ${s.insertsPerWorker} rows each at once (${s.insertWorkers * s.insertsPerWorker} rows) through the stack's insert API ` +
      '(Kysely: `IdentityReturningPlugin`\'s `insertId` for pg-exact, `.returning(\'id\')` for vanilla; Drizzle: `.returning()`; Prisma: `create`; drivers: `INSERT … RETURNING id`).',
    held: 'every insert succeeded, every id the stack reported is the id stored with its row (`id::text`), ids unique; pg-exact ids are bigint.',
  },
  counter: {
    title: 'Gapless counter under concurrent transactions',
    tried: (s) =>
      `${s.counterTransactions} concurrent transactions each draw a number from the core \`gaplessCounter()\` (its \`next()\` over the stack's raw API inside the stack's transaction API), insert it, and every third rolls back.`,
    held: `the numbers stored are exactly 1..N, N = the transactions committed, and the counter row says N.`,
  },
  restart: {
    title: 'Server restarted under load',
    tried: () =>
      '8 workers per stack insert in a loop (every third insert in a transaction), pool of 4, stack defaults for timeouts; once every stack has 20 inserts acknowledged, the private cluster is restarted once for all stacks at the same time (`pg_ctl restart -m fast`); the load goes on until 30 more operations succeeded (or 20 s).',
    held: 'no crash, no operation hung (15 s), every rejection an Error with a message (no TypeError from inside a driver), an operation started after the restart succeeded, every acknowledged insert is stored with its id, and (node-postgres pools: pg, Kysely, Drizzle) no client is left checked out once every operation ended (a failed BEGIN must not keep its client). Recovery = from the server accepting connections again to the first operation that succeeded after it.',
  },
  pool: {
    title: 'Pool exhaustion',
    tried: () =>
      'Pool of 2, checkout/connect limit 1 s (node-postgres `connectionTimeoutMillis`; postgres.js `queue_timeout`/`connect_timeout`); two transactions hold both connections for 2 s (`pg_sleep`); once both sleep on the server (`pg_stat_activity`), a third query asks for a connection.',
    held: 'the third query is rejected with a clear error within the limit (before a holder finishes), the holders commit, the pool serves again, at most 2 connections were open (`pg_stat_activity`), none left after closing.',
  },
  stall: {
    title: 'Silently stalled link',
    tried: () =>
      'Through a loopback TCP proxy (`test/support/fault-proxy.ts`) that stops forwarding and keeps every socket open (the kernel still ACKs: TCP keepalive sees nothing). Limits set: node-postgres `query_timeout: 1000, connectionTimeoutMillis: 1000`; postgres.js `query_timeout: 1, connect_timeout: 1, queue_timeout: 1, cancel_timeout: 1`. One query on the pooled connection, then one more, during the stall; then the link forwards again and 10 queries run.',
    held: 'both queries during the stall reject (not hang: 10 s), clearly; after the link is back a query succeeds and every query gets its own answer (`SELECT $1::int4`). Recovery = from the link forwarding again to the first answer.',
  },
  cut: {
    title: 'Link cut under load',
    tried: () => 'As the restart scenario, but through the fault proxy, which resets every open link at once (RST both ways) instead of restarting the server.',
    held: 'as the restart scenario: no crash or hang, clear rejections, recovery, acknowledged inserts stored, no pooled client left checked out. Recovery = from the cut to the first operation that succeeded after it.',
  },
};

const order = ['inserts', 'counter', 'restart', 'pool', 'stall', 'cut'];

function crashLine(exit) {
  const lines = (exit ?? '').split('\n').map((line) => line.trim());
  const headline = lines[0] ?? '';
  const error =
    lines.find((line) => /^(\w*Error|error)( \[\w+\])?: /.test(line)) ??
    lines.find((line) => /^(\w*Error\b|Error \[|Uncaught|\w+Error:)/.test(line)) ??
    lines.find((line) => /code: '/.test(line)) ??
    lines.find((line) => /message|severity|routine/.test(line)) ??
    '';
  return `${headline}${error ? `: ${error.replace(/\|/g, '\\|')}` : ''}`;
}

const esc = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function outcomeText(cell) {
  if (!cell) return '—';
  switch (cell.status) {
    case 'held':
      return '✅ held';
    case 'n/a':
      return 'n/a';
    case 'failed':
      return `❌ ${esc(cell.outcome.problems.join('; '))}`;
    case 'crash':
      return `💥 crash (${esc(crashLine(cell.exit))})`;
    case 'hang':
      return `⏳ hang (${esc(cell.exit.split('\n')[0])})`;
  }
  return cell.status;
}

function countsText(cell) {
  if (!cell?.outcome) return '';
  const counts = Object.entries(cell.outcome.counts).map(([key, value]) => `${key} ${value}`);
  return esc(counts.join(', '));
}

function errorsText(cell) {
  if (!cell?.outcome) return '';
  return Object.entries(cell.outcome.errors)
    .map(([kind, n]) => `${n}× \`${kind.replace(/`/g, "'")}\``)
    .join('<br>');
}

function renderLoad(report) {
  const lines = [];
  const cellsBy = new Map(report.cells.map((cell) => [`${cell.scenario} ${cell.stack} ${cell.variant}`, cell]));
  const stackIds = [...new Set(report.cells.map((cell) => cell.stack))];
  const get = (scenario, stack, variant) => cellsBy.get(`${scenario} ${stack} ${variant}`);
  const { sizes, machine } = report;
  lines.push(
    `Generated ${report.generatedAt}${report.commit ? ` at commit ${report.commit}` : ''} by \`npm run reliability\` in ${Math.round(report.elapsedMs / 1000)} s: Node ${machine.node}, ${machine.cpus} CPUs, ` +
      `load average ${machine.loadavgBefore.map((n) => n.toFixed(1)).join(' / ')} before and ${machine.loadavgAfter.map((n) => n.toFixed(1)).join(' / ')} after ` +
      '(1/5/15 min; the machine is shared, so times are what this run saw, not benchmarks). ' +
      `A private PostgreSQL 15 cluster (initdb in a temp dir, \`fsync=off\`), started and removed by the run. Sizes: ${sizes.insertWorkers} × ${sizes.insertsPerWorker} inserts, ${sizes.counterTransactions} counter transactions.`,
    '',
    'Each scenario runs through each stack in a **child process of its own**, with a timeout: a stack that crashes ends its child ' +
      '(💥: the child exited without reporting, or abnormally after it), one that hangs is killed (⏳). The two scenarios that make no fault ' +
      '(inserts, counter) share a child per stack. pg-exact cells are asserted by `test/reliability/load-and-faults.test.ts` ' +
      '(small sizes in CI); vanilla cells are recorded, not asserted. Vanilla twins: Kysely has no dialect of its own for postgres.js ' +
      'or PGlite, and its `PostgresDialect` takes a pool only, so those rows have no vanilla cell.',
    '',
    '## Summary',
    '',
    `| stack | ${order.join(' | ')} |`,
    `|---|${order.map(() => '---').join('|')}|`,
  );
  const mark = (cell) => (!cell ? '—' : { held: '✅', failed: '❌', crash: '💥', hang: '⏳', 'n/a': 'n/a' }[cell.status]);
  for (const stack of stackIds) {
    for (const variant of ['exact', 'vanilla']) {
      if (!report.cells.some((cell) => cell.stack === stack && cell.variant === variant)) continue;
      lines.push(`| ${variant === 'exact' ? `**${stack}** (pg-exact)` : `${stack} (vanilla)`} | ${order.map((scenario) => mark(get(scenario, stack, variant))).join(' | ')} |`);
    }
  }
  for (const scenario of order) {
    const info = scenarios[scenario];
    lines.push('', `## ${info.title} (\`${scenario}\`)`, '', `**Tried:** ${info.tried(sizes)}`, '', `**Holds when:** ${info.held}`, '');
    lines.push('| stack | vanilla outcome | pg-exact outcome | counts (pg-exact; vanilla) | recovery ms (pg-exact / vanilla) |', '|---|---|---|---|---|');
    for (const stack of stackIds) {
      const exact = get(scenario, stack, 'exact');
      const vanilla = get(scenario, stack, 'vanilla');
      if (!exact && !vanilla) continue;
      if (exact?.status === 'n/a' && (!vanilla || vanilla.status === 'n/a')) {
        lines.push(`| ${stack} | ${vanilla ? 'n/a' : '—'} | n/a | ${esc(exact.outcome.notes[0].replace(/^n\/a: /, ''))} | |`);
        continue;
      }
      const counts = [countsText(exact), countsText(vanilla)].filter(Boolean).join('; vanilla: ');
      const recovery = [exact?.outcome?.recoveryMs, vanilla?.outcome?.recoveryMs].map((ms) => (ms === undefined ? '—' : String(ms))).join(' / ');
      lines.push(`| ${stack} | ${outcomeText(vanilla)} | ${outcomeText(exact)} | ${counts} | ${scenario === 'inserts' || scenario === 'counter' || scenario === 'pool' ? '' : recovery} |`);
    }
    const errorRows = stackIds.flatMap((stack) =>
      ['exact', 'vanilla'].map((variant) => ({ stack, variant, text: errorsText(get(scenario, stack, variant)) })).filter((row) => row.text),
    );
    if (errorRows.length > 0) {
      lines.push('', '<details><summary>Rejections seen (kind: class, code, message)</summary>', '', '| stack | rejections |', '|---|---|');
      for (const row of errorRows) lines.push(`| ${row.stack} (${row.variant === 'exact' ? 'pg-exact' : 'vanilla'}) | ${row.text} |`);
      lines.push('', '</details>');
    }
  }
  const open = report.cells.filter((cell) => cell.variant === 'exact' && (cell.status === 'failed' || cell.status === 'crash' || cell.status === 'hang'));
  lines.push('', '## pg-exact cells that did not hold in this run', '');
  if (open.length === 0) lines.push('None.');
  for (const cell of open) lines.push(`- \`${cell.scenario}\` / \`${cell.stack}\`: ${outcomeText(cell)}`);
  return lines;
}

/**
 * A property round-trip summary another suite left in .reliability/, rendered generically: every
 * object with a numeric `runs` is a result, named by its path of keys. Paths of two names (e.g.
 * `bindings.<binding>.<type>`) become a table of types × bindings, "runs / mismatches" in each cell;
 * other shapes a flat list. Top-level scalars (generatedAt, seed, …) head the section.
 */
function renderProperties(name, data) {
  const results = [];
  const walk = (value, path) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, String(item?.type ?? item?.name ?? i)]));
    else if (value && typeof value === 'object') {
      if (typeof value.runs === 'number') results.push({ path, runs: value.runs, mismatches: Number(value.mismatches ?? 0), row: value });
      else for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    }
  };
  walk(data, []);
  const lines = [`### ${name}`, ''];
  const meta = data && typeof data === 'object' && !Array.isArray(data) ? Object.entries(data).filter(([, value]) => typeof value !== 'object') : [];
  if (meta.length > 0) lines.push(meta.map(([key, value]) => `${key}: ${esc(value)}`).join(' · '), '');
  if (results.length === 0) return [...lines, '(no results with a `runs` count)'];
  // Drop the path prefix every result shares (e.g. `bindings`).
  let shared = 0;
  while (results.every((r) => r.path.length > shared + 1 && r.path[shared] === results[0].path[shared])) shared++;
  for (const r of results) r.path = r.path.slice(shared);
  const runs = results.reduce((sum, r) => sum + r.runs, 0);
  const mismatches = results.reduce((sum, r) => sum + r.mismatches, 0);
  if (results.every((r) => r.path.length === 2)) {
    const bindings = [...new Set(results.map((r) => r.path[0]))];
    const types = [...new Set(results.map((r) => r.path[1]))];
    const at = new Map(results.map((r) => [`${r.path[0]} ${r.path[1]}`, r]));
    lines.push(`| type | ${bindings.join(' | ')} |`, `|---|${bindings.map(() => '---').join('|')}|`);
    for (const type of types) {
      lines.push(`| ${type} | ${bindings.map((binding) => { const r = at.get(`${binding} ${type}`); return r ? `${r.runs} / ${r.mismatches === 0 ? '0' : `**${r.mismatches}**`}` : '—'; }).join(' | ')} |`);
    }
    lines.push('', `Each cell: runs / mismatches. ${results.length} results, ${runs} runs, ${mismatches} mismatches.`);
  } else {
    lines.push('| result | runs | mismatches |', '|---|---|---|');
    for (const r of results) lines.push(`| ${esc(r.path.join(' / '))} | ${r.runs} | ${r.mismatches} |`);
    lines.push('', `${results.length} results, ${runs} runs, ${mismatches} mismatches.`);
  }
  return lines;
}

if (!existsSync(loadFile)) {
  console.error(`${loadFile} is missing: run without --no-run first`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(loadFile, 'utf8'));
const doc = [
  '# Reliability',
  '',
  '<!-- Generated by `npm run reliability` (scripts/reliability.mjs): do not edit by hand. -->',
  '',
  'What pg-exact was put through besides the value traps (docs/trap-matrix.md): load, faults and hostile values, each through',
  'every pg-exact stack and its vanilla twin. The goal for pg-exact (DESIGN.md, "Faults and bad input"): no connection fault',
  'crashes the process; it becomes a typed rejection, the connection is discarded, the pool recovers.',
  '',
  'Run it: `npm run reliability` (full sizes, every stack and vanilla twin, ~10–20 min on 2 shared cores). The CI version is',
  '`npx vitest run test/reliability/load-and-faults.test.ts` (pg-exact stacks only, 10 × 50 inserts, 20 counter transactions;',
  '`PG_EXACT_RELIABILITY_INSERTS=50x200 PG_EXACT_RELIABILITY_COUNTER=50` for the full sizes). It then runs the property round',
  'trips at 10,000 values per type per binding (`npm run test:property-full`; CI runs 1,000:',
  '`test/reliability/property-round-trip.test.ts`). The connection-fault, COMMIT-outcome, one-writer and built-in-array suites',
  'of `test/reliability/` run in CI (`npm test`) and are not timed here.',
  '',
  ...renderLoad(report),
];
const others = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.json') && join(dir, file) !== loadFile).sort() : [];
doc.push('', '## Property round trips', '', 'Random values of each type written and read back through each binding, compared with what the server stored (summaries other suites leave in `.reliability/`).', '');
if (others.length === 0) doc.push('No property round-trip summary was found in `.reliability/` for this run.');
for (const file of others) {
  try {
    doc.push(...renderProperties(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8'))), '');
  } catch (error) {
    doc.push(`### ${file}`, '', `(unreadable: ${esc(error.message)})`, '');
  }
}
writeFileSync('docs/RELIABILITY.md', `${doc.join('\n').trimEnd()}\n`);
console.log('wrote docs/RELIABILITY.md');
