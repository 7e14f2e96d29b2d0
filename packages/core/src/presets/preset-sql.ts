/**
 * What every preset returns: plain SQL text, ready for any migration tool. `up` and `down` each
 * start with `SET LOCAL lock_timeout`, so they must run inside a transaction (every mainstream
 * migration runner does this); outside one, PostgreSQL ignores `SET LOCAL` with a warning.
 */
export interface PresetSql {
  /** A file-name-safe name, e.g. `serial_to_identity_orders_id`. */
  name: string;
  /** Idempotent: a second apply changes nothing and does not fail. */
  up: string;
  /** Idempotent like `up`; `null` when the change cannot be undone (see `description`). */
  down: string | null;
  /** What the SQL does and what it cannot do. */
  description: string;
  /**
   * The column the preset changes and how (set by every core preset): what an ORM's schema file
   * must then say, read by `presetColumnChange` and the ORM adapters' migration writers.
   */
  change?: PresetColumnChange;
}

/** The column a preset changes and how, as an ORM's schema file must then describe it. */
export type PresetColumnChange = { schema: string; table: string; column: string } & (
  | { kind: 'serialToIdentity'; generated: 'always' | 'byDefault' }
  | { kind: 'resyncSequence' }
  | { kind: 'int4ToInt8' }
  | { kind: 'timestampToTimestamptz'; fromZone: string }
  | { kind: 'jsonToJsonb' }
  | { kind: 'floatToNumeric'; from: 'float4' | 'float8'; precision?: number; scale?: number }
);

/** The options every preset takes. */
export interface PresetOptions {
  /** The table, exactly as stored (case and spaces kept; no quoting needed). */
  table: string;
  /** The column, exactly as stored. */
  column: string;
  /** The table's schema. Default `'public'`. */
  schema?: string;
  /** `lock_timeout` for the statement, as PostgreSQL reads it (`'5s'`, `'500ms'`, `'1min'`). Default `'5s'`. */
  lockTimeout?: string;
}

const LOCK_TIMEOUT = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;
const MAX_IDENTIFIER_BYTES = 63; // NAMEDATALEN - 1: longer names are silently truncated by the server

/** `"name"` with embedded quotes doubled: safe for any identifier (spaces, quotes, uppercase). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal that reads the same whatever `standard_conforming_strings` is (like libpq's). */
export function quoteLiteral(text: string): string {
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** @internal A non-empty identifier of at most 63 bytes without NUL, else a TypeError naming `where`'s option. */
export function checkIdentifierText(where: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${where}: option \`${option}\` must be a non-empty string`);
  if (value.includes('\0')) throw new TypeError(`${where}: option \`${option}\` contains a NUL character`);
  if (new TextEncoder().encode(value).length > MAX_IDENTIFIER_BYTES) {
    throw new TypeError(`${where}: option \`${option}\` is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  return value;
}

function checkIdentifier(preset: string, option: string, value: unknown): string {
  return checkIdentifierText(`presets.${preset}`, option, value);
}

/** The validated common options plus the names the SQL needs. */
export interface Target {
  preset: string;
  schema: string;
  table: string;
  column: string;
  lockTimeout: string;
  /** `"schema"."table"` */
  qualified: string;
}

/**
 * Validates the common options (TypeError naming the bad option) and rejects unknown ones, so a
 * typo like `fromzone` fails instead of silently falling back to a default.
 */
export function checkOptions(preset: string, options: unknown, extra: readonly string[]): Target {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`presets.${preset}: options must be an object`);
  }
  const record = options as Record<string, unknown>;
  const known = new Set(['table', 'column', 'schema', 'lockTimeout', ...extra]);
  for (const key of Object.keys(record)) {
    if (!known.has(key)) throw new TypeError(`presets.${preset}: unknown option \`${key}\``);
  }
  const table = checkIdentifier(preset, 'table', record.table);
  const column = checkIdentifier(preset, 'column', record.column);
  const schema = checkIdentifier(preset, 'schema', record.schema ?? 'public');
  const lockTimeout = record.lockTimeout ?? '5s';
  if (typeof lockTimeout !== 'string' || !LOCK_TIMEOUT.test(lockTimeout)) {
    throw new TypeError(`presets.${preset}: option \`lockTimeout\` must be a duration like '5s', '500ms' or '1min'`);
  }
  return { preset, schema, table, column, lockTimeout, qualified: `${quoteIdent(schema)}.${quoteIdent(table)}` };
}

/** `serial_to_identity_orders_id`: lowercase letters, digits and `_` only. */
export function presetName(preset: string, target: Target): string {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return [preset, slug(target.table), slug(target.column)].filter((part) => part !== '').join('_');
}

/**
 * `SET LOCAL lock_timeout` then a `DO` block that first looks the column up in the catalog.
 * Inside the body: `rel` (regclass), `rel_name` (the quoted name as text), `col` (the column
 * name), `col_type` (regtype), `col_identity` (`''`, `'a'` or `'d'`), `col_num`, `col_notnull`; identifiers reach SQL only
 * through `format('%I')` / regclass output. `declare` adds more variables.
 */
export function doBlock(target: Target, body: string, declare = ''): string {
  const where = `column ${target.column} of ${target.schema}.${target.table}`;
  const text = `DECLARE
  rel_name text := ${quoteLiteral(target.qualified)};
  col text := ${quoteLiteral(target.column)};
  rel regclass := to_regclass(rel_name);
  col_type regtype;
  col_identity "char";
  col_num int2;
  col_notnull boolean;${declare}
BEGIN
  IF rel IS NULL THEN
    RAISE EXCEPTION USING MESSAGE = 'pg-exact ${target.preset}: table ' || rel_name || ' does not exist';
  END IF;
  SELECT a.atttypid::regtype, a.attidentity, a.attnum, a.attnotnull INTO col_type, col_identity, col_num, col_notnull
    FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING MESSAGE = 'pg-exact ${target.preset}: ' || ${quoteLiteral(where)} || ' does not exist';
  END IF;
${body}
END`;
  let tag = '$pgx_preset$';
  for (let n = 1; text.includes(tag); n++) tag = `$pgx_preset${n}$`; // a name could contain the tag
  return `SET LOCAL lock_timeout = ${quoteLiteral(target.lockTimeout)};\nDO ${tag}\n${text}\n${tag};\n`;
}

/**
 * The body of a type change: nothing when the column already has `to`; the ALTER when it has
 * one of `from`; an exception for anything else (never guess).
 */
export function alterTypeBody(preset: string, from: readonly string[], to: string, alter: string): string {
  const fromList = from.map(quoteLiteral).join(', ');
  return `  IF col_type = ${quoteLiteral(to)}::regtype THEN
    RAISE NOTICE USING MESSAGE = 'pg-exact ${preset}: ' || rel_name || '.' || quote_ident(col) || ' is already ' || col_type || ', nothing to do';
  ELSIF col_type = ANY (ARRAY[${fromList}]::regtype[]) THEN
${alter}
  ELSE
    RAISE EXCEPTION USING MESSAGE = 'pg-exact ${preset}: ' || rel_name || '.' || quote_ident(col) || ' has type ' || col_type || ', expected ' || ${quoteLiteral(from.join(' or '))};
  END IF;`;
}
