/**
 * The session settings every pg-exact binding pins. The codecs read ISO output and convert
 * timestamptz by its printed offset, so a different TimeZone stays correct; the pin keeps the
 * output in the one shape the parsers read fast and makes `timestamp` input unambiguous.
 */
export const sessionSettings = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
  extra_float_digits: '3',
} as const satisfies Record<string, string>;

/** The pin as a libpq `options` startup value: `-c TimeZone=UTC -c DateStyle=ISO,\ MDY …`. */
export const sessionOptions: string = Object.entries(sessionSettings)
  .map(([name, value]) => `-c ${name}=${value.replace(/[\\ ]/g, '\\$&')}`)
  .join(' ');

/** The pin as SQL, for drivers that cannot send startup parameters. */
export const sessionSetSql: string = Object.entries(sessionSettings)
  .map(([name, value]) => `SET ${name} TO '${value}'`)
  .join('; ');

/**
 * The part of the pin that holds behind a connection pooler: the two settings PgBouncer tracks for
 * each client in every version and restores on whichever server connection it hands that client
 * (transaction pooling included). PgBouncer's default configuration refuses the rest of the pin
 * (`IntervalStyle` before 1.20, `extra_float_digits`, and `options` before 1.20) as startup
 * parameters, and a `SET` of them would not follow the client across server connections.
 * Correctness needs only these two: DateStyle ISO for the parsers, TimeZone for untyped input.
 * Floats stay exact on PostgreSQL 12+ at the server's default `extra_float_digits` (1).
 */
export const poolerSessionSettings = {
  TimeZone: sessionSettings.TimeZone,
  DateStyle: sessionSettings.DateStyle,
} as const satisfies Record<string, string>;

/** {@link poolerSessionSettings} as SQL, for a `SET` on connect through a pooler. */
export const poolerSessionSetSql: string = Object.entries(poolerSessionSettings)
  .map(([name, value]) => `SET ${name} TO '${value}'`)
  .join('; ');
