import { codecs } from '@pg-exact/core';

const trailingZeros = /(\.\d*?)0+(?=(?:\+00)?(?: BC)?$)/;
const emptyFraction = /\.(?=(?:\+00)?(?: BC)?$)/;

/**
 * `2024-03-10 02:30:00`, `2024-03-10 01:59:59.123456+00`, `0044-03-15 12:00:00.5+00 BC`,
 * `infinity`: what PostgreSQL prints for the value on a UTC session (ISO DateStyle).
 */
export function pgTimestampText(value: Date, withOffset: boolean): string {
  const text = (withOffset ? codecs.timestamptz : codecs.timestamp).serialize(value);
  // The serializers always write six fraction digits; PostgreSQL drops trailing zeros (and the point).
  return text.replace(trailingZeros, '$1').replace(emptyFraction, '');
}

/**
 * `2024-03-10T01:59:59.123456+00:00`, `0044-03-15T12:00:00.5+00:00 BC`, `infinity`: what a UTC
 * session prints for a timestamptz inside JSON (`to_json`, drizzle 0.45's relational queries).
 */
export function pgTimestamptzJsonText(value: Date): string {
  return pgTimestampText(value, true).replace(' ', 'T').replace(/\+00(?= BC$|$)/, '+00:00');
}
