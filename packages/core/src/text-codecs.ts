import { describeValue, PgExactValueError } from './errors.js';

/** time, timetz and interval stay the text PostgreSQL prints: no JS type holds them exactly. */
export function parseText(text: string): string {
  return text;
}

/** A serializer that accepts strings only, for types whose value is their text. */
export function textSerializer(type: string): (value: string) => string {
  return (value) => {
    if (typeof value === 'string') return value;
    throw new PgExactValueError(`${describeValue(value)} is not a string`, { value, type });
  };
}
