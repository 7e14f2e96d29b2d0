import pc from 'picocolors';
import yoctoSpinner from 'yocto-spinner';

/** picocolors honours NO_COLOR / FORCE_COLOR; colour also stays off when stdout is not a terminal. */
export const colors = pc.createColors(
  pc.isColorSupported && ('FORCE_COLOR' in process.env || process.stdout.isTTY === true),
);

/** Progress on stderr, or nothing at all when stderr is not a terminal or the output is machine-read. */
export interface Progress {
  update(text: string): void;
  stop(finalText?: string): void;
}

export function startProgress(text: string, enabled = true): Progress {
  if (!enabled || process.stderr.isTTY !== true) {
    return { update() {}, stop() {} };
  }
  const spinner = yoctoSpinner({ text, stream: process.stderr }).start();
  return {
    update(next) {
      spinner.text = next;
    },
    stop(finalText) {
      if (finalText === undefined) spinner.stop();
      else spinner.success(finalText);
    },
  };
}
