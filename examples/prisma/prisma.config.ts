// Prisma config of the example. `npm run build` runs `prisma generate` (into ./generated). The offline setting:
// Prisma 7's CLI refuses to run `generate` unless it finds a schema engine, which it downloads on
// install; offline that download fails. `generate` never runs the engine, so pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file (this one) lets it run. Only set when you have
// not set it and no downloaded engine is present, so `prisma migrate` keeps working online.
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

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
});
