// Prisma config of the example. `npm run build` runs `prisma generate` (into ./generated).
// Offline, allowOfflineGenerate() lets `prisma generate` run without Prisma's native schema engine.
import { allowOfflineGenerate } from '@pg-exact/prisma/config';
import { defineConfig } from 'prisma/config';

allowOfflineGenerate();

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
});
