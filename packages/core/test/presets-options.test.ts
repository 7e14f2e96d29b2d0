// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// The presets are pure functions: options are checked in JavaScript, names are quoted, and
// every piece of SQL starts with SET LOCAL lock_timeout and a catalog-checking DO block.
import { expect, test } from 'vitest';
import { presets } from '../src/index.js';
import { quoteLiteral } from '../src/presets/preset-sql.js';

const base = { table: 'orders', column: 'id' };

const all = [
  ['serialToIdentity', () => presets.serialToIdentity(base)],
  ['resyncSequence', () => presets.resyncSequence(base)],
  ['int4ToInt8', () => presets.int4ToInt8(base)],
  ['timestampToTimestamptz', () => presets.timestampToTimestamptz({ ...base, fromZone: 'UTC' })],
  ['jsonToJsonb', () => presets.jsonToJsonb(base)],
  ['floatToNumeric', () => presets.floatToNumeric(base)],
] as const;

test.each(all)('%s: SET LOCAL lock_timeout first, then one DO block; a name; a description', (_name, build) => {
  const sql = build();
  for (const text of [sql.up, sql.down].filter((text) => text !== null)) {
    expect(text.startsWith("SET LOCAL lock_timeout = '5s';\nDO $pgx_preset$\n")).toBe(true);
    expect(text.trimEnd().endsWith('$pgx_preset$;')).toBe(true);
  }
  expect(sql.name).toMatch(/^[a-z0-9_]+_orders_id$/);
  expect(sql.description).toMatch(/inside a transaction/);
});

test('the SQL shape of each change', () => {
  const target = { ...base, schema: 'shop', lockTimeout: '2s' };
  expect(presets.int4ToInt8(target).up).toContain("format('ALTER COLUMN %I TYPE bigint', pgx_r.attname)");
  expect(presets.int4ToInt8(target).up).toContain("ALTER SEQUENCE %s AS bigint");
  expect(presets.int4ToInt8(target).up).toContain("k.contype = 'f'"); // follows foreign keys
  expect(presets.int4ToInt8(target).up).toContain("USING rel, col, ARRAY['integer']::regtype[]");
  expect(presets.int4ToInt8(target).up).toContain(`rel_name text := '"shop"."orders"'`);
  expect(presets.int4ToInt8(target).up.startsWith("SET LOCAL lock_timeout = '2s';")).toBe(true);
  // The USING template: $col becomes each changed column's quoted name.
  expect(presets.timestampToTimestamptz({ ...target, fromZone: 'Europe/Paris' }).up).toContain("TYPE timestamptz', pgx_r.attname)");
  expect(presets.timestampToTimestamptz({ ...target, fromZone: 'Europe/Paris' }).up).toContain(
    "replace('$col AT TIME ZONE ''Europe/Paris''', '$col'",
  );
  expect(presets.jsonToJsonb(target).down).toContain("replace('$col::json', '$col'");
  expect(presets.jsonToJsonb(target).up).toContain("'jsonb_\\1('"); // json_typeof() in a recreated CHECK/view → jsonb_typeof()
  expect(presets.floatToNumeric({ ...target, precision: 12, scale: 4 }).up).toContain("replace('$col::text::numeric(12,4)', '$col'");
  expect(presets.floatToNumeric({ ...target, from: 'float4' }).down).toContain("replace('$col::float4', '$col'");
  expect(presets.timestampToTimestamptz({ ...target, fromZone: 'UTC' }).up).toContain("format('DROP %s %s'"); // dependent views
  expect(presets.serialToIdentity(target).up).toContain('GRANT %s ON SEQUENCE %s TO %s%s'); // the sequence's grants
  expect(presets.serialToIdentity({ ...target, always: true }).up).toContain('ADD GENERATED ALWAYS AS IDENTITY');
  expect(presets.resyncSequence(target).down).toBeNull();
});

test('names reach the SQL only as literals, whatever they contain', () => {
  const sql = presets.jsonToJsonb({ schema: 'My Schema', table: `it's "odd" $pgx_preset$`, column: 'Weird\\Col' });
  expect(sql.up).toContain(`rel_name text := '"My Schema"."it''s ""odd"" $pgx_preset$"'`);
  expect(sql.up).toContain(`col text := E'Weird\\\\Col'`);
  expect(sql.up).toContain('DO $pgx_preset1$'); // the tag moved out of the name's way
  expect(sql.name).toBe('json_to_jsonb_it_s_odd_pgx_preset_weird_col');
  expect(quoteLiteral("a'b")).toBe("'a''b'");
});

test.each([
  [() => presets.jsonToJsonb({ table: '', column: 'c' }), /option `table` must be a non-empty string/],
  [() => presets.jsonToJsonb({ table: 't', column: 1 as unknown as string }), /option `column` must be a non-empty string/],
  [() => presets.jsonToJsonb({ ...base, schema: 'a\0b' }), /option `schema` contains a NUL/],
  [() => presets.jsonToJsonb({ ...base, table: 'x'.repeat(64) }), /option `table` is longer than 63 bytes/],
  [() => presets.jsonToJsonb({ ...base, lockTimeout: "5s'; DROP TABLE x; --" }), /option `lockTimeout`/],
  [() => presets.jsonToJsonb({ ...base, lockTimeout: 5 as unknown as string }), /option `lockTimeout`/],
  [() => presets.jsonToJsonb({ ...base, fromZone: 'UTC' } as never), /unknown option `fromZone`/],
  [() => presets.jsonToJsonb(null as never), /options must be an object/],
  [() => presets.timestampToTimestamptz(base as never), /option `fromZone` .* is required/],
  [() => presets.timestampToTimestamptz({ ...base, fromZone: 'Mars/Olympus' }), /option `fromZone` is not an IANA zone/],
  [() => presets.timestampToTimestamptz({ ...base, fromZone: '+05:00' }), /option `fromZone` is not an IANA zone/],
  [() => presets.timestampToTimestamptz({ ...base, fromZone: "UTC'" }), /option `fromZone` is not an IANA zone/],
  [() => presets.serialToIdentity({ ...base, always: 'yes' as never }), /option `always` must be a boolean/],
  [() => presets.floatToNumeric({ ...base, precision: 0 }), /option `precision` must be an integer from 1 to 1000/],
  [() => presets.floatToNumeric({ ...base, precision: 5, scale: 6 }), /option `scale` must be an integer from 0 to 5/],
  [() => presets.floatToNumeric({ ...base, scale: 2 }), /option `scale`/],
  [() => presets.floatToNumeric({ ...base, from: 'float2' as never }), /option `from` must be 'float4' or 'float8'/],
])('rejects bad options with a TypeError naming the option (%#)', (build, message) => {
  expect(build).toThrow(TypeError);
  expect(build).toThrow(message);
});

test('accepts every lock_timeout unit PostgreSQL reads', () => {
  for (const lockTimeout of ['0', '250ms', '1.5s', '2min', '1h', '1d', '100us', '10 s']) {
    expect(presets.jsonToJsonb({ ...base, lockTimeout }).up).toContain(`lock_timeout = '${lockTimeout}'`);
  }
});
