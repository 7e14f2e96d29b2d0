export { drizzle } from './driver.js';
export { exactNodePgClient } from './exact-node-postgres-client.js';
export { NodePgDatabase, type NodePgClient, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
