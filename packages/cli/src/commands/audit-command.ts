import { audit, AUDIT_KIND_EXPLANATIONS, type AuditFinding, type AuditFindingKind } from '@pg-exact/core';
import pg from 'pg';
import { colors, startProgress } from '../output.js';
import { ConnectionError, UsageError } from '../usage-error.js';

export interface AuditCommandOptions {
  format?: string;
  schema?: string | string[];
  /** Only these kinds (repeatable). */
  kind?: string | string[];
  /** Only these tables (`table` or `schema.table`, repeatable). */
  table?: string | string[];
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat().map(String));

/** The findings the --kind / --table filters keep. */
export function filterFindings(findings: readonly AuditFinding[], kinds: readonly string[], tables: readonly string[]): AuditFinding[] {
  return findings.filter(
    (f) =>
      (kinds.length === 0 || kinds.includes(f.kind)) &&
      (tables.length === 0 || (f.table !== null && (tables.includes(f.table) || tables.includes(`${f.schema}.${f.table}`)))),
  );
}

/** Raw text for every column: the audit reads what the server printed, through no parser. */
const rawText = { getTypeParser: () => (text: string) => text };

/**
 * `pg-exact audit [url]`: connects with a plain node-postgres client (no pg-exact session pin, so
 * the database's real default TimeZone is what it sees), runs `audit` inside `BEGIN READ ONLY`
 * and rolls back. Returns the exit code: 1 with findings, 0 without.
 */
export async function auditCommand(url: string | undefined, options: AuditCommandOptions): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  const connectionString = url ?? process.env.DATABASE_URL;
  if (!connectionString) throw new UsageError('no connection URL: pass one (pg-exact audit postgres://…) or set DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new UsageError(`not a PostgreSQL URL: ${JSON.stringify(redact(connectionString))} (expected postgres://user@host:port/database)`);
  }
  const schemas = list(options.schema);
  const kinds = list(options.kind);
  const tables = list(options.table);
  for (const kind of kinds) {
    if (!(kind in AUDIT_KIND_EXPLANATIONS)) {
      throw new UsageError(`unknown --kind ${JSON.stringify(kind)}; one of: ${Object.keys(AUDIT_KIND_EXPLANATIONS).join(', ')}`);
    }
  }

  const progress = startProgress('Connecting…', format === 'text');
  const client = new pg.Client({
    connectionString,
    types: rawText,
    connectionTimeoutMillis: 10_000,
    application_name: 'pg-exact audit',
  });
  client.on('error', () => undefined); // reported through the failing query instead
  let findings: AuditFinding[];
  try {
    try {
      await client.connect();
    } catch (error) {
      throw new ConnectionError(`cannot connect to ${redact(connectionString)}: ${message(error)}`);
    }
    progress.update('Reading the catalog…');
    try {
      // READ ONLY: the server itself refuses any write, whatever the queries do.
      await client.query('BEGIN TRANSACTION READ ONLY');
      findings = filterFindings(await audit(client, { schemas }), kinds, tables);
      await client.query('ROLLBACK');
    } catch (error) {
      throw new ConnectionError(`audit failed: ${message(error)}`);
    }
  } finally {
    progress.stop();
    await client.end().catch(() => undefined);
  }

  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
  } else {
    printFindings(findings, redact(connectionString));
  }
  return findings.length > 0 ? 1 : 0;
}

/**
 * The text report: per kind, its explanation once, then one line per column (what is particular
 * to it, and its fix); then counts by schema and by table. A column whose fix cannot apply says so.
 */
export function printFindings(findings: readonly AuditFinding[], where: string): void {
  const c = colors;
  if (findings.length === 0) {
    console.log(`${c.green('✔')} No traps found in ${where}.`);
    return;
  }
  const byKind = new Map<AuditFindingKind, AuditFinding[]>();
  for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  for (const [kind, group] of byKind) {
    console.log(`${c.red('✖')} ${c.bold(kind)} ${c.dim(`(${group.length})`)}`);
    console.log(`  ${c.dim(AUDIT_KIND_EXPLANATIONS[kind])}`);
    // A note shared by every finding of the kind (the zone advice) is printed once too.
    const notes = new Set(group.map((f) => f.note));
    const shared = notes.size === 1 && group.length > 1 ? group[0]!.note : null;
    if (shared !== null && shared !== '') console.log(`  ${c.dim(shared)}`);
    for (const f of group) {
      const place = f.table === null ? 'database' : [f.schema, f.table, f.column].filter((part) => part !== null).join('.');
      // The note of a finding that needs input is the why of that input: printed once, below.
      const note = shared === null && f.note !== '' && !(f.input?.includes(f.note) ?? false) ? `  ${c.dim(f.note)}` : '';
      console.log(`  ${c.cyan(place)}${note}`);
      if (f.fixable) console.log(`    ${c.green(f.fix)}`);
      else console.log(`    ${c.yellow(f.fix)}`);
      if (f.input !== null) console.log(`    ${c.yellow('needs')} ${f.input}`);
    }
    console.log('');
  }
  const unfixable = findings.filter((f) => !f.fixable).length;
  const kinds = byKind.size;
  console.log(
    `${findings.length} finding${findings.length === 1 ? '' : 's'} (${kinds} kind${kinds === 1 ? '' : 's'}) in ${where}` +
      (unfixable > 0 ? `; ${unfixable} without an automatic fix (the manual path is printed instead).` : '.'),
  );
  const count = (key: (f: AuditFinding) => string | null) => {
    const counts = new Map<string, number>();
    for (const f of findings) {
      const k = key(f);
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const schemas = count((f) => f.schema);
  if (schemas.length > 0) console.log(`By schema: ${schemas.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const tables = count((f) => (f.table === null ? null : `${f.schema}.${f.table}`));
  if (tables.length > 0) {
    const shown = tables.slice(0, 10);
    console.log(`By table: ${shown.map(([k, n]) => `${k} ${n}`).join(', ')}${tables.length > shown.length ? `, and ${tables.length - shown.length} more tables` : ''}`);
  }
  console.log(c.dim('Filter with --kind, --schema, --table. Each fix prints a migration (add --orm kysely|drizzle|prisma --out DIR), or add --apply to run it.'));
}

/** The URL without its password. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
