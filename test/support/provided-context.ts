// What the global setup hands to the test files (vitest's provide/inject).
declare module 'vitest' {
  export interface ProvidedContext {
    serverAvailable: boolean;
    /** URL of the conformance database (non-UTC default TimeZone); '' without a server. */
    conformanceUrl: string;
  }
}

export {};
