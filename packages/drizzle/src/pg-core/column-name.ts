/**
 * `(name?, config?)` or `(config?)`, as drizzle-orm's own column factories take them: a column
 * declared without a name gets it from its key in `pgTable` (and the `casing` option).
 */
export function columnNameAndConfig<TConfig extends object>(
  a: string | TConfig | undefined,
  b: TConfig | undefined,
): { name: string; config: TConfig | undefined } {
  return {
    name: typeof a === 'string' && a.length > 0 ? a : '',
    config: typeof a === 'object' ? a : b,
  };
}
