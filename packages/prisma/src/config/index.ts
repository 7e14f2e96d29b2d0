import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether `@prisma/engines` holds a downloaded schema engine (its postinstall fetched one). */
function hasSchemaEngine(): boolean {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('@prisma/engines/package.json'));
    return readdirSync(dir).some((file) => file.startsWith('schema-engine'));
  } catch {
    return false;
  }
}

/**
 * Lets `prisma generate` run on a machine that cannot download Prisma's native schema engine
 * (offline CI, air-gapped builds). Prisma 7's CLI refuses to start `generate` without an engine
 * binary, but `generate` never runs it (the query compiler is WebAssembly inside the npm
 * packages), so pointing `PRISMA_SCHEMA_ENGINE_BINARY` at any existing file is enough. Does
 * nothing when you set that variable yourself or a downloaded engine is present, so `prisma
 * migrate …` keeps working where the engine exists. Call it at the top of `prisma.config.ts`:
 *
 * ```ts
 * import { allowOfflineGenerate } from '@pg-exact/prisma/config';
 * import { defineConfig } from 'prisma/config';
 *
 * allowOfflineGenerate();
 * export default defineConfig({ schema: 'prisma/schema.prisma' });
 * ```
 *
 * Returns the value it set, or undefined when it left the environment alone.
 */
export function allowOfflineGenerate(): string | undefined {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY || hasSchemaEngine()) return undefined;
  const standIn = fileURLToPath(import.meta.url);
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = standIn;
  return standIn;
}
