import { DriverAdapterError, type Error as PrismaDriverError, type MappedError } from '@prisma/driver-adapter-utils';

/** The fields node-postgres and PGlite put on a server error (pg-protocol's DatabaseError). */
interface ServerError {
  code: string;
  message: string;
  severity: string;
  detail?: string;
  column?: string;
  constraint?: string;
  table?: string;
  hint?: string;
}

const SOCKET_ERRORS = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);

/**
 * An error from the driver as the DriverAdapterError Prisma's client maps to its own codes
 * (unique violation 23505 → P2002, not null 23502 → P2011, foreign key 23503 → P2003, 22001 →
 * P2000, serialization failure → P2034, …), the mapping `@prisma/adapter-pg` uses. Anything that
 * is not a server or socket error (a PgExactValueError, a RangeError from a value Prisma cannot
 * hold) is rethrown as it is: Prisma passes it to the caller unchanged.
 */
export function toPrismaError(error: unknown): never {
  const mapped = mapError(error);
  if (mapped === undefined) throw error;
  throw new DriverAdapterError(mapped);
}

function mapError(error: unknown): PrismaDriverError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Partial<ServerError> & { syscall?: unknown; errno?: unknown; address?: string; hostname?: string; port?: number };
  if (typeof e.code === 'string' && typeof e.syscall === 'string' && SOCKET_ERRORS.has(e.code)) {
    if (e.code === 'ECONNRESET') return { kind: 'ConnectionClosed' };
    if (e.code === 'ETIMEDOUT') return { kind: 'SocketTimeout' };
    return { kind: 'DatabaseNotReachable', host: e.address ?? e.hostname, port: e.port };
  }
  if (typeof e.code === 'string' && typeof e.message === 'string' && typeof e.severity === 'string') {
    return { originalCode: e.code, originalMessage: e.message, ...mapServerError(e as ServerError) };
  }
  return undefined;
}

function keyFields(detail: string | undefined): string[] | undefined {
  return detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(', ');
}

function constraintOf(error: ServerError): { fields: string[] } | { index: string } | undefined {
  if (error.column) return { fields: [error.column] };
  if (error.constraint) return { index: error.constraint };
  return undefined;
}

function quotedName(message: string): string | undefined {
  return message.match(/"((?:[^"]|"")*)"/)?.[1];
}

function mapServerError(error: ServerError): MappedError {
  switch (error.code) {
    case '22001':
      return { kind: 'LengthMismatch', column: error.column };
    case '22003':
      return { kind: 'ValueOutOfRange', cause: error.message };
    case '22P02':
      return { kind: 'InvalidInputValue', message: error.message };
    case '23505': {
      const fields = keyFields(error.detail);
      const constraint = error.constraint ? { index: error.constraint } : fields ? { fields } : undefined;
      return { kind: 'UniqueConstraintViolation', constraint, table: error.table };
    }
    case '23502': {
      const fields = keyFields(error.detail) ?? (error.column ? [error.column] : undefined);
      return { kind: 'NullConstraintViolation', constraint: fields ? { fields } : undefined };
    }
    case '23503':
      return { kind: 'ForeignKeyConstraintViolation', constraint: constraintOf(error) };
    case '23001':
      return { kind: 'RestrictViolation', constraint: constraintOf(error) };
    case '3D000':
      return { kind: 'DatabaseDoesNotExist', db: quotedName(error.message) };
    case '28000':
      return { kind: 'DatabaseAccessDenied', db: quotedName(error.message) };
    case '28P01':
      return { kind: 'AuthenticationFailed', user: quotedName(error.message) };
    case '40001':
    case '40P01':
      return { kind: 'TransactionWriteConflict' };
    case '42P01':
      return { kind: 'TableDoesNotExist', table: quotedName(error.message) };
    case '42703':
      return { kind: 'ColumnNotFound', column: quotedName(error.message) };
    case '42P04':
      return { kind: 'DatabaseAlreadyExists', db: quotedName(error.message) };
    case '53300':
      return { kind: 'TooManyConnections', cause: error.message };
    default:
      return {
        kind: 'postgres',
        code: error.code,
        severity: error.severity,
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      };
  }
}
