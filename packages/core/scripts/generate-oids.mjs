// Regenerates src/oids.generated.ts from a real PostgreSQL server's catalog.
// Usage: DATABASE_URL=postgres://... npm run generate:oids --workspace @pg-exact/core
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const TYPES = [
  'bool', 'int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'text', 'varchar', 'bpchar', 'name',
  'oid', 'uuid', 'bytea', 'json', 'jsonb', 'timestamptz', 'timestamp', 'date', 'time', 'timetz',
  'interval',
];

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query(
  `SELECT t.typname, t.oid::int AS oid, t.typarray::int AS array_oid
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'pg_catalog' AND t.typname = ANY($1::text[])
    ORDER BY t.oid`,
  [TYPES],
);
const { rows: [{ server_version: version }] } = await client.query('SHOW server_version');
await client.end();

const missing = TYPES.filter((name) => !rows.some((row) => row.typname === name));
if (missing.length > 0) throw new Error(`types not found on the server: ${missing.join(', ')}`);

const lines = rows.map((row) => `  ${row.typname}: { oid: ${row.oid}, arrayOid: ${row.array_oid} },`);
const source = `// GENERATED FILE, DO NOT EDIT. Regenerate with \`npm run generate:oids --workspace @pg-exact/core\`.
// Read from pg_catalog.pg_type of PostgreSQL ${version.split(' ')[0]}. Built-in OIDs are fixed across versions.

/** OIDs of the built-in types pg-exact knows, and of their array types. */
export const oids = {
${lines.join('\n')}
} as const;

export type PgTypeName = keyof typeof oids;
`;
const target = fileURLToPath(new URL('../src/oids.generated.ts', import.meta.url));
writeFileSync(target, source);
console.log(`wrote ${rows.length} types to ${target}`);
