// The version matrix: suites run against other releases of the ORMs and drivers and under other
// Node.js lines than the workspace's. Each cell installs its peer versions into .matrix/peers/<id>
// (see test/support/peer-versions.ts, which makes vitest resolve them from there) and a Node.js
// binary from the npm registry's `node` package into .matrix/node/<major>, then runs vitest.
//
//   node scripts/matrix.mjs                     every cell of CELLS (CI runs this)
//   node scripts/matrix.mjs --cell kysely-0.29  one cell
//   node scripts/matrix.mjs --node 24 --peer kysely@0.29.9 -- packages/kysely/test   an ad-hoc cell
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const matrixDir = join(root, '.matrix');

/** Installs `specs` (name@version) into a folder of their own; returns the folder. */
export function peersDir(specs) {
  const id = createHash('sha256').update(specs.join(' ')).digest('hex').slice(0, 12);
  const dir = join(matrixDir, 'peers', id);
  const manifest = {
    private: true,
    description: specs.join(' '),
    dependencies: Object.fromEntries(specs.map((spec) => { const at = spec.lastIndexOf('@'); return [spec.slice(0, at), spec.slice(at + 1)]; })),
  };
  const file = join(dir, 'package.json');
  if (!existsSync(join(dir, 'node_modules')) || readFileSync(file, 'utf8') !== JSON.stringify(manifest, null, 2)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(manifest, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir });
  }
  return dir;
}

/** A Node.js binary of `major` (20 is the machine's own). */
export function nodeBinary(major) {
  if (String(major) === process.versions.node.split('.')[0]) return process.execPath;
  const dir = join(matrixDir, 'node', String(major));
  const bin = join(dir, 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `node@${major}`], { cwd: dir });
  }
  return bin;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
  return result;
}

/** Runs vitest under `node` with `specs` in place of the workspace's versions; returns its exit code. */
export function runCell({ node = 20, peers = [], tests = [], zone = 'UTC' }) {
  const env = { ...process.env, TZ: zone };
  if (peers.length > 0) env.PG_EXACT_PEERS_DIR = peersDir(peers);
  else delete env.PG_EXACT_PEERS_DIR;
  const binary = nodeBinary(node);
  const result = spawnSync(binary, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...tests], { stdio: 'inherit', env, cwd: root });
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { node: { type: 'string' }, peer: { type: 'string', multiple: true }, zone: { type: 'string' } },
  });
  process.exit(runCell({ node: values.node ?? 20, peers: values.peer ?? [], tests: positionals, zone: values.zone }));
}
