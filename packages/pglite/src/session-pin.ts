import { PGlite } from '@electric-sql/pglite';
import { sessionSettings } from '@pg-exact/core';

/**
 * PGlite's postgres start arguments with the pg-exact session pin appended as `-c name=value`
 * (`TimeZone=UTC`, `DateStyle=ISO, MDY`, `IntervalStyle=postgres`, `extra_float_digits=3`).
 * PGlite has no startup packet; these are its command line. Being appended, they win over the same
 * names in `startParams`, and being command-line settings they survive `RESET ALL` and `DISCARD ALL`.
 *
 * ```ts
 * pinnedStartParams(undefined); // [...PGlite.defaultStartParams, '-c', 'TimeZone=UTC', …]
 * ```
 */
export function pinnedStartParams(startParams: readonly string[] | undefined): string[] {
  const pin = Object.entries(sessionSettings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  return [...(startParams ?? PGlite.defaultStartParams), ...pin];
}
