// pg-exact-test: zone-independent (package manifests and the README: nothing reads the process TZ)
// The supported releases (scripts/supported-versions.mjs) are what the peer ranges, engines and the
// root README's table say: a range starts at the oldest release CI tests and admits the latest, so
// npm refuses exactly what CI does not test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs module of the repository's scripts, without declarations
import { NODE_LINES, PEERS } from '../../scripts/supported-versions.mjs';

const root = join(import.meta.dirname, '../..');
const peers = PEERS as Record<string, { oldest: string; latest: string; latestNode20?: string }>;
const manifests = readdirSync(join(root, 'packages')).map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
    name: string;
    engines: { node: string };
    peerDependencies?: Record<string, string>;
    dependencies?: Record<string, string>;
  },
}));

describe('peer ranges say what CI tests', () => {
  for (const { manifest } of manifests) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      const peer = peers[name];
      if (!peer) continue; // not an ORM or driver (e.g. pglite-socket for the CLI's demo)
      it(`${manifest.name}: ${name} ${range}`, () => {
        expect(semver.satisfies(peer.oldest, range), `oldest ${peer.oldest}`).toBe(true);
        expect(semver.satisfies(peer.latest, range), `latest ${peer.latest}`).toBe(true);
        if (peer.latestNode20) expect(semver.satisfies(peer.latestNode20, range)).toBe(true);
        expect(semver.minVersion(range)?.version, 'the range starts at the oldest release CI tests').toBe(peer.oldest);
      });
    }
  }
});

describe('engines', () => {
  it('every package supports exactly the Node lines CI runs', () => {
    const tested = (NODE_LINES as number[]).map((line) => `${line}.99.0`);
    for (const { manifest } of manifests) {
      for (const version of tested) expect(semver.satisfies(version, manifest.engines.node), `${manifest.name} on ${version}`).toBe(true);
      expect(semver.satisfies('18.20.0', manifest.engines.node), manifest.name).toBe(false);
      expect(semver.satisfies('26.0.0', manifest.engines.node), manifest.name).toBe(false);
    }
  });
});

describe("the root README's table", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const [name, { oldest, latest }] of Object.entries(peers)) {
    if (name === 'prisma' || name === '@prisma/adapter-pg' || name === 'drizzle-kit') continue; // one row with @prisma/client; a dev tool
    it(`${name}: ${oldest} … ${latest}`, () => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, `a row for ${name}`).toBeDefined();
      expect(row).toContain(`| ${oldest} |`);
      expect(row).toContain(latest);
    });
  }
});
