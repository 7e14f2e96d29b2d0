import { presets, type PresetSql } from '@pg-exact/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  kyselyMigrationFile,
  migrationTimestamp,
  sqlFiles,
  sqlForStdout,
  type PresetCall,
  type PresetFunctionName,
} from '../preset-files.js';
import { UsageError } from '../usage-error.js';
import { checkOnlineOptionsUnused, onlineCommand, type OnlineCommandOptions } from './online-command.js';
import { applyPreset } from './preset-apply.js';

/** CLI preset names → core preset functions. */
export const PRESET_NAMES: Record<string, PresetFunctionName> = {
  'serial-to-identity': 'serialToIdentity',
  'resync-sequence': 'resyncSequence',
  'int4-to-int8': 'int4ToInt8',
  'timestamp-to-timestamptz': 'timestampToTimestamptz',
  'json-to-jsonb': 'jsonToJsonb',
  'float-to-numeric': 'floatToNumeric',
};

export const ORMS = ['sql', 'kysely', 'drizzle', 'prisma'] as const;

export interface PresetCommandOptions {
  table?: unknown;
  column?: unknown;
  schema?: unknown;
  fromZone?: unknown;
  orm?: unknown;
  out?: unknown;
  lockTimeout?: unknown;
  always?: unknown;
  precision?: unknown;
  scale?: unknown;
  from?: unknown;
  name?: unknown;
  online?: unknown;
  /** `--apply [url]`: true (DATABASE_URL) or the URL. */
  apply?: unknown;
  dryRun?: unknown;
}

// The ORM packages' ./migrations subpaths, loaded only when asked for (the CLI works without them).
interface DrizzleMigrations {
  presetToDrizzleSql(preset: PresetSql): string;
  writePresetMigration(preset: PresetSql, options: { out: string; name?: string }): Promise<{ files: string[] }>;
}
interface PrismaMigrations {
  presetToPrismaSql(preset: PresetSql): string;
  writePresetMigration(preset: PresetSql, options: { out: string; name?: string; now?: Date }): Promise<{ files: string[] }>;
}

