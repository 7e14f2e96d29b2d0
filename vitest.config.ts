import { defineConfig } from 'vitest/config';
import { peerVersions } from './test/support/peer-versions.js';

// The version matrix (scripts/matrix.mjs) runs suites against other releases of the ORMs and
// drivers, installed in PG_EXACT_PEERS_DIR.
const peersDir = process.env.PG_EXACT_PEERS_DIR;

export default defineConfig({
  plugins: peersDir ? [peerVersions(peersDir)] : [],
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    allowOnly: false,
    // vitest's default is one worker on a 2-core machine; many tests wait on the PostgreSQL server,
    // so a second worker overlaps that wait (~25% faster here). Every suite owns its database or
    // schema, so files may run side by side.
    maxWorkers: 2,
  },
});
