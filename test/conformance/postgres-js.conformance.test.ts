import { postgresJsExact } from './adapters/postgres-js.js';
import { defineConformance } from './define-conformance.js';

defineConformance(postgresJsExact);
