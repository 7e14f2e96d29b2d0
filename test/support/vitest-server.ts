import { describe, inject } from 'vitest';
import type {} from './provided-context.js';

/** `describe` for suites that need the PostgreSQL server; skipped (loudly, by global setup) without one. */
export const describeServer = describe.skipIf(!inject('serverAvailable'));
