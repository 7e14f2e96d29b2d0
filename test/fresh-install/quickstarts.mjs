// Quick starts, as the package READMEs show them. A quick start is everything between
//   <!-- fresh-install: <id> -->   and   <!-- /fresh-install -->
// in a README: `sh` blocks are commands a newcomer runs, in order (the install line first); a block
// whose first line is `// file: <path>` (or `# file: <path>`) is a file written into the project;
// the one `ts` block without such a line is the program (main.ts). In the program, a line
// `console.log(…); // → <text>` promises that it prints exactly <text>. `fresh-install: b extends a`
// starts from quick start a's files (the prose around b says so) and adds or replaces its own.
import { readFileSync } from 'node:fs';

const START = /<!--\s*fresh-install:\s*([\w.-]+)(?:\s+extends\s+([\w.-]+))?\s*-->/g;
const END = '<!-- /fresh-install -->';
const FENCE = /```(\w*)\n([\s\S]*?)```/g;
const FILE = /^(?:\/\/|#|--)\s*file:\s*(\S+)\s*\n/;

/** Every quick start of a README: { id, commands, files: {path: text}, program, expected }. */
export function quickstarts(readmePath) {
  const text = readFileSync(readmePath, 'utf8');
  const found = [];
  for (const start of text.matchAll(START)) {
    const id = start[1];
    const base = start[2] === undefined ? undefined : found.find((q) => q.id === start[2]);
    if (start[2] !== undefined && !base) throw new Error(`${readmePath}: quick start ${id} extends ${start[2]}, which is not above it`);
    const from = start.index + start[0].length;
    const to = text.indexOf(END, from);
    if (to < 0) throw new Error(`${readmePath}: quick start ${id} has no ${END}`);
    const commands = [];
    const files = { ...base?.files };
    let program;
    for (const [, lang, body] of text.slice(from, to).matchAll(FENCE)) {
      const file = FILE.exec(body);
      if (file) files[file[1]] = body.slice(file[0].length);
      else if (lang === 'sh' || lang === 'bash') commands.push(...body.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
      else if (lang === 'ts' || lang === 'typescript') {
        if (program !== undefined) throw new Error(`${readmePath}: quick start ${id} has two programs (mark extra files with // file: <path>)`);
        program = body;
      } else throw new Error(`${readmePath}: quick start ${id}: a \`${lang}\` block needs a // file: line`);
    }
    found.push({ id, readme: readmePath, commands, files, program, expected: program === undefined ? [] : promisedOutput(program, `${readmePath} ${id}`) });
  }
  return found;
}

/** The lines a program promises to print, from its `// → text` comments, in order. */
export function promisedOutput(program, where) {
  const expected = [];
  for (const [i, line] of program.split('\n').entries()) {
    const arrow = line.indexOf('// → ');
    if (arrow < 0) continue;
    if (!/\bconsole\.log\(/.test(line.slice(0, arrow))) {
      throw new Error(`${where}, line ${i + 1}: a "// →" promise on a line that prints nothing: ${line.trim()}`);
    }
    expected.push(line.slice(arrow + 5).trimEnd());
  }
  return expected;
}

/** Bare package names a program imports (node: builtins excluded). */
export function importedPackages(program) {
  const names = new Set();
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g;
  for (const match of program.matchAll(pattern)) {
    const specifier = match[1] ?? match[2];
    if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names];
}
