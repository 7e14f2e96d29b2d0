// What depends on a column whose type a preset changes: the catalog queries are plain SQL text
// with `$n` parameters, so the same text runs from TypeScript (`columnDependencies`, the audit,
// the CLI's plan) and inside a preset's DO block (`EXECUTE … USING`), where the change happens.
// Read-only: SELECT only.

import type { Queryable } from '../queryable.js';

/**
 * The columns that change together with `$1`.`$2` (a regclass and a column name):
 * the column itself, the same column in every partition / inheritance child and parent, and,
 * when `$3` (a regtype[]) is not empty, every column that references one of them through a
 * foreign key (composite keys column by column) and has one of those types, transitively.
 * Rows: `relid`, `attnum`, `rel` (quoted, schema-qualified), `attname`, `type`, `root`
 * (the column is not inherited: an ALTER there reaches its partitions), `generated`
 * (a stored generated column: changed without USING), `via`.
 */
export const AFFECTED_COLUMNS_SQL = `
WITH RECURSIVE cols(relid, attnum, via) AS (
  SELECT a.attrelid, a.attnum, 'target'::text FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = $1::regclass AND a.attname = $2::text AND a.attnum > 0 AND NOT a.attisdropped
  UNION
  SELECT n.relid, n.attnum, n.via FROM cols c CROSS JOIN LATERAL (
    SELECT i.inhrelid AS relid, ca.attnum, 'partition'::text AS via FROM pg_catalog.pg_inherits i
      JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.relid AND pa.attnum = c.attnum
      JOIN pg_catalog.pg_attribute ca ON ca.attrelid = i.inhrelid AND ca.attname = pa.attname AND NOT ca.attisdropped
     WHERE i.inhparent = c.relid
    UNION ALL
    SELECT i.inhparent, ca.attnum, 'parent'::text FROM pg_catalog.pg_inherits i
      JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.relid AND pa.attnum = c.attnum AND pa.attinhcount > 0
      JOIN pg_catalog.pg_attribute ca ON ca.attrelid = i.inhparent AND ca.attname = pa.attname AND NOT ca.attisdropped
     WHERE i.inhrelid = c.relid
    UNION ALL
    SELECT k.conrelid, k.conkey[p], 'foreign key'::text FROM pg_catalog.pg_constraint k
     CROSS JOIN LATERAL generate_subscripts(k.confkey, 1) AS p
      JOIN pg_catalog.pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = k.conkey[p]
     WHERE k.contype = 'f' AND k.confrelid = c.relid AND k.confkey[p] = c.attnum
       AND fa.atttypid = ANY ($3::regtype[]::oid[])
  ) n
)
SELECT c.relid, c.attnum, format('%I.%I', ns.nspname, cl.relname) AS rel, a.attname::text AS attname,
       a.atttypid::regtype::text AS type, a.attinhcount = 0 AS root, a.attgenerated <> '' AS generated,
       (array_agg(c.via ORDER BY c.via <> 'target', c.via))[1] AS via
  FROM cols c
  JOIN pg_catalog.pg_class cl ON cl.oid = c.relid
  JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum
 GROUP BY 1, 2, 3, 4, 5, 6, 7
 ORDER BY 3, 2`;

/** `$1` oid[] and `$2` int2[]: the affected columns as two parallel arrays. */
const COLS = `SELECT * FROM unnest($1::oid[], $2::int2[]) AS c(relid, attnum)`;

/**
 * Why the columns `$1`/`$2` cannot change type in place: a partition key, or any object the
 * presets do not recreate (a function with a SQL-standard body, a publication's column list…);
 * when `$3` is true (timestamp → timestamptz), an index expression or predicate or a generated
 * column over the column: most functions of timestamptz depend on the session TimeZone, so
 * PostgreSQL would refuse them (not IMMUTABLE) once the column is timestamptz. One row (`reason`)
 * per blocker; none means the preset applies.
 */
