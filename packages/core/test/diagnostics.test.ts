// The `pg-exact:trap` channel: each binding publishes when it reads or writes a value the vanilla
// stack would have lost or shifted, and stays silent for ordinary values.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createPool } from '@pg-exact/pg';
import { createPGlite } from '@pg-exact/pglite';
import { createSql } from '@pg-exact/postgres-js';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { databaseUrl } from '../../../test/support/server.js';
import { describeServer } from '../../../test/support/vitest-server.js';
import { codecs, PreciseDate, TRAP_CHANNEL, type TrapMessage } from '../src/index.js';

let messages: TrapMessage[];
const listener = (message: unknown) => messages.push(message as TrapMessage);
beforeEach(() => {
  messages = [];
  subscribe(TRAP_CHANNEL, listener);
});
afterEach(() => {
  unsubscribe(TRAP_CHANNEL, listener);
});

const TRAPS_SQL = `SELECT 9007199254740993::int8 AS i8, 12345678901234567890.123456789012345678::numeric AS num,
  '{"id": 12345678901234567890}'::jsonb AS doc, '2024-03-10 01:59:59.123456+00'::timestamptz AS tstz,
  'infinity'::timestamptz AS inf, '4713-01-01 BC'::date AS bc`;
const ORDINARY_SQL = `SELECT 1::int8 AS i8, 1.5::numeric AS num, '{"a": 1}'::jsonb AS doc, '2024-03-10 01:59:59.123+00'::timestamptz AS tstz`;
const EXPECTED: TrapMessage[] = [
  { kind: 'int8-beyond-2^53', type: 'int8', direction: 'read' },
  { kind: 'numeric-beyond-float64', type: 'numeric', direction: 'read' },
  { kind: 'json-unsafe-number', type: 'jsonb', direction: 'read' },
  { kind: 'timestamptz-microseconds', type: 'timestamptz', direction: 'read' },
  { kind: 'infinity', type: 'timestamptz', direction: 'read' },
  { kind: 'bc', type: 'date', direction: 'read' },
];
// A BC date also shifts under a non-UTC process TZ (date-local-shift): that case has its own test.
const byKind = (list: TrapMessage[]) =>
  list.filter((m) => m.kind !== 'date-local-shift').sort((a, b) => a.kind.localeCompare(b.kind));

test('codecs publish on read and write, and only for trap values', () => {
  codecs.int8.parse('42');
  codecs.numeric.parse('123456789012345'); // 15 digits: float64 keeps them
  codecs.jsonb.parse('{"a": 0.5}');
  codecs.timestamptz.parse('2024-03-10 01:59:59.123+00');
  expect(messages).toEqual([]);
  codecs.int8.serialize(2n ** 60n);
  codecs.numeric.serialize('1234567890.1234567890');
  codecs.jsonb.serialize({ big: 2n ** 64n });
  codecs.timestamptz.serialize(new PreciseDate('2024-03-10T01:59:59.123456Z'));
  codecs.int8.parseArray('{1,-9007199254740993}');
  expect(messages.map((m) => `${m.direction} ${m.kind}`)).toEqual([
    'write int8-beyond-2^53',
    'write numeric-beyond-float64',
    'write json-unsafe-number',
    'write timestamptz-microseconds',
    'read int8-beyond-2^53',
  ]);
  expect(messages.every((m) => m.column === undefined)).toBe(true); // codecs see one value, not the column
});

test('timestamp and date publish a local shift only when the process TZ is not UTC at that instant', () => {
  codecs.timestamp.parse('2024-03-10 12:00:00');
  codecs.date.parse('2024-01-01');
  codecs.timestamp.serialize('2024-03-10 12:00:00'); // text is sent as is by vanilla stacks too
  const shifted = new Date('2024-03-10T12:00:00Z').getTimezoneOffset() !== 0;
  expect(messages.map((m) => m.kind)).toEqual(shifted ? ['timestamp-local-shift', 'date-local-shift'] : []);
});

test('PGlite binding publishes for trap values and not for ordinary ones', async () => {
  const db = await createPGlite();
  try {
    await db.query(ORDINARY_SQL);
    expect(messages).toEqual([]);
    await db.query(TRAPS_SQL);
    expect(byKind(messages)).toEqual(byKind(EXPECTED));
  } finally {
    await db.close();
  }
});

describeServer('server bindings', () => {
  test('node-postgres binding publishes', async () => {
    const pool = createPool({ connectionString: databaseUrl, max: 1 });
    try {
      await pool.query(ORDINARY_SQL);
      expect(messages).toEqual([]);
      await pool.query(TRAPS_SQL);
      expect(byKind(messages)).toEqual(byKind(EXPECTED));
      messages = [];
      await pool.query('SELECT $1::int8 AS v', [2n ** 62n]);
      expect(messages.map((m) => `${m.direction} ${m.kind}`)).toEqual(['write int8-beyond-2^53', 'read int8-beyond-2^53']);
    } finally {
      await pool.end();
    }
  });

  test('postgres.js binding publishes', async () => {
    const sql = createSql(databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      await sql.unsafe(ORDINARY_SQL);
      expect(messages).toEqual([]);
      await sql.unsafe(TRAPS_SQL);
      expect(byKind(messages)).toEqual(byKind(EXPECTED));
    } finally {
      await sql.end();
    }
  });
});
