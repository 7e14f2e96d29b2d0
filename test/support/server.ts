import pg from 'pg';

/** The server every server suite talks to. */
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every value comes back as the exact text PostgreSQL sent; no parser runs. */
export const rawTextTypes = { getTypeParser: () => (text: string) => text };

/**
 * A client that returns raw text for every column, so tests compare against what the server
 * itself printed. Per-client `types`: pg's process-wide registry is never touched.
 */
export async function connectRaw(options: { timeZone?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, types: rawTextTypes });
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
