// The fresh-install test: what a user gets from npm, proven from the packed packages.
//
// 1. `npm pack` every package; check each tarball (package-checks.mjs: contents, LICENSE, README
//    links, publint, @arethetypeswrong/cli, `npm publish --dry-run`).
// 2. For every quick start in the package READMEs (quickstarts.mjs) at the oldest supported and at
//    the latest releases of its ORM and driver (cells.mjs, scripts/supported-versions.mjs), on Node
//    20 and 24: a new project outside the workspace that resolves @pg-exact/* from the tarballs as
//    a registry would (`overrides`), the README's commands run as written (versions pinned, package
//    names pointed at the tarballs), then: no ERESOLVE, peer or engine warning; `npm ls --all` valid;
//    no driver the project did not ask for; the program type-checked by tsc under module NodeNext
//    and under moduleResolution Bundler; run against a database of its own, printing what its
//    `// →` comments promise; every entry point loaded by require() and by import(), and a CommonJS
//    app's ORM the very one the adapter extends.
//
//   node test/fresh-install/run.mjs [--only kysely-pg] [--node 20,24] [--jobs 2] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { nodeBinary } from '../../scripts/matrix.mjs';
import { PEERS } from '../../scripts/supported-versions.mjs';
import { DRIVERS, QUICKSTARTS, versionFor } from './cells.mjs';
import { checkTarball } from './package-checks.mjs';
import { importedPackages, quickstarts } from './quickstarts.mjs';
import { ormCheck } from './orm-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    node: { type: 'string' },
    jobs: { type: 'string' },
    keep: { type: 'boolean' },
    'skip-package-checks': { type: 'boolean' },
  },
});
const nodeLines = (values.node ?? '20,24').split(',').map(Number);
// Installs mostly wait on the registry and the disk, so three cells overlap well on two cores.
const jobs = Number(values.jobs ?? 3);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const npmCli = realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim());
const tscBin = join(root, 'node_modules/typescript/bin/tsc');
const started = performance.now();

// Outside the workspace, so nothing resolves from its node_modules.
const work = mkdtempSync(join(tmpdir(), 'pg-exact-fresh-'));
console.log(`fresh-install: working in ${work}`);

// ── 1. Pack ─────────────────────────────────────────────────────────────────────────────────────
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);
mkdirSync(join(work, 'tarballs'));
for (const pkg of packages) {
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', join(work, 'tarballs')], { cwd: pkg.dir, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack ${pkg.manifest.name}: ${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout);
  Object.assign(pkg, { name: pkg.manifest.name, tarball: join(work, 'tarballs', info.filename), size: info.size, unpackedSize: info.unpackedSize, license, esmOnly: !pkg.manifest.tshy });
}
const tarballOf = Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.tarball]));

const failures = [];
if (!values['skip-package-checks']) {
  // Versions and changelogs come from changesets: the pending release must move every package together.
  const plan = join(work, 'release-plan.json');
  const status = spawnSync(join(root, 'node_modules/.bin/changeset'), ['status', '--output', plan], { cwd: root, encoding: 'utf8' });
  const releases = status.status === 0 && existsSync(plan) ? JSON.parse(readFileSync(plan, 'utf8')).releases.filter((r) => r.newVersion) : [];
  const next = new Set(releases.map((r) => r.newVersion));
  const released = new Set(releases.map((r) => r.name));
  const missing = packages.filter((pkg) => !released.has(pkg.name)).map((pkg) => pkg.name);
  if (status.status !== 0 || next.size > 1 || (releases.length && missing.length)) {
    failures.push(`changeset status: ${status.status !== 0 ? status.stderr.trim() : `versions ${[...next].join(', ')}; not released together: ${missing.join(', ')}`}`);
  }
  console.log(`changesets: ${releases.length ? `${releases.length} packages → ${[...next].join(', ')}` : 'no pending release'}`);
  console.log('\n── tarballs ──');
  for (const pkg of packages) {
    const { problems, files } = await checkTarball(pkg, work, root);
    console.log(`${problems.length ? '✗' : '✓'} ${pkg.name.padEnd(22)} ${String(files).padStart(3)} files  ${(pkg.size / 1024).toFixed(1).padStart(6)} kB packed  ${(pkg.unpackedSize / 1024).toFixed(1).padStart(6)} kB unpacked`);
    for (const problem of problems) console.log(`    ${problem.replace(/\n/g, '\n    ')}`);
    if (problems.length) failures.push(`${pkg.name}: ${problems.length} package problem(s)`);
  }
}

