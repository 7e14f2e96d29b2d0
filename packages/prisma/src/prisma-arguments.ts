import { codecs, PreciseDate, serializeUntyped } from '@pg-exact/core';
import type { ArgType, SqlQuery } from '@prisma/driver-adapter-utils';
import { untagJsonText } from './exact-markers.js';

/**
 * Prisma's query arguments as the text PostgreSQL reads, by the argument types Prisma describes:
 * - datetime (Prisma sends ISO text, truncated to ms by the client; raw queries may send µs):
 *   the instant, into `timestamp` its UTC wall clock, into `date` its UTC calendar date, BC kept;
 * - bytes (base64 text or a byte view) → bytea hex;
 * - json → the JSON text, tagged big numbers (from exactExtension) written back as JSON numbers;
 * - a list → a PostgreSQL array literal of its converted elements;
 * - everything else by `serializeUntyped` of @pg-exact/core (digits of bigint and Decimal, -0 kept…).
 * Every value comes out as a string or null, so both node-postgres and PGlite send it as it is.
 */
export function prismaArguments(query: SqlQuery): (string | null)[] {
  return query.args.map((arg, i) => convertArgument(arg, query.argTypes[i]));
}

function convertArgument(arg: unknown, type: ArgType | undefined): string | null {
  if (arg === null || arg === undefined) return null;
  if (Array.isArray(arg)) return serializeUntyped(arg.map((item) => (item === null ? null : elementValue(item, type))));
  return serializeUntyped(elementValue(arg, type));
}

/** One (non-list) argument as a JS value serializeUntyped writes exactly. */
function elementValue(arg: unknown, type: ArgType | undefined): unknown {
  switch (type?.scalarType) {
    case 'datetime':
      return datetimeText(typeof arg === 'string' ? new PreciseDate(arg) : arg, type.dbType);
    case 'bytes':
      return typeof arg === 'string' ? Buffer.from(arg, 'base64') : arg;
    case 'json':
      return typeof arg === 'string' ? untagJsonText(arg) : arg;
    default:
      if (arg instanceof Date) return datetimeText(arg, type?.dbType);
      return arg;
  }
}

function datetimeText(value: unknown, dbType: string | undefined): unknown {
  if (!(value instanceof Date)) return value;
  switch (dbType?.toUpperCase()) {
    case 'DATE':
      return codecs.date.serialize(value);
    case 'TIME':
      return serializeUntyped(value).slice(11, 26); // the UTC time of day, as Prisma writes it
    case 'TIMETZ':
      return `${serializeUntyped(value).slice(11, 26)}+00`;
    default:
      return value; // serializeUntyped: UTC text with µs and +00, right for timestamptz and timestamp
  }
}
