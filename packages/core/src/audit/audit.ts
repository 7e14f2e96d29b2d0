import { changeBlockers } from '../presets/dependencies.js';
import { quoteIdent, quoteLiteral } from '../presets/preset-sql.js';
import { MANUAL_TYPE_CHANGE } from '../presets/type-presets.js';
import type { Queryable } from '../queryable.js';
import { DEFAULT_TIME_ZONE_SQL, MIGRATION_TABLES_SQL, SEQUENCE_COLUMNS_SQL, TYPED_COLUMNS_SQL } from './audit-queries.js';
import { frameworkZoneAdvice, type ZoneAdvice } from './framework-zones.js';

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
  /** Why it is a trap, with the numbers that make it one (the kind's explanation, then `note`). */
  detail: string;
  /**
   * The command that fixes it: a `pg-exact preset …` line, or SQL when no preset applies. When
   * `fixable` is false, an SQL comment (`-- no automatic fix: …`) with the manual path instead.
   */
  fix: string;
  /** The fix applies as printed (after `input`, when there is one). False: see `blockers`. */
  fixable: boolean;
  /** Why no fix can apply in place (a partition key, …); empty when `fixable`. */
  blockers: string[];
  /** What is particular to this column (numbers, sequence, what changes with it); '' when nothing. */
  note: string;
  /** Something only the user knows and the fix needs (e.g. `--from-zone`), with why; null when none. */
  input: string | null;
}

/** One explanation per kind: the report prints it once, then the columns. */
export const AUDIT_KIND_EXPLANATIONS: Record<AuditFindingKind, string> = {
  'serial-column':
    'A nextval() default instead of an identity column: explicit ids bypass the sequence (so it falls behind), grants and ownership ' +
    'of the sequence are separate, and ORMs map it less exactly than an identity column. A sequence not OWNED BY the column ' +
    '(common after a dump/restore) is also invisible to pg_get_serial_sequence() and to tools built on it.',
  'sequence-behind-max': 'The sequence hands out ids at or below max(id): the next default inserts fail with 23505 (duplicate key). Usually left by an import or explicit ids.',
  'int4-sequence-exhaustion':
    'An int4 (or int2) id past the threshold of its range: when it runs out every insert fails (22003 or 2200H). The fix widens the id ' +
    'and every int4 column that references it through a foreign key, or the first referencing row past 2^31 fails instead.',
  'timestamp-without-time-zone':
    'timestamp (without time zone) stores a wall-clock time with no zone: node-postgres and postgres.js read and write it in the Node ' +
    "process's TZ, so the same row means different instants on different machines. The fix needs the zone the values were written in.",
  'json-column':
    'json keeps the text as sent (duplicate keys, no indexing, no equality): jsonb is what drivers and ORMs expect; numbers past 2^53 ' +
    'or 15 digits in it are cut to float64 by JSON.parse in every vanilla stack.',
  'float-money-column':
    'A binary float that holds money: it cannot hold 0.10 exactly, so sums drift (0.1 + 0.2 = 0.30000000000000004) and comparisons ' +
    'with decimal literals fail. numeric keeps the digits.',
  'non-utc-default-timezone':
    "New sessions get a non-UTC TimeZone: timestamptz is printed in it, now()::timestamp and ::date follow it, and stacks that relabel offsets (Prisma's pg adapter) read wrong instants.",
};

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
  ('price prices amount amt cost costs total subtotal balance money fee fees tax taxes vat salary wage wages pay payment ' +
    'payments paid due revenue charge charges credit debit budget income refund currency cents usd eur gbp ' +
    'jpy invoice gross net profit freight shipping postage tip tips').split(' '),
);
// Words that name a money amount or a ratio (discount 0.05 or 5.00): money only when the values say so.
const AMBIGUOUS_WORDS = new Set('discount margin commission rebate'.split(' '));
// An upper bound of 1 in a CHECK (`col <= 1`, `col < (1)::double precision`): a ratio, not money.
const RATIO_BOUND = /<=?\s*\(*\s*(?:1|1\.0+)\s*\)*(?:::[a-z ]+)?\s*\)*\s*(?:\)|$|and\b)/i;
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

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

/**
 * Whether a float column holds money, by its name and what bounds its values: a money word
 * (price, freight, taxes…) is enough; an ambiguous one (discount, margin) only when no CHECK caps
 * it at 1 and a stored value is above 1 (0.05 is a ratio, 5.00 an amount).
 */
