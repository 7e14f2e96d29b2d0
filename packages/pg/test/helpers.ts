import { randomBytes } from 'node:crypto';
import { decimalToText, isDecimal, PreciseDate, sessionSetSql } from '@pg-exact/core';
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

/**
 * A JS value as a comparable, self-describing structure: `'bigint:1'`, `'Decimal:1.50'`,
 * `'PreciseDate:2024-…Z'`, `'number:-0'`, `'string:x'`; arrays and objects kept. Tests compare on
 * this so that a number where a bigint was due (or a Date where a PreciseDate was due) fails.
 */
export function tag(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(tag);
  switch (typeof value) {
    case 'bigint':
      return `bigint:${value}`;
    case 'number':
      return `number:${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string':
      return `string:${value}`;
    case 'boolean':
      return `boolean:${value}`;
    case 'undefined':
      return 'undefined';
    case 'object':
      if (isDecimal(value)) return `Decimal:${decimalToText(value)}`;
      if (value instanceof PreciseDate) return `PreciseDate:${value.toISOString()}`;
      if (value instanceof Date) return `Date:${value.toISOString()}`;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]));
    default:
      return `${typeof value}`;
  }
}

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
