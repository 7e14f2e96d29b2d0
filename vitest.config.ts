import { defineConfig } from 'vitest/config';

export default defineConfig({
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
