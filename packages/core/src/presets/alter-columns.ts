// The PL/pgSQL that changes a column's type on a real schema, inside a preset's DO block: it
// finds (with the catalog queries of dependencies.ts) the columns that change together, refuses
// with the reason when something blocks an in-place change, drops the views, materialized views,
// rules, CHECK constraints and generated columns that use the columns, runs one ALTER TABLE per
// table, and recreates everything it dropped — all in the caller's transaction.

import {
  AFFECTED_COLUMNS_SQL,
  BLOCKERS_SQL,
  CHECK_CONSTRAINTS_SQL,
  DEPENDENT_VIEWS_SQL,
  GENERATED_COLUMNS_SQL,
} from './dependencies.js';
import { quoteLiteral } from './preset-sql.js';

/** What to change: `from` types to `to`, through `using` (`$col` stands for the quoted column). */
export interface AlterColumnsSpec {
  preset: string;
  from: readonly string[];
  to: string;
  /** The USING expression, `$col` replaced by each column's quoted name; null for none. */
  using: string | null;
  /** Also change the columns that reference the changed ones through foreign keys (int4 → int8). */
  followForeignKeys: boolean;
  /**
   * json → jsonb (`'jsonb'`): a recreated CHECK, view or generated column that called json_x()
   * and now fails calls jsonb_x(); jsonb → json (`'json'`, the down): the other way round.
   */
  jsonFallback: 'jsonb' | 'json' | false;
  /** PL/pgSQL run just before the ALTERs. */
  before?: string;
  /** PL/pgSQL run just after the ALTERs. */
  after?: string;
  /** The manual path printed when the change is blocked. */
  manualPath: string;
}

/** Dollar-quoted SQL text for EXECUTE (the queries hold no `$pgx_q$`). */
const sqlText = (sql: string) => `$pgx_q$${sql}$pgx_q$`;

// json functions whose jsonb twin takes the same arguments.
const JSON_FUNCTIONS =
  'typeof|array_length|each|each_text|extract_path|extract_path_text|array_elements|array_elements_text|object_keys|' +
  'populate_record|populate_recordset|to_record|to_recordset|strip_nulls';

/** The variables the body below uses. */
export const ALTER_COLUMNS_DECLARE = `
  pgx_r record;
  pgx_stmt text;
  pgx_clause text;
  pgx_last text := '';
  pgx_alters text[] := '{}';
  pgx_drops text[] := '{}';
  pgx_creates text[] := '{}';
  pgx_rels oid[];
  pgx_atts int2[];
  pgx_dep_rels oid[];
  pgx_dep_atts int2[];
  pgx_blockers text := '';
  pgx_saved text;`;

/**
 * The body: expects doBlock's `rel`, `col`, `col_type` and leaves `pgx_rels`/`pgx_atts` set to
 * every column that has the new type afterwards (for a sequence step after it).
 */
