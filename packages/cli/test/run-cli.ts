import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `pg-exact` command as npm links it (bin/pg-exact.js, which loads the build). */
export const binPath = fileURLToPath(new URL('../bin/pg-exact.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/pg-exact.js …args` and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeout = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [binPath, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
