// RESULTS.md is shared: bench/codecs/run.mjs writes everything outside the marked blocks, and each
// block `<!-- name:begin -->…<!-- name:end -->` belongs to someone else (`stacks`: bench/stacks/run.mjs;
// `diagnostics`: recorded by hand). Each runner keeps what is not its own.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const blockPattern = /<!-- ([a-z0-9-]+):begin -->[\s\S]*?<!-- \1:end -->\n?/g;

const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** The marked blocks of a file, in the order they appear. */
export function blocksOf(text) {
  return [...text.matchAll(blockPattern)].map((m) => ({ name: m[1], text: m[0].endsWith('\n') ? m[0] : `${m[0]}\n` }));
}

/** Writes `main` (the codec runner's part) followed by the blocks the file already held. */
export function writeKeepingBlocks(file, main) {
  const kept = blocksOf(read(file));
  writeFileSync(file, [main.trimEnd(), ...kept.map((b) => b.text.trimEnd())].join('\n\n') + '\n');
}

/** Replaces block `name` in the file (or appends it), leaving every other byte as it was. */
export function writeBlock(file, name, content) {
  const block = `<!-- ${name}:begin -->\n${content.trim()}\n<!-- ${name}:end -->\n`;
  const text = read(file);
  const existing = blocksOf(text).find((b) => b.name === name);
  if (existing) {
    const start = text.indexOf(existing.text.trimEnd());
    const end = start + existing.text.trimEnd().length;
    writeFileSync(file, text.slice(0, start) + block.trimEnd() + text.slice(end));
  } else {
    writeFileSync(file, text ? `${text.trimEnd()}\n\n${block}` : block);
  }
}

/** The installed version of package `name` as the bench resolves it, or '?'. */
export function packageVersion(name) {
  // Some packages export no ./package.json: walk up from the resolved entry instead.
  let dir;
  try {
    dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return '?';
  }
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === name) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '?';
    dir = parent;
  }
}

/** The commit the bench ran at, with a note when a package's src has uncommitted changes; 'unknown' outside git. */
export function gitCommit() {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', ':(glob)packages/*/src/**') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in packages/*/src' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** Replaces block `name` of bench/RESULTS.md and says so on stderr (stdout carries the tables). */
export function writeResultsBlock(name, content) {
  writeBlock(path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md'), name, content);
  console.error(`wrote the ${name} block of bench/RESULTS.md`);
}
