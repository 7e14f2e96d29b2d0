import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveFromHere, thisFile } from './module-location.js';

/** Whether `@prisma/engines` holds a downloaded schema engine (its postinstall fetched one). */
function hasSchemaEngine(): boolean {
  try {
    const dir = dirname(resolveFromHere('@prisma/engines/package.json'));
    return readdirSync(dir).some((file) => file.startsWith('schema-engine'));
  } catch {
    return false;
  }
}

/** Prisma CLI commands that need an engine binary to exist but never run it. */
const NO_ENGINE_COMMANDS = new Set(['generate', 'validate', 'format']);

/** The Prisma CLI command this process runs (`prisma generate …` → 'generate'), if it is one. */
function prismaCommand(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/**
 * Lets `prisma generate` (and `validate`, `format`) run on a machine that cannot download Prisma's
 * native schema engine (offline CI, air-gapped builds). Prisma 7's CLI refuses to start those
 * commands without an engine binary but never runs it (the query compiler is WebAssembly inside
 * the npm packages), so pointing `PRISMA_SCHEMA_ENGINE_BINARY` at any existing file is enough.
 * Does nothing when you set that variable yourself, when a downloaded engine is present, or for
 * any other command: `prisma migrate …` needs the real engine and reports its absence itself.
 * Call it at the top of `prisma.config.ts`:
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
export function allowOfflineGenerate(argv: readonly string[] = process.argv): string | undefined {
  const command = prismaCommand(argv);
  if (command === undefined || !NO_ENGINE_COMMANDS.has(command)) return undefined;
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY || hasSchemaEngine()) return undefined;
  const standIn = thisFile();
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = standIn;
  return standIn;
}
