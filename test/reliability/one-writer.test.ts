// One writer, one answer (DESIGN "Faults and bad input"): every pg-exact stack accepts and refuses
// the same parameter values, and what it accepts is stored as PostgreSQL stores the same text.
// Values go through each stack's raw SQL path with `$1` (so the typed bindings serialize by the
// type the server describes, the pg binding by JavaScript type), into a column of the case's type;
// the server's own `v::text` is the judge, and a refusal must leave no row behind.
import { Decimal, PreciseDate } from '@pg-exact/core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { ConformanceSession } from '../conformance/adapter.js';
import { describeStack, exactStacks } from './exact-stacks.js';
import { openTarget, type OpenTarget } from '../conformance/targets.js';

const REFUSED = Symbol('refused');

interface WriteCase {
  readonly name: string;
  readonly type: string;
  readonly value: () => unknown;
  /** The server's `v::text` of the stored row, or REFUSED: an error and no row. */
  readonly stored: string | typeof REFUSED;
  /** Checks what RETURNING v read back, where the case is about reading. */
  readonly read?: (value: unknown) => void;
}

// Objects, not arrays: a JS array parameter is a PostgreSQL array for the pg binding.
const nestedText = (depth: number) => `${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}`;
function deepObject(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}
const far = '294276-12-31 23:59:59.999999';
const readsFar = (value: unknown) => {
  expect(value).toBeInstanceOf(PreciseDate);
  expect((value as PreciseDate).toISOString()).toBe('+294276-12-31T23:59:59.999999Z');
};

export const writeCases: readonly WriteCase[] = [
  // Accepted: PostgreSQL reads these as exactly one value.
  { name: 'blanks around int8 digits', type: 'int8', value: () => ' 42 ', stored: '42' },
  { name: 'blanks around int4 digits', type: 'int4', value: () => '\t42\n', stored: '42' },
  { name: 'blanks around int2 digits', type: 'int2', value: () => ' -7 ', stored: '-7' },
  { name: 'blanks around numeric', type: 'numeric', value: () => ' 12.50 ', stored: '12.50' },
  { name: 'an integral Decimal into int8', type: 'int8', value: () => new Decimal(5), stored: '5' },
  { name: 'a safe integer number into int8', type: 'int8', value: () => 2 ** 53 - 1, stored: '9007199254740991' },
  { name: '2^53 + 2 into float8 (exact there)', type: 'float8', value: () => 2 ** 53 + 2, stored: '9.007199254740994e+15' },
  { name: '2^53 + 2 into numeric (exact there)', type: 'numeric', value: () => 2 ** 53 + 2, stored: '9007199254740994' },
  { name: 'a leap second', type: 'timestamptz', value: () => '2016-12-31 23:59:60+00', stored: '2017-01-01 00:00:00+00' },
  {
    name: 'a named zone (in its DST gap)',
    type: 'timestamptz',
    value: () => '2024-03-10 02:30:00 America/New_York',
    stored: '2024-03-10 07:30:00+00',
  },
  // Beyond a JS Date, within PostgreSQL: stored, and RETURNING reads it back exactly.
  { name: 'timestamptz 294276-12-31 (text)', type: 'timestamptz', value: () => `${far}+00`, stored: `${far}+00`, read: readsFar },
  { name: 'timestamp 294276-12-31 (text)', type: 'timestamp', value: () => far, stored: far, read: readsFar },
  {
    name: 'timestamptz 294276-12-31 (a PreciseDate read back)',
    type: 'timestamptz',
    value: () => PreciseDate.fromEpochMicroseconds(9_224_318_015_999_999_999n),
    stored: `${far}+00`,
    read: readsFar,
  },
  { name: 'text with a surrogate pair', type: 'text', value: () => 'a\ud83d\ude00b', stored: 'a\ud83d\ude00b' },
  // json stores U+0000 and lone-surrogate escapes; jsonb refuses them (the server's own rules).
  { name: 'json with U+0000', type: 'json', value: () => ({ a: '\u0000' }), stored: '{"a":"\\u0000"}' },
  { name: 'json with a lone surrogate', type: 'json', value: () => ({ a: 'x\udc00' }), stored: '{"a":"x\\udc00"}' },
  { name: 'jsonb 1,500 levels deep', type: 'jsonb', value: () => deepObject(1500), stored: nestedText(1500) },
  // Refused: nothing stored, on every stack.
  { name: 'an integral Decimal with a scale into int8', type: 'int8', value: () => new Decimal('5.0'), stored: REFUSED },
  { name: '2^53 + 2 into int8 (may already be rounded)', type: 'int8', value: () => 2 ** 53 + 2, stored: REFUSED },
  { name: '2^63 into int8', type: 'int8', value: () => 2n ** 63n, stored: REFUSED },
  { name: 'second 60.5', type: 'timestamptz', value: () => '2016-12-31 23:59:60.5+00', stored: REFUSED },
  { name: 'beyond 294276-12-31', type: 'timestamptz', value: () => '294277-01-01 00:00:00+00', stored: REFUSED },
  { name: 'text with a lone surrogate', type: 'text', value: () => 'a\ud800b', stored: REFUSED },
  { name: 'jsonb with U+0000', type: 'jsonb', value: () => ({ a: '\u0000' }), stored: REFUSED },
  { name: 'jsonb with a lone surrogate', type: 'jsonb', value: () => ({ a: 'x\udc00' }), stored: REFUSED },
  { name: 'an Invalid Date inside jsonb', type: 'jsonb', value: () => ({ at: new Date(Number.NaN) }), stored: REFUSED },
  { name: 'an Invalid Date inside json', type: 'json', value: () => [new Date(Number.NaN)], stored: REFUSED },
];

for (const stack of exactStacks) {
  describeStack(stack, '', (kind) => {
    const schema = `pgx_writers13_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    let opened: OpenTarget;
    let session: ConformanceSession;

    beforeAll(async () => {
      opened = await openTarget(kind, inject('conformanceUrl'));
      session = await stack.open(opened.target);
      await session.execute(`CREATE SCHEMA "${schema}"`);
      await session.execute(`SET TIME ZONE 'UTC'`);
    });

    afterAll(async () => {
      await session?.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await session?.close();
      await opened?.close();
    });

    test.each(writeCases.map((writeCase, index) => ({ ...writeCase, index })))('$name', async (writeCase) => {
      const table = `"${schema}"."w${writeCase.index}"`;
      await session.execute(`CREATE TABLE ${table} (v ${writeCase.type})`);
      // (Prisma's raw Exact path throws a refusal synchronously: caught all the same.)
      const outcome = await Promise.resolve()
        .then(() => session.query(`INSERT INTO ${table} (v) VALUES ($1) RETURNING v, v::text AS t`, [writeCase.value()]))
        .then(
          (rows) => ({ rows }),
          (error: unknown) => ({ error }),
        );
      const [{ n }] = (await session.query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }];
      if (writeCase.stored === REFUSED) {
        expect('error' in outcome, 'refused').toBe(true);
        expect(n, 'rows left behind').toBe(0);
        return;
      }
      if ('error' in outcome) throw outcome.error;
      expect(n).toBe(1);
      expect(outcome.rows[0]?.t).toBe(writeCase.stored);
      writeCase.read?.(outcome.rows[0]?.v);
    });
  });
}