// ── 2. Cells ────────────────────────────────────────────────────────────────────────────────────
const INSTALL = /^npm (?:install|i|add)\b/;

/** One cell per quick start × release set × distinct set of versions across the Node lines. */
function planCells() {
  const planned = [];
  for (const [id, meta] of Object.entries(QUICKSTARTS)) {
    if (values.only && !values.only.some((only) => id === only || id.startsWith(`${only}-`))) continue;
    const qs = quickstarts(join(root, meta.readme)).find((q) => q.id === id);
    if (!qs) throw new Error(`${meta.readme} has no quick start marked <!-- fresh-install: ${id} -->`);
    const peerNames = qs.commands.filter((c) => INSTALL.test(c)).flatMap((c) => c.split(/\s+/)).filter((token) => PEERS[token]);
    const sets = ['oldest', 'latest', ...(peerNames.some((name) => PEERS[name].next) ? ['next'] : [])];
    for (const which of sets) {
      const groups = new Map();
      for (const node of nodeLines) {
        const pins = Object.fromEntries(peerNames.map((name) => [name, versionFor(name, which, node)]));
        const key = JSON.stringify(pins);
        groups.set(key, { pins, nodes: [...(groups.get(key)?.nodes ?? []), node] });
      }
      for (const { pins, nodes } of groups.values()) {
        // A quick start without pinned peers (core, the CLI) is the same install in every set: once.
        if (planned.some((p) => p.qs.id === id && JSON.stringify(p.pins) === JSON.stringify(pins) && JSON.stringify(p.nodes) === JSON.stringify(nodes))) continue;
        planned.push({ id: `${id}@${which}${groups.size > 1 ? `/node${nodes[0]}` : ''}`, qs, meta, which, pins, nodes });
      }
    }
  }
  return planned;
}

function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 300_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

