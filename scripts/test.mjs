// Runs the whole vitest suite once per process time zone: the traps pg-exact fixes move with
// TZ, so a suite that passes only in UTC proves nothing. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const zones = (process.env.PG_EXACT_TEST_ZONES ?? 'UTC,America/New_York,Asia/Kolkata,Australia/Lord_Howe').split(',');
const dir = mkdtempSync(join(tmpdir(), 'pg-exact-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedZones = [];

for (const zone of zones) {
  console.log(`\n=== vitest under TZ=${zone} ===`);
  const report = join(dir, `${zone.replace(/\W/g, '_')}.json`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
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
