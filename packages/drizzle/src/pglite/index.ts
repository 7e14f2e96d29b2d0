export { drizzle } from './driver.js';
export { exactPGliteClient } from './exact-pglite-client.js';
export { PgliteDatabase, type PgliteQueryResultHKT } from 'drizzle-orm/pglite';
