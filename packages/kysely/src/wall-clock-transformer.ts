import { instantToWallClock } from '@pg-exact/core';
import {
  OperationNodeTransformer,
  type AliasNode,
  type BinaryOperationNode,
  type ColumnNode,
  type ColumnUpdateNode,
  type DeleteQueryNode,
  type IdentifierNode,
  type InsertQueryNode,
  type OperationNode,
  type PrimitiveValueListNode,
  type QueryId,
  type ReferenceNode,
  type SelectQueryNode,
  type TableNode,
  type UpdateQueryNode,
  type ValueListNode,
  type ValueNode,
  type ValuesNode,
} from 'kysely';

/** `'table.column'` / `'schema.table.column'` → zone, as given to the plugin. */
export type WallClockColumns = ReadonlyMap<string, string>;

/** The tables a query names: alias or name → the keys it is known by (`schema.table`, `table`). */
type Scope = Map<string, string[]>;

const name = (node: OperationNode | undefined): string | undefined =>
  node?.kind === 'IdentifierNode' ? (node as IdentifierNode).name : undefined;

function tableKeys(node: TableNode): string[] {
  const table = node.table.identifier.name;
  const schema = node.table.schema?.name;
  return schema === undefined ? [table] : [`${schema}.${table}`, table];
}

/** Adds a FROM/JOIN/INTO item (a table, or an aliased table) to `scope`. */
function addTable(scope: Scope, node: OperationNode | undefined): void {
  if (node?.kind === 'TableNode') {
    const table = node as TableNode;
    scope.set(table.table.identifier.name, tableKeys(table));
  } else if (node?.kind === 'AliasNode') {
    const alias = node as AliasNode;
    const aliasName = name(alias.alias);
    if (alias.node.kind === 'TableNode' && aliasName !== undefined) scope.set(aliasName, tableKeys(alias.node as TableNode));
  }
}

function scopeOf(node: OperationNode): Scope {
  const scope: Scope = new Map();
  switch (node.kind) {
    case 'SelectQueryNode': {
      const select = node as SelectQueryNode;
      for (const from of select.from?.froms ?? []) addTable(scope, from);
      for (const join of select.joins ?? []) addTable(scope, join.table);
      break;
    }
    case 'InsertQueryNode':
      addTable(scope, (node as InsertQueryNode).into);
      break;
    case 'UpdateQueryNode': {
      const update = node as UpdateQueryNode;
      addTable(scope, update.table);
      for (const from of update.from?.froms ?? []) addTable(scope, from);
      for (const join of update.joins ?? []) addTable(scope, join.table);
      break;
    }
    case 'DeleteQueryNode': {
      const del = node as DeleteQueryNode;
      for (const from of del.from.froms) addTable(scope, from);
      for (const join of del.joins ?? []) addTable(scope, join.table);
      break;
    }
  }
  return scope;
}

/** The zone of `column`: of the table `qualifier` names, else of the one table in scope listing it. */
export function zoneOf(columns: WallClockColumns, scope: Scope, column: string, qualifier?: string): string | undefined {
  const candidates = qualifier === undefined ? [...scope.values()] : [scope.get(qualifier) ?? [qualifier]];
  const zones = new Set<string>();
  for (const keys of candidates) {
    const key = keys.find((k) => columns.has(`${k}.${column}`));
    if (key !== undefined) zones.add(columns.get(`${key}.${column}`)!);
  }
  // Two tables in scope with the same column name but different zones: ambiguous, left alone.
  return zones.size === 1 ? [...zones][0] : undefined;
}

function toWallClock(value: unknown, zone: string): unknown {
  return value instanceof Date ? instantToWallClock(value, zone) : value;
}

function convertValue(node: OperationNode, zone: string): OperationNode {
  switch (node.kind) {
    case 'ValueNode': {
      const value = node as ValueNode;
      return value.value instanceof Date ? ({ ...value, value: toWallClock(value.value, zone) } as ValueNode) : node;
    }
    case 'ValueListNode':
      return { ...node, values: (node as ValueListNode).values.map((v) => convertValue(v, zone)) } as ValueListNode;
    case 'PrimitiveValueListNode':
      return { ...node, values: (node as PrimitiveValueListNode).values.map((v) => toWallClock(v, zone)) } as PrimitiveValueListNode;
    default:
      return node;
  }
}

/**
 * Rewrites the Date parameters bound for wall-clock columns into their wall clock (see
 * WallClockPlugin): INSERT values, UPDATE … SET, ON CONFLICT DO UPDATE SET and comparisons
 * `column <op> value` (`=`, `<`, `in` lists…) in WHERE/ON/HAVING.
 */
export class WallClockTransformer extends OperationNodeTransformer {
  readonly #columns: WallClockColumns;
  readonly #scopes: Scope[] = [];

  constructor(columns: WallClockColumns) {
    super();
    this.#columns = columns;
  }

