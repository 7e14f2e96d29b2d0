// pg-exact-test: zone-independent (int8 bytes and the driver's decoding; no date or time value)
// Why pg-exact reads node-postgres results in text format (issue 15 asked for the binary format
// where a driver offers it, as pgx uses by default). pg 8 does request binary results for a query
// with `binary: true`, but pg-protocol decodes every DataRow field as UTF-8 text and pg's Result
// turns that string back into bytes (`Buffer.from(rawValue)`) before a binary parser sees it:
// every byte sequence that is not valid UTF-8 becomes U+FFFD, so distinct values arrive as the
// same bytes. No public option reads the raw bytes. These tests pin that behaviour: when a pg
// release delivers the bytes intact, the first one fails and the binary format is worth measuring.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPool, ExactClient } from '../src/index.js';
import { databaseUrl } from './helpers.js';

/** Per-client types that hand every binary field's bytes through unparsed. */
const rawBinary = {
  getTypeParser: (_oid: number, format?: string) => (value: unknown) => (format === 'binary' ? Buffer.from(value as Buffer) : value),
};

describe('node-postgres binary results', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl, types: rawBinary });
    await client.connect();
  });
  afterAll(() => client.end());

  test('pg 8 loses bytes of binary fields: int8 128 and 129 arrive as the same 10 bytes, not 8', async () => {
    // Parameters make it an extended-protocol query; a simple query always returns text.
    // (@types/pg's QueryConfig does not declare `binary`, which pg reads.)
    const query = { text: 'SELECT $1::int8 + 128 AS a, $1::int8 + 129 AS b, $1::int8 + 127 AS c', values: [0], binary: true } as pg.QueryConfig;
    const { rows } = await client.query<{ a: Buffer; b: Buffer; c: Buffer }>(query);
    // 127 is ASCII, so it survives; 128 and 129 (0x80, 0x81: no UTF-8 on their own) do not.
    expect(rows[0]!.c).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 0, 127]));
    expect(rows[0]!.a).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0xef, 0xbf, 0xbd]));
    expect(rows[0]!.b).toEqual(rows[0]!.a);
  });

  test('ExactClient and createPool refuse binary: true with a TypeError (the exact parsers read text)', async () => {
    const exact = new ExactClient(databaseUrl);
    await exact.connect();
    const pool = createPool({ connectionString: databaseUrl, max: 1 });
    try {
      const query = { text: 'SELECT $1::int8 AS v', values: [1], binary: true } as pg.QueryConfig;
      await expect(exact.query(query)).rejects.toThrow(/binary/);
      await expect(pool.query(query)).rejects.toThrow(/binary/);
      // The connection stays usable, in text format.
      expect((await exact.query('SELECT 9007199254740993::int8 AS v')).rows).toEqual([{ v: 9007199254740993n }]);
    } finally {
      await exact.end();
      await pool.end();
    }
  });
});
