import pg from 'pg';

/** The server every server suite talks to. */
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every value comes back as the exact text PostgreSQL sent; no parser runs. */
export const rawTextTypes = { getTypeParser: () => (text: string) => text };

/**
 * A client that returns raw text for every column, so tests compare against what the server
 * itself printed. Per-client `types`: pg's process-wide registry is never touched.
 */
export async function connectRaw(options: { timeZone?: string; url?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: options.url ?? databaseUrl, types: rawTextTypes });
  await client.connect();
  if (options.timeZone) await client.query(`SET TIME ZONE '${options.timeZone.replace(/'/g, "''")}'`);
  return client;
}

/** Resolves to an error message when the server cannot be reached, else undefined. */
export async function probeServer(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The database the conformance suite runs in; its default TimeZone is deliberately not UTC. */
export const conformanceDatabase = 'pg_exact_conformance';
export const conformanceZone = 'Asia/Kathmandu';

/**
 * Creates (once) the conformance database with a non-UTC default TimeZone (+05:45, not even a
 * whole hour), so stacks that rely on the server's default are caught. Returns its URL.
 */
export async function ensureConformanceDatabase(): Promise<string> {
  return ensureDatabase(conformanceDatabase, { TimeZone: conformanceZone });
}

/**
 * Creates (once) a database of the suite's own and returns its URL. For suites whose tools read the
 * whole catalog (Kysely's Migrator introspects every schema and fails when another suite drops one
 * at that moment): in their own database no other suite's schemas come and go. `name` must be a
 * plain lower-case identifier; `settings` become its per-database defaults.
 */
export async function ensureDatabase(name: string, settings: Record<string, string> = {}): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`ensureDatabase: ${JSON.stringify(name)} is not a plain identifier`);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${name}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error; // created concurrently
      });
    }
    for (const [setting, value] of Object.entries(settings)) {
      await admin.query(`ALTER DATABASE ${name} SET ${setting} TO '${value.replace(/'/g, "''")}'`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
