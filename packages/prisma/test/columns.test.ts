import { oids, PreciseDate } from '@pg-exact/core';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { describe, expect, test } from 'vitest';
import { tagJsonValue, tagsEmitted } from '../src/exact-markers.js';
import { modelTextOids, prismaColumn } from '../src/prisma-columns.js';

// Prisma's model path reads timestamptz as text (modelTextOids) and converts it without a PreciseDate.
describe('timestamptz on the model path', () => {
  const column = prismaColumn(oids.timestamptz.oid);
  const convert = (text: string) => column.convert(text) as string;

  test('is read as text and reaches Prisma as DateTime', () => {
    expect(modelTextOids.has(oids.timestamptz.oid)).toBe(true);
    expect(column.type).toBe(ColumnTypeEnum.DateTime);
  });

  test.each([
    ['2024-03-10 01:59:59.123456+00', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-10 01:59:59.1+00', '2024-03-10T01:59:59.1Z'],
    ['2024-03-10 01:59:59+00', '2024-03-10T01:59:59Z'],
    ['0099-01-01 00:00:00+00', '0099-01-01T00:00:00Z'],
  ])('a +00 text %s is rewritten as ISO text %s', (text, iso) => {
    expect(convert(text)).toBe(iso);
    expect(new Date(convert(text)).getTime()).toBe(new PreciseDate(iso).getTime());
  });

  test.each([
    // other offsets are converted (never relabelled), BC and five-digit years kept
    ['2024-03-10 07:29:59.123456+05:30', '2024-03-10T01:59:59.123456Z'],
    ['2024-03-09 17:59:59.5-08', '2024-03-10T01:59:59.500000Z'],
    ['2024-03-10 01:59:59+00:00:30', '2024-03-10T01:59:29.000000Z'],
    ['0044-03-15 12:00:00+00 BC', '-000043-03-15T12:00:00.000000Z'],
    ['12345-01-01 00:00:00+00', '+012345-01-01T00:00:00.000000Z'],
  ])('%s goes through the core codec: %s', (text, iso) => {
    expect(convert(text)).toBe(iso);
  });

  test('the infinities have no Date and throw', () => {
    expect(() => convert('infinity')).toThrow(/'infinity' has no JS Date/);
    expect(() => convert('-infinity')).toThrow(/'-infinity' has no JS Date/);
  });

  test('a value a pool parsed already (PreciseDate) is converted too', () => {
    expect(column.convert(new PreciseDate('2024-03-10T01:59:59.123456Z'))).toBe('2024-03-10T01:59:59.123456Z');
  });

  test('timestamptz[] is still parsed by the core codec', () => {
    expect(prismaColumn(oids.timestamptz.arrayOid).convert([new PreciseDate('2024-03-10T01:59:59.123456Z'), null])).toEqual([
      '2024-03-10T01:59:59.123456Z',
      null,
    ]);
  });
});

// exactExtension() walks a result for tags only when the adapters emitted one since the query began.
describe('tag counter', () => {
  test('counts every tagged Json value handed to Prisma, and nothing else', () => {
    const before = tagsEmitted();
    expect(tagJsonValue({ plain: 1.5, text: 'x' })).toBeUndefined();
    expect(tagsEmitted()).toBe(before);
    expect(tagJsonValue({ id: 2n ** 64n })).toBe('{"id":"\\u0000pg-exact:n:18446744073709551616"}');
    expect(tagsEmitted()).toBe(before + 1);
  });

  test('is shared through a registered symbol, so two loaded copies of the package agree', () => {
    const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('@pg-exact/prisma:tags-emitted')] as { count: number };
    const before = tagsEmitted();
    tagJsonValue([1n << 70n]);
    expect(shared.count).toBe(before + 1);
  });
});
