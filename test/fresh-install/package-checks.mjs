// Checks of one packed tarball, as npm would publish it: what it holds, whether its README's links
// work on npm, publint, @arethetypeswrong/cli and `npm publish --dry-run`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/** Files a tarball may hold besides package.json; anything else (sources, tests, build configs) is a mistake. */
const ALLOWED = [/^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\//, /^bin\//, /^docs\/[\w-]+\.md$/];

function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** Relative link targets of a Markdown text (images included), without their #fragment. */
export function relativeLinks(markdown) {
  const targets = [];
  for (const [, target] of markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    targets.push(target.split('#')[0]);
  }
  return targets;
}

/**
 * Problems with a tarball (empty when it is publishable). `pkg` = { name, dir, tarball, license }:
 * its workspace folder, the .tgz, and the repository's LICENSE text.
 */
export async function checkTarball(pkg, work, root) {
  const problems = [];
  const extracted = join(work, 'extracted', pkg.name.replace('/', '+'));
  mkdirSync(extracted, { recursive: true });
  spawnSync('tar', ['xzf', pkg.tarball, '-C', extracted, '--strip-components=1'], { stdio: 'inherit' });
  const files = filesUnder(extracted);
  const manifest = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8'));

  for (const file of files) if (file !== 'package.json' && !ALLOWED.some((re) => re.test(file))) problems.push(`ships ${file}`);
  if (!existsSync(join(extracted, 'LICENSE'))) problems.push('no LICENSE');
  else if (readFileSync(join(extracted, 'LICENSE'), 'utf8') !== pkg.license) problems.push("LICENSE differs from the repository's");
  if (manifest.license !== 'MIT') problems.push(`license field ${manifest.license}`);

  const readme = join(extracted, 'README.md');
  if (!existsSync(readme)) problems.push('no README.md');
  else {
    for (const target of relativeLinks(readFileSync(readme, 'utf8'))) {
      const path = normalize(join(dirname(readme), target));
      if (!path.startsWith(extracted) || !existsSync(path)) problems.push(`README links to ${target}, which is not in the package (npm shows it as a broken link)`);
    }
  }

  const { messages } = await publint({ pkgDir: extracted, pack: false, level: 'warning' });
  for (const message of messages) problems.push(`publint: ${formatMessage(message, manifest) ?? message.code}`);

  // Node 16+/bundler resolution (TypeScript's node10 cannot see subpath exports); the ESM-only CLI is
  // loaded by require() through Node's require(esm), so its profile allows that.
  const profile = pkg.esmOnly ? 'esm-only' : 'node16';
  const attw = spawnSync(join(root, 'node_modules/.bin/attw'), [pkg.tarball, '--profile', profile, '--format', 'ascii', '--no-color', '--no-emoji'], { encoding: 'utf8' });
  if (attw.status !== 0) problems.push(`@arethetypeswrong/cli (${profile}):\n${attw.stdout}${attw.stderr}`);

  const publish = spawnSync('npm', ['publish', '--dry-run'], { cwd: pkg.dir, encoding: 'utf8' });
  const warnings = `${publish.stderr}`.split('\n').filter((line) => /^npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
  if (publish.status !== 0 || warnings.length > 0) problems.push(`npm publish --dry-run: ${warnings.join('; ') || `exit ${publish.status}`}`);

  return { problems, files: files.length, manifest };
}
