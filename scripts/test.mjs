// Runs the vitest suite once per process time zone: the traps pg-exact fixes move with TZ, so a
// suite that passes only in UTC proves nothing. A test file whose text contains the marker
// `pg-exact-test: zone-independent` (catalog SQL, migrations, CLI plumbing: nothing that reads the
// process TZ) runs in the first zone only, which keeps the whole run inside CI's time budget.
// Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const zones = (process.env.PG_EXACT_TEST_ZONES ?? 'UTC,America/New_York,Asia/Kolkata,Australia/Lord_Howe').split(',');
const ZONE_INDEPENDENT = 'pg-exact-test: zone-independent';
const testDirs = ['packages', 'examples'].flatMap((root) => readdirSync(root).map((name) => join(root, name, 'test')));
const onceOnly = [...testDirs, 'test']
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir, { recursive: true }).map((file) => join(dir, String(file))))
  .filter((file) => file.endsWith('.test.ts') && !file.includes('node_modules'))
  .filter((file) => readFileSync(file, 'utf8').includes(ZONE_INDEPENDENT))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'pg-exact-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedZones = [];

for (const [index, zone] of zones.entries()) {
  const excluded = index === 0 ? [] : onceOnly;
  console.log(`\n=== vitest under TZ=${zone}${excluded.length ? ` (${excluded.length} zone-independent files ran under ${zones[0]})` : ''} ===`);
  const report = join(dir, `${zone.replace(/\W/g, '_')}.json`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...excluded.flatMap((file) => ['--exclude', file]), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, TZ: zone } },
  );
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + result.numTodoTests;
    if (result.numTotalTests === 0) failedZones.push(`${zone} (no tests ran)`);
  } catch {
    failedZones.push(`${zone} (no report)`);
  }
  if (run.status !== 0) failedZones.push(zone);
}
rmSync(dir, { recursive: true, force: true });

console.log(`\nTime zones: ${zones.join(', ')}${failedZones.length ? ` — FAILED: ${[...new Set(failedZones)].join(', ')}` : ''}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedZones.length > 0 ? 1 : 0);
