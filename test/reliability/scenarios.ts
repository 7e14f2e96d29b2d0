// The scenarios, as one child process runs them through one stack. Each returns an Outcome; the
// parent (run-scenarios.ts) judges crashes and hangs from outside.
import { gaplessCounter } from '@pg-exact/core';
import pg from 'pg';
import { startFaultProxy } from '../support/fault-proxy.js';
import { schemaSql, type Limits, type StackDefinition, type StackSession } from './stacks.js';

export type ScenarioName = 'inserts' | 'counter' | 'restart' | 'pool' | 'stall' | 'cut';

export interface Sizes {
  /** Concurrent workers × inserts each. */
  insertWorkers: number;
  insertsPerWorker: number;
  /** Concurrent counter transactions; every third rolls back. */
  counterTransactions: number;
}

export interface Job {
  stack: string;
  variant: 'exact' | 'vanilla';
  scenario: ScenarioName;
  /** Admin URL of the private cluster (its `postgres` database). */
  clusterUrl: string;
  database: string;
  sizes: Sizes;
}

/** What a child reports. `problems` empty means the scenario's goal held. */
export interface Outcome {
  problems: string[];
  /** Counts for the report: tries, successes, failures, ids, … */
  counts: Record<string, number | string>;
  /** Rejections by kind (`code: message`). */
  errors: Record<string, number>;
  recoveryMs?: number;
  notes: string[];
}

/** IPC between the child and the parent for the restart scenario. */
export type ChildMessage = { type: 'fault-please' } | { type: 'result'; scenario: ScenarioName; outcome: Outcome };
export type ParentMessage = { type: 'fault-done'; at: number };

const counter = gaplessCounter();
class RollBack extends Error {}

/** The limits the stall and pool scenarios set. */
export const scenarioLimits: Limits = { connectMs: 1000, queryMs: 1000 };

// ---- errors --------------------------------------------------------------------------------

/**
 * A rejection a user can act on: an Error that is not a TypeError/RangeError/ReferenceError (those
 * are a driver tripping over its own state, e.g. postgres.js's `Cannot read properties of null`),
 * with a message.
 */
export function isClearError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) return false;
  return error.message.length > 0;
}

/**
 * `Class code: message` (its first line, numbers and quoted names blanked) for counting kinds; an
 * ORM's wrapper of a driver error (Drizzle's DrizzleQueryError: the query and its params) as
 * `Wrapper ← the driver error's kind`.
 */
