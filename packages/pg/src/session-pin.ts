import { sessionOptions } from '@pg-exact/core';

/**
 * How ExactClient pins the session (TimeZone=UTC, DateStyle=ISO, MDY, IntervalStyle=postgres,
 * extra_float_digits=3):
 * - `'startup'` (default): as the libpq `options` startup parameter, so the settings hold from the
 *   first query and survive `RESET ALL` / `DISCARD ALL` (PgBouncer tracks them as well);
 * - `'set'`: a `SET …` batch queued ahead of every other query on connect, for servers that refuse
 *   the `options` startup parameter;
 * - `'pooler'`: behind PgBouncer (or a pooler like it): `SET` of only TimeZone and DateStyle on
 *   connect, the two settings PgBouncer tracks per client and carries across transaction pooling
 *   (see `poolerSessionSettings` in @pg-exact/core). PgBouncer refuses `options` before 1.20 and
 *   `extra_float_digits` in its default configuration;
 * - `false`: no pin. The parsers still convert timestamptz by its printed offset, but they require
 *   DateStyle ISO (a different DateStyle makes reads fail loudly).
 */
export type SessionPin = 'startup' | 'set' | 'pooler' | false;

/** Throws a TypeError unless `pin` is a {@link SessionPin}; undefined means the default. */
export function checkSessionPin(pin: unknown): SessionPin {
  if (pin === undefined) return 'startup';
  if (pin === 'startup' || pin === 'set' || pin === 'pooler' || pin === false) return pin;
  throw new TypeError(`ExactClient: pin must be 'startup', 'set', 'pooler' or false, got ${String(pin)}`);
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

/**
 * A server or pooler that refuses a startup parameter of the pin (PgBouncer: `unsupported startup
 * parameter: options`) gets an error that says what to do about it; other errors pass unchanged.
 */
export function explainStartupRefusal(error: unknown): unknown {
  if (error instanceof Error && /unsupported startup parameter/i.test(error.message) && !error.message.includes("pin: 'pooler'")) {
    error.message +=
      " (pg-exact pins the session with the `options` startup parameter, which PgBouncer refuses before 1.20; " +
      "behind PgBouncer use createPool({ …, pin: 'pooler' }) or new ExactClient({ …, pin: 'pooler' }))";
  }
  return error;
}
