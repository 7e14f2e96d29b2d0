/**
 * The connection to PostgreSQL was lost (backend terminated, server restart, socket dropped,
 * pooler timeout) where pg-exact can say more than the driver's own error: at the end of a
 * transaction. `cause` is the driver's error; `code` tells the cases apart without `instanceof`
 * (two copies of this package in one application still agree on it).
 *
 * - {@link PgExactCommitUnknownError} (`code: 'PG_EXACT_COMMIT_UNKNOWN'`): COMMIT was sent and its
 *   reply never came. The transaction may or may not have committed: look on the server before
 *   retrying a write that must not happen twice.
 * - {@link PgExactNotCommittedError} (`code: 'PG_EXACT_NOT_COMMITTED'`): the connection was lost
 *   before COMMIT was sent. The server rolls back a transaction whose connection ends, so nothing of
 *   it was committed: retrying the whole transaction is safe.
 */
export class PgExactConnectionError extends Error {
  override readonly name: string = 'PgExactConnectionError';
  readonly code: string = 'PG_EXACT_CONNECTION_LOST';

  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

/** The connection was lost after COMMIT was sent and before its reply: the outcome is unknown. */
export class PgExactCommitUnknownError extends PgExactConnectionError {
  override readonly name: string = 'PgExactCommitUnknownError';
  override readonly code = 'PG_EXACT_COMMIT_UNKNOWN';
  /** Whether the transaction committed: nobody on this side of the lost connection can know. */
  readonly committed = 'unknown';

  constructor(cause: unknown) {
    super(
      `the connection was lost after COMMIT was sent and before its reply: the transaction may or may not have committed ` +
        `(check on the server before retrying) — ${messageOf(cause)}`,
      { cause },
    );
  }
}

/** The connection was lost before COMMIT was sent: the server rolled the transaction back. */
export class PgExactNotCommittedError extends PgExactConnectionError {
  override readonly name: string = 'PgExactNotCommittedError';
  override readonly code = 'PG_EXACT_NOT_COMMITTED';
  /** Whether the transaction committed: no, the server rolls back a transaction whose connection ends. */
  readonly committed = false;

  constructor(cause: unknown) {
    super(
      `the connection was lost before COMMIT was sent: the transaction was rolled back, nothing of it was committed — ${messageOf(cause)}`,
      { cause },
    );
  }
}

// Server error classes that mean the session is gone: 08 connection exception, 57P01–57P03
// (terminated by an administrator, crash or shutdown, cannot connect now).
const lostSessionCodes = /^(08|57P0[1-3])/;

// Drivers' own codes for a connection that closed or never opened (node sockets, postgres.js).
const socketCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
]);

/**
 * Whether `error` says the connection was lost (rather than the server refusing a statement on a
 * live session: a deferred constraint or serialization failure on COMMIT is a rollback the server
 * reported, not a lost connection). Takes node-postgres, postgres.js and socket errors.
 */
export function isConnectionLost(error: unknown): boolean {
  if (error instanceof PgExactConnectionError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (socketCodes.has(code) || lostSessionCodes.test(code))) return true;
  // node-postgres raises these as plain Errors without a code.
  return (
    typeof message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout)/.test(message)
  );
}

/**
 * What a failed COMMIT means: a connection lost after COMMIT was sent becomes a
 * {@link PgExactCommitUnknownError}, one lost before it was sent a {@link PgExactNotCommittedError};
 * any other error (the server's own answer) is returned as it is.
 */
export function commitFailure(error: unknown, sent: boolean): unknown {
  if (error instanceof PgExactConnectionError || !isConnectionLost(error)) return error;
  return sent ? new PgExactCommitUnknownError(error) : new PgExactNotCommittedError(error);
}

/**
 * `'commit'` or `'rollback'` when `sql` is a statement that ends a transaction as the ORMs send it
 * (`commit`, `ROLLBACK;`, any case, surrounding whitespace), else `undefined`. A text longer than 64
 * characters is neither and is not run through the regex (which would first flatten a concatenated
 * string of many KB, such as a multi-row INSERT).
 */
export function transactionEnd(sql: unknown): 'commit' | 'rollback' | undefined {
  if (typeof sql !== 'string' || sql.length > 64) return undefined;
  const match = /^\s*(commit|rollback)\s*;?\s*$/i.exec(sql);
  return match ? (match[1]!.toLowerCase() as 'commit' | 'rollback') : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