export function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error ${typeof error}: ${String(error).slice(0, 80)}`;
  const code = (error as { code?: unknown }).code;
  const name = `${error.constructor.name}${code !== undefined ? ` ${String(code)}` : ''}`;
  if (error.cause instanceof Error && code === undefined) return `${name} ← ${errorKind(error.cause)}`;
  const message = error.message.split('\n').find((line) => line.trim() !== '') ?? '';
  return `${name}: ${message.replace(/\d{3,}/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 120)}`;
}

function tally(errors: Record<string, number>, error: unknown): void {
  const kind = errorKind(error);
  errors[kind] = (errors[kind] ?? 0) + 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles within `ms` or reports `hung`; the hung promise is left behind (the child exits anyway). */
async function within<T>(ms: number, promise: Promise<T>): Promise<{ value: T } | { error: unknown } | { hung: true }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<{ hung: true }>((resolve) => (timer = setTimeout(() => resolve({ hung: true }), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), hang]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- database ------------------------------------------------------------------------------

const rawText = { getTypeParser: () => (text: string) => text };

function databaseUrl(clusterUrl: string, database: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database with the schema, on the private cluster; its URL. */
async function prepareDatabase(job: Job): Promise<string> {
  const admin = new pg.Client({ connectionString: job.clusterUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${job.database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${job.database}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(job.clusterUrl, job.database);
  await withRaw(url, async (raw) => {
    for (const statement of schemaSql) await raw.query(statement);
  });
  return url;
}

/** A plain node-postgres client straight to the cluster (never through the proxy), text only. */
async function withRaw<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, types: rawText });
  client.on('error', () => undefined); // a check connection that dies fails its query instead
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SQL for the scenario's checks: on the embedded instance, or over a direct connection. */
function checker(session: StackSession, url: string | undefined) {
  return async (text: string): Promise<Record<string, unknown>[]> => {
    if (session.embedded) return session.embedded.query(text);
    return withRaw(url!, async (raw) => (await raw.query(text)).rows);
  };
}

/** The fault scenarios need a server and a link: an embedded PGlite has neither to lose. */
export function appliesTo(definition: StackDefinition, scenario: ScenarioName): boolean {
  return definition.driver !== 'pglite' || scenario === 'inserts' || scenario === 'counter';
}
export const notApplicable = 'n/a: embedded in the process, no server or link to lose';

// ---- scenarios -----------------------------------------------------------------------------

type Context = {
  job: Job;
  definition: StackDefinition;
  send(message: ChildMessage): void;
  waitForParent(): Promise<ParentMessage>;
};

export async function runScenario(context: Context): Promise<Outcome> {
  const { job, definition } = context;
  const embedded = definition.driver === 'pglite';
  if (embedded && !appliesTo(definition, job.scenario)) return { problems: [], counts: {}, errors: {}, notes: [notApplicable] };
  const url = embedded ? undefined : await prepareDatabase(job);
  switch (job.scenario) {
    case 'inserts':
      return inserts(context, url);
    case 'counter':
      return counterScenario(context, url);
    case 'restart':
    case 'cut':
      return loadUnderFault(context, url!);
    case 'pool':
      return poolExhaustion(context, url!);
    case 'stall':
      return stall(context, url!);
  }
}

/** Workers × inserts at once; every id the stack reported must be the id stored with its tag. */
async function inserts({ job, definition }: Context, url: string | undefined): Promise<Outcome> {
  const { insertWorkers, insertsPerWorker } = job.sizes;
  const session = await definition.open({ url: url ?? '', max: 10 });
  const errors: Record<string, number> = {};
  const problems: string[] = [];
  const reported = new Map<string, unknown>();
  try {
    await Promise.all(
      Array.from({ length: insertWorkers }, async (_, w) => {
        for (let i = 0; i < insertsPerWorker; i++) {
          const tag = `w${w}-${i}`;
          try {
            reported.set(tag, await session.insert(tag));
          } catch (error) {
            tally(errors, error);
          }
        }
      }),
    );
    const stored = await checker(session, url)(`SELECT id::text AS id, ${definition.items.tag} AS tag FROM ${definition.items.table}`);
    const storedIds = new Map(stored.map((row) => [String(row.tag), String(row.id)]));
    let mismatches = 0;
    const types = new Set<string>();
    for (const [tag, id] of reported) {
      types.add(typeof id);
      if (storedIds.get(tag) !== String(id)) mismatches++;
    }
    const expected = insertWorkers * insertsPerWorker;
    const unique = new Set(storedIds.values()).size;
    if (Object.keys(errors).length > 0) problems.push(`${sum(errors)} inserts rejected`);
    if (stored.length !== expected) problems.push(`${stored.length} rows stored, ${expected} expected`);
    if (mismatches > 0) problems.push(`${mismatches} reported ids differ from the stored id of their row`);
    if (unique !== stored.length) problems.push(`${stored.length - unique} duplicate ids`);
    if (job.variant === 'exact' && !(types.size === 1 && types.has('bigint'))) problems.push(`ids read as ${[...types].join(', ')}, not bigint`);
    return {
      problems,
      errors,
      counts: { inserts: expected, stored: stored.length, unique, mismatches, idType: [...types].join('/') },
      notes: [],
    };
  } finally {
    await session.close();
  }
}

/** Concurrent transactions drawing from one gapless counter, every third rolled back: 1..committed. */
async function counterScenario({ job, definition }: Context, url: string | undefined): Promise<Outcome> {
  const total = job.sizes.counterTransactions;
  const session = await definition.open({ url: url ?? '', max: 10 });
  const errors: Record<string, number> = {};
  let committed = 0;
  let rolledBack = 0;
  try {
    await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        try {
          await session.transaction(async (tx) => {
            const number = await counter.next({ query: async (text, params) => ({ rows: await tx.query(text, params) }) }, 'invoice');
            await tx.query('INSERT INTO invoice (number) VALUES ($1::int8)', [String(number)]);
            if (i % 3 === 0) throw new RollBack('roll back');
          });
          committed++;
        } catch (error) {
          if (error instanceof RollBack) rolledBack++;
          else tally(errors, error);
        }
      }),
    );
    const check = checker(session, url);
    const numbers = (await check('SELECT number::text AS n FROM invoice ORDER BY number')).map((row) => String(row.n));
    const value = (await check(`SELECT value::text AS v FROM pgx_gapless_counter WHERE name = 'invoice'`))[0]?.v;
    const problems: string[] = [];
    const expectedCommitted = total - Math.ceil(total / 3);
    if (Object.keys(errors).length > 0) problems.push(`${sum(errors)} transactions failed`);
    if (committed !== expectedCommitted) problems.push(`${committed} committed, ${expectedCommitted} expected`);
    const gapless = numbers.every((n, i) => n === String(i + 1));
    if (!gapless) problems.push(`numbers are not 1..${numbers.length}: ${numbers.slice(0, 10).join(',')}…`);
    if (String(value) !== String(numbers.length)) problems.push(`counter at ${String(value)}, ${numbers.length} numbers used`);
    return { problems, errors, counts: { transactions: total, committed, rolledBack, numbers: numbers.length, max: numbers.at(-1) ?? 0, gapless: String(gapless) }, notes: [] };
  } finally {
    await session.close();
  }
}

interface Op {
  start: number;
  end: number;
  ok: boolean;
}

/**
 * Workers insert in a loop (every third insert in a transaction) while the server restarts (the
 * parent does it, once for every stack at once) or the link is cut (the child's own proxy). Goal:
 * rejections are clear, none hangs, later operations succeed, every acknowledged insert is stored.
 */
async function loadUnderFault(context: Context, url: string): Promise<Outcome> {
  const { job, definition } = context;
  const proxy = job.scenario === 'cut' ? await startFaultProxy(hostPort(url)) : undefined;
  const errors: Record<string, number> = {};
  const unclear: string[] = [];
  const acknowledged = new Map<string, unknown>();
  const ops: Op[] = [];
  const workers = 8;
  const warmOps = 20;
  const afterOps = 30;
  let faultAt: number | undefined;
  let successesAfter = 0;
  let hung = 0;
  const session = await definition.open({ url: proxy ? proxy.url(url) : url, max: 4, onIdleError: (error) => tally(errors, error) });
  let requested = false;
  const fault = async () => {
    if (proxy) {
      proxy.cut();
      faultAt = Date.now();
    } else {
      context.send({ type: 'fault-please' });
      faultAt = (await context.waitForParent()).at;
    }
  };
  const deadline = () => faultAt !== undefined && Date.now() - faultAt > 20_000;
  try {
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let i = 0; !deadline() && (faultAt === undefined || successesAfter < afterOps); i++) {
          const tag = `w${w}-${i}`;
          const start = Date.now();
          const attempt = i % 3 === 2 ? session.transaction((tx) => tx.insert(tag)) : session.insert(tag);
          const result = await within(15_000, attempt);
          const op = { start, end: Date.now(), ok: 'value' in result };
          ops.push(op);
          if ('value' in result) {
            acknowledged.set(tag, result.value);
            if (faultAt !== undefined && start >= faultAt) successesAfter++;
          } else if ('error' in result) {
            tally(errors, result.error);
            if (!isClearError(result.error)) unclear.push(errorKind(result.error));
          } else {
            hung++;
            break;
          }
          if (!requested && ops.filter((o) => o.ok).length >= warmOps) {
            requested = true;
            void fault();
          }
          if (faultAt === undefined && requested) await sleep(5); // keep load on while the fault is made
        }
      }),
    );
    // Every operation has ended: a pooled client still checked out was leaked (a slot gone for good).
    let leaked = session.checkedOut?.() ?? 0;
    for (let i = 0; i < 40 && leaked > 0; i++) {
      await sleep(50);
      leaked = session.checkedOut!();
    }
    const stored = await withRaw(url, async (raw) =>
      (await raw.query(`SELECT id::text AS id, ${definition.items.tag} AS tag FROM ${definition.items.table}`)).rows as { id: string; tag: string }[],
    );
    const storedIds = new Map(stored.map((row) => [row.tag, row.id]));
    let lost = 0;
    let mismatches = 0;
    for (const [tag, id] of acknowledged) {
      const storedId = storedIds.get(tag);
      if (storedId === undefined) lost++;
      else if (storedId !== String(id)) mismatches++;
    }
    const at = faultAt ?? Date.now();
    const firstAfter = ops.filter((op) => op.ok && op.start >= at).sort((a, b) => a.end - b.end)[0];
    const failures = ops.filter((op) => !op.ok).length;
    const problems: string[] = [];
    if (faultAt === undefined) problems.push('the fault was never made');
    // Where the links stood, so a hang through the proxy says whether connections were still being made.
    if (hung > 0) problems.push(`${hung} operations hung (no answer in 15 s)${proxy ? `; proxy: ${proxy.open} links open, ${proxy.accepted} accepted` : ''}`);
    if (unclear.length > 0) problems.push(`unclear rejections: ${[...new Set(unclear)].join('; ')}`);
    if (!firstAfter) problems.push('no operation succeeded after the fault (no recovery within 20 s)');
    if (lost > 0) problems.push(`${lost} acknowledged inserts are not stored`);
    if (leaked > 0) problems.push(`${leaked} pooled clients were never released (checked out after every operation ended)`);
    if (mismatches > 0) problems.push(`${mismatches} acknowledged ids differ from the stored ones`);
    return {
      problems,
      errors,
      recoveryMs: firstAfter ? firstAfter.end - at : undefined,
      counts: {
        operations: ops.length,
        succeeded: ops.length - failures,
        failed: failures,
        failedAfterFault: ops.filter((op) => !op.ok && op.start >= at).length,
        hung,
        acknowledged: acknowledged.size,
        lost,
        ...(session.checkedOut ? { leaked } : {}),
      },
      notes: proxy ? [`${proxy.accepted} connections through the proxy`] : [],
    };
  } finally {
    await within(5000, session.close());
    await proxy?.close();
  }
}

/**
 * A pool of 2 held by two transactions; a third checkout must fail within the checkout timeout with
 * a clear error, the holders finish, the pool serves again, and no connection is left behind.
 */
async function poolExhaustion({ job, definition }: Context, url: string): Promise<Outcome> {
  const max = 2;
  const holdMs = 2000;
  const errors: Record<string, number> = {};
  const problems: string[] = [];
  const notes: string[] = [];
  const counts: Record<string, number | string> = {};
  // The checkout limit is the scenario's; queries may run as long as the holders sleep.
  const session = await definition.open({ url, max, limits: { connectMs: scenarioLimits.connectMs, queryMs: holdMs * 4 }, onIdleError: (error) => tally(errors, error) });
  const connections = () =>
    withRaw(job.clusterUrl, async (raw) =>
      Number((await raw.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [job.database])).rows[0].n),
    );
  const sleeping = () =>
    withRaw(job.clusterUrl, async (raw) =>
      Number((await raw.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`, [job.database])).rows[0].n),
    );
  try {
    // Settled at once, so a holder that fails early is recorded, not an unhandled rejection.
    // (`1 FROM pg_sleep`: vanilla Prisma cannot read a void column.)
    const holders = Promise.allSettled(Array.from({ length: max }, () => session.transaction((tx) => tx.query(`SELECT 1 AS slept FROM pg_sleep(${holdMs / 1000})`))));
    // The extra query goes once both holders are sleeping on the server (an ORM may take a while to start its transactions).
    for (let i = 0; i < 100 && (await sleeping()) < max; i++) await sleep(50);
    const start = Date.now();
    const extra = await within(holdMs * 3, session.query('SELECT 1 AS one'));
    const waited = Date.now() - start;
    counts.waitedMs = waited;
    if ('hung' in extra) problems.push('the extra checkout hung');
    else if ('value' in extra) {
      problems.push(`the extra query waited ${waited} ms for a connection and ran: no checkout timeout`);
    } else {
      tally(errors, extra.error);
      counts.rejection = errorKind(extra.error);
      if (!isClearError(extra.error)) problems.push(`unclear rejection: ${errorKind(extra.error)}`);
      if (waited > holdMs) problems.push(`rejected only after ${waited} ms, when a holder had finished`);
    }
    const held = await within(holdMs * 3, holders);
    if (!('value' in held)) problems.push('a holding transaction hung');
    else {
      for (const result of held.value) if (result.status === 'rejected') tally(errors, result.reason);
      if (held.value.some((r) => r.status === 'rejected')) problems.push('a holding transaction failed');
    }
    counts.connectionsWhileOpen = await connections();
    if (Number(counts.connectionsWhileOpen) > max) problems.push(`${counts.connectionsWhileOpen} connections open, pool max ${max}`);
    const again = await within(5000, session.query('SELECT 2 AS two'));
    if (!('value' in again)) problems.push('the pool did not serve again after the holders finished');
  } finally {
    await within(5000, session.close());
  }
  let left = await connections();
  for (let i = 0; i < 20 && left > 0; i++) {
    await sleep(100);
    left = await connections();
  }
  counts.connectionsAfterClose = left;
  if (left > 0) problems.push(`${left} connections left open after close`);
  return { problems, errors, counts, notes };
}

