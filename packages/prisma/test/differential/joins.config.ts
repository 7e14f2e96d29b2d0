// prisma generate for the differential suite's models with Prisma's relationJoins preview (run by
// `npm run build` of @pg-exact/prisma): vanilla Prisma then loads relations as JSON built on the
// server. The schema is schema.prisma with another generator block, written to ./joins (git-ignored):
// a second generator in schema.prisma itself would turn relation joins on for both clients.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { allowOfflineGenerate } from '@pg-exact/prisma/config';
import { defineConfig } from 'prisma/config';

allowOfflineGenerate();

const here = (file: string) => new URL(file, import.meta.url);
const models = readFileSync(here('./schema.prisma'), 'utf8').replace(/generator client \{[^}]*\}/, 
  'generator client {\n  provider        = "prisma-client"\n  output          = "../generated-joins"\n  previewFeatures = ["typedSql", "relationJoins"]\n}');
mkdirSync(here('./joins'), { recursive: true });
writeFileSync(here('./joins/schema.prisma'), models);

export default defineConfig({ schema: 'joins/schema.prisma' });
