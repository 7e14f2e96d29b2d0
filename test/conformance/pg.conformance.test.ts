import { pgExact } from './adapters/pg.js';
import { defineConformance } from './define-conformance.js';

defineConformance(pgExact);
