import { ALTER_COLUMNS_DECLARE, alterColumnsBody, type AlterColumnsSpec } from './alter-columns.js';
import { checkOptions, doBlock, presetName, quoteLiteral, type PresetOptions, type PresetSql, type Target } from './preset-sql.js';
import { isIanaZoneName } from '../wall-clock.js';

/** The manual path when a column cannot change type in place (a partition key, a policy, …). */
export const MANUAL_TYPE_CHANGE =
  'A partition key cannot change type in place: create a new partitioned table with the new type, copy the rows ' +
  '(INSERT … SELECT, or attach re-created partitions), recreate its dependents and swap the names in one transaction. ' +
  'For an index or generated column over a timestamp column, rewrite its expression to read the column AT TIME ZONE ' +
  "'<the --from-zone>' (immutable, same result) in the same transaction as the fix. " +
  'For another blocking object, drop it, run the fix, and create it again in the same transaction.';

/** A DO block that changes the target (and what changes with it) with its dependents handled. */
export function alterColumnsBlock(target: Target, spec: Omit<AlterColumnsSpec, 'manualPath'>): string {
  return doBlock(target, alterColumnsBody({ ...spec, manualPath: MANUAL_TYPE_CHANGE }), ALTER_COLUMNS_DECLARE);
}

/** What every type preset's description says about dependents. */
export const DEPENDENTS_NOTE =
  'Views, materialized views (refreshed by their recreation), rules, row-level security policies, triggers, expression and partial ' +
  'indexes, CHECK constraints and generated columns that use the column ' +
  'are dropped and recreated in the same transaction with their grants, comments, indexes and owners; ' +
  'a generated column comes back at the end of the table. It refuses (changing nothing) where the change cannot apply in place, ' +
  'such as a partition key. ';

/** Options of {@link timestampToTimestamptz}. */
export interface TimestampToTimestamptzOptions extends PresetOptions {
  /** The IANA zone the stored `timestamp` values were written in, e.g. `'Europe/Paris'` or `'UTC'`. Required. */
  fromZone: string;
}

/** Options of {@link floatToNumeric}. */
export interface FloatToNumericOptions extends PresetOptions {
  /** numeric(precision, scale); default unconstrained `numeric`. */
  precision?: number;
  /** Digits after the point, with `precision`. Default 0 when `precision` is given. */
  scale?: number;
  /** The float type `down` goes back to. Default `'float8'`. */
  from?: 'float4' | 'float8';
}

function checkZone(zone: unknown): string {
  if (typeof zone !== 'string' || zone === '') {
    throw new TypeError('presets.timestampToTimestamptz: option `fromZone` (an IANA zone such as \'Europe/Paris\') is required');
  }
  if (!isIanaZoneName(zone)) throw new TypeError(`presets.timestampToTimestamptz: option \`fromZone\` is not an IANA zone: ${JSON.stringify(zone)}`);
  return zone;
}

/**
 * timestamp → timestamptz, reading each stored value as wall-clock time in `fromZone`
 * (`USING col AT TIME ZONE '<zone>'`). Down: `timestamptz AT TIME ZONE '<zone>'` gives the same
 * wall-clock values back. Rewrites the table.
 */
export function timestampToTimestamptz(options: TimestampToTimestamptzOptions): PresetSql {
  const target = checkOptions('timestampToTimestamptz', options, ['fromZone']);
  const zone = quoteLiteral(checkZone((options as { fromZone?: unknown }).fromZone));
  const spec = (preset: string, from: string, to: string) =>
    ({ preset, from: [from], to, using: `$col AT TIME ZONE ${zone}`, followForeignKeys: false, jsonFallback: false }) as const;
  return {
    name: presetName('timestamp_to_timestamptz', target),
    change: { kind: 'timestampToTimestamptz', schema: target.schema, table: target.table, column: target.column, fromZone: options.fromZone },
    up: alterColumnsBlock(target, spec('timestampToTimestamptz', 'timestamp', 'timestamptz')),
    down: alterColumnsBlock(target, spec('timestampToTimestamptz down', 'timestamptz', 'timestamp')),
    description:
      `Changes ${target.qualified}.${target.column} from timestamp to timestamptz, reading the stored values as ` +
      `local time in ${options.fromZone} (a table rewrite). Down converts back to ${options.fromZone} wall-clock time ` +
      '(a value in the hour skipped by a DST change comes back shifted). ' + DEPENDENTS_NOTE + 'Run inside a transaction (SET LOCAL lock_timeout).',
  };
}

