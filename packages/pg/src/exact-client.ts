import { poolerSessionSetSql, sessionSetSql } from '@pg-exact/core';
import pg from 'pg';
import { exactTypes, isTypeParserSource, withExactParsers } from './exact-types.js';
import { exactQuery } from './exact-query.js';
import { checkSessionPin, explainStartupRefusal, startupOptions, type SessionPin } from './session-pin.js';

/** `pg.ClientConfig` plus how the session is pinned. */
export interface ExactClientConfig extends pg.ClientConfig {
  /**
   * How the session settings are pinned: `'startup'` (default) sends them as the `options`
   * startup parameter, merged after the user's own `options`; `'set'` runs `SET …` on connect
   * (for servers that refuse `options`); `'pooler'` sets only TimeZone and DateStyle on connect,
   * the settings PgBouncer carries across transaction pooling; `false` leaves the session alone.
   */
  pin?: SessionPin | undefined;
}

type LooseQuery = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;
type StartupConf = Record<string, string | undefined>;
type ConnectCallback = (error: Error | null, client?: ExactClient) => void;

// Reached through the prototype because @types/pg types query() as overloads only and does not
// declare getStartupConf(), which pg calls when it sends the startup message.
const baseQuery = pg.Client.prototype.query as unknown as LooseQuery;
const baseGetStartupConf = (pg.Client.prototype as unknown as { getStartupConf(this: pg.Client): StartupConf })
  .getStartupConf;

/**
 * A `pg.Client` that reads and writes exactly what PostgreSQL holds:
 * - results: the `@pg-exact/core` parsers win for every codec OID, over pg's process-wide registry,
 *   over the client `types` you pass (used for all other OIDs) and over per-query `types` (the ones
 *   Drizzle and Prisma pass, which fall back to the process-wide registry);
 * - parameters: bigint, Decimal, Date/PreciseDate, JSON objects and arrays are serialized exactly
 *   (see `serializeParameter`);
 * - the session is pinned (TimeZone=UTC, DateStyle=ISO, MDY, IntervalStyle=postgres,
 *   extra_float_digits=3), by default as the `options` startup parameter.
 *
 * Neither the config you pass nor pg's process-wide state (`pg.types`, `pg.defaults`) is modified.
 *
 * ```ts
 * import { ExactClient } from '@pg-exact/pg';
 *
 * const client = new ExactClient('postgres://postgres@127.0.0.1:5432/postgres');
 * await client.connect();
 * const { rows } = await client.query('SELECT $1::int8 + 1 AS n, now() AS t', [9007199254740992n]);
 * rows[0].n; // 9007199254740993n
 * rows[0].t; // PreciseDate, µs kept
 * await client.end();
 * ```
 */
export class ExactClient extends pg.Client {
  readonly #pin: SessionPin;

  constructor(config?: string | ExactClientConfig) {
    const own = exactClientConfig(config);
    super(own);
    this.#pin = checkSessionPin(own.pin);
    // pg's process-wide default for binary results may have been set by another library; the parsers read text.
    (this as unknown as { binary: boolean }).binary = false;
    // pg emits a lost connection as an 'error' event, which crashes the process when nothing listens:
    // pg-pool listens only while a client is idle, so a checked-out client (a Kysely or Drizzle
    // transaction, which the user cannot reach) took the process down. pg has already rejected the
    // queries in flight and refuses the next ones ("not queryable"); the pool discards the client.
    this.on('error', ignoreLostConnection);
  }

  /** The pin this client applies. */
  get pin(): SessionPin {
    return this.#pin;
  }

  /** Called by pg when it sends the startup message: adds the pin to the `options` parameter. */
  protected getStartupConf(): StartupConf {
    const conf = baseGetStartupConf.call(this);
    if (this.#pin === 'startup') conf.options = startupOptions(conf.options);
    return conf;
  }

  override connect(): Promise<ExactClient>;
  override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
  override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<ExactClient> | void {
    let connected: Promise<ExactClient>;
    if (this.#pin === 'set' || this.#pin === 'pooler') {
      const opened = super.connect();
      // Queued before connect() resolves, so it runs ahead of any query the caller queues meanwhile.
      const pinned = baseQuery.call(this, this.#pin === 'set' ? sessionSetSql : poolerSessionSetSql) as Promise<unknown>;
      pinned.catch(() => undefined); // reported through `connected` below
      connected = opened.then(
        () =>
          pinned.then(
            () => this,
            async (error: unknown) => {
              await this.end().catch(() => undefined); // an unpinned session must not be used
              throw error;
            },
          ),
      );
    } else {
      connected = super.connect().then(
        () => this,
        (error: unknown) => {
          throw explainStartupRefusal(error);
        },
      );
    }
    if (callback === undefined) return connected;
    const done = callback as ConnectCallback;
    connected.then(
      (client) => done(null, client),
      (error: Error) => done(error),
    );
  }

  override query<T extends pg.Submittable>(queryStream: T): T;
  override query<R extends any[] = any[], I = any[]>(
    queryConfig: pg.QueryArrayConfig<I>,
    values?: pg.QueryConfigValues<I>,
  ): Promise<pg.QueryArrayResult<R>>;
  override query<R extends pg.QueryResultRow = any, I = any>(queryConfig: pg.QueryConfig<I>): Promise<pg.QueryResult<R>>;
  override query<R extends pg.QueryResultRow = any, I = any[]>(
    queryTextOrConfig: string | pg.QueryConfig<I>,
    values?: pg.QueryConfigValues<I>,
  ): Promise<pg.QueryResult<R>>;
  override query<R extends any[] = any[], I = any[]>(
    queryConfig: pg.QueryArrayConfig<I>,
    callback: (err: Error, result: pg.QueryArrayResult<R>) => void,
  ): void;
  override query<R extends pg.QueryResultRow = any, I = any[]>(
    queryTextOrConfig: string | pg.QueryConfig<I>,
    callback: (err: Error, result: pg.QueryResult<R>) => void,
  ): void;
  override query<R extends pg.QueryResultRow = any, I = any[]>(
    queryText: string,
    values: pg.QueryConfigValues<I>,
    callback: (err: Error, result: pg.QueryResult<R>) => void,
  ): void;
  override query(config: unknown, values?: unknown, callback?: unknown): unknown {
    return exactQuery((...args) => baseQuery.apply(this, args as Parameters<LooseQuery>), config, values, callback);
  }
}

/** The listener that keeps a lost connection from crashing the process (see the constructor). */
function ignoreLostConnection(): void {}

/**
 * Liveness defaults, each used only when the config leaves the option unset (`undefined`):
 * TCP keepalive on, first probe after 10 s idle (pg: off), so a dead peer of an idle connection is
 * found; and a 30 s limit on opening a connection (pg: none). Query timeouts stay opt-in.
 */
export const livenessDefaults = {
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
  connectionTimeoutMillis: 30_000,
} as const satisfies pg.ClientConfig;

function exactClientConfig(config: string | ExactClientConfig | undefined): ExactClientConfig {
  const own: ExactClientConfig = typeof config === 'string' ? { connectionString: config } : { ...config };
  for (const [key, value] of Object.entries(livenessDefaults)) {
    if ((own as Record<string, unknown>)[key] === undefined) (own as Record<string, unknown>)[key] = value;
  }
  checkSessionPin(own.pin); // before any connection work
  if ((own as { binary?: unknown }).binary) {
    throw new TypeError('ExactClient: binary: true is not supported; the exact parsers read text format');
  }
  own.types = isTypeParserSource(own.types) ? withExactParsers(own.types) : exactTypes;
  return own;
}
