// The parent side: runs each (stack, scenario) in a child process of its own, with a timeout, and
// records how it ended — a report, a crash (the child exited without one, or abnormally after it)
// or a hang (killed at the timeout). For the restart scenario it restarts the private cluster once,
// when every child has its load running.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PrivateCluster } from '../support/private-cluster.js';
import { appliesTo, notApplicable, type ChildMessage, type Job, type Outcome, type ParentMessage, type ScenarioName, type Sizes } from './scenarios.js';
import { findStack, stacks, type Variant } from './stacks.js';

export type CellStatus = 'held' | 'failed' | 'crash' | 'hang' | 'n/a';

export interface Cell {
  stack: string;
  variant: Variant;
  scenario: ScenarioName;
  status: CellStatus;
  outcome?: Outcome;
  /** How the child ended when it did not end normally (exit code or signal, the last lines of stderr). */
  exit?: string;
  /** Wall time of the child, start-up included. */
  ms: number;
}

export const scenarioNames: readonly ScenarioName[] = ['inserts', 'counter', 'restart', 'pool', 'stall', 'cut'];

/**
 * Sizes from the environment: `PG_EXACT_RELIABILITY_INSERTS=<workers>x<each>` (default 10x50) and
 * `PG_EXACT_RELIABILITY_COUNTER=<transactions>` (default 20); `npm run reliability` uses 50x200 and 50.
 */
export function sizesFromEnv(env: NodeJS.ProcessEnv = process.env): Sizes {
  const [workers, each] = (env.PG_EXACT_RELIABILITY_INSERTS ?? '10x50').split('x').map(Number);
  return { insertWorkers: workers || 10, insertsPerWorker: each || 50, counterTransactions: Number(env.PG_EXACT_RELIABILITY_COUNTER) || 20 };
}

export const fullSizes: Sizes = { insertWorkers: 50, insertsPerWorker: 200, counterTransactions: 50 };

const root = fileURLToPath(new URL('../../', import.meta.url));
const childFile = fileURLToPath(new URL('./child.ts', import.meta.url));

export function jobFor(stack: string, variant: Variant, scenario: ScenarioName, clusterUrl: string, sizes: Sizes): Job {
  return { stack, variant, scenario, clusterUrl, sizes, database: `rel_${stack}_${variant}_${scenario}`.replace(/-/g, '_') };
}

/** Every (stack, variant) pair in report order, pg-exact first. */
export function stackPairs(variants: readonly Variant[]): { id: string; variant: Variant }[] {
  return stacks.filter((s) => variants.includes(s.variant)).map((s) => ({ id: s.id, variant: s.variant }));
}

interface Running {
  child: ChildProcess;
  done: Promise<Cell[]>;
}

/** One child for these jobs (one stack): a cell per job, from its report or from how the child ended. */
function start(jobs: readonly Job[], timeoutMs: number, onMessage: (message: ChildMessage, child: ChildProcess) => void): Running {
  const began = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', childFile], {
    cwd: root,
    env: { ...process.env, PG_EXACT_RELIABILITY_JOBS: JSON.stringify(jobs) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const outcomes = new Map<ScenarioName, { outcome: Outcome; ms: number }>();
  let last = began;
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'result') {
      outcomes.set(message.scenario, { outcome: message.outcome, ms: Date.now() - last });
      last = Date.now();
    }
    onMessage(message, child);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const done = new Promise<Cell[]>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const tail = stderr.trim().split('\n').slice(-40).join('\n');
      const abnormal = timedOut || code !== 0;
      // The scenario running when the child died is the one that crashed or hung; any after it never ran.
      const culprit = jobs.find((job) => !outcomes.has(job.scenario)) ?? (abnormal ? jobs.at(-1) : undefined);
      resolve(
        jobs.map((job): Cell => {
          const reported = outcomes.get(job.scenario);
          const base = { stack: job.stack, variant: job.variant, scenario: job.scenario, ms: reported?.ms ?? Date.now() - last, outcome: reported?.outcome };
          if (job === culprit && timedOut) return { ...base, status: 'hang', exit: `killed after ${timeoutMs} ms without ending${tail ? `\n${tail}` : ''}` };
          if (job === culprit) return { ...base, status: 'crash', exit: `exit ${signal ?? code}${reported ? ' after reporting' : ''}\n${tail}` };
          if (!reported) return { ...base, status: 'crash', exit: `not run: the child ended during ${culprit?.scenario}` };
          if (reported.outcome.notes.some((note) => note.startsWith('n/a'))) return { ...base, status: 'n/a' };
          return { ...base, status: reported.outcome.problems.length === 0 ? 'held' : 'failed' };
        }),
      );
    });
  });
  return { child, done };
}

