import { PGlite, type PGliteInterfaceExtensions, type PGliteOptions } from '@electric-sql/pglite';
import { sessionSetSql } from '@pg-exact/core';
import { exactParsers, type ExactParser } from './exact-parsers.js';
import { codecOids, exactSerializers, type ExactSerializer } from './exact-serializers.js';
import { installExactTypes } from './exact-type-registry.js';
import { pinnedStartParams } from './session-pin.js';

/** What {@link createPGlite} resolves to: PGlite's own instance type, extensions included. */
export type ExactPGlite<O extends PGliteOptions = PGliteOptions> = PGlite & PGliteInterfaceExtensions<O['extensions']>;

/**
 * Creates a PGlite instance (through `PGlite.create`, with the same arguments) that reads and writes
 * exactly and is pinned to the pg-exact session settings:
 * - `parsers`: the `@pg-exact/core` parser for every codec OID, scalar and array (int8 → bigint
 *   always, numeric → Decimal, json/jsonb lossless, timestamptz/timestamp → PreciseDate, date → ISO
 *   text…). For these OIDs ours win over `options.parsers`; for every other OID yours win.
 * - `serializers`: parameters are written by the type the server describes for them (see
 *   {@link exactSerializers}); for codec OIDs ours win over `options.serializers`, for others yours.
 * - session: `TimeZone=UTC`, `DateStyle=ISO, MDY`, `IntervalStyle=postgres`, `extra_float_digits=3`
 *   as postgres command-line settings (appended to `options.startParams`) and SET once at creation,
 *   which also beats `ALTER DATABASE/ROLE … SET` stored in a reused data directory.
 * `clone()` of the instance is created the same way. The options object passed in is not modified.
 *
 * ```ts
 * import { createPGlite } from '@pg-exact/pglite';
 *
 * const db = await createPGlite(); // in memory; createPGlite('./data') for a directory
 * const { rows } = await db.query('SELECT $1::int8 AS id, now() AS at', [2n ** 63n - 1n]);
 * rows[0]; // { id: 9223372036854775807n, at: PreciseDate(…) }
 * await db.close();
 * ```
 */
export async function createPGlite<O extends PGliteOptions>(options?: O): Promise<ExactPGlite<O>>;
export async function createPGlite<O extends PGliteOptions>(dataDir?: string, options?: O): Promise<ExactPGlite<O>>;
export async function createPGlite(
  dataDirOrOptions?: string | PGliteOptions,
  maybeOptions?: PGliteOptions,
): Promise<ExactPGlite> {
  // Resolved as PGlite.create resolves them, into a copy: the caller's object is never touched.
  const given: PGliteOptions =
    typeof dataDirOrOptions === 'string'
      ? { dataDir: dataDirOrOptions, ...maybeOptions }
      : { ...(dataDirOrOptions ?? maybeOptions) };
  const parsers = mergeExact<ExactParser>(given.parsers, exactParsers, exactParsers);
  const serializers = mergeExact<ExactSerializer>(given.serializers, exactSerializers, codecSerializers);

  const db = await PGlite.create({
    ...given,
    parsers,
    serializers,
    startParams: pinnedStartParams(given.startParams),
  });
  try {
    await installExactTypes(db, parsers, serializers);
    await db.exec(sessionSetSql);
    // PGlite's clone() makes a plain instance; a clone of an exact one is exact and pinned too.
    db.clone = async () =>
      createPGlite({
        loadDataDir: await db.dumpDataDir('none'),
        extensions: given.extensions,
        parsers: given.parsers,
        serializers: given.serializers,
        startParams: given.startParams,
      });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db as ExactPGlite;
}

const codecSerializers: Record<number, ExactSerializer> = Object.fromEntries(
  Object.entries(exactSerializers).filter(([oid]) => codecOids.has(Number(oid))),
);

/** `defaults` under the user's entries, `forced` over them. */
function mergeExact<T>(
  user: Readonly<Record<number, unknown>> | undefined,
  defaults: Readonly<Record<number, T>>,
  forced: Readonly<Record<number, T>>,
): Record<number, T> {
  return { ...defaults, ...(user as Record<number, T> | undefined), ...forced };
}
