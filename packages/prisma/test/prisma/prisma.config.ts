// prisma generate for the package's test schema (run by `npm run build`).
// Offline, allowOfflineGenerate() lets `prisma generate` run without Prisma's native schema engine.
import { allowOfflineGenerate } from '@pg-exact/prisma/config';
import { defineConfig } from 'prisma/config';

allowOfflineGenerate();

export default defineConfig({ schema: 'schema.prisma' });
