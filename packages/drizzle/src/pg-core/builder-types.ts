/**
 * The type of an exact column builder, written against what drizzle-orm 0.45 and 1.0 have in common
 * (the type of the builder drizzle's own factory returns, and `_.$type`, which both read as the
 * column's data type), so one .d.ts serves users of either: `B` is drizzle's builder, `TData` the
 * value the exact column reads.
 *
 * 0.45's `.array()` types its elements from the builder's config rather than `$type`, so there the
 * builder also gets an `array()` whose result carries `TData[]`; 1.0's builders have no column
 * name in their type (0.45's do), and 1.0's `.array()` keeps `$type`.
 */
export type ExactBuilder<B, TData> = B extends { readonly _: { readonly name: string } }
  ? { array(size?: number): WithDataType<ArrayBuilderOf<B>, TData[]> } & WithDataType<B, TData>
  : WithDataType<B, TData>;

/** drizzle's `$Type<B, T>` (drizzle-orm's and pg-core's `Set$Type` are both this intersection). */
export type WithDataType<B, T> = B & { readonly _: { readonly $type: T } };

type ArrayBuilderOf<B> = B extends { array(...args: never[]): infer A } ? A : never;
