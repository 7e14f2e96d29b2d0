import { expect, test } from 'vitest';
import { poolerSessionSetSql, poolerSessionSettings, sessionOptions, sessionSetSql, sessionSettings } from '../src/session.js';

test('the pin is UTC, ISO dates, postgres intervals, shortest exact floats', () => {
  expect(sessionSettings).toEqual({
    TimeZone: 'UTC',
    DateStyle: 'ISO, MDY',
    IntervalStyle: 'postgres',
    extra_float_digits: '3',
  });
  expect(sessionOptions).toBe('-c TimeZone=UTC -c DateStyle=ISO,\\ MDY -c IntervalStyle=postgres -c extra_float_digits=3');
  expect(sessionSetSql).toBe(
    "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'; SET IntervalStyle TO 'postgres'; SET extra_float_digits TO '3'",
  );
});

test('behind a pooler the pin is the two settings PgBouncer tracks', () => {
  expect(poolerSessionSettings).toEqual({ TimeZone: 'UTC', DateStyle: 'ISO, MDY' });
  expect(poolerSessionSetSql).toBe("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'");
});
