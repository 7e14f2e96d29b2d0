// The CommonJS build's loader (see bindings.ts): require() loads the bindings' CommonJS builds.
/* eslint-disable @typescript-eslint/no-require-imports */

/** `@pg-exact/pg` (needs `pg`). */
export const loadPgBinding = async (): Promise<typeof import('@pg-exact/pg')> => require('@pg-exact/pg');

/** `@pg-exact/pglite` (needs `@electric-sql/pglite`). */
export const loadPGliteBinding = async (): Promise<typeof import('@pg-exact/pglite')> => require('@pg-exact/pglite');
