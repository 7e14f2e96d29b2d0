import type { InputJsonValue } from '@prisma/client/runtime/client';

/**
 * A Json field value holding bigint or Decimal (of @pg-exact/core), typed as Prisma's Json input.
 * With {@link exactExtension} they are stored as JSON numbers; Prisma's own Json input type has no
 * place for them, so without this a `{ id: 2n ** 64n }` is a type error. The value is returned as
 * it is; what cannot be JSON (NaN, a function…) is refused by the extension when the query runs.
 *
 * ```ts
 * await prisma.event.create({ data: { payload: exactJson({ snowflake: 2n ** 64n }) } });
 * ```
 */
export function exactJson(value: unknown): InputJsonValue {
  return value as InputJsonValue;
}
