import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import type { ExactPGliteInstance } from './exact-pglite-dialect-config.js';

/**
 * The one connection to a PGlite instance. Access is serialized by {@link ExactPGliteDriver}, so a
 * transaction's statements are never interleaved with another caller's. `numAffectedRows` is
 * PGlite's `affectedRows`.
 *
 * ```ts
 * import { CompiledQuery } from 'kysely';
 * import { createPGlite } from '@pg-exact/pglite';
 * import { ExactPGliteConnection } from '@pg-exact/kysely';
 *
 * const connection = new ExactPGliteConnection(await createPGlite());
 * const { rows } = await connection.executeQuery(CompiledQuery.raw('select $1::int8 as n', [1n]));
 * rows; // [{ n: 1n }]
 * ```
 */
export class ExactPGliteConnection implements DatabaseConnection {
  readonly #pglite: ExactPGliteInstance;

  constructor(pglite: ExactPGliteInstance) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], { rowMode: 'object' });
    return result.affectedRows === undefined
      ? { rows: result.rows }
      : { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) };
  }

  /** PGlite returns whole results; this yields them in chunks of `chunkSize` rows (all rows are in memory). */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new Error('chunkSize must be a positive integer');
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}
