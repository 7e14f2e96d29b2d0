// Catalog queries of `audit`. Every value is cast to text in SQL, so the rows read the same
// through any parsers (pg-exact's, a driver's own, raw text). Read-only: SELECT only.

/** Schemas audit never looks in. */
const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** `$1` is a text[] of schemas to look in, or NULL for every user schema. */
const SCHEMA_FILTER = `(${SYSTEM_SCHEMAS}) AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))`;

/** Ordinary and partitioned tables, not views, foreign tables, or tables an extension owns. */
const USER_TABLE = `c.relkind IN ('r', 'p') AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend e
     WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  AND NOT c.relispartition`;

/**
 * Every column fed by a sequence: a serial (a `nextval` default on a sequence OWNED BY the column,
 * pg_depend `a`) or an identity column (pg_depend `i`), with the sequence's settings and position.
 * `last_value` is NULL when the sequence was never called (or the role may not read it).
 */
export const SEQUENCE_COLUMNS_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS "table", a.attname::text AS "column",
       a.atttypid::regtype::text AS column_type, a.attidentity::text AS identity,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS column_default,
       format('%I.%I', sn.nspname, sc.relname) AS sequence,
       s.seqtypid::regtype::text AS sequence_type, s.seqstart::text AS start_value,
       s.seqincrement::text AS increment, s.seqmin::text AS min_value, s.seqmax::text AS max_value,
       ps.last_value::text AS last_value,
       st.n_tup_ins::text AS inserts,
       floor(extract(epoch FROM now() - coalesce(db.stats_reset, pg_catalog.pg_postmaster_start_time())))::text AS stats_seconds
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_depend d
    ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.oid AND d.refobjsubid = a.attnum
   AND d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = d.objid
  JOIN pg_catalog.pg_class sc ON sc.oid = s.seqrelid
  JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = sc.relname
  LEFT JOIN pg_catalog.pg_stat_user_tables st ON st.relid = c.oid
  LEFT JOIN pg_catalog.pg_stat_database db ON db.datname = current_database()
 WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_TABLE} AND ${SCHEMA_FILTER}
 ORDER BY 1, 2, 3`;

/** Scalar columns of the types audit flags (arrays are not: the presets change scalars), with their CHECKs. */
export const TYPED_COLUMNS_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS "table", a.attname::text AS "column",
       t.typname::text AS type,
       coalesce((SELECT string_agg(pg_catalog.pg_get_constraintdef(k.oid), ' ; ')
                   FROM pg_catalog.pg_constraint k
                  WHERE k.conrelid = c.oid AND k.contype = 'c' AND a.attnum = ANY (k.conkey)), '') AS checks
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
 WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_TABLE} AND ${SCHEMA_FILTER}
   AND t.typname IN ('timestamp', 'json', 'float4', 'float8')
 ORDER BY 1, 2, 3`;

/**
 * The TimeZone a new session gets (`reset_val`: the database's or role's setting, else the
 * server's), and the database name for the fix.
 */
export const DEFAULT_TIME_ZONE_SQL = `
SELECT reset_val AS time_zone, current_database()::text AS database
  FROM pg_catalog.pg_settings WHERE name = 'TimeZone'`;
