import { sessionOptions } from '@pg-exact/core';

/**
 * How ExactClient pins the session (TimeZone=UTC, DateStyle=ISO, MDY, IntervalStyle=postgres,
 * extra_float_digits=3):
 * - `'startup'` (default): as the libpq `options` startup parameter, so the settings hold from the
 *   first query and survive `RESET ALL` / `DISCARD ALL` (PgBouncer tracks them as well);
 * - `'set'`: a `SET …` batch queued ahead of every other query on connect, for servers and poolers
 *   that refuse the `options` startup parameter;
 * - `false`: no pin. The parsers still convert timestamptz by its printed offset, but they require
 *   DateStyle ISO (a different DateStyle makes reads fail loudly).
 */
export type SessionPin = 'startup' | 'set' | false;

/** Throws a TypeError unless `pin` is a {@link SessionPin}; undefined means the default. */
export function checkSessionPin(pin: unknown): SessionPin {
  if (pin === undefined) return 'startup';
  if (pin === 'startup' || pin === 'set' || pin === false) return pin;
  throw new TypeError(`ExactClient: pin must be 'startup', 'set' or false, got ${String(pin)}`);
}

/**
 * The `options` startup value: the user's own flags first (all kept), then the pin. PostgreSQL
 * applies `-c` flags in order, so for the four pinned settings the pin wins; a session that needs
 * another TimeZone can `SET TIME ZONE` after connecting, which the parsers handle.
 */
export function startupOptions(userOptions: string | undefined): string {
  const own = userOptions?.trim();
  return own ? `${own} ${sessionOptions}` : sessionOptions;
}
