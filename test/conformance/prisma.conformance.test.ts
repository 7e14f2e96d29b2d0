import { prismaExact } from './adapters/prisma.js';
import { defineConformance } from './define-conformance.js';

defineConformance(prismaExact);