export const BLOCKERS_SQL = `
WITH cols AS (${COLS})
SELECT format('%s.%I is part of the partition key of %s', c.relid::regclass, a.attname, pt.partrelid::regclass) AS reason
  FROM cols c JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.relid AND c.attnum = ANY (pt.partattrs::int2[])
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum
UNION
SELECT format('%s.%I is used by %s', c.relid::regclass, a.attname, pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid))
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.relid AND d.refobjsubid = c.attnum
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum
 WHERE d.deptype = 'n'
   AND d.classid NOT IN ('pg_catalog.pg_rewrite'::regclass, 'pg_catalog.pg_attrdef'::regclass, 'pg_catalog.pg_constraint'::regclass,
                         'pg_catalog.pg_class'::regclass, 'pg_catalog.pg_type'::regclass, 'pg_catalog.pg_statistic_ext'::regclass,
                         'pg_catalog.pg_policy'::regclass, 'pg_catalog.pg_trigger'::regclass)
UNION
SELECT format('%s.%I is part of a partition key expression of %s', c.relid::regclass, a.attname, c.relid::regclass)
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.relid AND d.objsubid = 0
   AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.relid AND d.refobjsubid = c.attnum AND d.deptype = 'a'
  JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.relid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum
UNION
SELECT format('%s.%I is used by the %s of index %s, which would depend on the session TimeZone as timestamptz (not immutable)',
              c.relid::regclass, a.attname, CASE WHEN i.indexprs IS NULL THEN 'predicate' ELSE 'expression' END, i.indexrelid::regclass)
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND d.refobjsubid = c.attnum
  JOIN pg_catalog.pg_index i ON i.indexrelid = d.objid AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum
 WHERE $3::boolean AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
UNION
SELECT format('%s.%I is used by the generated column %I, whose expression would depend on the session TimeZone as timestamptz (not immutable)',
              c.relid::regclass, a.attname, g.attname)
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND d.refobjsubid = c.attnum AND d.deptype = 'n'
  JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
  JOIN pg_catalog.pg_attribute g ON g.attrelid = ad.adrelid AND g.attnum = ad.adnum AND g.attgenerated = 's' AND g.attinhcount = 0
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum
 WHERE $3::boolean
ORDER BY 1`;

/**
 * Stored generated columns computed from `$1`/`$2` (on tables where they are not inherited):
 * PostgreSQL refuses to change the type of a column one of them uses, so they are dropped and
 * added back (at the end of the table, recomputed). Rows: `relid`, `attnum`, `name`, `drop_sql`,
 * `create_sql` (text[]: the column, its NOT NULL, indexes, comment and column grants).
 */
export const GENERATED_COLUMNS_SQL = `
WITH cols AS (${COLS})
SELECT DISTINCT g.attrelid AS relid, g.attnum, format('%s.%I', g.attrelid::regclass, g.attname) AS name,
       format('ALTER TABLE %s DROP COLUMN %I', g.attrelid::regclass, g.attname) AS drop_sql,
       ARRAY[format('ALTER TABLE %s ADD COLUMN %I %s GENERATED ALWAYS AS (%s) STORED%s', g.attrelid::regclass, g.attname,
                    pg_catalog.format_type(g.atttypid, g.atttypmod), pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
                    CASE WHEN g.attnotnull THEN ' NOT NULL' ELSE '' END)]
       || ARRAY(SELECT regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ') FROM pg_catalog.pg_index i
                 WHERE i.indrelid = g.attrelid AND (g.attnum = ANY (i.indkey::int2[]) OR EXISTS (
                   SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.pg_class'::regclass AND x.objid = i.indexrelid
                      AND x.refobjid = g.attrelid AND x.refobjsubid = g.attnum)) ORDER BY i.indexrelid)
       || ARRAY(SELECT format('COMMENT ON COLUMN %s.%I IS %L', g.attrelid::regclass, g.attname, pg_catalog.col_description(g.attrelid, g.attnum))
                 WHERE pg_catalog.col_description(g.attrelid, g.attnum) IS NOT NULL)
       || ARRAY(SELECT format('GRANT %s (%I) ON %s TO %s%s', x.privilege_type, g.attname, g.attrelid::regclass,
                              CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END,
                              CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM pg_catalog.aclexplode(g.attacl) x) AS create_sql
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND d.refobjsubid = c.attnum AND d.deptype = 'n'
  JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
  JOIN pg_catalog.pg_attribute g ON g.attrelid = ad.adrelid AND g.attnum = ad.adnum AND g.attgenerated = 's' AND g.attinhcount = 0
 ORDER BY 1, 2`;

