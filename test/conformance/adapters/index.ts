import type { ConformanceAdapter } from '../adapter.js';
import {
  drizzleNodePostgresExact,
  drizzleNodePostgresVanilla,
  drizzlePGliteExact,
  drizzlePGliteVanilla,
  drizzlePostgresJsExact,
  drizzlePostgresJsVanilla,
} from './drizzle.js';
import { kyselyExact, kyselyVanilla } from './kysely.js';
import { pgExact, pgVanilla } from './pg.js';
import { pgliteExact, pgliteVanilla } from './pglite.js';
import { postgresJsExact, postgresJsVanilla } from './postgres-js.js';
import { prismaExact, prismaVanilla } from './prisma.js';

/** Every stack the suite knows, vanilla beside its pg-exact counterpart (the matrix's column order). */
export const adapters: readonly ConformanceAdapter[] = [
  pgVanilla,
  pgExact,
  postgresJsVanilla,
  postgresJsExact,
  pgliteVanilla,
  pgliteExact,
  kyselyVanilla,
  kyselyExact,
  drizzleNodePostgresVanilla,
  drizzleNodePostgresExact,
  drizzlePostgresJsVanilla,
  drizzlePostgresJsExact,
  drizzlePGliteVanilla,
  drizzlePGliteExact,
  prismaVanilla,
  prismaExact,
];
