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
 * Every column fed by a sequence: identity (pg_depend `i`), serial (a `nextval` default on a
 * sequence OWNED BY the column, pg_depend `a`), or a `nextval` default on a sequence that is not
 * owned by the column (after a dump/restore, or one sequence shared by several tables), with the
 * sequence's settings and position. `last_value` is NULL when the sequence was never called (or
 * the role may not read it). `shared` counts the other columns whose default calls the sequence.
 */
export const SEQUENCE_COLUMNS_SQL = `
WITH fed AS (
  SELECT d.refobjid AS relid, d.refobjsubid AS attnum, d.objid AS seqrelid, CASE d.deptype WHEN 'i' THEN 'identity' ELSE 'owned' END AS how
    FROM pg_catalog.pg_depend d
   WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
     AND d.refobjsubid > 0 AND EXISTS (SELECT 1 FROM pg_catalog.pg_sequence s WHERE s.seqrelid = d.objid)
  UNION
  SELECT ad.adrelid, ad.adnum, d.refobjid, 'default'
    FROM pg_catalog.pg_attrdef ad
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
   WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_sequence s WHERE s.seqrelid = d.refobjid)
),
best AS (
  SELECT relid, attnum, seqrelid, (array_agg(how ORDER BY how = 'default'))[1] AS how FROM fed GROUP BY relid, attnum, seqrelid
)
SELECT n.nspname::text AS schema, c.relname::text AS "table", a.attname::text AS "column",
       a.atttypid::regtype::text AS column_type, a.attidentity::text AS identity, a.attnotnull::text AS not_null,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS column_default,
       format('%I.%I', sn.nspname, sc.relname) AS sequence, b.how,
       (SELECT count(*) FROM best o JOIN pg_catalog.pg_class oc ON oc.oid = o.relid
         WHERE o.seqrelid = b.seqrelid AND o.how = 'default' AND NOT oc.relispartition AND NOT (o.relid = b.relid AND o.attnum = b.attnum))::text AS shared,
       format('nextval(%L::regclass)', b.seqrelid::regclass::text) AS plain_default,
       s.seqtypid::regtype::text AS sequence_type, s.seqstart::text AS start_value,
       s.seqincrement::text AS increment, s.seqmin::text AS min_value, s.seqmax::text AS max_value,
       ps.last_value::text AS last_value,
       st.n_tup_ins::text AS inserts,
       floor(extract(epoch FROM now() - coalesce(db.stats_reset, pg_catalog.pg_postmaster_start_time())))::text AS stats_seconds
  FROM best b
  JOIN pg_catalog.pg_attribute a ON a.attrelid = b.relid AND a.attnum = b.attnum
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = b.seqrelid
  JOIN pg_catalog.pg_class sc ON sc.oid = s.seqrelid
  JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = sc.relname
  LEFT JOIN pg_catalog.pg_stat_user_tables st ON st.relid = c.oid
  LEFT JOIN pg_catalog.pg_stat_database db ON db.datname = current_database()
 WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_TABLE} AND ${SCHEMA_FILTER}
 ORDER BY 1, 2, 3`;

/**
 * The migration tables of the frameworks the audit knows, wherever they are: they say which zone
 * the app wrote its `timestamp` columns in. Rows: `name` (table name, lowercase), `schema`.
 */
export const MIGRATION_TABLES_SQL = `
SELECT lower(c.relname)::text AS name, n.nspname::text AS schema
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND (${SYSTEM_SCHEMAS})
   AND lower(c.relname) IN ('schema_migrations', 'ar_internal_metadata', 'django_migrations', '_prisma_migrations', '__drizzle_migrations',
                            'kysely_migration', 'knex_migrations', 'migrations', 'typeorm_metadata', 'flyway_schema_history', 'databasechangelog')`;

/** Scalar columns of the types audit flags (arrays are not: the presets change scalars), with their CHECKs. */
export const TYPED_COLUMNS_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS "table", a.attname::text AS "column",
       t.typname::text AS type,
       CASE WHEN t.typname IN ('float4', 'float8') THEN
         (xpath('/row/m/text()', pg_catalog.query_to_xml(format('SELECT max(abs(%I)) AS m FROM %I.%I WHERE %I <> ''NaN'' AND abs(%I) <> ''Infinity''',
            a.attname, n.nspname, c.relname, a.attname, a.attname), false, false, '')))[1]::text END AS max_abs,
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
