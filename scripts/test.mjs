// Runs the vitest suite under several process time zones: the traps pg-exact fixes move with TZ,
// so a suite that passes only in UTC proves nothing. To stay inside CI's time budget (the suite is
// CPU-bound on 2 cores: PGlite, Prisma clients, child processes):
// - the first two zones run every file, except that a file containing the marker
//   `pg-exact-test: zone-independent` (catalog SQL, migrations, CLI plumbing: nothing that reads
//   the process TZ) runs in the first zone only;
// - the other zones run the time-sensitive core: the conformance suite (every stack, every trap,
//   server and PGlite), the core codecs, and each package's read/write/values suites.
// Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const zones = (process.env.PG_EXACT_TEST_ZONES ?? 'UTC,America/New_York,Asia/Kolkata,Australia/Lord_Howe').split(',');
const ZONE_INDEPENDENT = 'pg-exact-test: zone-independent';
const testDirs = ['packages', 'examples'].flatMap((root) => readdirSync(root).map((name) => join(root, name, 'test')));
const testFiles = [...testDirs, 'test']
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir, { recursive: true }).map((file) => join(dir, String(file))))
  .filter((file) => file.endsWith('.test.ts') && !file.includes('node_modules'))
  .sort();
const onceOnly = testFiles.filter((file) => readFileSync(file, 'utf8').includes(ZONE_INDEPENDENT));
const TIME_SENSITIVE_CORE = [/^test\/conformance\//, /^packages\/core\/test\//, /^packages\/[^/]+\/test\/(read|write|values)\.test\.ts$/];
const outsideCore = testFiles.filter((file) => !TIME_SENSITIVE_CORE.some((pattern) => pattern.test(file.split('\\').join('/'))));
const dir = mkdtempSync(join(tmpdir(), 'pg-exact-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedZones = [];
// Failed tests are listed again after the summary: CI logs are often read from their tail only.
const failures = [];

for (const [index, zone] of zones.entries()) {
  const excluded = index === 0 ? [] : index === 1 ? onceOnly : [...new Set([...onceOnly, ...outsideCore])];
  const scope = index === 0 ? 'every file' : index === 1 ? `all but ${onceOnly.length} zone-independent files` : 'the time-sensitive core';
  console.log(`\n=== vitest under TZ=${zone}: ${scope} ===`);
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
    for (const file of result.testResults ?? []) {
      const name = file.name.startsWith(process.cwd()) ? file.name.slice(process.cwd().length + 1) : file.name;
      const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failed) {
        const message = String(test.failureMessages?.[0] ?? '').split('\n').filter((line) => !/^\s*at .*(node_modules|node:internal|<anonymous>)/.test(line)).slice(0, 5).join('\n    ');
        failures.push(`[${zone}] ${name} > ${test.fullName}\n    ${message}`);
      }
      if (failed.length === 0 && file.status === 'failed') failures.push(`[${zone}] ${name}: ${String(file.message ?? 'failed').split('\n')[0]}`);
    }
  } catch {
    failedZones.push(`${zone} (no report)`);
  }
  if (run.status !== 0) failedZones.push(zone);
}
rmSync(dir, { recursive: true, force: true });

console.log(`\nTime zones: ${zones.join(', ')}${failedZones.length ? ` — FAILED: ${[...new Set(failedZones)].join(', ')}` : ''}`);
if (failures.length > 0) console.log(`\nFailed:\n${failures.join('\n')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedZones.length > 0 ? 1 : 0);
