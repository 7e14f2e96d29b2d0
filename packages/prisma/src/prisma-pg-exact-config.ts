import type { ExactPoolConfig } from '@pg-exact/pg';

/** The slice of a `pg.Client` / `pg.PoolClient` the adapter uses (pg's own types stay optional). */
export interface PgClientLike {
  query(config: { text: string; values?: unknown[]; rowMode?: 'array'; types?: unknown } | string): Promise<unknown>;
}

export interface PgPoolClientLike extends PgClientLike {
  release(error?: Error | boolean): void;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** The slice of a `pg.Pool` the adapter uses. */
export interface PgPoolLike extends PgClientLike {
  connect(): Promise<PgPoolClientLike>;
  end(): Promise<void>;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** Options of {@link PrismaPgExact}, the ones `PrismaPg` of `@prisma/adapter-pg` takes. */
export interface PrismaPgExactOptions {
  /** The schema Prisma qualifies table names with. Default: the URL's `?schema=`, else `public`. */
  schema?: string;
  /** End a pool you passed in when the PrismaClient disconnects. Default `false`: it is yours. */
  disposeExternalPool?: boolean;
  /** Called with errors of idle pool clients (which would otherwise go unreported). */
  onPoolError?: (error: Error) => void;
  /** Called with errors of a connection held by a transaction. */
  onConnectionError?: (error: Error) => void;
}

/** What {@link PrismaPgExact} connects through: a pool, a pool config, or a connection URL. */
export type PrismaPgExactInput = PgPoolLike | ExactPoolConfig | string;
