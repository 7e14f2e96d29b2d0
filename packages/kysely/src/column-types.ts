import type { Decimal, PreciseDate } from '@pg-exact/core';
import type { ColumnType, Generated } from 'kysely';

/** `int8`/`bigint` (also `count(*)`, `sum(int)`): read as bigint, always. */
export type Int8 = ColumnType<bigint, bigint | number | string, bigint | number | string>;

/** `numeric`: read as `Decimal` (every digit, NaN, ±Infinity); write a Decimal, a bigint or digit text. */
export type Numeric = ColumnType<Decimal, Decimal | bigint | string, Decimal | bigint | string>;

/** `timestamptz`: read as `PreciseDate` (the instant, µs kept); write PreciseDate, Date or ISO text with an offset. */
export type Timestamptz = ColumnType<PreciseDate, PreciseDate | Date | string, PreciseDate | Date | string>;

/** `timestamp` (without time zone): read as `PreciseDate` holding the UTC wall clock; a Date is written as its UTC wall clock. */
export type Timestamp = ColumnType<PreciseDate, PreciseDate | Date | string, PreciseDate | Date | string>;

/** `date`: read as ISO text (`'2024-01-01'`, `'4713-01-01 BC'`, `'infinity'`); a Date is written as its UTC calendar date. */
export type DateText = ColumnType<string, string | Date, string | Date>;

/** `json`/`jsonb` holding `T`: big integers come back as bigint, over-precise numbers as Decimal. */
export type Jsonb<T> = ColumnType<T, T, T>;

/** `int8 GENERATED … AS IDENTITY` or `bigserial`: optional on insert, bigint on read. */
export type Int8Identity = Generated<bigint>;
