import type { Queryable } from '../../queryable.js';

/** An index that reads the converted column: rebuilt CONCURRENTLY on the new column. */
export interface OnlineIndex {
  name: string;
  /** `pg_get_indexdef` of the existing index. */
  definition: string;
  /** Set when the index backs a PRIMARY KEY (`p`) or UNIQUE (`u`) constraint of that name. */
  constraint: { name: string; type: 'p' | 'u' } | null;
}

/** A CHECK or FOREIGN KEY constraint of the table that reads the converted column. */
export interface OnlineConstraint {
  name: string;
  type: 'c' | 'f';
  /** `pg_get_constraintdef`. */
  definition: string;
}

/** A foreign key of another table (or this one) that references the converted column. */
export interface OnlineReferencingKey {
  /** `"schema"."table"` of the referencing table. */
  table: string;
  name: string;
  definition: string;
  /** The referencing columns with their types, e.g. `order_id integer`. */
  columns: { name: string; type: string }[];
}

/** What the online migration found about the table and column before it starts. */
export interface OnlineCatalog {
  /** The table's oid, as text. */
  oid: string;
  relkind: string;
  /** `regtype` of the column. */
  type: string;
  notNull: boolean;
  /** `''`, `'a'` (ALWAYS) or `'d'` (BY DEFAULT). */
  identity: string;
  /** `pg_get_expr` of the column default, or null. */
  defaultExpression: string | null;
  /** The sequence owned by the column (serial or identity), qualified, or null. */
  ownedSequence: string | null;
  /** The single-column primary key batches walk, with its type. */
  key: { column: string; type: string } | null;
  indexes: OnlineIndex[];
  constraints: OnlineConstraint[];
  referencingKeys: OnlineReferencingKey[];
  /** Things an online migration cannot carry over (views, rules, generated columns, exclusion constraints). */
  blockers: string[];
}

const text = (value: unknown): string => String(value);

