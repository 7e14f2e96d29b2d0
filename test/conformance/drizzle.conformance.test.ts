import { drizzleNodePostgresExact, drizzlePGliteExact, drizzlePostgresJsExact } from './adapters/drizzle.js';
import { defineConformance } from './define-conformance.js';

defineConformance(drizzleNodePostgresExact);
defineConformance(drizzlePostgresJsExact);
defineConformance(drizzlePGliteExact);