// pg_get_indexdef() prints `ON ONLY` for an index on a partitioned table: recreated so, the
// partitions would get no index. Without ONLY it is built on every partition again.
const KIND_WORD = `CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END`;
const GRANTEE = `CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END`;

/**
 * Views and materialized views that read `$1`/`$2` (or the whole row), and the views on those
 * views, transitively; plus rules on tables, row-level security policies, triggers (a WHEN or
 * UPDATE OF) and expression or partial indexes that mention the columns (an index expression
 * calling json_x() fails on jsonb; recreated, it can be rewritten). Rows in drop order
 * (rules on tables, then the deepest views first): `kind` (`view`, `materialized view`, `rule`, `policy`, `trigger`, `index`), `name`, `depth`, `drop_sql`,
 * `create_sql` (text[] in order: the definition — a materialized view with or without data as it
 * was —, options, owner, grants, column grants, comments, column defaults, indexes, triggers and
 * rules). Recreate in the reverse order.
 */
export const DEPENDENT_VIEWS_SQL = `
WITH RECURSIVE cols AS (${COLS}),
views(oid, depth) AS (
  SELECT r.ev_class, 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
   WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
     AND r.rulename = '_RETURN' AND r.ev_class <> d.refobjid
     AND EXISTS (SELECT 1 FROM cols c WHERE c.relid = d.refobjid AND (d.refobjsubid = c.attnum OR d.refobjsubid = 0))
  UNION
  SELECT r.ev_class, v.depth + 1 FROM views v
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = v.oid
    JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid AND r.rulename = '_RETURN' AND r.ev_class <> v.oid
   WHERE v.depth < 100
),
deepest AS (SELECT oid, max(depth) AS depth FROM views GROUP BY oid)
SELECT CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS kind, v.oid::regclass::text AS name, w.depth,
       format('DROP %s %s', ${KIND_WORD}, v.oid::regclass) AS drop_sql,
       ARRAY[format('CREATE %s %s%s AS %s%s', ${KIND_WORD}, v.oid::regclass,
                    CASE WHEN v.reloptions IS NULL THEN '' ELSE format(' WITH (%s)', array_to_string(v.reloptions, ', ')) END,
                    rtrim(rtrim(pg_catalog.pg_get_viewdef(v.oid), E' \\n'), ';'),
                    CASE WHEN v.relkind <> 'm' THEN '' WHEN v.relispopulated THEN ' WITH DATA' ELSE ' WITH NO DATA' END)]
       || ARRAY(SELECT format('ALTER %s %s OWNER TO %I', ${KIND_WORD}, v.oid::regclass, pg_catalog.pg_get_userbyid(v.relowner))
                 WHERE v.relowner <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user))
       || ARRAY(SELECT format('GRANT %s ON %s TO %s%s', x.privilege_type, v.oid::regclass, ${GRANTEE},
                              CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM pg_catalog.aclexplode(v.relacl) x WHERE x.grantee <> v.relowner)
       || ARRAY(SELECT format('GRANT %s (%I) ON %s TO %s%s', x.privilege_type, a.attname, v.oid::regclass, ${GRANTEE},
                              CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM pg_catalog.pg_attribute a CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) x
                 WHERE a.attrelid = v.oid AND a.attnum > 0 AND x.grantee <> v.relowner)
       || ARRAY(SELECT format('COMMENT ON %s %s IS %L', ${KIND_WORD}, v.oid::regclass, pg_catalog.obj_description(v.oid, 'pg_class'))
                 WHERE pg_catalog.obj_description(v.oid, 'pg_class') IS NOT NULL)
       || ARRAY(SELECT format('COMMENT ON COLUMN %s.%I IS %L', v.oid::regclass, a.attname, pg_catalog.col_description(v.oid, a.attnum))
                  FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = v.oid AND a.attnum > 0 AND pg_catalog.col_description(v.oid, a.attnum) IS NOT NULL ORDER BY a.attnum)
       || ARRAY(SELECT format('ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s', v.oid::regclass, a.attname, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid))
                  FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
                 WHERE ad.adrelid = v.oid)
       || ARRAY(SELECT regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ') FROM pg_catalog.pg_index i WHERE i.indrelid = v.oid ORDER BY i.indexrelid)
       || ARRAY(SELECT format('COMMENT ON INDEX %s IS %L', i.indexrelid::regclass, pg_catalog.obj_description(i.indexrelid, 'pg_class'))
                  FROM pg_catalog.pg_index i WHERE i.indrelid = v.oid AND pg_catalog.obj_description(i.indexrelid, 'pg_class') IS NOT NULL)
       || ARRAY(SELECT pg_catalog.pg_get_triggerdef(t.oid) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = v.oid AND NOT t.tgisinternal ORDER BY t.tgname)
       || ARRAY(SELECT pg_catalog.pg_get_ruledef(r.oid) FROM pg_catalog.pg_rewrite r WHERE r.ev_class = v.oid AND r.rulename <> '_RETURN' ORDER BY r.rulename)
       AS create_sql
  FROM deepest w JOIN pg_catalog.pg_class v ON v.oid = w.oid
UNION ALL
SELECT DISTINCT 'rule', format('%I ON %s', r.rulename, r.ev_class::regclass), 1000,
       format('DROP RULE %I ON %s', r.rulename, r.ev_class::regclass), ARRAY[pg_catalog.pg_get_ruledef(r.oid)]
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND (d.refobjsubid = c.attnum OR d.refobjsubid = 0)
  JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid AND r.rulename <> '_RETURN'
  JOIN pg_catalog.pg_class t ON t.oid = r.ev_class AND t.relkind IN ('r', 'p')
UNION ALL
SELECT DISTINCT 'policy', format('%I ON %s', p.polname, p.polrelid::regclass), 1000,
       format('DROP POLICY %I ON %s', p.polname, p.polrelid::regclass),
       ARRAY[format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', p.polname, p.polrelid::regclass,
                    CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                    CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                    array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(r)) END
                                            FROM unnest(p.polroles) AS r), ', '),
                    CASE WHEN p.polqual IS NULL THEN '' ELSE format(' USING (%s)', pg_catalog.pg_get_expr(p.polqual, p.polrelid)) END,
                    CASE WHEN p.polwithcheck IS NULL THEN '' ELSE format(' WITH CHECK (%s)', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)) END)]
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND d.refobjsubid = c.attnum
  JOIN pg_catalog.pg_policy p ON p.oid = d.objid
UNION ALL
SELECT DISTINCT 'trigger', format('%I ON %s', t.tgname, t.tgrelid::regclass), 1000,
       format('DROP TRIGGER %I ON %s', t.tgname, t.tgrelid::regclass),
       ARRAY[pg_catalog.pg_get_triggerdef(t.oid)]
       || ARRAY(SELECT format('ALTER TABLE %s %s TRIGGER %I', t.tgrelid::regclass,
                              CASE t.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' ELSE 'ENABLE ALWAYS' END, t.tgname)
                 WHERE t.tgenabled <> 'O')
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_trigger'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND d.refobjsubid = c.attnum
  JOIN pg_catalog.pg_trigger t ON t.oid = d.objid AND NOT t.tgisinternal AND t.tgparentid = 0
UNION ALL
SELECT DISTINCT 'index', i.indexrelid::regclass::text, 1000,
       format('DROP INDEX %s', i.indexrelid::regclass),
       ARRAY[regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')]
       || ARRAY(SELECT format('COMMENT ON INDEX %s IS %L', i.indexrelid::regclass, pg_catalog.obj_description(i.indexrelid, 'pg_class'))
                 WHERE pg_catalog.obj_description(i.indexrelid, 'pg_class') IS NOT NULL)
  FROM cols c
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
   AND d.refobjid = c.relid AND d.refobjsubid = c.attnum
  JOIN pg_catalog.pg_index i ON i.indexrelid = d.objid AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY 3 DESC, 2`;

