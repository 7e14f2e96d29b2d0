// pg-exact-test: zone-independent (environment variables and argv: nothing reads the process TZ)
// allowOfflineGenerate() stands in for Prisma's schema engine only for the commands that never run
// it: `prisma migrate` given a stand-in would try to execute it (spawn … EACCES).
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { allowOfflineGenerate } from '../src/config/index.js';

const node = process.execPath;
const prismaCli = '/app/node_modules/prisma/build/index.js';
const saved = process.env.PRISMA_SCHEMA_ENGINE_BINARY;

afterEach(() => {
  if (saved === undefined) delete process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  else process.env.PRISMA_SCHEMA_ENGINE_BINARY = saved;
});

// The workspace installs no engine (npm does not run Prisma's download here), which is the
// offline case this helper is for.
describe('allowOfflineGenerate', () => {
  for (const command of ['generate', 'validate', 'format']) {
    it(`sets the stand-in for prisma ${command}`, () => {
      delete process.env.PRISMA_SCHEMA_ENGINE_BINARY;
      const set = allowOfflineGenerate([node, prismaCli, command, '--config', 'prisma.config.ts']);
      expect(set !== undefined && existsSync(set), 'an existing file Prisma can find').toBe(true);
      expect(process.env.PRISMA_SCHEMA_ENGINE_BINARY).toBe(set);
    });
  }

  for (const argv of [['migrate', 'deploy'], ['migrate', 'dev'], ['db', 'push'], ['studio'], []]) {
    it(`leaves the environment alone for prisma ${argv.join(' ') || '(no command)'}`, () => {
      delete process.env.PRISMA_SCHEMA_ENGINE_BINARY;
      expect(allowOfflineGenerate([node, prismaCli, ...argv])).toBeUndefined();
      expect(process.env.PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
    });
  }

  it('never replaces a value you set', () => {
    process.env.PRISMA_SCHEMA_ENGINE_BINARY = '/opt/engines/schema-engine';
    expect(allowOfflineGenerate([node, prismaCli, 'generate'])).toBeUndefined();
    expect(process.env.PRISMA_SCHEMA_ENGINE_BINARY).toBe('/opt/engines/schema-engine');
  });
});
