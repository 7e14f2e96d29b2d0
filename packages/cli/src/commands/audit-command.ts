import { audit, type AuditFinding } from '@pg-exact/core';
import pg from 'pg';
import { colors, startProgress } from '../output.js';
import { ConnectionError, UsageError } from '../usage-error.js';

export interface AuditCommandOptions {
  format?: string;
  schema?: string | string[];
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
  const schemas = options.schema === undefined ? [] : [options.schema].flat().map(String);

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
      findings = await audit(client, { schemas });
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

export function printFindings(findings: readonly AuditFinding[], where: string): void {
  const c = colors;
  if (findings.length === 0) {
    console.log(`${c.green('✔')} No traps found in ${where}.`);
    return;
  }
  for (const f of findings) {
    const place = f.table === null ? 'database' : [f.schema, f.table, f.column].filter((part) => part !== null).join('.');
    console.log(`${c.red('✖')} ${c.bold(f.kind)}  ${c.cyan(place)}`);
    console.log(`  ${c.dim('why')}  ${f.detail}`);
    console.log(`  ${c.dim('fix')}  ${c.green(f.fix)}\n`);
  }
  const kinds = new Set(findings.map((f) => f.kind)).size;
  console.log(`${findings.length} finding${findings.length === 1 ? '' : 's'} (${kinds} kind${kinds === 1 ? '' : 's'}) in ${where}.`);
  console.log(c.dim('Each fix prints a migration; add --orm kysely|drizzle|prisma --out DIR to write it for your tool.'));
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
