// The releases pg-exact supports and CI tests: for every ORM and driver, the oldest supported and the
// latest release. The peer ranges in packages/*/package.json start at `oldest` and must admit
// `latest` (test/packaging checks it), the version matrix (scripts/matrix.mjs) and the
// fresh-install test (test/fresh-install) run these releases, and the root README's table shows them.

/** Node.js lines CI runs; `engines` in every package says the same. */
export const NODE_LINES = [20, 22, 24];

/**
 * name → { oldest, latest, latestNode20?, next? }. `latestNode20` is the newest release that runs on
 * Node 20 where `latest` needs a newer line; `next` a pre-release CI also tests.
 */
export const PEERS = {
  pg: { oldest: '8.14.0', latest: '8.23.1' },
  postgres: { oldest: '3.4.0', latest: '4.2.0' },
  '@electric-sql/pglite': { oldest: '0.5.0', latest: '0.6.1' },
  kysely: { oldest: '0.28.1', latest: '0.29.9', latestNode20: '0.28.20' },
  'drizzle-orm': { oldest: '0.45.0', latest: '0.45.4', next: '1.0.0-rc.5' },
  // A dev tool, not a peer: its 1.0 release candidate goes with drizzle-orm's (the migrations layout).
  'drizzle-kit': { latest: '0.31.11', next: '1.0.0-rc.5' },
  '@prisma/client': { oldest: '7.4.0', latest: '7.10.1' },
  prisma: { oldest: '7.4.0', latest: '7.10.1' },
  '@prisma/adapter-pg': { oldest: '7.4.0', latest: '7.10.1' },
};

/** The peer versions of a release set (`oldest` or `latest`) for `names`, on Node `node`. */
export function releaseSet(names, which, node = 20) {
  return Object.fromEntries(
    names.map((name) => {
      const peer = PEERS[name];
      if (!peer) throw new Error(`supported-versions: no entry for ${name}`);
      const version = which === 'oldest' ? peer.oldest : node < 22 && peer.latestNode20 ? peer.latestNode20 : peer.latest;
      return [name, version];
    }),
  );
}
