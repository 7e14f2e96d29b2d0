// Where this module is, for the CommonJS build (see module-location.ts).

/** `require.resolve` from this module's location. */
export const resolveFromHere = (specifier: string): string => require.resolve(specifier);

/** This module's own file. */
export const thisFile = (): string => __filename;