async function withDatabase(prefix, body) {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  try {
    return await body(url.toString());
  } finally {
    const drop = new pg.Client({ connectionString: databaseUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await drop.end();
  }
}

// The project's own tsconfig.json (NodeNext, as `tsc --init` writes for Node), there before the
// README's commands run (Prisma's generator reads it), and the two configurations the program is
// checked under. For the latest releases skipLibCheck is off under NodeNext, so pg-exact's
// declarations are themselves checked in the user's project (it is most of tsc's time: every .d.ts
// of the project is checked); errors inside other libraries' declarations are theirs and are not
// counted (ownTypeErrors).
const TSCONFIG = { compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'], outDir: 'out' } };
const checkConfig = (options) => JSON.stringify({ extends: './tsconfig.json', compilerOptions: options, files: ['main.ts'] }, null, 2);

/** Errors tsc reports (with their detail lines) in the user's code or in pg-exact's declarations. */
function ownTypeErrors(output) {
  const blocks = [];
  for (const line of output.split('\n')) {
    if (/error TS\d+/.test(line)) blocks.push([line]);
    else if (/^\s/.test(line) && blocks.length) blocks.at(-1).push(line);
  }
  return blocks.filter(([first]) => !first.includes('node_modules/') || first.includes('node_modules/@pg-exact/')).map((block) => block.slice(0, 12).join('\n'));
}

/**
 * Whether a pg-exact package is why `name` is in node_modules: some chain of edges that install
 * (dependencies and required peers; an optional peer installs nothing) leads from it to `name`.
 */
async function broughtByPgExact(npm, name) {
  const explained = await npm(['explain', name, '--json']);
  const walk = (node) =>
    node?.name?.startsWith('@pg-exact/') || (node?.dependents ?? []).some((edge) => edge.type !== 'peerOptional' && walk(edge.from));
  try {
    return JSON.parse(explained.stdout).some((node) => walk(node));
  } catch {
    return true;
  }
}

/** Install output that is wrong: peer conflicts always; engine warnings for pg-exact's packages or the pinned peers. */
function installProblems(output, pinned) {
  const lines = output.split('\n');
  const bad = lines.filter((l) => /ERESOLVE|peer dep|conflicting peer|overriding peer|invalid:|npm error/i.test(l));
  lines.forEach((line, i) => {
    if (!/EBADENGINE Unsupported engine/.test(line)) return;
    const pkg = /package: '([^']+)'/.exec(lines.slice(i, i + 3).join(' '))?.[1] ?? '';
    if (pkg.startsWith('@pg-exact/') || pinned.some((name) => pkg.startsWith(`${name}@`))) bad.push(lines.slice(i, i + 5).join('\n'));
  });
  return bad;
}

async function runCell(cell) {
  const problems = [];
  const timings = {};
  const dir = join(work, 'cells', cell.id.replace(/[^\w.-]+/g, '_'));
  mkdirSync(dir, { recursive: true });
  const firstNode = nodeBinary(cell.nodes[0]);
  const envFor = (node) => ({ ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' });
  const npm = (args, node = firstNode) => run(node, [npmCli, ...args], { cwd: dir, env: envFor(node) });

  // Our packages the commands name go to their tarballs; the rest resolve through overrides.
  const named = new Set(cell.qs.commands.flatMap((c) => c.split(/\s+/)).filter((t) => tarballOf[t]));
  const overrides = Object.fromEntries(Object.entries(tarballOf).filter(([name]) => !named.has(name)).map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fresh-${cell.qs.id}`, version: '1.0.0', private: true, type: 'module', overrides }, null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  for (const [path, text] of Object.entries(cell.qs.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }

  // A database for the commands, and one more for each run of the program and of the entry-point
  // check, so every run starts from the empty database the quick start expects.
  const database = `fresh_${cell.qs.id.replace(/\W/g, '_')}`;
  return withDatabase(database, async (url) => {
    const env = { ...envFor(firstNode), DATABASE_URL: url };
    let installed = false;
    for (const command of cell.qs.commands) {
      const line = INSTALL.test(command)
        ? command.split(/\s+/).map((token) => tarballOf[token] ?? (cell.pins[token] ? `${token}@${cell.pins[token]}` : token)).join(' ')
        : command;
      const t0 = performance.now();
      const result = await run('bash', ['-c', `set -eo pipefail; ${line}`], { cwd: dir, env });
      if (INSTALL.test(command)) timings.install = (timings.install ?? 0) + (performance.now() - t0);
      const warnings = installProblems(`${result.stdout}\n${result.stderr}`, Object.keys(cell.pins));
      if (result.code !== 0) problems.push(`\`${command}\` failed (exit ${result.code}):\n${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}`);
      else if (warnings.length) problems.push(`\`${command}\` warned:\n${warnings.join('\n')}`);
      if (result.code !== 0) return { cell, problems, timings };
      if (INSTALL.test(command)) installed = true;
    }
    if (!installed) problems.push('the quick start installs nothing');

    const ls = await npm(['ls', '--all']);
    if (ls.code !== 0) problems.push(`npm ls --all: the tree is invalid:\n${ls.stderr.trim()}`);
    // The next plain `npm install` in the project (a teammate's clone, CI) must be as quiet.
    const again = await npm(['install']);
    const againWarnings = installProblems(`${again.stdout}\n${again.stderr}`, Object.keys(cell.pins));
    if (again.code !== 0 || againWarnings.length) problems.push(`a second npm install: ${again.code !== 0 ? again.stderr.trim() : againWarnings.join('\n')}`);
    const size = Number(spawnSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).stdout.split('\t')[0]) * 1024;
    const asked = cell.qs.commands.filter((c) => INSTALL.test(c)).join(' ').split(/\s+/);
    const drivers = DRIVERS.filter((d) => existsSync(join(dir, 'node_modules', d, 'package.json')));
    for (const driver of drivers) {
      if (asked.includes(driver) || (cell.meta.brings ?? []).includes(driver)) continue;
      if (await broughtByPgExact(npm, driver)) problems.push(`node_modules holds ${driver}, which the project did not ask for`);
    }
    const direct = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const directNames = new Set([...Object.keys(direct.dependencies ?? {}), ...Object.keys(direct.devDependencies ?? {})]);

    if (cell.qs.program !== undefined) {
      for (const name of importedPackages(cell.qs.program)) {
        if (!directNames.has(name)) problems.push(`the program imports ${name}, which its install line does not install`);
      }
      writeFileSync(join(dir, 'main.ts'), cell.qs.program);
      // The workspace's TypeScript compiles it (a self-contained compiler: everything it resolves
      // comes from the project); the project gets the Node types of its newest line.
      const tools = await npm(['install', '-D', '--no-audit', '--no-fund', `@types/node@${Math.max(...cell.nodes)}`]);
      if (tools.code !== 0) problems.push(`installing @types/node: ${tools.stderr.trim()}`);
      writeFileSync(join(dir, 'tsconfig.nodenext.json'), checkConfig({ skipLibCheck: cell.which !== 'latest' }));
      writeFileSync(join(dir, 'tsconfig.bundler.json'), checkConfig({ module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }));
      const t0 = performance.now();
      for (const config of ['tsconfig.nodenext.json', 'tsconfig.bundler.json']) {
        const tsc = await run(firstNode, [tscBin, '-p', config], { cwd: dir, env });
        const errors = ownTypeErrors(tsc.stdout);
        if (errors.length) problems.push(`tsc -p ${config}:\n${errors.join('\n')}`);
      }
      timings.typecheck = performance.now() - t0;
      for (const node of cell.nodes) {
        const binary = nodeBinary(node);
        const t1 = performance.now();
        const result = await withDatabase(database, (own) => run(binary, ['out/main.js'], { cwd: dir, env: { ...envFor(binary), DATABASE_URL: own }, timeout: 120_000 }));
        timings[`run${node}`] = performance.now() - t1;
        const printed = result.stdout.split('\n').filter((l) => l !== '');
        if (result.code !== 0) problems.push(`Node ${node}: the program failed (exit ${result.code}):\n${result.stderr.trim().split('\n').slice(-12).join('\n')}`);
        else if (JSON.stringify(printed) !== JSON.stringify(cell.qs.expected)) {
          problems.push(`Node ${node}: the program printed\n${printed.map((l) => `  ${l}`).join('\n')}\nwhere the README promises\n${cell.qs.expected.map((l) => `  ${l}`).join('\n')}`);
        }
      }
    }

    // Every entry point of the packages the project installed, by require() and by import().
    const ours = [...directNames].filter((name) => name.startsWith('@pg-exact/'));
    writeFileSync(join(dir, 'entry-points.cjs'), entryPointCheck(ours, drivers, cell.meta));
    for (const node of cell.nodes) {
      const binary = nodeBinary(node);
      const result = await withDatabase(database, (own) => run(binary, ['entry-points.cjs'], { cwd: dir, env: { ...envFor(binary), DATABASE_URL: own } }));
      if (result.code !== 0 || result.stdout.trim() !== 'ok') problems.push(`Node ${node}: entry points:\n${(result.stdout + result.stderr).trim()}`);
    }

    if (cell.meta.cli) {
      const demo = await run('bash', ['-c', 'npx pg-exact demo'], { cwd: dir, env });
      if (demo.code !== 2 || !/needs .*@electric-sql\/pglite/.test(demo.stderr)) {
        problems.push(`pg-exact demo without its stacks should exit 2 naming them; got exit ${demo.code}: ${demo.stderr.trim()}`);
      }
    }
    return { cell, problems, timings, size, drivers };
  });
}

