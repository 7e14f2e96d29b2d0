import { pgliteExact } from './adapters/pglite.js';
import { defineConformance } from './define-conformance.js';

defineConformance(pgliteExact);
