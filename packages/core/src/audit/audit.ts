import { quoteIdent, quoteLiteral } from '../presets/preset-sql.js';
import type { Queryable } from '../queryable.js';
import { DEFAULT_TIME_ZONE_SQL, SEQUENCE_COLUMNS_SQL, TYPED_COLUMNS_SQL } from './audit-queries.js';

/** What `audit` looks for. */
export type AuditFindingKind =
  | 'serial-column'
  | 'sequence-behind-max'
  | 'int4-sequence-exhaustion'
  | 'timestamp-without-time-zone'
  | 'json-column'
  | 'float-money-column'
  | 'non-utc-default-timezone';

/** One trap found in the database. */
export interface AuditFinding {
  kind: AuditFindingKind;
  /** `null` for database-wide findings (`non-utc-default-timezone`). */
  schema: string | null;
  table: string | null;
  column: string | null;
  /** Why it is a trap, with the numbers that make it one. */
  detail: string;
  /** The command that fixes it: a `pg-exact preset …` line, or SQL when no preset applies. */
  fix: string;
}

/** Options of {@link audit}. */
export interface AuditOptions {
  /** Only these schemas. Default: every schema but the system ones. */
  schemas?: readonly string[];
  /** Percentage of an int4 (or int2) id range past which `int4-sequence-exhaustion` is reported. Default 50. */
  exhaustionThreshold?: number;
}

const UTC_ZONES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'uct', 'etc/uct', 'zulu', 'etc/zulu', 'universal', 'etc/universal', 'z', 'gmt0', 'etc/gmt0', 'greenwich', 'etc/greenwich', 'etc/gmt+0', 'etc/gmt-0']);

const TYPE_MAX: Record<string, bigint> = { smallint: 32767n, integer: 2147483647n, bigint: 2n ** 63n - 1n };
const INT4_MAX = 2147483647n;