/** A CommonJS script that require()s and import()s every entry point, then checks the ORM instance. */
function entryPointCheck(names, drivers, meta) {
  const absent = DRIVERS.filter((d) => !drivers.includes(d));
  return `// Generated by test/fresh-install/run.mjs
const { readFileSync } = require('node:fs');
const absent = ${JSON.stringify(absent)};
const problems = [];
// An entry point made for a driver this project does not have may fail to load, naming that driver.
const forAbsentDriver = (error) => absent.some((d) => String(error && error.message).includes(\`'\${d}'\`));
(async () => {
  for (const name of ${JSON.stringify(names)}) {
    const manifest = JSON.parse(readFileSync(require.resolve(name + '/package.json'), 'utf8'));
    for (const subpath of Object.keys(manifest.exports)) {
      if (subpath === './package.json') continue;
      const specifier = name + subpath.slice(1);
      for (const [how, load] of [['require', () => require(specifier)], ['import', () => import(specifier)]]) {
        try { await load(); } catch (error) { if (!forAbsentDriver(error)) problems.push(how + '(' + specifier + '): ' + error.message); }
      }
    }
  }
  ${ormCheck(meta.orm)}
  console.log(problems.length ? problems.join('\\n') : 'ok');
})().catch((error) => { console.log(String(error && error.stack)); process.exitCode = 1; });
`;
}

