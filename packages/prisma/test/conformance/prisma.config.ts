// prisma generate for the conformance models (run by `npm run build` of @pg-exact/prisma). The offline
// setting, as in ../prisma/prisma.config.ts: Prisma 7's CLI refuses `generate` unless it finds a schema
// engine, which it downloads on install; offline that download fails. `generate` never runs the engine,
// so PRISMA_SCHEMA_ENGINE_BINARY may point at any existing file (this one). Only set when you have not
// set it and no downloaded engine is present, so `prisma migrate` keeps working online.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

function hasSchemaEngine(): boolean {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('@prisma/engines/package.json'));
    return readdirSync(dir).some((file) => file.startsWith('schema-engine'));
  } catch {
    return false;
  }
}
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasSchemaEngine()) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
}

export default defineConfig({ schema: 'schema.prisma' });
