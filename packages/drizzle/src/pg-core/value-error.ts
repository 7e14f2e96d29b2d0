import { PgExactValueError } from '@pg-exact/core';
import { getTableName, type Table } from 'drizzle-orm';

/**
 * Runs a core serializer for one column value; a PgExactValueError is re-thrown located at the
 * column (`orders.total`, `orders.meta.items[3].price`), so it names where the value was going.
 * Drizzle calls column mappers while it builds the query: nothing has been sent yet.
 */
export function serializeFor<T>(column: { name: string; table: Table }, serialize: (value: T) => string, value: T): string {
  try {
    return serialize(value);
  } catch (error) {
    if (!(error instanceof PgExactValueError)) throw error;
    throw error.within(`${getTableName(column.table)}.${column.name}`);
  }
}