/**
 * CHECK constraints that mention `$1`/`$2`, on the table that declares them (an ALTER there
 * reaches the partitions). They are dropped before the change and added back after, so a CHECK
 * that calls a function of the old type can be rewritten for the new one (json → jsonb).
 */
export const CHECK_CONSTRAINTS_SQL = `
WITH cols AS (${COLS})
SELECT DISTINCT format('%I ON %s', k.conname, k.conrelid::regclass) AS name,
       format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname) AS drop_sql,
       ARRAY[format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_catalog.pg_get_constraintdef(k.oid))]
       || ARRAY(SELECT format('COMMENT ON CONSTRAINT %I ON %s IS %L', k.conname, k.conrelid::regclass, pg_catalog.obj_description(k.oid, 'pg_constraint'))
                 WHERE pg_catalog.obj_description(k.oid, 'pg_constraint') IS NOT NULL) AS create_sql
  FROM cols c JOIN pg_catalog.pg_constraint k ON k.conrelid = c.relid AND k.contype = 'c' AND c.attnum = ANY (k.conkey)
 WHERE k.conislocal AND k.coninhcount = 0
 ORDER BY 1`;

/**
 * The sequences that feed `$1`/`$2`: identity, OWNED BY (serial), or only named in a `nextval()`
 * default (not owned: common after a dump/restore, or one sequence shared by several tables).
 * Rows: `relid`, `attnum`, `sequence` (quoted name), `seqrelid`, `how` (`identity`, `owned`,
 * `default`), `shared` (other columns whose default also calls it, as `table.column` text[]).
 */
