import { columnDependencies, type ColumnDependencies, type PresetSql } from '@pg-exact/core';
import pg from 'pg';
import { colors, startProgress } from '../output.js';
import type { PresetCall } from '../preset-files.js';
import { ConnectionError, UsageError } from '../usage-error.js';
import { redact } from './audit-command.js';

/** Raw text for every column: the plan reads what the server printed, through no parser. */
const rawText = { getTypeParser: () => (text: string) => text };

const TYPE_PRESETS = new Set(['int4ToInt8', 'timestampToTimestamptz', 'jsonToJsonb', 'floatToNumeric']);

/** The plan as lines: what changes, what is dropped and recreated, which sequences move. */
export function planLines(preset: PresetSql, call: PresetCall, deps: ColumnDependencies): string[] {
  const c = colors;
  const lines = [`${c.bold('Plan')} ${preset.name}`];
  if (TYPE_PRESETS.has(call.preset)) {
    for (const col of deps.columns.filter((x) => x.root)) lines.push(`  change   ${col.table}.${col.column} (${col.type}${col.via === 'target' ? '' : `, ${col.via}`})`);
    const partitions = deps.columns.filter((x) => !x.root).length;
    if (partitions > 0) lines.push(`  with     ${partitions} partition column${partitions === 1 ? '' : 's'}`);
    for (const d of deps.dependents) lines.push(`  recreate ${d.kind} ${d.name}`);
  }
  for (const s of deps.sequences) {
    lines.push(`  sequence ${s.sequence} (${s.how}) of ${s.table}.${s.column}${s.sharedWith.length > 0 ? `, shared with ${s.sharedWith.join(', ')}` : ''}`);
  }
  for (const b of deps.blockers) lines.push(`  ${c.red('blocked')}  ${b}`);
  return lines;
}

/**
 * `pg-exact preset … --apply [url]`: prints the plan, then runs `up` in one transaction on the
 * database (unless --dry-run) and reports. Returns 0 applied (or nothing to do), 1 failed or blocked.
 */
export async function applyPreset(preset: PresetSql, call: PresetCall, url: string | undefined, dryRun: boolean): Promise<number> {
  const connectionString = url ?? process.env.DATABASE_URL;
  if (!connectionString) throw new UsageError('--apply needs a connection URL: --apply postgres://… or DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(connectionString)) throw new UsageError(`not a PostgreSQL URL: ${JSON.stringify(redact(connectionString))}`);
  const client = new pg.Client({ connectionString, types: rawText, connectionTimeoutMillis: 10_000, application_name: 'pg-exact preset' });
  client.on('error', () => undefined);
  const notices: string[] = [];
  client.on('notice', (notice) => notices.push(notice.message ?? ''));
  try {
    await client.connect();
  } catch (error) {
    throw new ConnectionError(`cannot connect to ${redact(connectionString)}: ${message(error)}`);
  }
  try {
    const options = call.options as { table: string; column: string; schema?: string };
    let deps: ColumnDependencies;
    try {
      deps = await columnDependencies(client, {
        table: options.table,
        column: options.column,
        ...(options.schema === undefined ? {} : { schema: options.schema }),
        followForeignKeysOfTypes: call.preset === 'int4ToInt8' ? ['integer'] : [],
        toTimestamptz: call.preset === 'timestampToTimestamptz',
      });
    } catch (error) {
      console.error(`${colors.red('✖')} cannot read the plan: ${message(error)}`);
      return 1;
    }
    for (const line of planLines(preset, call, deps)) console.log(line);
    if (deps.columns.length === 0) {
      console.error(`${colors.red('✖')} ${options.schema ?? 'public'}.${options.table}.${options.column} does not exist in ${redact(connectionString)}`);
      return 1;
    }
    const type = TYPE_PRESETS.has(call.preset);
    if (type && deps.blockers.length > 0) {
      console.error(`${colors.red('✖')} not applied: the change cannot apply in place (see blocked above); nothing was changed.`);
      return 1;
    }
    if (dryRun) {
      console.log(colors.dim('--dry-run: nothing was changed.'));
      return 0;
    }
    const progress = startProgress(`Applying ${preset.name}…`);
    const started = Date.now();
    try {
      await client.query('BEGIN');
      await client.query(preset.up);
      await client.query('COMMIT');
    } catch (error) {
      progress.stop();
      await client.query('ROLLBACK').catch(() => undefined);
      const hint = (error as { hint?: string }).hint;
      console.error(`${colors.red('✖')} ${preset.name} failed, rolled back (nothing changed): ${message(error)}${hint ? `\n  ${hint}` : ''}`);
      return 1;
    }
    progress.stop();
    for (const notice of notices) console.log(colors.dim(notice));
    console.log(`${colors.green('✔')} ${preset.name} applied in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
