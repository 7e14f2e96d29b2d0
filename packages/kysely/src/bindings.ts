// The driver bindings, loaded on first use: an application installs only the driver it uses, so
// the other bindings' drivers may be missing. This is the ESM build's loader; bindings-cjs.cts is
// the CommonJS build's (tshy swaps it in), so each build loads the bindings' matching build and
// an application holds one copy of them and of @pg-exact/core. (tshy also type-checks this file
// in the CommonJS pass, where `typeof import()` names the CommonJS types: hence the casts.)

type PgBinding = typeof import('@pg-exact/pg');
type PGliteBinding = typeof import('@pg-exact/pglite');

/** `@pg-exact/pg` (needs `pg`). */
export const loadPgBinding = (): Promise<PgBinding> => import('@pg-exact/pg') as Promise<unknown> as Promise<PgBinding>;

/** `@pg-exact/pglite` (needs `@electric-sql/pglite`). */
export const loadPGliteBinding = (): Promise<PGliteBinding> =>
  import('@pg-exact/pglite') as Promise<unknown> as Promise<PGliteBinding>;