export const COLUMN_SEQUENCES_SQL = `
WITH cols AS (${COLS}),
fed AS (
  SELECT c.relid, c.attnum, d.objid AS seqrelid, CASE d.deptype WHEN 'i' THEN 'identity' ELSE 'owned' END AS how
    FROM cols c JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
     AND d.refobjid = c.relid AND d.refobjsubid = c.attnum AND d.deptype IN ('a', 'i')
    JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  UNION
  SELECT c.relid, c.attnum, d.refobjid, 'default'
    FROM cols c JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = c.relid AND ad.adnum = c.attnum
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
    JOIN pg_catalog.pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
)
SELECT f.relid, f.attnum, f.seqrelid::regclass::text AS sequence, f.seqrelid, (array_agg(f.how ORDER BY f.how = 'default'))[1] AS how,
       ARRAY(SELECT DISTINCT format('%s.%I', ad.adrelid::regclass, a.attname)
               FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
               JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
               JOIN pg_catalog.pg_class t ON t.oid = ad.adrelid
              WHERE d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = f.seqrelid
                AND NOT t.relispartition AND a.attinhcount = 0
                AND NOT (ad.adrelid = f.relid AND ad.adnum = f.attnum)
              ORDER BY 1) AS shared
  FROM fed f
 GROUP BY f.relid, f.attnum, f.seqrelid
 ORDER BY 1, 2, 3`;

