import { randomBytes } from 'node:crypto';
import { sessionSetSql } from '@pg-exact/core';
import type pg from 'pg';
import { connectRaw, databaseUrl } from '../../../test/support/server.js';

export { databaseUrl };

/** A scratch schema on the test server, dropped by `drop()`. */
export interface ScratchSchema {
  readonly name: string;
  /** A raw-text client (no parser runs) for asserting on what the server stored. */
  readonly raw: pg.Client;
  drop(): Promise<void>;
}

export async function createScratchSchema(): Promise<ScratchSchema> {
  const name = `pgx_pg_${randomBytes(4).toString('hex')}`;
  const raw = await connectRaw();
  await raw.query(sessionSetSql); // so the stored ::text is printed in UTC, ISO
  await raw.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    raw,
    async drop() {
      await raw.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await raw.end();
    },
  };
}

export { tag } from '../../../test/support/tag.js';

/** Runs `body` with the Node process time zone set to `zone`, restoring it afterwards. */
export async function inProcessTimeZone<T>(zone: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}