/** Reads what the migration needs to know; null when the table or column does not exist. */
export async function readOnlineCatalog(db: Queryable, schema: string, table: string, column: string, skipSuffix: string): Promise<OnlineCatalog | null> {
  const { rows } = await db.query(
    `SELECT c.oid::text AS oid, c.relkind::text AS relkind, a.attnum::text AS attnum, a.atttypid::regtype::text AS type,
            a.attnotnull AS not_null, a.attidentity::text AS identity, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expression,
            pg_catalog.pg_get_serial_sequence(c.oid::regclass::text, a.attname) AS owned_sequence
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table, column],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const oid = text(row.oid);
  const attnum = text(row.attnum);

  const key = await db.query(
    `SELECT a.attname AS column, a.atttypid::regtype::text AS type
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
      WHERE i.indrelid = $1::oid AND i.indisprimary AND i.indnatts = 1`,
    [oid],
  );
  // Every index that reads the column: as a key column, or in an expression or predicate (pg_depend;
  // an index behind a PRIMARY KEY or UNIQUE constraint depends on the constraint instead).
  const indexes = await db.query(
    `SELECT ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, con.conname AS constraint_name, con.contype::text AS constraint_type
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
      WHERE i.indrelid = $1::oid AND right(ic.relname, length($3)) <> $3
        AND ($2::int2 = ANY (i.indkey::int2[]) OR EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend dep
               WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = i.indexrelid
                 AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = $1::oid AND dep.refobjsubid = $2::int2))
      ORDER BY 1`,
    [oid, attnum, skipSuffix],
  );
  const constraints = await db.query(
    `SELECT conname AS name, contype::text AS type, pg_catalog.pg_get_constraintdef(oid) AS definition
       FROM pg_catalog.pg_constraint
      WHERE conrelid = $1::oid AND contype IN ('c', 'f') AND $2::int2 = ANY (conkey) AND right(conname, length($3)) <> $3
      ORDER BY 1`,
    [oid, attnum, skipSuffix],
  );
  const referencing = await db.query(
    `SELECT format('%I.%I', rn.nspname, rc.relname) AS table, con.conname AS name, pg_catalog.pg_get_constraintdef(con.oid) AS definition,
            (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY k.ord)
               FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text AS columns
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class rc ON rc.oid = con.conrelid
       JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.confrelid = $1::oid AND con.contype = 'f' AND $2::int2 = ANY (con.confkey)
      ORDER BY 1, 2`,
    [oid, attnum],
  );
  const blockers = await db.query(
    `SELECT DISTINCT CASE
              WHEN dep.classid = 'pg_catalog.pg_rewrite'::regclass THEN 'view or rule ' || r.ev_class::regclass::text
              WHEN dep.classid = 'pg_catalog.pg_attrdef'::regclass THEN 'generated column or default of ' || ad.adrelid::regclass::text
              WHEN dep.classid = 'pg_catalog.pg_policy'::regclass THEN 'row-level security policy ' || p.polname
              WHEN dep.classid = 'pg_catalog.pg_trigger'::regclass THEN 'trigger ' || t.tgname || ' (WHEN or UPDATE OF names the column)'
              WHEN dep.classid = 'pg_catalog.pg_constraint'::regclass AND c.contype = 'x' THEN 'exclusion constraint ' || c.conname
            END AS blocker
       FROM pg_catalog.pg_depend dep
       LEFT JOIN pg_catalog.pg_rewrite r ON dep.classid = 'pg_catalog.pg_rewrite'::regclass AND r.oid = dep.objid
       LEFT JOIN pg_catalog.pg_attrdef ad ON dep.classid = 'pg_catalog.pg_attrdef'::regclass AND ad.oid = dep.objid
       LEFT JOIN pg_catalog.pg_policy p ON dep.classid = 'pg_catalog.pg_policy'::regclass AND p.oid = dep.objid
       LEFT JOIN pg_catalog.pg_trigger t ON dep.classid = 'pg_catalog.pg_trigger'::regclass AND t.oid = dep.objid
       LEFT JOIN pg_catalog.pg_constraint c ON dep.classid = 'pg_catalog.pg_constraint'::regclass AND c.oid = dep.objid
      WHERE dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = $1::oid AND dep.refobjsubid = $2::int2
        AND dep.deptype IN ('n', 'a') AND NOT (dep.classid = 'pg_catalog.pg_attrdef'::regclass AND ad.adnum = $2::int2)`,
    [oid, attnum],
  );
  const found = blockers.rows.map((r) => r.blocker).filter((b): b is string => typeof b === 'string');
  const relkind = text(row.relkind);
  if (relkind !== 'r') found.push(relkind === 'p' ? 'the table is partitioned' : `the relation has relkind ${relkind}, not a plain table`);
  const keyRow = key.rows[0];
  return {
    oid,
    relkind,
    type: text(row.type),
    notNull: row.not_null === true || row.not_null === 't',
    identity: text(row.identity ?? ''),
    defaultExpression: row.default_expression == null ? null : text(row.default_expression),
    ownedSequence: row.owned_sequence == null ? null : text(row.owned_sequence),
    key: keyRow === undefined ? null : { column: text(keyRow.column), type: text(keyRow.type) },
    indexes: indexes.rows.map((r) => ({
      name: text(r.name),
      definition: text(r.definition),
      constraint: r.constraint_name == null ? null : { name: text(r.constraint_name), type: text(r.constraint_type) as 'p' | 'u' },
    })),
    constraints: constraints.rows.map((r) => ({ name: text(r.name), type: text(r.type) as 'c' | 'f', definition: text(r.definition) })),
    referencingKeys: referencing.rows.map((r) => ({
      table: text(r.table),
      name: text(r.name),
      definition: text(r.definition),
      columns: JSON.parse(text(r.columns)) as { name: string; type: string }[],
    })),
    blockers: found,
  };
}