/** One object the change drops and recreates. */
export interface DependentObject {
  kind: 'view' | 'materialized view' | 'rule' | 'policy' | 'trigger' | 'index' | 'check constraint' | 'generated column';
  name: string;
  dropSql: string;
  /** In order; recreate objects in the reverse of the order they are listed in. */
  createSql: string[];
}

/** A column that changes with the target. */
export interface AffectedColumn {
  /** `"schema"."table"` as PostgreSQL prints a regclass (schema left out when on the search_path). */
  table: string;
  column: string;
  type: string;
  /** `target`, `partition`, `parent` or `foreign key`. */
  via: string;
  /** Not inherited: the ALTER goes here and reaches the partitions. */
  root: boolean;
}

/** A sequence feeding one of the columns. */
export interface ColumnSequence {
  table: string;
  column: string;
  sequence: string;
  /** `identity`, `owned` (serial: OWNED BY the column) or `default` (only named in a nextval() default). */
  how: 'identity' | 'owned' | 'default';
  /** Other columns whose default calls the same sequence (`table.column`). */
  sharedWith: string[];
}

/** Everything a type change of one column touches. */
export interface ColumnDependencies {
  columns: AffectedColumn[];
  /** Dropped before the change and recreated after it, in drop order. */
  dependents: DependentObject[];
  sequences: ColumnSequence[];
  /** Why the change cannot apply in place; empty when it can. */
  blockers: string[];
}

/** Options of {@link columnDependencies}. */
export interface ColumnDependenciesOptions {
  table: string;
  column: string;
  /** Default `'public'`. */
  schema?: string;
  /**
   * Follow foreign keys to referencing columns of these types (`['integer']` for int4 → int8),
   * transitively. Default: none.
   */
  followForeignKeysOfTypes?: readonly string[];
  /**
   * The change is timestamp → timestamptz: an index expression or predicate or a generated column
   * over the column blocks it (it would no longer be immutable). Default `false`.
   */
  toTimestamptz?: boolean;
}

type Row = Record<string, unknown>;
const str = (row: Row, key: string): string => String(row[key] ?? '');
/** text[] read through any parser: a JS array, or the array literal as text. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '{}') return [];
  return parseTextArray(value);
}

function parseTextArray(literal: string): string[] {
  const out: string[] = [];
  let i = 1;
  while (i < literal.length - 1) {
    if (literal[i] === '"') {
      let item = '';
      i++;
      while (literal[i] !== '"') {
        if (literal[i] === '\\') i++;
        item += literal[i];
        i++;
      }
      out.push(item);
      i += 2;
    } else {
      const end = literal.indexOf(',', i);
      const stop = end === -1 ? literal.length - 1 : end;
      out.push(literal.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Reads what a type change of `schema.table.column` touches: the columns changed with it
 * (partitions, and referencing columns when asked), the views, materialized views, rules, CHECK
 * constraints and generated columns dropped and recreated around it, the sequences that feed the
 * columns, and the blockers that make an in-place change impossible. SELECT only.
 *
 * ```ts
 * const deps = await columnDependencies(client, { table: 'users', column: 'id', followForeignKeysOfTypes: ['integer'] });
 * deps.columns.length; // users.id and every int4 column referencing it
 * ```
 */