async function loadOrmMigrations<T>(pkg: string): Promise<T> {
  const specifier = `${pkg}/migrations`;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    throw new UsageError(`--orm needs ${specifier}, which could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A string option (mri turns `--table 123` into a number; it is a name here). */
function stringOption(name: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined || value === true || value === '') {
    if (required || value === true || value === '') throw new UsageError(`--${name} <value> is required`);
    return undefined;
  }
  if (Array.isArray(value)) throw new UsageError(`--${name} was given more than once`);
  return String(value);
}

function integerOption(name: string, value: unknown): number | undefined {
  const text = stringOption(name, value, false);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** Builds the core preset call from the CLI options; wrong combinations are usage errors. */
export function presetCall(name: string, options: PresetCommandOptions): PresetCall {
  const preset = PRESET_NAMES[name];
  if (preset === undefined) {
    throw new UsageError(`unknown preset ${JSON.stringify(name)}; one of: ${Object.keys(PRESET_NAMES).join(', ')}`);
  }
  const call: Record<string, unknown> = {
    schema: stringOption('schema', options.schema, false),
    table: stringOption('table', options.table, true),
    column: stringOption('column', options.column, true),
    lockTimeout: stringOption('lock-timeout', options.lockTimeout, false),
  };
  const only = (option: string, value: unknown, presetName: PresetFunctionName) => {
    const cliName = Object.keys(PRESET_NAMES).find((key) => PRESET_NAMES[key] === presetName);
    if (value !== undefined && preset !== presetName) throw new UsageError(`--${option} only applies to ${cliName}`);
  };
  only('from-zone', options.fromZone, 'timestampToTimestamptz');
  only('always', options.always, 'serialToIdentity');
  only('precision', options.precision, 'floatToNumeric');
  only('scale', options.scale, 'floatToNumeric');
  only('from', options.from, 'floatToNumeric');
  if (preset === 'timestampToTimestamptz') {
    const zone = stringOption('from-zone', options.fromZone, false);
    if (zone === undefined) {
      throw new UsageError(
        '--from-zone <IANA zone> is required: the zone the stored wall-clock times were written in (e.g. UTC, Europe/Paris). ' +
          "node-postgres and postgres.js write a JS Date in the Node process's TZ.",
      );
    }
    call.fromZone = zone;
  }
  if (preset === 'serialToIdentity' && options.always !== undefined) call.always = options.always === true;
  if (preset === 'floatToNumeric') {
    call.precision = integerOption('precision', options.precision);
    call.scale = integerOption('scale', options.scale);
    const from = stringOption('from', options.from, false);
    if (from !== undefined && from !== 'float4' && from !== 'float8') throw new UsageError('--from must be float4 or float8');
    call.from = from;
  }
  for (const key of Object.keys(call)) if (call[key] === undefined) delete call[key];
  return { preset, options: call };
}

function buildPreset(call: PresetCall): PresetSql {
  try {
    return (presets[call.preset] as unknown as (options: Record<string, unknown>) => PresetSql)(call.options);
  } catch (error) {
    // The core validates names, zones and durations; its TypeErrors are usage errors here.
    if (error instanceof TypeError) throw new UsageError(error.message.replace(/^presets\.\w+: option `(\w+)`/, (_, option: string) => `--${kebab(option)}`));
    throw error;
  }
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * `pg-exact preset <name> …`: prints the migration, or writes it under `--out` in the form the
 * chosen tool reads. Returns the exit code.
 */
export async function presetCommand(name: string, options: PresetCommandOptions & OnlineCommandOptions): Promise<number> {
  if (options.online === true) {
    if (options.apply !== undefined || options.dryRun !== undefined) {
      throw new UsageError('--online runs its own steps on --database-url: it does not go with --apply or --dry-run (--step plan shows the plan)');
    }
    return onlineCommand(presetCall(name, options), options);
  }
  checkOnlineOptionsUnused(options);
  const orm = stringOption('orm', options.orm, false) ?? 'sql';
  if (!(ORMS as readonly string[]).includes(orm)) throw new UsageError(`--orm must be one of ${ORMS.join(', ')}, got ${JSON.stringify(orm)}`);
  const out = stringOption('out', options.out, false);
  const fileName = stringOption('name', options.name, false);
  const call = presetCall(name, options);
  const preset = buildPreset(call);
  const written: string[] = [];
  if (options.dryRun !== undefined && options.apply === undefined) throw new UsageError('--dry-run goes with --apply');
  if (options.apply !== undefined) {
    if (out !== undefined || orm !== 'sql') throw new UsageError('--apply runs the migration itself: it does not go with --orm or --out');
    const url = options.apply === true || options.apply === '' ? undefined : stringOption('apply', options.apply, false);
    return applyPreset(preset, call, url, options.dryRun === true);
  }

  if (orm === 'sql') {
    if (out === undefined) {
      process.stdout.write(sqlForStdout(preset));
    } else {
      const files = sqlFiles(preset);
      await mkdir(out, { recursive: true });
      const base = join(out, `${migrationTimestamp()}_${fileName ?? preset.name}`);
      await writeFile(`${base}.up.sql`, files.up);
      written.push(`${base}.up.sql`);
      if (files.down !== null) {
        await writeFile(`${base}.down.sql`, files.down);
        written.push(`${base}.down.sql`);
      }
    }
  } else if (orm === 'kysely') {
    const source = kyselyMigrationFile(preset, call);
    if (out === undefined) {
      process.stdout.write(source);
    } else {
      await mkdir(out, { recursive: true });
      // Kysely's Migrator sorts by name: the timestamp keeps generated files in creation order.
      const file = join(out, `${migrationTimestamp()}_${fileName ?? preset.name}.ts`);
      await writeFile(file, source);
      written.push(file);
    }
  } else if (orm === 'drizzle') {
    const drizzle = await loadOrmMigrations<DrizzleMigrations>('@pg-exact/drizzle');
    if (out === undefined) process.stdout.write(drizzle.presetToDrizzleSql(preset));
    else written.push(...(await drizzle.writePresetMigration(preset, { out, ...(fileName ? { name: fileName } : {}) })).files);
  } else {
    const prisma = await loadOrmMigrations<PrismaMigrations>('@pg-exact/prisma');
    if (out === undefined) process.stdout.write(prisma.presetToPrismaSql(preset));
    else written.push(...(await prisma.writePresetMigration(preset, { out, ...(fileName ? { name: fileName } : {}) })).files);
  }
  for (const file of written) console.log(`wrote ${relative(process.cwd(), file) || file}`);
  return 0;
}
