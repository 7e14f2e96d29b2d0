// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// In the repository, `npx pg-exact …` is the workspace's CLI, never a registry lookup: npm links
// bin/pg-exact.js (a file that exists before the build) when the workspace is installed.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('npx pg-exact runs the workspace CLI without going to the registry', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const { stdout } = await promisify(execFile)('npx', ['--no-install', 'pg-exact', '--version'], { cwd: root, env: { ...process.env, npm_config_offline: 'true' } });
  expect(stdout).toContain(`pg-exact/${version}`);
});
