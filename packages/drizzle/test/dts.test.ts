// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// The built .d.ts type-check for a user of the drizzle-orm this run resolves (the workspace's 0.45,
// or the version matrix's: scripts/matrix.mjs --peer drizzle-orm@1.0.0-rc.5): a scratch project
// whose node_modules link that drizzle-orm beside @pg-exact/drizzle's package (dist), compiled
// with tsc, strict, skipLibCheck off, symlinks preserved (so our .d.ts resolve the linked drizzle-orm).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));

function drizzleOrmDir(): string {
  const peers = process.env.PG_EXACT_PEERS_DIR;
  const matrix = peers === undefined ? undefined : join(peers, 'node_modules/drizzle-orm');
  return matrix !== undefined && existsSync(matrix) ? matrix : join(root, 'node_modules/drizzle-orm');
}

it('a user program type-checks against @pg-exact/drizzle’s .d.ts on the drizzle-orm in use', async () => {
  const drizzleOrm = drizzleOrmDir();
  const version = (JSON.parse(readFileSync(join(drizzleOrm, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = await mkdtemp(join(tmpdir(), 'pgx-dz-dts-'));
  try {
    const modules = join(dir, 'node_modules');
    await mkdir(join(modules, '@pg-exact'), { recursive: true });
    await mkdir(join(modules, '@types'), { recursive: true });
    await symlink(drizzleOrm, join(modules, 'drizzle-orm'));
    for (const name of ['drizzle', 'core', 'pg', 'postgres-js', 'pglite']) await symlink(join(root, 'packages', name), join(modules, '@pg-exact', name));
    for (const name of await readdir(join(root, 'node_modules'))) {
      if (!['drizzle-orm', '@pg-exact', '@types', '.bin'].includes(name)) await symlink(join(root, 'node_modules', name), join(modules, name));
    }
    for (const name of await readdir(join(root, 'node_modules/@types'))) await symlink(join(root, 'node_modules/@types', name), join(modules, '@types', name));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const compilerOptions = {
      strict: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2023', 'DOM'],
      types: ['node'],
      noEmit: true,
      skipLibCheck: false,
      preserveSymlinks: true,
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['user.ts'] }));
    await cp(fileURLToPath(new URL(`./dts/user-${version.startsWith('0.') ? '0.45' : '1.0'}.ts`, import.meta.url)), join(dir, 'user.ts'));
    const output = await run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // Errors in other packages' own declarations (PGlite's Emscripten globals, drizzle-orm 1.0 RC's
    // postgres-js session against postgres.js 3's types) are theirs; ours and the program's must be none.
    const ours = output.split('\n').filter((line) => /^(user\.ts|node_modules\/@pg-exact\/)/.test(line));
    expect(ours, `drizzle-orm ${version}`).toEqual([]);
    expect(output, 'tsc ran').not.toMatch(/error TS5\d\d\d|Cannot find module '@pg-exact/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // One tsc run over drizzle-orm's whole .d.ts (skipLibCheck off): 20–47 s on a 2-core machine, 60 s
  // under load, which is vitest's default here. Longer than tsc's own 120 s limit, so a slow tsc fails
  // with its output.
}, 180_000);
