import { PgExactValueError } from '@pg-exact/core';
import { describe, expect, test } from 'vitest';
import { createPGlite, exactSerializers, PGLITE_MAX_JSON_DEPTH } from '../src/index.js';

function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

describe('json/jsonb deeper than PGlite can store are refused before sending', () => {
  test.each([114, 3802])('serializer for OID %i', (oid) => {
    const serialize = exactSerializers[oid]!;
    expect(serialize(deep(PGLITE_MAX_JSON_DEPTH))).toHaveLength(PGLITE_MAX_JSON_DEPTH * 6 + 1);
    expect(() => serialize(deep(PGLITE_MAX_JSON_DEPTH + 1))).toThrow(PgExactValueError);
    // JSON text too; brackets inside strings do not count.
    expect(() => serialize(`${'['.repeat(PGLITE_MAX_JSON_DEPTH + 1)}${']'.repeat(PGLITE_MAX_JSON_DEPTH + 1)}`)).toThrow(/PGlite cannot store/);
    const inString = `["${'['.repeat(PGLITE_MAX_JSON_DEPTH * 2)}"]`;
    expect(serialize(inString)).toBe(inString);
  });

  test('through createPGlite: a deep document is stored, one deeper than the limit refused with nothing stored', async () => {
    const db = await createPGlite();
    try {
      await db.exec('CREATE TABLE t (v jsonb)');
      await db.query('INSERT INTO t VALUES ($1)', [deep(1000)]);
      await expect(db.query('INSERT INTO t VALUES ($1)', [deep(PGLITE_MAX_JSON_DEPTH + 1)])).rejects.toBeInstanceOf(PgExactValueError);
      const { rows } = await db.query<{ n: number; depth: number }>(`SELECT count(*)::int AS n FROM t`);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await db.close();
    }
  });
});
