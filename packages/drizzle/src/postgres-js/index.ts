export { drizzle } from './driver.js';
export { exactPostgresJsClient } from './exact-postgres-js-client.js';
export { PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
