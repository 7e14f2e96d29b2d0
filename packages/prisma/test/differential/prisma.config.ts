// prisma generate for the differential suite's models (run by `npm run build` of @pg-exact/prisma).
// Offline, allowOfflineGenerate() lets `prisma generate` run without Prisma's native schema engine.
import { allowOfflineGenerate } from '@pg-exact/prisma/config';
import { defineConfig } from 'prisma/config';

allowOfflineGenerate();

export default defineConfig({ schema: 'schema.prisma' });
