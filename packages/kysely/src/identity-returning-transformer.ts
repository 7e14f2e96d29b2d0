import { RawNode, ValueNode, type InsertQueryNode, type OperationNode } from 'kysely';

/** The column name under which the discovery query reports the table's identity column. */
export const identityColumnAlias = '__pg_exact_identity_column';

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The table an INSERT writes into: `schema` as written (undefined when unqualified). */
export interface InsertTarget {
  readonly schema: string | undefined;
  readonly table: string;
  /** `schema.table` or `table`, as written: the cache key. */
  readonly key: string;
  /** Quoted, for `::regclass`. */
  readonly quoted: string;
}

/** The target of an INSERT without RETURNING (and not EXPLAIN), else undefined. */
export function insertTarget(node: InsertQueryNode): InsertTarget | undefined {
  if (node.returning !== undefined || node.explain !== undefined) return undefined;
  const into = node.into as OperationNode | undefined;
  if (into?.kind !== 'TableNode') return undefined;
  const { table } = into as unknown as { table: { schema?: { name: string }; identifier: { name: string } } };
  const schema = table.schema?.name;
  const name = table.identifier.name;
  return {
    schema,
    table: name,
    key: schema === undefined ? name : `${schema}.${name}`,
    quoted: schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`,
  };
}

/*
 * The RETURNING clause goes into `endModifiers` (emitted right after where RETURNING would be), not
 * into `node.returning`: Kysely's InsertQueryBuilder returns rows instead of an InsertResult when
 * the compiled node has `returning`, and the user asked for an InsertResult.
 */
function withEndModifier(node: InsertQueryNode, modifier: OperationNode): InsertQueryNode {
  return { ...node, endModifiers: [modifier, ...(node.endModifiers ?? [])] } as InsertQueryNode;
}

/** `INSERT … RETURNING "column"`. */
export function returningColumn(node: InsertQueryNode, column: string): InsertQueryNode {
  return withEndModifier(node, RawNode.createWithSql(`returning ${quoteIdentifier(column)}`));
}

/*
 * Discovery, for a table not yet in the cache: plugins cannot run queries in transformQuery (it is
 * synchronous), so the INSERT itself reports its table's identity column (GENERATED … AS IDENTITY
 * first, else a serial: a nextval() default on a sequence owned by the column) next to every column.
 */
const discoverySql = [
  'returning *, (select a.attname from pg_catalog.pg_attribute a',
  ' left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum',
  ' where a.attrelid = ',
  '::regclass and a.attnum > 0 and not a.attisdropped',
  " and (a.attidentity <> '' or (pg_catalog.pg_get_expr(d.adbin, d.adrelid) like 'nextval(%'",
  ' and pg_catalog.pg_get_serial_sequence(',
  ', a.attname) is not null))',
  ` order by a.attidentity <> '' desc, a.attnum limit 1) as ${quoteIdentifier(identityColumnAlias)}`,
];

/** `INSERT … RETURNING *, (<the identity column's name>) AS __pg_exact_identity_column`. */
export function returningDiscovery(node: InsertQueryNode, target: InsertTarget): InsertQueryNode {
  const raw = RawNode.create(
    [discoverySql[0]! + discoverySql[1]! + discoverySql[2]!, discoverySql[3]! + discoverySql[4]! + discoverySql[5]!, discoverySql[6]! + discoverySql[7]!],
    [ValueNode.create(target.quoted), ValueNode.create(target.quoted)],
  );
  return withEndModifier(node, raw);
}
