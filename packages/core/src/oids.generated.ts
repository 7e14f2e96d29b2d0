// GENERATED FILE, DO NOT EDIT. Regenerate with `npm run generate:oids --workspace @pg-exact/core`.
// Read from pg_catalog.pg_type of PostgreSQL 15.20. Built-in OIDs are fixed across versions.

/** OIDs of the built-in types pg-exact knows, and of their array types. */
export const oids = {
  bool: { oid: 16, arrayOid: 1000 },
  bytea: { oid: 17, arrayOid: 1001 },
  name: { oid: 19, arrayOid: 1003 },
  int8: { oid: 20, arrayOid: 1016 },
  int2: { oid: 21, arrayOid: 1005 },
  int4: { oid: 23, arrayOid: 1007 },
  text: { oid: 25, arrayOid: 1009 },
  oid: { oid: 26, arrayOid: 1028 },
  json: { oid: 114, arrayOid: 199 },
  float4: { oid: 700, arrayOid: 1021 },
  float8: { oid: 701, arrayOid: 1022 },
  bpchar: { oid: 1042, arrayOid: 1014 },
  varchar: { oid: 1043, arrayOid: 1015 },
  date: { oid: 1082, arrayOid: 1182 },
  time: { oid: 1083, arrayOid: 1183 },
  timestamp: { oid: 1114, arrayOid: 1115 },
  timestamptz: { oid: 1184, arrayOid: 1185 },
  interval: { oid: 1186, arrayOid: 1187 },
  timetz: { oid: 1266, arrayOid: 1270 },
  numeric: { oid: 1700, arrayOid: 1231 },
  uuid: { oid: 2950, arrayOid: 2951 },
  jsonb: { oid: 3802, arrayOid: 3807 },
} as const;

export type PgTypeName = keyof typeof oids;
