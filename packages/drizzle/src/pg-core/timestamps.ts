import { PreciseDate } from '@pg-exact/core';
import { type ExactTimestampBuilderInitial, timestamptz } from './exact-timestamp.js';

// Spelled through drizzle's own builder methods (see builder-types.ts).
declare const _tz: ExactTimestampBuilderInitial;
declare const _notNull: ReturnType<typeof _tz.notNull>;
declare const _createdAt: ReturnType<typeof _notNull.defaultNow>;

/** The columns {@link timestamps} returns. */
export interface ExactTimestamps {
  createdAt: typeof _createdAt;
  updatedAt: ReturnType<typeof _createdAt.$onUpdate>;
}

/**
 * The `created_at` / `updated_at` pair for a new table, as timestamptz read as PreciseDate (the
 * column set that replaces `timestamp` columns; see the `timestampToTimestamptz` preset for
 * existing ones): both default to `now()`, and drizzle sets `updated_at` on every update.
 *
 * ```ts
 * import { identity, pgTable, text, timestamps } from '@pg-exact/drizzle/pg-core';
 *
 * export const accounts = pgTable('accounts', { id: identity(), name: text().notNull(), ...timestamps() });
 * ```
 */
export function timestamps(): ExactTimestamps {
  return {
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new PreciseDate()),
  };
}
