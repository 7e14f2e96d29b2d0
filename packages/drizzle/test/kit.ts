import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** drizzle-kit for this run: the version matrix's (scripts/matrix.mjs `--peer drizzle-kit@…`), else the workspace's. */
export interface Kit {
  readonly version: string;
  /** drizzle-kit 1.0's folder-per-migration layout, or 0.x's journal. */
  readonly layout: 'folders' | 'journal';
  /** A fresh folder with drizzle.config.ts (`out: 'out'` unless given) and a schema from test/fixtures (default kit-schema.ts). */
  project(
    out?: string,
    schema?: string,
  ): Promise<{ dir: string; run(...args: string[]): Promise<string>; useSchema(fixture: string): Promise<void>; close(): Promise<void> }>;
}

/**
 * The matrix's drizzle-kit must load the fixture schema with the matrix's drizzle-orm, so there the
 * project lives inside the peers folder and sees a copy of @pg-exact/drizzle's built package in its
 * node_modules (as an installed package would be), resolving drizzle-orm next to it.
 */
export async function drizzleKit(): Promise<Kit> {
  const peers = process.env.PG_EXACT_PEERS_DIR;
  const matrix = peers !== undefined && existsSync(join(peers, 'node_modules/drizzle-kit/package.json'));
  const base = matrix ? peers : root;
  const version = (JSON.parse(readFileSync(join(base, 'node_modules/drizzle-kit/package.json'), 'utf8')) as { version: string }).version;
  const bin = join(base, 'node_modules/.bin/drizzle-kit');
  return {
    version,
    layout: version.startsWith('0.') ? 'journal' : 'folders',
    async project(out = 'out', fixture = 'kit-schema.ts') {
      let dir: string;
      if (matrix) {
        dir = await mkdtemp(join(peers, 'kit-'));
        const copy = join(dir, 'node_modules/@pg-exact/drizzle');
        await mkdir(copy, { recursive: true });
        await cp(join(root, 'packages/drizzle/package.json'), join(copy, 'package.json'));
        await cp(join(root, 'packages/drizzle/dist'), join(copy, 'dist'), { recursive: true });
      } else {
        dir = await mkdtemp(join(tmpdir(), 'pgx-dz-kit-'));
      }
      // A .ts config: drizzle-kit 1.0 RCs import a .json config without the JSON import attribute and fail.
      // `out` relative to the working directory: drizzle-kit 0.31 prefixes './' to it when reading snapshots.
      const useSchema = async (name: string) => {
        let schema = join(fixtures, name);
        if (matrix) {
          schema = `./${name}`;
          await cp(join(fixtures, name), join(dir, schema));
        }
        await writeFile(join(dir, 'drizzle.config.ts'), `export default ${JSON.stringify({ dialect: 'postgresql', schema, out })};\n`);
      };
      await useSchema(fixture);
      return {
        dir,
        useSchema,
        run: async (...args) => (await run(bin, [...args, '--config=drizzle.config.ts'], { cwd: dir, timeout: 60_000 })).stdout,
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}
