// prisma generate for the demo's Prisma stacks (run by `npm run build`).
// Offline, allowOfflineGenerate() lets `prisma generate` run without Prisma's native schema engine.
import { allowOfflineGenerate } from '@pg-exact/prisma/config';
import { defineConfig } from 'prisma/config';

allowOfflineGenerate();

export default defineConfig({ schema: 'prisma/schema.prisma' });
