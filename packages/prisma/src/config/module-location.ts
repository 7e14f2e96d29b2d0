// Where this module is, for the ESM build; module-location-cjs.cts is the CommonJS build's (tshy
// swaps it in, but type-checks this file in the CommonJS pass too: hence the ts-ignore lines).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** `require.resolve` from this module's location. */
export const resolveFromHere = (specifier: string): string =>
  // eslint-disable-next-line @typescript-eslint/ban-ts-comment
  // @ts-ignore TS1470 in the CommonJS pass only
  createRequire(import.meta.url).resolve(specifier);

/** This module's own file. */
export const thisFile = (): string =>
  // eslint-disable-next-line @typescript-eslint/ban-ts-comment
  // @ts-ignore TS1470 in the CommonJS pass only
  fileURLToPath(import.meta.url);
