// postgres.js 4.2+ reads int2, int4, int8, timestamptz and timestamp columns through the `decode`
// hook with core's byte decoders (packages/core/test/byte-decoders.test.ts holds them equal to
// `parse`): the types carry them, and the values read from the server's rows equal the parsed text.
import { byteDecoders, codecs } from '@pg-exact/core';
import postgres from 'postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { describeServer } from '../../../test/support/vitest-server.js';
import { exactOptions, exactTypes } from '../src/index.js';
import { databaseUrl } from './helpers.js';
import { outcome } from '../../../test/support/outcome.js';


describe('exactTypes', () => {
  test('the types carry them (postgres.js 4.2+ reads with decode; 3, 4.0 and 4.1 ignore it)', () => {
    const types = exactTypes as unknown as Record<string, { decode?: unknown; parse: unknown }>;
    for (const name of ['int2', 'int4', 'int8', 'timestamptz', 'timestamp'] as const) {
      expect(types[name]!.decode).toBe(byteDecoders[name]);
      expect(types[name]!.parse).toBe(codecs[name].parse);
    }
    expect(types.numeric!.decode).toBeUndefined();
  });
});

describeServer('postgres.js reads these columns through decode', () => {
  const sql = postgres(databaseUrl, exactOptions({ max: 1 }));
  afterAll(() => sql.end());

  test('the values decoded from a row equal the parsed text, in both row readers', async () => {
    const query = `SELECT i::int8 * 1000003 * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) * 1000000 AS big, i::int4 AS n, i::int2 AS s,
      timestamptz '2024-01-01 00:00:00+00' + i * interval '1 day 1 hour 1.000001 second' AS at,
      timestamp '0500-01-01' + i * interval '13 days 1.5 second' AS local,
      (i::int8 * 1000003 * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) * 1000000)::text AS big_text,
      (timestamptz '2024-01-01 00:00:00+00' + i * interval '1 day 1 hour 1.000001 second')::text AS at_text,
      (timestamp '0500-01-01' + i * interval '13 days 1.5 second')::text AS local_text
      FROM generate_series(1, 300) AS i`;
    // postgres.js compiles a row reader after a few result sets: read enough of them to use both.
    for (let round = 0; round < 20; round++) {
      const rows = await sql.unsafe(query);
      for (const row of rows) {
        expect(row.big).toBe(codecs.int8.parse(row.big_text as string));
        expect(typeof row.n).toBe('number');
        expect(outcome(() => row.at)).toEqual(outcome(() => codecs.timestamptz.parse(row.at_text as string)));
        expect(outcome(() => row.local)).toEqual(outcome(() => codecs.timestamp.parse(row.local_text as string)));
      }
    }
  });
});