export function looksLikeMoney(name: string, checks: string, maxAbs: number | null): boolean {
  const words = nameWords(name);
  if (words.some((word) => MONEY_WORDS.has(word))) return true;
  if (!words.some((word) => AMBIGUOUS_WORDS.has(word))) return false;
  if (RATIO_BOUND.test(checks)) return false;
  return maxAbs !== null && maxAbs > 1;
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
  const push = (
    finding: Omit<AuditFinding, 'detail' | 'fixable' | 'blockers' | 'input'> & { blockers?: string[]; input?: string | null },
  ) => {
    const blockers = finding.blockers ?? [];
    const fixable = blockers.length === 0;
    findings.push({
      kind: finding.kind,
      schema: finding.schema,
      table: finding.table,
      column: finding.column,
      detail: finding.note === '' ? AUDIT_KIND_EXPLANATIONS[finding.kind] : `${AUDIT_KIND_EXPLANATIONS[finding.kind]} ${finding.note}`,
      fix: fixable ? finding.fix : `-- no automatic fix: ${blockers.join('; ')}. ${MANUAL_TYPE_CHANGE}`,
      fixable,
      blockers,
      note: finding.note,
      input: finding.input ?? null,
    });
  };

  const { rows: zoneRows } = await db.query(DEFAULT_TIME_ZONE_SQL);
  const zone = text(zoneRows[0] ?? {}, 'time_zone') ?? 'UTC';
  const database = text(zoneRows[0] ?? {}, 'database') ?? '';
  if (!UTC_ZONES.has(zone.toLowerCase())) {
    push({
      kind: 'non-utc-default-timezone',
      schema: null,
      table: null,
      column: null,
      note: `New sessions get TimeZone ${zone}.`,
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
    const how = text(row, 'how') ?? 'owned';
    const shared = Number(text(row, 'shared') ?? '0');
    const defaultExpr = text(row, 'column_default') ?? '';
    const increment = BigInt(text(row, 'increment')!);
    const start = BigInt(text(row, 'start_value')!);
    const seqMax = BigInt(text(row, 'max_value')!);
    const last = text(row, 'last_value');
    const where = { schema, table, column };
    const relation = `${quoteIdent(schema)}.${quoteIdent(table)}`;

    if (identity === '' && defaultExpr.startsWith('nextval(')) {
      const blockers: string[] = [];
      if (defaultExpr !== text(row, 'plain_default')) blockers.push(`its default is ${defaultExpr}, not a plain nextval() an identity can replace`);
      if (text(row, 'not_null') !== 'true') {
        const { rows: nullRows } = await db.query(`SELECT EXISTS (SELECT 1 FROM ${relation} WHERE ${quoteIdent(column)} IS NULL)::text AS has_null`);
        if (text(nullRows[0] ?? {}, 'has_null') === 'true') blockers.push(`some rows hold NULL (an identity column is NOT NULL)`);
      }
      const owner =
        how === 'owned' ? `on ${sequence}` : `on ${sequence}, which is not OWNED BY the column (pg_get_serial_sequence() does not see it)`;
      push({
        ...where,
        kind: 'serial-column',
        note:
          `${columnType} column with a nextval() default ${owner}` +
          (shared > 0 ? `; ${shared} other column${shared === 1 ? '' : 's'} share${shared === 1 ? 's' : ''} it (it is kept for them)` : '') +
          '.',
        fix: presetCommand('serial-to-identity', schema, table, column),
        blockers: blockers.map((b) => `${schema}.${table}.${column}: ${b}`),
      });
    }
    if (increment < 0n || !(columnType in TYPE_MAX)) continue;

    const { rows: maxRows } = await db.query(`SELECT max(${quoteIdent(column)})::text AS max FROM ${relation}`);
    const maxText = text(maxRows[0] ?? {}, 'max');
    const max = maxText === null ? null : BigInt(maxText);
    const next = last === null ? start : BigInt(last) + increment;

    if (max !== null && next <= max) {
      const { rows: taken } = await db.query(
        `SELECT EXISTS (SELECT 1 FROM ${relation} WHERE ${quoteIdent(column)} = ${quoteLiteral(next.toString())}::${columnType})::text AS taken`,
      );
      const collides = text(taken[0] ?? {}, 'taken') === 'true';
      push({
        ...where,
        kind: 'sequence-behind-max',
        note:
          `${sequence} will hand out ${next} next, but max(${column}) is ${max}: ` +
          (collides ? `id ${next} is taken, so the next default insert fails with 23505 (duplicate key).` : `inserts collide as soon as they reach a taken id.`),
        fix: presetCommand('resync-sequence', schema, table, column),
      });
    }

    const limit = [TYPE_MAX[columnType]!, seqMax].reduce((a, b) => (a < b ? a : b));
    const used = [next - 1n, max ?? 0n].reduce((a, b) => (a > b ? a : b));
    if (limit > INT4_MAX) {
      // A bigint id whose referencing columns are still int4 (a key widened alone): the first
      // referencing row past 2^31 fails, so the int4 range is what counts.
      if (used <= 0n || used * 100n < INT4_MAX * BigInt(threshold)) continue;
      const change = await changeBlockers(db, { schema, table, column, followForeignKeysOfTypes: ['integer'] });
      const narrow = change.columns.filter((c) => c.via === 'foreign key' && c.root && c.type === 'integer');
      if (narrow.length === 0) continue;
      const percent = Number((used * 10000n) / INT4_MAX) / 100;
      push({
        ...where,
        kind: 'int4-sequence-exhaustion',
        note:
          `${columnType} id fed by ${sequence} has reached ${group(used)} (${percent}% of the int4 range), but ${narrow.length} int4 ` +
          `column${narrow.length === 1 ? '' : 's'} reference${narrow.length === 1 ? 's' : ''} it (${narrow
            .slice(0, 5)
            .map((c) => `${c.table}.${c.column}`)
            .join(', ')}${narrow.length > 5 ? ', …' : ''}): a referencing row past 2^31 fails with 22003. The fix widens them.`,
        fix: presetCommand('int4-to-int8', schema, table, column),
        blockers: change.blockers,
      });
      continue;
    }
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
    const change = await changeBlockers(db, { schema, table, column, followForeignKeysOfTypes: ['integer'] });
    const referencing = change.columns.filter((c) => c.via === 'foreign key' && c.root).length;
    push({
      ...where,
      kind: 'int4-sequence-exhaustion',
      note:
        `${columnType} id fed by ${sequence} (AS ${text(row, 'sequence_type')}) has used ${group(used)} of ${group(limit)} (${percent}%): ` +
        `${group(left)} ids left${projection}.` +
        (referencing > 0 ? ` The fix widens the ${referencing} int4 column${referencing === 1 ? '' : 's'} that reference${referencing === 1 ? 's' : ''} it too.` : ''),
      fix: presetCommand('int4-to-int8', schema, table, column),
      blockers: change.blockers,
    });
  }

  const { rows: typedRows } = await db.query(TYPED_COLUMNS_SQL, [schemas]);
  let advice: ZoneAdvice | undefined;
  for (const row of typedRows) {
    const schema = text(row, 'schema')!;
    const table = text(row, 'table')!;
    const column = text(row, 'column')!;
    const type = text(row, 'type')!;
    const where = { schema, table, column };
    if (type === 'timestamp') {
      if (advice === undefined) advice = frameworkZoneAdvice((await db.query(MIGRATION_TABLES_SQL)).rows.map((r) => text(r, 'name') ?? ''), zone);
      const { blockers } = await changeBlockers(db, { ...where, toTimestamptz: true });
      push({
        ...where,
        kind: 'timestamp-without-time-zone',
        note: advice.why,
        fix: presetCommand('timestamp-to-timestamptz', schema, table, column, ` --from-zone ${advice.zone === null ? '<ZONE>' : shellQuote(advice.zone)}`),
        blockers,
        input: advice.zone === null ? `--from-zone: ${advice.why}` : null,
      });
    } else if (type === 'json') {
      const { blockers } = await changeBlockers(db, where);
      push({ ...where, kind: 'json-column', note: '', fix: presetCommand('json-to-jsonb', schema, table, column), blockers });
    } else {
      const checks = text(row, 'checks') ?? '';
      const maxAbsText = text(row, 'max_abs');
      const maxAbs = maxAbsText === null ? null : Number(maxAbsText);
      const byName = looksLikeMoney(column, checks, maxAbs);
      const byCheck = checks !== '' && NUMERIC_CHECK.test(checks) && !RATIO_BOUND.test(checks);
      if (!byName && !byCheck) continue;
      const { blockers } = await changeBlockers(db, where);
      push({
        ...where,
        kind: 'float-money-column',
        note:
          `${type === 'float4' ? 'real' : 'double precision'} column ${byName ? 'with a money-like name' : ''}${byName && byCheck ? ' and ' : ''}` +
          `${byCheck ? `a decimal-looking CHECK (${checks})` : ''}.`,
        fix: presetCommand('float-to-numeric', schema, table, column, type === 'float4' ? ' --from float4' : ''),
        blockers,
      });
    }
  }
  return findings;
}
