import {
  RawNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * Writes `INSERT … OVERRIDING SYSTEM VALUE VALUES …`, so explicit ids can go into a
 * `GENERATED ALWAYS AS IDENTITY` column (PostgreSQL refuses them otherwise). Use it on one query
 * with {@link overridingSystemValue}. Remember to resync the sequence afterwards
 * (`SELECT setval(pg_get_serial_sequence('t', 'id'), max(id)) FROM t`).
 *
 * ```ts
 * import { overridingSystemValue } from '@pg-exact/kysely';
 *
 * await overridingSystemValue(db.insertInto('orders').values({ id: 1000n, total: '1' })).execute();
 * ```
 */
export class OverridingSystemValuePlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node } = args;
    if (node.kind !== 'InsertQueryNode' || node.values === undefined) return node;
    const values = node.values as OperationNode;
    return { ...node, values: RawNode.create(['overriding system value ', ''], [values]) } as RootOperationNode;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** `qb` (an insert query builder) with `OVERRIDING SYSTEM VALUE` before its VALUES. */
export function overridingSystemValue<QB extends { withPlugin(plugin: KyselyPlugin): QB }>(qb: QB): QB {
  return qb.withPlugin(new OverridingSystemValuePlugin());
}