export function alterColumnsBody(spec: AlterColumnsSpec): string {
  const fromList = `ARRAY[${spec.from.map(quoteLiteral).join(', ')}]::regtype[]`;
  const follow = spec.followForeignKeys ? fromList : `'{}'::regtype[]`;
  const using = spec.using === null ? 'NULL' : quoteLiteral(spec.using);
  const [prefix, other] = spec.jsonFallback === 'jsonb' ? ['json', 'jsonb'] : ['jsonb', 'json'];
  const run = spec.jsonFallback
    ? `      BEGIN
        EXECUTE pgx_stmt;
      EXCEPTION WHEN undefined_function THEN
        EXECUTE regexp_replace(pgx_stmt, '\\m${prefix}_(${JSON_FUNCTIONS})\\(', '${other}_\\1(', 'g');
      END;`
    : '      EXECUTE pgx_stmt;';
  return `  IF col_type <> ${quoteLiteral(spec.to)}::regtype AND NOT col_type = ANY (${fromList}) THEN
    RAISE EXCEPTION USING MESSAGE = 'pg-exact ${spec.preset}: ' || rel_name || '.' || quote_ident(col) || ' has type ' || col_type || ', expected ' || ${quoteLiteral(spec.from.join(' or '))};
  END IF;
  -- The columns that change together: partitions and parents, and referencing columns when asked.
  -- The ALTER goes to each table whose column is not inherited (it reaches the partitions).
  pgx_rels := '{}';
  pgx_atts := '{}';
  FOR pgx_r IN EXECUTE 'SELECT relid, attnum, rel, attname, type, generated, root FROM (' || ${sqlText(AFFECTED_COLUMNS_SQL)} || ') x ORDER BY rel, attnum'
    USING rel, col, ${follow}
  LOOP
    pgx_rels := pgx_rels || pgx_r.relid;
    pgx_atts := pgx_atts || pgx_r.attnum;
    CONTINUE WHEN NOT pgx_r.root;
    CONTINUE WHEN NOT pgx_r.type::regtype = ANY (${fromList});
    pgx_clause := format('ALTER COLUMN %I TYPE ${spec.to}', pgx_r.attname)
      || CASE WHEN pgx_r.generated THEN '' ELSE coalesce(' USING ' || replace(${using}, '$col', quote_ident(pgx_r.attname)), '') END;
    IF pgx_r.rel = pgx_last THEN
      pgx_alters[cardinality(pgx_alters)] := pgx_alters[cardinality(pgx_alters)] || ', ' || pgx_clause;
    ELSE
      pgx_alters := pgx_alters || (format('ALTER TABLE %s ', pgx_r.rel) || pgx_clause);
      pgx_last := pgx_r.rel;
    END IF;
  END LOOP;
  IF cardinality(pgx_alters) = 0 THEN
    RAISE NOTICE USING MESSAGE = 'pg-exact ${spec.preset}: ' || rel_name || '.' || quote_ident(col) || ' is already ' || ${quoteLiteral(spec.to)} || ', nothing to do';
  ELSE
    FOR pgx_r IN EXECUTE ${sqlText(BLOCKERS_SQL)} USING pgx_rels, pgx_atts, ${spec.to === 'timestamptz' ? 'true' : 'false'} LOOP
      pgx_blockers := pgx_blockers || CASE WHEN pgx_blockers = '' THEN '' ELSE '; ' END || pgx_r.reason;
    END LOOP;
    IF pgx_blockers <> '' THEN
      RAISE EXCEPTION USING MESSAGE = 'pg-exact ${spec.preset}: cannot change ' || rel_name || '.' || quote_ident(col) || ' in place: ' || pgx_blockers,
        HINT = ${quoteLiteral(spec.manualPath)};
    END IF;
    pgx_dep_rels := pgx_rels;
    pgx_dep_atts := pgx_atts;
    -- Generated columns: dropped and added back (PostgreSQL refuses the type change under them).
    FOR pgx_r IN EXECUTE ${sqlText(GENERATED_COLUMNS_SQL)} USING pgx_rels, pgx_atts LOOP
      pgx_dep_rels := pgx_dep_rels || pgx_r.relid;
      pgx_dep_atts := pgx_dep_atts || pgx_r.attnum;
    END LOOP;
    -- Drop order: rules on tables, views deepest first, CHECKs, generated columns; recreate in reverse.
    FOR pgx_r IN EXECUTE ${sqlText(DEPENDENT_VIEWS_SQL)} USING pgx_dep_rels, pgx_dep_atts LOOP
      pgx_drops := pgx_drops || pgx_r.drop_sql;
      pgx_creates := pgx_r.create_sql || pgx_creates;
    END LOOP;
    FOR pgx_r IN EXECUTE ${sqlText(CHECK_CONSTRAINTS_SQL)} USING pgx_rels, pgx_atts LOOP
      pgx_drops := pgx_drops || pgx_r.drop_sql;
      pgx_creates := pgx_r.create_sql || pgx_creates;
    END LOOP;
    FOR pgx_r IN EXECUTE ${sqlText(GENERATED_COLUMNS_SQL)} USING pgx_rels, pgx_atts LOOP
      pgx_drops := pgx_drops || pgx_r.drop_sql;
      pgx_creates := pgx_r.create_sql || pgx_creates;
    END LOOP;
    FOREACH pgx_stmt IN ARRAY pgx_drops LOOP
      EXECUTE pgx_stmt;
    END LOOP;
${spec.before ?? ''}
    FOREACH pgx_stmt IN ARRAY pgx_alters LOOP
      EXECUTE pgx_stmt;
    END LOOP;
${spec.after ?? ''}
    FOREACH pgx_stmt IN ARRAY pgx_creates LOOP
${run}
    END LOOP;
  END IF;`;
}
