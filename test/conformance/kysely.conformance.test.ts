import { kyselyExact } from './adapters/kysely.js';
import { defineConformance } from './define-conformance.js';

defineConformance(kyselyExact);