// Words that make a float column look like money. Names are split on `_`, spaces and camelCase.
const MONEY_WORDS = new Set(
  ('price prices amount amt cost costs total subtotal balance money fee fees tax vat salary wage wages pay payment ' +
    'payments paid due revenue charge charges credit debit discount budget income refund currency cents usd eur gbp ' +
    'jpy invoice gross net margin profit commission').split(' '),
);
// A CHECK that treats the float as a decimal quantity: numeric casts, round(), cents-like literals.
const NUMERIC_CHECK = /numeric|round\s*\(|money|\d+\.\d+/i;

type Row = Record<string, unknown>;
const text = (row: Row, key: string): string | null => (row[key] === null || row[key] === undefined ? null : String(row[key]));

/** A shell word: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function presetCommand(preset: string, schema: string, table: string, column: string, extra = ''): string {
  const schemaPart = schema === 'public' ? '' : ` --schema ${shellQuote(schema)}`;
  return `pg-exact preset ${preset}${schemaPart} --table ${shellQuote(table)} --column ${shellQuote(column)}${extra}`;
}

function isMoneyName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => MONEY_WORDS.has(word));
}

const group = (n: bigint): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Finds the traps pg-exact fixes in a live database, by reading the catalog (and `max()` of each
 * sequence-fed column). It only runs `SELECT`s; to be sure nothing is written, run it in
 * `BEGIN READ ONLY` on one connection, as the `pg-exact audit` command does.
 *
 * Findings: `serial-column`, `sequence-behind-max` (the next default insert takes an id at or below
 * max(column)), `int4-sequence-exhaustion` (an int4/int2 id past 50% of its range, with the ids left
 * and, when the statistics allow, the days left at the insert rate since they were reset),
 * `timestamp-without-time-zone`, `json-column`, `float-money-column` (float4/float8 with a money-like
 * name or in a CHECK that looks decimal), `non-utc-default-timezone`. Each carries the
 * `pg-exact preset …` command (or SQL) that fixes it.
 *
 * ```ts
 * import pg from 'pg';
 * import { audit } from '@pg-exact/core';
 *
 * const client = new pg.Client(process.env.DATABASE_URL);
 * await client.connect();
 * await client.query('BEGIN READ ONLY');
 * for (const f of await audit(client)) console.log(f.kind, `${f.table}.${f.column}`, f.fix);
 * await client.query('ROLLBACK');
 * ```
 */
export async function audit(db: Queryable, options: AuditOptions = {}): Promise<AuditFinding[]> {
  const schemas = options.schemas && options.schemas.length > 0 ? [...options.schemas] : null;
  const threshold = options.exhaustionThreshold ?? 50;
  const findings: AuditFinding[] = [];

  const { rows: zoneRows } = await db.query(DEFAULT_TIME_ZONE_SQL);
  const zone = text(zoneRows[0] ?? {}, 'time_zone') ?? 'UTC';
  const database = text(zoneRows[0] ?? {}, 'database') ?? '';
  if (!UTC_ZONES.has(zone.toLowerCase())) {
    findings.push({
      kind: 'non-utc-default-timezone',
      schema: null,
      table: null,
      column: null,
      detail:
        `New sessions get TimeZone ${zone}: timestamptz is printed in ${zone}, now()::timestamp and ::date follow it, ` +
        "and stacks that relabel offsets (Prisma's pg adapter) read wrong instants.",
      fix: `ALTER DATABASE ${quoteIdent(database)} SET TimeZone TO 'UTC'; -- takes effect for new sessions`,
    });
  }

  const { rows: sequenceRows } = await db.query(SEQUENCE_COLUMNS_SQL, [schemas]);
  for (const row of sequenceRows) {
    const schema = text(row, 'schema')!;
    const table = text(row, 'table')!;
    const column = text(row, 'column')!;
    const columnType = text(row, 'column_type')!;
    const sequence = text(row, 'sequence')!;
    const identity = text(row, 'identity') ?? '';
    const defaultExpr = text(row, 'column_default') ?? '';
    const increment = BigInt(text(row, 'increment')!);
    const start = BigInt(text(row, 'start_value')!);
    const seqMax = BigInt(text(row, 'max_value')!);
    const last = text(row, 'last_value');
    const where = { schema, table, column };

    if (identity === '' && defaultExpr.startsWith('nextval(')) {
      findings.push({
        ...where,
        kind: 'serial-column',
        detail:
          `${columnType} column with a nextval() default on ${sequence}: explicit ids bypass the sequence (so it falls behind), ` +
          'grants and ownership of the sequence are separate, and ORMs map it less exactly than an identity column.',
        fix: presetCommand('serial-to-identity', schema, table, column),
      });
    }
    if (increment < 0n || !(columnType in TYPE_MAX)) continue;

    const { rows: maxRows } = await db.query(`SELECT max(${quoteIdent(column)})::text AS max FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
    const maxText = text(maxRows[0] ?? {}, 'max');
    const max = maxText === null ? null : BigInt(maxText);
    const next = last === null ? start : BigInt(last) + increment;

    if (max !== null && next <= max) {
      const { rows: taken } = await db.query(
        `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.${quoteIdent(table)} WHERE ${quoteIdent(column)} = ${quoteLiteral(next.toString())}::${columnType})::text AS taken`,
      );
      const collides = text(taken[0] ?? {}, 'taken') === 'true';
      findings.push({
        ...where,
        kind: 'sequence-behind-max',
        detail:
          `${sequence} will hand out ${next} next, but max(${column}) is ${max}: ` +
          (collides ? `id ${next} is taken, so the next default insert fails with 23505 (duplicate key).` : `inserts collide as soon as they reach a taken id.`) +
          ' Usually left by an import or explicit ids.',
        fix: presetCommand('resync-sequence', schema, table, column),
      });
    }

    const limit = [TYPE_MAX[columnType]!, seqMax].reduce((a, b) => (a < b ? a : b));
    if (limit > INT4_MAX) continue;
    const used = [next - 1n, max ?? 0n].reduce((a, b) => (a > b ? a : b));
    if (used <= 0n || used * 100n < limit * BigInt(threshold)) continue;
    const left = limit - used;
    const percent = Number((used * 10000n) / limit) / 100;
    const inserts = Number(text(row, 'inserts') ?? '0');
    const seconds = Number(text(row, 'stats_seconds') ?? '0');
    let projection = '';
    if (inserts > 0 && seconds > 0) {
      const perDay = (inserts * 86400) / seconds;
      const days = Number(left) / perDay;
      projection = `, about ${days < 1 ? 'less than a day' : `${Math.floor(days).toLocaleString('en-US')} days`} at the ${Math.round(perDay).toLocaleString('en-US')} inserts/day seen since the statistics were reset`;
    }
    findings.push({
      ...where,
      kind: 'int4-sequence-exhaustion',
      detail:
        `${columnType} id fed by ${sequence} (AS ${text(row, 'sequence_type')}) has used ${group(used)} of ${group(limit)} (${percent}%): ` +
        `${group(left)} ids left${projection}. When it runs out every insert fails (22003 or 2200H).`,
      fix: presetCommand('int4-to-int8', schema, table, column),
    });
  }

  const { rows: typedRows } = await db.query(TYPED_COLUMNS_SQL, [schemas]);
  for (const row of typedRows) {
    const schema = text(row, 'schema')!;
    const table = text(row, 'table')!;
    const column = text(row, 'column')!;
    const type = text(row, 'type')!;
    const where = { schema, table, column };
    if (type === 'timestamp') {
      findings.push({
        ...where,
        kind: 'timestamp-without-time-zone',
        detail:
          'timestamp (without time zone) stores a wall-clock time with no zone: node-postgres and postgres.js read and write it ' +
          "in the Node process's TZ, so the same row means different instants on different machines. " +
          `--from-zone must be the zone the values were written in; ${zone} is this database's default (check your app's TZ).`,
        fix: presetCommand('timestamp-to-timestamptz', schema, table, column, ` --from-zone ${shellQuote(zone)}`),
      });
    } else if (type === 'json') {
      findings.push({
        ...where,
        kind: 'json-column',
        detail:
          'json keeps the text as sent (duplicate keys, no indexing, no equality): jsonb is what drivers and ORMs expect; ' +
          'numbers past 2^53 or 15 digits in it are cut to float64 by JSON.parse in every vanilla stack.',
        fix: presetCommand('json-to-jsonb', schema, table, column),
      });
    } else {
      const checks = text(row, 'checks') ?? '';
      const byName = isMoneyName(column);
      const byCheck = checks !== '' && NUMERIC_CHECK.test(checks);
      if (!byName && !byCheck) continue;
      findings.push({
        ...where,
        kind: 'float-money-column',
        detail:
          `${type === 'float4' ? 'real' : 'double precision'} column ${byName ? 'with a money-like name' : ''}${byName && byCheck ? ' and ' : ''}` +
          `${byCheck ? `a decimal-looking CHECK (${checks})` : ''}: binary floats cannot hold 0.10 exactly, so sums drift ` +
          '(0.1 + 0.2 = 0.30000000000000004) and comparisons with decimal literals fail. numeric keeps the digits.',
        fix: presetCommand('float-to-numeric', schema, table, column, type === 'float4' ? ' --from float4' : ''),
      });
    }
  }
  return findings;
}
