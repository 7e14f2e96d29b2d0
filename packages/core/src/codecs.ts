import { parseArray, serializeArray } from './array-codec.js';
import type { Codec } from './codec.js';
import { parseDate, serializeDate } from './date-codec.js';
import type { Decimal } from './decimal.js';
import { inspectDateTime, inspectInt8, inspectJson, inspectNumeric, trapChannel } from './diagnostics.js';
import { parseFloat, serializeFloat4, serializeFloat8 } from './float-codecs.js';
import { parseInt2, parseInt4, parseInt8, serializeInt2, serializeInt4, serializeInt8 } from './integer-codecs.js';
import { parseNumeric, serializeNumeric } from './numeric-codec.js';
import { oids, type PgTypeName } from './oids.generated.js';
import { parseJson, type JsonValue } from './parse-json.js';
import type { PreciseDate } from './precise-date.js';
import { stringifyJson } from './stringify-json.js';
import { parseText, textSerializer } from './text-codecs.js';
import {
  parseTimestamp,
  parseTimestamptz,
  serializeTimestamp,
  serializeTimestamptz,
} from './timestamp-codecs.js';

/** Looks at a value read (`text` → `value`) or written (`value` → `text`) for the `pg-exact:trap` channel. */
type Inspect = (value: unknown, text: string, direction: 'read' | 'write') => void;

function defineCodec<TRead, TWrite>(
  name: PgTypeName,
  rawParse: (text: string) => TRead,
  rawSerialize: (value: TWrite) => string,
  inspect?: Inspect,
): Codec<TRead, TWrite> {
  const { oid, arrayOid } = oids[name];
  // With no subscriber the only added cost is the `hasSubscribers` read (see bench/RESULTS.md).
  const parse =
    inspect === undefined
      ? rawParse
      : (text: string): TRead => {
          const value = rawParse(text);
          if (trapChannel.hasSubscribers) inspect(value, text, 'read');
          return value;
        };
  const serialize =
    inspect === undefined
      ? rawSerialize
      : (value: TWrite): string => {
          const text = rawSerialize(value);
          if (trapChannel.hasSubscribers) inspect(value, text, 'write');
          return text;
        };
  return Object.freeze({
    name,
    oid,
    arrayOid,
    parse,
    serialize,
    parseArray: (text: string) => parseArray(text, parse),
    serializeArray: (values: readonly unknown[]) => serializeArray(values, serialize, name),
  });
}

/**
 * The exact codecs, by PostgreSQL type name.
 *
 * ```ts
 * import { codecs } from '@pg-exact/core';
 * codecs.int8.parse('9007199254740993');           // 9007199254740993n
 * codecs.numeric.parseArray('{1.10,NULL}');         // [Decimal('1.10'), null]
 * codecs.jsonb.serialize({ id: 12345678901234567890n }); // '{"id":12345678901234567890}'
 * ```
 */
export const codecs = {
  int2: defineCodec<number, number | bigint | string>('int2', parseInt2, serializeInt2),
  int4: defineCodec<number, number | bigint | string>('int4', parseInt4, serializeInt4),
  int8: defineCodec<bigint, bigint | number | string>('int8', parseInt8, serializeInt8, (value, _text, direction) =>
    inspectInt8(value, direction),
  ),
  numeric: defineCodec<Decimal, Decimal | bigint | string | number>('numeric', parseNumeric, serializeNumeric, (_value, text, direction) =>
    inspectNumeric(text, direction),
  ),
  float4: defineCodec<number, number | bigint | string>('float4', parseFloat, serializeFloat4),
  float8: defineCodec<number, number | bigint | string>('float8', parseFloat, serializeFloat8),
  json: defineCodec<JsonValue, unknown>('json', parseJson, (value) => stringifyJson(value), (value, _text, direction) =>
    inspectJson('json', value, direction),
  ),
  jsonb: defineCodec<JsonValue, unknown>('jsonb', parseJson, (value) => stringifyJson(value, { jsonb: true }), (value, _text, direction) =>
    inspectJson('jsonb', value, direction),
  ),
  timestamptz: defineCodec<PreciseDate, PreciseDate | Date | string>('timestamptz', parseTimestamptz, serializeTimestamptz, (value, text, direction) =>
    inspectDateTime('timestamptz', value, text, direction),
  ),
  timestamp: defineCodec<PreciseDate, PreciseDate | Date | string>('timestamp', parseTimestamp, serializeTimestamp, (value, text, direction) =>
    inspectDateTime('timestamp', value, text, direction),
  ),
  date: defineCodec<string, string | Date>('date', parseDate, serializeDate, (value, text, direction) =>
    inspectDateTime('date', value, text, direction),
  ),
  time: defineCodec<string, string>('time', parseText, textSerializer('time')),
  timetz: defineCodec<string, string>('timetz', parseText, textSerializer('timetz')),
  interval: defineCodec<string, string>('interval', parseText, textSerializer('interval')),
} as const;

export type CodecName = keyof typeof codecs;

const parsers = new Map<number, (text: string) => unknown>();
for (const codec of Object.values(codecs) as Codec<unknown, never>[]) {
  parsers.set(codec.oid, codec.parse);
  parsers.set(codec.arrayOid, codec.parseArray);
}

/**
 * The text parser for a type OID (scalar or array), or undefined for types pg-exact leaves to
 * the driver. Bindings look parsers up here, so one table serves every driver.
 */
export function getParser(oid: number): ((text: string) => unknown) | undefined {
  return parsers.get(oid);
}
