// pg-exact-test: zone-independent (the demo sets its own TZ when run under UTC; runs under the first zone only, see scripts/test.mjs)
// `pg-exact demo` on embedded PGlite, as `npm start` runs it: exits 0 and prints the table and the audit.
import { expect, test } from 'vitest';
import { runCli } from './run-cli.js';

test('the demo runs on PGlite without a server and prints the before/after table', async () => {
  const { code, stdout } = await runCli(['demo', '--pglite'], { DATABASE_URL: '' }, 120_000);
  expect(code).toBe(0);
  expect(stdout).toMatch(/trap\s+│ node-postgres │ postgres\.js\s+│ PGlite\s+│ Kysely\s+│ Drizzle\s+│ Prisma\s+│ pg-exact ×6/);
  for (const trap of ['int8 2^53+1', 'jsonb big number', 'timestamptz µs', 'infinity', 'sequence behind max']) {
    const row = stdout.split('\n').find((line) => line.startsWith(trap));
    expect(row, trap).toBeDefined();
    expect(row!.split('│').at(-1)!.trim(), trap).toMatch(/^✓/); // pg-exact is exact on every row
  }
  // Prisma's DateTime limits are footnotes of the pg-exact cell, not failures: each names the exact path.
  const footnotes = stdout.split('\n').filter((line) => /^[¹²³⁴] prisma gives /.test(line));
  expect(footnotes.map((line) => line.slice(0, 1))).toEqual(['¹', '²', '³', '⁴']);
  for (const line of footnotes) expect(line).toMatch(/\$queryRawExact/);
  expect(stdout).toMatch(/published \d+ messages on diagnostics_channel 'pg-exact:trap'/);
  expect(stdout).toMatch(/✖ sequence-behind-max/);
  expect(stdout).toMatch(/pg-exact preset int4-to-int8/);
  const tableWidth = Math.max(...stdout.split('\n').filter((line) => line.includes('│')).map((line) => line.length));
  expect(tableWidth).toBeLessThanOrEqual(120);
});