/**
 * The link goes silent (the proxy stops forwarding, sockets stay open): with the stack's timeout
 * options set, a query on a pooled connection and one needing a new connection must both reject
 * within a few seconds; once the link forwards again, queries answer, each with its own answer.
 */
async function stall({ job: _job, definition }: Context, url: string): Promise<Outcome> {
  const proxy = await startFaultProxy(hostPort(url));
  const errors: Record<string, number> = {};
  const problems: string[] = [];
  const counts: Record<string, number | string> = {};
  const session = await definition.open({ url: proxy.url(url), max: 2, limits: scenarioLimits, onIdleError: (error) => tally(errors, error) });
  const echo = async (n: number) => Number((await session.query('SELECT $1::int4 AS n', [n]))[0]?.n);
  let recoveryMs: number | undefined;
  try {
    await echo(1);
    proxy.stall();
    for (const [name, n] of [['pooled', 2], ['second', 3]] as const) {
      const start = Date.now();
      const result = await within(10_000, echo(n));
      counts[`${name}Ms`] = Date.now() - start;
      if ('hung' in result) problems.push(`${name} query during the stall: no answer in 10 s (hangs)`);
      else if ('value' in result) problems.push(`${name} query answered during a stall`);
      else {
        tally(errors, result.error);
        if (!isClearError(result.error)) problems.push(`unclear rejection: ${errorKind(result.error)}`);
      }
    }
    proxy.resume();
    const resumed = Date.now();
    let wrong = 0;
    for (let n = 10; n < 20; n++) {
      const result = await within(15_000, echo(n));
      if ('value' in result) {
        recoveryMs ??= Date.now() - resumed;
        if (result.value !== n) wrong++;
      } else if ('error' in result) tally(errors, result.error);
      else {
        problems.push('a query after the link came back hung');
        break;
      }
      if (Date.now() - resumed > 15_000) break;
    }
    if (recoveryMs === undefined) problems.push('no query succeeded after the link came back');
    if (wrong > 0) problems.push(`${wrong} queries got another query's answer`);
    counts.wrongAnswers = wrong;
  } finally {
    proxy.resume();
    await within(5000, session.close());
    await proxy.close();
  }
  return { problems, errors, counts, recoveryMs, notes: [] };
}

function hostPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}

function sum(errors: Record<string, number>): number {
  return Object.values(errors).reduce((a, b) => a + b, 0);
}