/** The scenarios that make no fault share a child per stack (a child's start-up is most of their cost). */
const shared: readonly ScenarioName[] = ['inserts', 'counter'];

/** Runs the jobs, `concurrency` children at a time (restart jobs: all at once, one restart). */
export async function runJobs(jobs: readonly Job[], options: { concurrency: number; timeoutMs: number; cluster?: PrivateCluster; log?: (cell: Cell) => void }): Promise<Cell[]> {
  const cells: Cell[] = [];
  const applies = (job: Job) => appliesTo(findStack(job.stack, job.variant)!, job.scenario);
  for (const job of jobs.filter((j) => !applies(j))) {
    cells.push({ stack: job.stack, variant: job.variant, scenario: job.scenario, status: 'n/a', ms: 0, outcome: { problems: [], counts: {}, errors: {}, notes: [notApplicable] } });
  }
  const restartJobs = jobs.filter((job) => applies(job) && job.scenario === 'restart');
  const groups: Job[][] = [];
  for (const job of jobs.filter((j) => applies(j) && j.scenario !== 'restart')) {
    const group = shared.includes(job.scenario) && groups.find((g) => g[0]!.stack === job.stack && g[0]!.variant === job.variant && shared.includes(g[0]!.scenario));
    if (group) group.push(job);
    else groups.push([job]);
  }
  let next = 0;
  const lane = async () => {
    while (next < groups.length) {
      const group = groups[next++]!;
      for (const cell of await start(group, options.timeoutMs * group.length, () => undefined).done) {
        options.log?.(cell);
        cells.push(cell);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  if (restartJobs.length > 0) {
    if (!options.cluster) throw new Error('the restart scenario needs the private cluster');
    for (const cell of await restartGroup(restartJobs, options.cluster, options.timeoutMs + 60_000)) {
      options.log?.(cell);
      cells.push(cell);
    }
  }
  const order = (cell: { stack: string; variant: string; scenario: string }) => `${jobs.findIndex((j) => j.stack === cell.stack && j.variant === cell.variant && j.scenario === cell.scenario)}`.padStart(5, '0');
  return cells.sort((a, b) => order(a).localeCompare(order(b)));
}

/**
 * Every restart job at once: when each living child has its load running (it asks for the fault),
 * the cluster restarts once (`pg_ctl restart -m fast`) and every child is told when it was back.
 * A child that asks late gets a restart of its own.
 */
async function restartGroup(jobs: readonly Job[], cluster: PrivateCluster, timeoutMs: number): Promise<Cell[]> {
  const waiting = new Set<ChildProcess>();
  const alive = new Set<ChildProcess>();
  let restarted = false;
  let firstAsk: number | undefined;
  const restart = () => {
    cluster.restart();
    const message: ParentMessage = { type: 'fault-done', at: Date.now() };
    for (const child of waiting) if (child.connected) child.send(message, () => undefined); // a child that just died: its exit tells
    waiting.clear();
    restarted = true;
  };
  const maybeRestart = () => {
    if (waiting.size === 0) return;
    if (restarted || [...alive].every((child) => waiting.has(child)) || Date.now() - (firstAsk ?? Date.now()) > 60_000) restart();
  };
  const running = jobs.map((job) =>
    start([job], timeoutMs, (message, child) => {
      if (message.type !== 'fault-please') return;
      firstAsk ??= Date.now();
      waiting.add(child);
      maybeRestart();
    }),
  );
  for (const { child } of running) {
    alive.add(child);
    child.on('exit', () => {
      alive.delete(child);
      waiting.delete(child);
      maybeRestart();
    });
  }
  const poll = setInterval(maybeRestart, 1000);
  try {
    return (await Promise.all(running.map((r) => r.done))).flat();
  } finally {
    clearInterval(poll);
  }
}
