import { OnlineMigration, onlineMigration, type OnlineConversionName, type OnlineProgress, type OnlineState } from '@pg-exact/core';
import pg from 'pg';
import { colors } from '../output.js';
import { ConnectionError, UsageError } from '../usage-error.js';
import type { PresetCall } from '../preset-files.js';

/** `--step` values: one step, `run` (start → swap, resuming), `all` (run + cleanup), or read-only ones. */
export const ONLINE_STEPS = ['run', 'all', 'start', 'backfill', 'prepare', 'swap', 'cleanup', 'status', 'plan', 'abort'] as const;
type OnlineStep = (typeof ONLINE_STEPS)[number];

const ONLINE_PRESETS: readonly string[] = ['int4ToInt8', 'timestampToTimestamptz', 'jsonToJsonb', 'floatToNumeric'] satisfies OnlineConversionName[];

export interface OnlineCommandOptions {
  step?: unknown;
  databaseUrl?: unknown;
  batchSize?: unknown;
  sleep?: unknown;
  out?: unknown;
  name?: unknown;
}

/** The --online options make no sense without --online: say so instead of ignoring them. */
export function checkOnlineOptionsUnused(options: OnlineCommandOptions): void {
  const given = (['step', 'database-url', 'batch-size', 'sleep'] as const).filter(
    (name) => options[name === 'database-url' ? 'databaseUrl' : name === 'batch-size' ? 'batchSize' : name] !== undefined,
  );
  if (given.length > 0) throw new UsageError(`--${given[0]} only applies with --online`);
}

const rawText = { getTypeParser: () => (text: string) => text };

function single(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${name} was given more than once`);
  if (value === true || value === '') throw new UsageError(`--${name} <value> is required`);
  return String(value);
}

function whole(name: string, value: unknown, min: number): number | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`);
  return Number(text);
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/**
 * `pg-exact preset <name> --online …`: runs the online form of a type-change preset against a live
 * database (shadow column, trigger, batched backfill, short swap), one step or all of them,
 * resuming from `pg_exact_online_migrations`. Returns the exit code.
 */
export async function onlineCommand(call: PresetCall, options: OnlineCommandOptions): Promise<number> {
  if (!ONLINE_PRESETS.includes(call.preset)) {
    throw new UsageError(`--online applies to int4-to-int8, timestamp-to-timestamptz, json-to-jsonb and float-to-numeric, not this preset (its change is catalog-only)`);
  }
  if (options.out !== undefined || options.name !== undefined) {
    throw new UsageError(`--${options.out !== undefined ? 'out' : 'name'} writes a migration file; --online runs the change on the database instead`);
  }
  const step = (single('step', options.step) ?? 'run') as OnlineStep;
  if (!ONLINE_STEPS.includes(step)) throw new UsageError(`--step must be one of ${ONLINE_STEPS.join(', ')}, got ${JSON.stringify(step)}`);
  const url = single('database-url', options.databaseUrl) ?? process.env.DATABASE_URL;
  if (!url) throw new UsageError('--online needs a database: pass --database-url postgres://… or set DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`not a PostgreSQL URL: ${JSON.stringify(redact(url))}`);
  const batchSize = whole('batch-size', options.batchSize, 1);
  const sleepMs = whole('sleep', options.sleep, 0);
  const { always: _always, from: _from, ...conversion } = call.options as Record<string, unknown>;

  // One connection for every step: BEGIN/COMMIT and CREATE INDEX CONCURRENTLY need it.
  const client = new pg.Client({ connectionString: url, types: rawText, connectionTimeoutMillis: 10_000, application_name: 'pg-exact online migration' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ConnectionError(`cannot connect to ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let lastBackfillLine = 0;
  const report = (event: OnlineProgress) => {
    if (event.step === 'backfill' && event.rowsDone !== undefined && !event.message.startsWith('backfill done')) {
      if (performance.now() - lastBackfillLine < 2000) return;
      lastBackfillLine = performance.now();
      const percent = event.estimatedRows ? ` (~${Math.min(99, Math.floor((100 * event.rowsDone) / event.estimatedRows))}%)` : '';
      console.log(`${colors.dim('backfill')} ${event.rowsDone} rows${percent}, key ${event.lastKey} of ${event.maxKey}`);
      return;
    }
    const locked = event.lockedMs === undefined ? '' : colors.dim(` (locked ${Math.round(event.lockedMs)} ms)`);
    console.log(`${colors.dim(event.step)} ${event.message}${locked}`);
  };
  try {
    const migration = onlineMigration(client, {
      ...(conversion as { table: string; column: string; schema?: string; lockTimeout?: string; fromZone?: string; precision?: number; scale?: number }),
      preset: call.preset as OnlineConversionName,
      ...(batchSize === undefined ? {} : { batchSize }),
      ...(sleepMs === undefined ? {} : { sleepMs }),
      onProgress: report,
    });
    let state: OnlineState | null;
    if (step === 'plan') {
      const plan = await migration.plan();
      console.log(`${migration.id}: ${plan.catalog.type} → ${plan.to}`);
      for (const index of plan.catalog.indexes) console.log(`  index ${index.name}: rebuilt CONCURRENTLY on ${plan.newColumn}`);
      for (const constraint of plan.catalog.constraints) console.log(`  constraint ${constraint.name}: added NOT VALID on ${plan.newColumn}, then validated`);
      for (const line of OnlineMigration.describeReferencingKeys(plan)) console.log(`  ${line}`);
      for (const blocker of plan.catalog.blockers) console.log(`  ${colors.red('blocker')} ${blocker}`);
      if (plan.catalog.key === null) console.log(`  ${colors.red('blocker')} no single-column primary key to backfill by`);
      return plan.catalog.blockers.length > 0 ? 1 : 0;
    }
    if (step === 'abort') {
      await migration.abort();
      console.log(`${migration.id}: aborted`);
      return 0;
    }
    if (step === 'status') state = await migration.status();
    else if (step === 'run') state = await migration.run({ through: 'swap' });
    else if (step === 'all') state = await migration.run({ through: 'cleanup' });
    else state = await migration[step]();
    if (state === null) {
      console.log(`${migration.id}: not started`);
      return 0;
    }
    console.log(`${migration.id}: ${colors.bold(state.phase)}${state.phase === 'swapped' ? ` — the old values stay in ${state.plan.oldColumn} until --step cleanup` : ''}`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}
