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
