/**
 * The codec name drizzle-orm 1.0 keys a column's SQL casts and value normalizers by (its
 * dialect's `codecs`, the drivers' `codecs` option). The exact columns carry a name of their own, so
 * no normalizer meant for drizzle's driver values (1.0's `timestamptz`: `new Date(text)`) touches
 * theirs; `@pg-exact/drizzle`'s drizzle() registers these names (relational queries select the
 * values as text). drizzle-orm 0.45 has no codecs and ignores the property.
 */
export type ExactCodecName = 'int8' | 'numeric' | 'timestamptz' | 'timestamp' | 'date' | 'json' | 'jsonb' | 'float8' | 'float4';

/** The codec name an exact column of `type` carries. */
export const exactCodec = (type: ExactCodecName): string => `pg-exact:${type}`;

interface Mappable {
  mapFromDriverValue(value: unknown): unknown;
  mapToDriverValue(value: unknown): unknown;
}

/**
 * Installs an exact column's mappers as own properties of the built column. drizzle-orm 1.0
 * declares `mapFromDriverValue`/`mapToDriverValue` as instance fields (`= noop`), which shadow
 * methods a subclass declares on its prototype; 0.45 declares them as methods. Own properties set
 * after the base constructor win on both, and 1.0's array columns wrap them afterwards (`postBuild`).
 * `codec` is drizzle 1.0's @internal column property (pinned by test/drizzle-internals.test.ts).
 */
export function installExactMappers(
  column: object,
  type: ExactCodecName,
  read: ((value: unknown) => unknown) | undefined,
  write: (value: unknown) => unknown,
): void {
  const target = column as Mappable & { codec?: string };
  if (read !== undefined) target.mapFromDriverValue = read;
  target.mapToDriverValue = write;
  target.codec = exactCodec(type);
}
