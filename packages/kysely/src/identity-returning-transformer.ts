import { IdentifierNode, RawNode, type InsertQueryNode, type OperationNode, type TableNode } from 'kysely';

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The table an INSERT writes into: `schema` as written (undefined when unqualified). */
export interface InsertTarget {
  /** The query's own table node (it stays a node, so plugins after this one rewrite it as they rewrite the INSERT's). */
  readonly node: TableNode;
  readonly schema: string | undefined;
  readonly table: string;
  /** `schema.table` or `table`, as written: the key of `identityColumns`. */
  readonly key: string;
}

/** The target of an INSERT without RETURNING (and not EXPLAIN), else undefined. */
export function insertTarget(node: InsertQueryNode): InsertTarget | undefined {
  if (node.returning !== undefined || node.explain !== undefined) return undefined;
  const into = node.into as OperationNode | undefined;
  if (into?.kind !== 'TableNode') return undefined;
  const tableNode = into as TableNode;
  const schema = tableNode.table.schema?.name;
  const name = tableNode.table.identifier.name;
  return { node: tableNode, schema, table: name, key: schema === undefined ? name : `${schema}.${name}` };
}

/*
 * The RETURNING clause goes into `endModifiers` (emitted right after where RETURNING would be), not
 * into `node.returning`: Kysely's InsertQueryBuilder returns rows instead of an InsertResult when
 * the compiled node has `returning`, and the user asked for an InsertResult.
 */
function withEndModifier(node: InsertQueryNode, modifier: OperationNode): InsertQueryNode {
  return { ...node, endModifiers: [modifier, ...(node.endModifiers ?? [])] } as InsertQueryNode;
}

/** `INSERT … RETURNING "column"`: a column the user named in `identityColumns`. */
export function returningColumn(node: InsertQueryNode, column: string): InsertQueryNode {
  return withEndModifier(node, RawNode.createWithSql(`returning ${quoteIdentifier(column)}`));
}

/*
 * Discovery, in the INSERT itself (plugins cannot run queries: transformQuery is synchronous):
 *
 * - The table is the one PostgreSQL resolves for the INSERT: its row type, read from the table
 *   node joined on false (a relation lookup, like the INSERT's, through search_path and pg_temp).
 *   The node is the query's own table node, so a plugin running after this one (the Migrator's
 *   WithSchemaPlugin for `migrationTableSchema`, CamelCasePlugin) rewrites it as it rewrites the
 *   INSERT's. Views have a row type too (and no identity: no insertId).
 * - Its identity column: `GENERATED … AS IDENTITY` first, else a serial (a column that owns a
 *   sequence), on the partition root when the table is a partition (the root owns them).
 * - That lookup does not depend on the row: PostgreSQL runs it once per statement (an InitPlan);
 *   each row gives the column's value as text through to_jsonb(row), which needs no column name
 *   written into the SQL. Nothing is cached between queries, so a table dropped and created
 *   again, another schema or a temporary table of the same name are always seen as they are.
 */
const identityOfTarget = [
  'returning pg_catalog.to_jsonb(',
  // ← the table's name (an identifier node, rewritten as the INSERT's by plugins such as CamelCasePlugin)
  '.*) ->> (select a.attname from pg_catalog.pg_attribute a',
  ' where a.attrelid = (select coalesce(pg_catalog.pg_partition_root(ty.typrelid), ty.typrelid) from pg_catalog.pg_type ty',
  ' where ty.oid = (select pg_catalog.pg_typeof(t.*) from (select) as s left join ',
  // ← the table node
  ' as t on false))',
  ' and a.attnum > 0 and not a.attisdropped',
  " and (a.attidentity <> '' or exists (select from pg_catalog.pg_depend dep",
  " join pg_catalog.pg_class seq on seq.oid = dep.objid and seq.relkind = 'S'",
  " where dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass",
  " and dep.refobjid = a.attrelid and dep.refobjsubid = a.attnum and dep.deptype = 'a'))",
  ` order by a.attidentity <> '' desc, a.attnum limit 1) as "__pg_exact_insert_id"`,
];

/** `INSERT … RETURNING <the value of the target's identity column, as text>`. */
export function returningDiscovery(node: InsertQueryNode, target: InsertTarget): InsertQueryNode {
  const fragments = [identityOfTarget[0]!, identityOfTarget.slice(1, 4).join(''), identityOfTarget.slice(4).join('')];
  return withEndModifier(node, RawNode.create(fragments, [IdentifierNode.create(target.table), target.node]));
}