const planned = planCells();
console.log(`\n── ${planned.length} cells (${nodeLines.map((n) => `Node ${n}`).join(', ')}), ${jobs} at a time ──`);
for (const node of nodeLines) nodeBinary(node); // fetched once, before cells run in parallel
const results = [];
const queue = [...planned];
await Promise.all(
  Array.from({ length: jobs }, async () => {
    for (let cell = queue.shift(); cell; cell = queue.shift()) {
      const t0 = performance.now();
      let result;
      try {
        result = await runCell(cell);
      } catch (error) {
        result = { cell, problems: [`harness error: ${error.stack}`], timings: {} };
      }
      result.seconds = (performance.now() - t0) / 1000;
      results.push(result);
      const versions = Object.entries(cell.pins).map(([n, v]) => `${n}@${v}`).join(' ');
      console.log(`${result.problems.length ? '✗' : '✓'} ${cell.id.padEnd(34)} Node ${cell.nodes.join('+').padEnd(5)} ${result.seconds.toFixed(0).padStart(4)} s  ${result.size ? `${(result.size / 2 ** 20).toFixed(1).padStart(6)} MB` : '      —'}  ${versions}`);
      for (const problem of result.problems) console.log(`    ${problem.replace(/\n/g, '\n    ')}`);
      if (result.problems.length) failures.push(`${cell.id}: ${result.problems.length} problem(s)`);
    }
  }),
);

writeFileSync(join(work, 'results.json'), JSON.stringify(results.map(({ cell, problems, timings, size, seconds, drivers }) => ({ id: cell.id, nodes: cell.nodes, pins: cell.pins, problems, timings, size, seconds, drivers })), null, 2));
if (!values.keep) rmSync(join(work, 'cells'), { recursive: true, force: true });
console.log(`\nfresh-install: ${results.filter((r) => r.problems.length === 0).length}/${results.length} cells passed in ${((performance.now() - started) / 1000).toFixed(0)} s; results in ${join(work, 'results.json')}`);
if (failures.length) {
  console.log(`FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