export async function columnDependencies(db: Queryable, options: ColumnDependenciesOptions): Promise<ColumnDependencies> {
  const rel = `${quote(options.schema ?? 'public')}.${quote(options.table)}`;
  const follow = `{${(options.followForeignKeysOfTypes ?? []).map((t) => `"${t}"`).join(',')}}`;
  const { rows: columnRows } = await db.query(
    `SELECT relid::text, attnum::text, rel, attname, type, root::text, via FROM (${AFFECTED_COLUMNS_SQL}) x`,
    [rel, options.column, follow],
  );
  const relids = `{${columnRows.map((r) => str(r, 'relid')).join(',')}}`;
  const attnums = `{${columnRows.map((r) => str(r, 'attnum')).join(',')}}`;
  const columns: AffectedColumn[] = columnRows.map((r) => ({
    table: str(r, 'rel'),
    column: str(r, 'attname'),
    type: str(r, 'type'),
    via: str(r, 'via'),
    root: str(r, 'root') === 'true',
  }));
  const params = [relids, attnums];
  const { rows: blockerRows } = await db.query(BLOCKERS_SQL, [...params, options.toTimestamptz === true]);
  const { rows: generatedRows } = await db.query(`SELECT relid::text, attnum::text, name, drop_sql, create_sql::text FROM (${GENERATED_COLUMNS_SQL}) x`, params);
  const viewRelids = `{${[...columnRows, ...generatedRows].map((r) => str(r, 'relid')).join(',')}}`;
  const viewAttnums = `{${[...columnRows, ...generatedRows].map((r) => str(r, 'attnum')).join(',')}}`;
  const { rows: viewRows } = await db.query(`SELECT kind, name, drop_sql, create_sql::text FROM (${DEPENDENT_VIEWS_SQL}) x`, [viewRelids, viewAttnums]);
  const { rows: checkRows } = await db.query(`SELECT name, drop_sql, create_sql::text FROM (${CHECK_CONSTRAINTS_SQL}) x`, params);
  const { rows: sequenceRows } = await db.query(
    `SELECT format('%s', relid::regclass) AS rel, (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = x.relid AND attnum = x.attnum)::text AS attname,
            sequence, how, shared::text FROM (${COLUMN_SEQUENCES_SQL}) x`,
    params,
  );
  const dependent = (kind: DependentObject['kind'], r: Row): DependentObject => ({
    kind,
    name: str(r, 'name'),
    dropSql: str(r, 'drop_sql'),
    createSql: textArray(r.create_sql),
  });
  return {
    columns,
    dependents: [
      ...viewRows.map((r) => dependent(str(r, 'kind') as DependentObject['kind'], r)),
      ...checkRows.map((r) => dependent('check constraint', r)),
      ...generatedRows.map((r) => dependent('generated column', r)),
    ],
    sequences: sequenceRows.map((r) => ({
      table: str(r, 'rel'),
      column: str(r, 'attname'),
      sequence: str(r, 'sequence'),
      how: str(r, 'how') as ColumnSequence['how'],
      sharedWith: textArray(r.shared),
    })),
    blockers: blockerRows.map((r) => str(r, 'reason')),
  };
}

/**
 * The cheap part of {@link columnDependencies}: the columns that change together and the
 * blockers, without reading the dependents' definitions (what the audit needs per finding).
 */
export async function changeBlockers(
  db: Queryable,
  options: ColumnDependenciesOptions,
): Promise<{ columns: AffectedColumn[]; blockers: string[] }> {
  const rel = `${quote(options.schema ?? 'public')}.${quote(options.table)}`;
  const follow = `{${(options.followForeignKeysOfTypes ?? []).map((t) => `"${t}"`).join(',')}}`;
  const { rows } = await db.query(
    `SELECT relid::text, attnum::text, rel, attname, type, root::text, via FROM (${AFFECTED_COLUMNS_SQL}) x`,
    [rel, options.column, follow],
  );
  const { rows: blockerRows } = await db.query(BLOCKERS_SQL, [
    `{${rows.map((r) => str(r, 'relid')).join(',')}}`,
    `{${rows.map((r) => str(r, 'attnum')).join(',')}}`,
    options.toTimestamptz === true,
  ]);
  return {
    columns: rows.map((r) => ({ table: str(r, 'rel'), column: str(r, 'attname'), type: str(r, 'type'), via: str(r, 'via'), root: str(r, 'root') === 'true' })),
    blockers: blockerRows.map((r) => str(r, 'reason')),
  };
}
