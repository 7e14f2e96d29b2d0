// Runs the load-and-faults scenarios for every stack and writes the cells as JSON (scripts/reliability.mjs
// renders docs/RELIABILITY.md from it). Starts and removes its own private cluster.
//   node --import tsx test/reliability/report.ts [--full] [--variants exact,vanilla] [--stacks pg,…] [--scenarios inserts,…] [--out file]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { privateClusterAvailable, startPrivateCluster } from '../support/private-cluster.js';
import { fullSizes, jobFor, runJobs, scenarioNames, sizesFromEnv, stackPairs } from './run-scenarios.js';
import type { ScenarioName } from './scenarios.js';
import type { Variant } from './stacks.js';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    variants: { type: 'string', default: 'exact,vanilla' },
    stacks: { type: 'string' },
    scenarios: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    out: { type: 'string', default: '.reliability/load-and-faults.json' },
  },
});

if (!privateClusterAvailable) throw new Error('PostgreSQL 15 server binaries not found (/usr/lib/postgresql/15/bin, or PG_EXACT_PG_BIN)');
const sizes = values.full ? fullSizes : sizesFromEnv();
const variants = values.variants.split(',') as Variant[];
const scenarios = (values.scenarios?.split(',') ?? scenarioNames) as ScenarioName[];
const only = values.stacks?.split(',');
const pairs = stackPairs(variants).filter((pair) => !only || only.includes(pair.id));

const cluster = await startPrivateCluster();
const began = Date.now();
const loadBefore = loadavg();
try {
  const jobs = scenarios.flatMap((scenario) => pairs.map((pair) => jobFor(pair.id, pair.variant, scenario, cluster.url(), sizes)));
  const cells = await runJobs(jobs, {
    concurrency: Number(values.concurrency),
    timeoutMs: 240_000,
    cluster,
    log: (cell) => console.log(`${cell.scenario.padEnd(8)} ${`${cell.stack} (${cell.variant})`.padEnd(34)} ${cell.status.padEnd(7)} ${cell.ms} ms ${cell.outcome?.problems.join('; ') ?? ''}${cell.exit ? ` ${cell.exit.split('\n').slice(0, 3).join(' | ')}` : ''}`),
  });
  const report = {
    generatedAt: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || undefined,
    sizes,
    machine: { cpus: cpus().length, loadavgBefore: loadBefore, loadavgAfter: loadavg(), node: process.version },
    elapsedMs: Date.now() - began,
    cells,
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${cells.length} cells in ${Math.round((Date.now() - began) / 1000)} s → ${values.out}`);
} finally {
  cluster.stop();
}