/**
 * json → jsonb (`USING col::jsonb`). Down: `USING col::json`, which keeps the jsonb text: key
 * order, whitespace and duplicate keys of the original json are not restored.
 */
export function jsonToJsonb(options: PresetOptions): PresetSql {
  const target = checkOptions('jsonToJsonb', options, []);
  const spec = (preset: string, from: string, to: string, jsonFallback: 'jsonb' | 'json') =>
    ({ preset, from: [from], to, using: `$col::${to}`, followForeignKeys: false, jsonFallback }) as const;
  return {
    name: presetName('json_to_jsonb', target),
    change: { kind: 'jsonToJsonb', schema: target.schema, table: target.table, column: target.column },
    up: alterColumnsBlock(target, spec('jsonToJsonb', 'json', 'jsonb', 'jsonb')),
    down: alterColumnsBlock(target, spec('jsonToJsonb down', 'jsonb', 'json', 'json')),
    description:
      `Changes ${target.qualified}.${target.column} from json to jsonb (a table rewrite; duplicate keys keep the last ` +
      'value; a string holding \\u0000 makes it fail). Down goes back to json with the same value, but key order, ' +
      'whitespace and duplicate keys are not restored. A CHECK, view or generated column that calls json_typeof() and the like ' +
      'is recreated calling the jsonb_ twin (and back on down). ' + DEPENDENTS_NOTE +
      'Run inside a transaction (SET LOCAL lock_timeout).',
  };
}

function checkInteger(option: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`presets.floatToNumeric: option \`${option}\` must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * float4/float8 → numeric, or numeric(precision, scale). The cast goes through the float's text
 * (`col::text::numeric` with `extra_float_digits = 1`), the shortest text that reads back to the
 * same float: a plain `col::numeric` rounds float8 to 15 significant digits (0.1 + 0.2 becomes
 * 0.3; verified on PG 15). Down: `col::float8` (or float4 with `from: 'float4'`).
 */
export function floatToNumeric(options: FloatToNumericOptions): PresetSql {
  const target = checkOptions('floatToNumeric', options, ['precision', 'scale', 'from']);
  const precision = checkInteger('precision', options.precision, 1, 1000);
  const scale = checkInteger('scale', options.scale, 0, precision ?? 0);
  if (scale !== undefined && precision === undefined) {
    throw new TypeError('presets.floatToNumeric: option `scale` needs `precision`');
  }
  const from = options.from ?? 'float8';
  if (from !== 'float4' && from !== 'float8') {
    throw new TypeError("presets.floatToNumeric: option `from` must be 'float4' or 'float8'");
  }
  const numeric = precision === undefined ? 'numeric' : `numeric(${precision},${scale ?? 0})`;
  const common = { followForeignKeys: false, jsonFallback: false } as const;
  const up = alterColumnsBlock(target, {
    ...common,
    preset: 'floatToNumeric',
    from: ['float4', 'float8'],
    to: numeric,
    using: `$col::text::${numeric}`,
    // set_config(…, true) lasts to the end of the transaction, so the caller's value is put back.
    before: `    pgx_saved := current_setting('extra_float_digits');
    PERFORM set_config('extra_float_digits', '1', true);`,
    after: `    PERFORM set_config('extra_float_digits', pgx_saved, true);`,
  });
  const down = alterColumnsBlock(target, { ...common, preset: 'floatToNumeric down', from: ['numeric'], to: from, using: `$col::${from}` });
  return {
    name: presetName('float_to_numeric', target),
    change: { kind: 'floatToNumeric', schema: target.schema, table: target.table, column: target.column, from, ...(precision === undefined ? {} : { precision, scale: scale ?? 0 }) },
    up,
    down,
    description:
      `Changes ${target.qualified}.${target.column} from float to ${numeric} (a table rewrite), through the float's ` +
      'shortest exact text, so every stored value keeps its printed digits' +
      (precision === undefined ? '' : ` (rounded to scale ${scale ?? 0}; fails if a value needs more than precision ${precision})`) +
      `. NaN and ±Infinity carry over; -0 becomes 0. Down goes back to ${from}. ` + DEPENDENTS_NOTE +
      'Run inside a transaction (SET LOCAL lock_timeout).',
  };
}
