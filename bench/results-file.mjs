// RESULTS.md is shared: bench/codecs/run.mjs writes everything outside the marked blocks, and each
// block `<!-- name:begin -->…<!-- name:end -->` belongs to someone else (`stacks`: bench/stacks/run.mjs;
// `diagnostics`: recorded by hand). Each runner keeps what is not its own.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

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
