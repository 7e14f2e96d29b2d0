import { quoteLiteral } from '../preset-sql.js';

/**
 * What an online type change needs to know about one preset: the types it converts from, the
 * type it converts to, and the SQL expressions that convert a value each way. `forward`/`reverse`
 * get an SQL expression (a qualified column reference) and return an SQL expression.
 */
export interface OnlineConversion {
  /** The core preset this is the online form of, e.g. `int4ToInt8`. */
  preset: OnlineConversionName;
  /** Source types as `regtype` prints them (`integer`, `timestamp without time zone`). */
  from: readonly string[];
  /** The target type, as SQL (`bigint`, `numeric(12,2)`). */
  to: string;
  /** The target type as `regtype` prints it, to recognise a column that is already converted. */
  toRegtype: string;
  /** Old value → new value. */
  forward(value: string): string;
  /** New value → old value, for the rollback copy kept in step after the swap. Must not fail. */
  reverse(value: string): string;
  /** A constant of the target type: the placeholder of a NOT NULL shadow column until it is backfilled. */
  placeholder: string;
  /** Session settings the forward expression needs (set on the trigger function and each batch). */
  settings: Readonly<Record<string, string>>;
  /** Sequences owned by the column widen with it (`ALTER SEQUENCE … AS bigint`). */
  widenSequence: boolean;
}

export type OnlineConversionName = 'int4ToInt8' | 'timestampToTimestamptz' | 'jsonToJsonb' | 'floatToNumeric';

/** Options of the conversions that take more than a table and a column. */
export interface OnlineConversionOptions {
  /** timestampToTimestamptz: the IANA zone the stored wall-clock times were written in. */
  fromZone?: string;
  /** floatToNumeric: numeric(precision, scale). */
  precision?: number;
  /** floatToNumeric: digits after the point, with `precision`. */
  scale?: number;
}

/** Zone names PostgreSQL reads as UTC for all of history (no offset, no DST, ever). */
export const UTC_ZONES: ReadonlySet<string> = new Set([
  'UTC', 'Etc/UTC', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu', 'GMT', 'Etc/GMT', 'GMT0', 'Etc/GMT0', 'Greenwich', 'Etc/Greenwich',
]);

/** The conversion for `preset`; TypeError for an unknown preset or a bad option. */
export function onlineConversion(preset: string, options: OnlineConversionOptions = {}): OnlineConversion {
  switch (preset) {
    case 'int4ToInt8':
      return {
        preset,
        from: ['integer'],
        to: 'bigint',
        toRegtype: 'bigint',
        forward: (value) => `(${value})::bigint`,
        // After the swap the old int4 copy cannot hold ids past 2^31-1: those rows keep NULL there.
        reverse: (value) => `CASE WHEN (${value}) BETWEEN -2147483648 AND 2147483647 THEN (${value})::integer END`,
        placeholder: '0',
        settings: {},
        widenSequence: true,
      };
    case 'timestampToTimestamptz': {
      const zone = options.fromZone;
      if (typeof zone !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
        throw new TypeError('online timestampToTimestamptz: option `fromZone` (an IANA zone such as \'Europe/Paris\') is required');
      }
      return {
        preset,
        from: ['timestamp without time zone'],
        to: 'timestamptz',
        toRegtype: 'timestamp with time zone',
        forward: (value) => `((${value}) AT TIME ZONE ${quoteLiteral(zone)})`,
        reverse: (value) => `((${value}) AT TIME ZONE ${quoteLiteral(zone)})`,
        placeholder: "'1970-01-01 00:00:00+00'::timestamptz",
        settings: {},
        widenSequence: false,
      };
    }
    case 'jsonToJsonb':
      return {
        preset,
        from: ['json'],
        to: 'jsonb',
        toRegtype: 'jsonb',
        forward: (value) => `(${value})::jsonb`,
        reverse: (value) => `(${value})::json`,
        placeholder: "'null'::jsonb",
        settings: {},
        widenSequence: false,
      };
    case 'floatToNumeric': {
      const { precision, scale } = options;
      if (precision !== undefined && (!Number.isInteger(precision) || precision < 1 || precision > 1000)) {
        throw new TypeError('online floatToNumeric: option `precision` must be an integer from 1 to 1000');
      }
      if (scale !== undefined && (precision === undefined || !Number.isInteger(scale) || scale < 0 || scale > precision)) {
        throw new TypeError('online floatToNumeric: option `scale` must be an integer from 0 to `precision`');
      }
      const numeric = precision === undefined ? 'numeric' : `numeric(${precision},${scale ?? 0})`;
      return {
        preset,
        from: ['double precision', 'real'],
        to: numeric,
        toRegtype: 'numeric',
        // Through the float's shortest exact text, as the offline preset does (extra_float_digits = 1).
        forward: (value) => `(${value})::text::${numeric}`,
        reverse: (value) => `(${value})::double precision`,
        placeholder: '0',
        settings: { extra_float_digits: '1' },
        widenSequence: false,
      };
    }
    default:
      throw new TypeError(`online migration: no online form for preset ${JSON.stringify(preset)} (one of int4ToInt8, timestampToTimestamptz, jsonToJsonb, floatToNumeric)`);
  }
}
