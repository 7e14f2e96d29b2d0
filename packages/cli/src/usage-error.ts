/** A mistake in how the command was called: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command could not reach or read the database: exit code 2. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}
