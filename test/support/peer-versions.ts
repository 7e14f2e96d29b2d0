import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vitest/config';

/** The package a bare specifier names: 'drizzle-orm/pg-core' → 'drizzle-orm', '@prisma/client/x' → '@prisma/client'. */
function packageName(specifier: string): string | undefined {
  if (/^[./\0]/.test(specifier) || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * For the version matrix (scripts/matrix.mjs): resolves every import of a package listed in
 * `dir/package.json` (an ORM or driver at another version, installed there) from `dir` instead
 * of the workspace, for the test files and the pg-exact sources and builds vitest loads. Those
 * packages then run natively from `dir`, where their own imports resolve. Imports made by other
 * workspace dependencies (the vanilla stacks' adapters) are left alone.
 */
export function peerVersions(dir: string): Plugin {
  const root = resolve(dir);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const names = new Set(Object.keys(manifest.dependencies ?? {}));
  const anchor = join(root, 'package.json');
  return {
    name: 'pg-exact:peer-versions',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const name = packageName(source);
      if (name === undefined || !names.has(name) || importer?.startsWith(root)) return null;
      const resolved = await this.resolve(source, anchor, { ...options, skipSelf: true });
      if (resolved === null) throw new Error(`peer-versions: ${source} is not installed in ${root}`);
      return resolved;
    },
  };
}