  #inScope<T extends OperationNode>(node: T, transform: () => T): T {
    this.#scopes.push(scopeOf(node));
    try {
      return transform();
    } finally {
      this.#scopes.pop();
    }
  }

  get #scope(): Scope {
    return this.#scopes[this.#scopes.length - 1] ?? new Map();
  }

  #zoneOfReference(node: OperationNode): string | undefined {
    if (node.kind === 'ReferenceNode') {
      const reference = node as ReferenceNode;
      if (reference.column.kind !== 'ColumnNode') return undefined;
      const qualifier = reference.table?.table.identifier.name;
      return zoneOf(this.#columns, this.#scope, reference.column.column.name, qualifier);
    }
    if (node.kind === 'ColumnNode') return zoneOf(this.#columns, this.#scope, (node as ColumnNode).column.name);
    return undefined;
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: QueryId): SelectQueryNode {
    return this.#inScope(node, () => super.transformSelectQuery(node, queryId));
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId): DeleteQueryNode {
    return this.#inScope(node, () => super.transformDeleteQuery(node, queryId));
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    return this.#inScope(node, () => super.transformUpdateQuery(node, queryId));
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    return this.#inScope(node, () => {
      const transformed = super.transformInsertQuery(node, queryId);
      const zones = (transformed.columns ?? []).map((column) => zoneOf(this.#columns, this.#scope, column.column.name));
      if (transformed.values?.kind !== 'ValuesNode' || zones.every((zone) => zone === undefined)) return transformed;
      const values = transformed.values as ValuesNode;
      const rows = values.values.map((row) => {
        const items = row.kind === 'PrimitiveValueListNode' ? row.values : row.values;
        const converted = items.map((item: unknown, i: number) => {
          const zone = zones[i];
          if (zone === undefined) return item;
          return row.kind === 'PrimitiveValueListNode' ? toWallClock(item, zone) : convertValue(item as OperationNode, zone);
        });
        return { ...row, values: converted } as typeof row;
      });
      return { ...transformed, values: { ...values, values: rows } as ValuesNode };
    });
  }

  protected override transformColumnUpdate(node: ColumnUpdateNode, queryId?: QueryId): ColumnUpdateNode {
    const transformed = super.transformColumnUpdate(node, queryId);
    const zone = this.#zoneOfReference(transformed.column);
    return zone === undefined ? transformed : { ...transformed, value: convertValue(transformed.value, zone) };
  }

  protected override transformBinaryOperation(node: BinaryOperationNode, queryId?: QueryId): BinaryOperationNode {
    const transformed = super.transformBinaryOperation(node, queryId);
    const left = this.#zoneOfReference(transformed.leftOperand);
    if (left !== undefined) return { ...transformed, rightOperand: convertValue(transformed.rightOperand, left) };
    const right = this.#zoneOfReference(transformed.rightOperand);
    if (right !== undefined) return { ...transformed, leftOperand: convertValue(transformed.leftOperand, right) };
    return transformed;
  }
}

/** Output column name → zone for the rows `node` returns (its selections or RETURNING). */
export function resultZones(columns: WallClockColumns, node: OperationNode): Map<string, string> {
  const scope = scopeOf(node);
  const selections =
    node.kind === 'SelectQueryNode'
      ? (node as SelectQueryNode).selections
      : (node as InsertQueryNode | UpdateQueryNode | DeleteQueryNode).returning?.selections;
  const zones = new Map<string, string>();
  const all = (qualifier?: string) => {
    for (const [alias, keys] of scope) {
      if (qualifier !== undefined && alias !== qualifier) continue;
      for (const [key, zone] of columns) {
        const dot = key.lastIndexOf('.');
        if (keys.includes(key.slice(0, dot))) zones.set(key.slice(dot + 1), zone);
      }
    }
  };
  for (const { selection } of selections ?? []) {
    let source: OperationNode = selection;
    let output: string | undefined;
    if (selection.kind === 'AliasNode') {
      source = (selection as AliasNode).node;
      output = name((selection as AliasNode).alias);
    }
    if (source.kind === 'SelectAllNode') all();
    else if (source.kind === 'ReferenceNode' && (source as ReferenceNode).column.kind === 'SelectAllNode') {
      all((source as ReferenceNode).table?.table.identifier.name);
    } else if (source.kind === 'ReferenceNode' || source.kind === 'ColumnNode') {
      const column = source.kind === 'ColumnNode' ? (source as ColumnNode).column.name : ((source as ReferenceNode).column as ColumnNode).column.name;
      const qualifier = source.kind === 'ReferenceNode' ? (source as ReferenceNode).table?.table.identifier.name : undefined;
      const zone = zoneOf(columns, scope, column, qualifier);
      if (zone !== undefined) zones.set(output ?? column, zone);
    }
  }
  return zones;
}
