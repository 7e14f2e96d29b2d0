// pg-exact-test: zone-independent (no process-TZ-dependent value: runs under the first zone only, see scripts/test.mjs)
// exactTypes / withExactParsers as plain objects (no server needed).
import { codecs, getParser } from '@pg-exact/core';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { exactTypes, withExactParsers, withExactParsersExcept } from '../src/index.js';

const codecOids = Object.values(codecs).flatMap((codec) => [
  [codec.name, codec.oid] as const,
  [`_${codec.name}`, codec.arrayOid] as const,
]);

describe('exactTypes', () => {
  test.each(codecOids)('%s (OID %i) gets the core parser', (_name, oid) => {
    expect(exactTypes.getTypeParser(oid, 'text')).toBe(getParser(oid));
    expect(exactTypes.getTypeParser(oid)).toBe(getParser(oid)); // format defaults to text, as in pg
  });

  test.each([
    ['bool', 16],
    ['bytea', 17],
    ['text', 25],
    ['uuid', 2950],
    ['bool[]', 1000],
  ])('%s (OID %i) falls back to pg', (_name, oid) => {
    expect(exactTypes.getTypeParser(oid, 'text')).toBe(pg.types.getTypeParser(oid, 'text'));
  });

  test('binary lookups fall back to pg: the core parsers read text', () => {
    expect(exactTypes.getTypeParser(20, 'binary')).toBe(pg.types.getTypeParser(20, 'binary'));
  });
});

describe('withExactParsers', () => {
  test('our parsers first, theirs for the rest; theirs is not modified', () => {
    const seen: number[] = [];
    const theirs = {
      getTypeParser(oid: number) {
        seen.push(oid);
        return (value: string) => `THEIRS:${value}`;
      },
    };
    const types = withExactParsers(theirs);
    expect(types.getTypeParser(20, 'text')('9007199254740993')).toBe(9007199254740993n);
    expect(types.getTypeParser(16, 'text')('t')).toBe('THEIRS:t');
    expect(seen).toEqual([16]);
    expect(Object.keys(theirs)).toEqual(['getTypeParser']);
  });

  test('one wrapper per types object, and wrapping a wrapper or exactTypes is a no-op', () => {
    const theirs = { getTypeParser: pg.types.getTypeParser };
    const types = withExactParsers(theirs);
    expect(withExactParsers(theirs)).toBe(types);
    expect(withExactParsers(types)).toBe(types);
    expect(withExactParsers(exactTypes)).toBe(exactTypes);
  });
});

describe('withExactParsersExcept', () => {
  test('the listed OIDs come back as text, the other codec OIDs are parsed, the rest falls back', () => {
    const fallback = { getTypeParser: () => (text: string) => `fallback:${text}` };
    const types = withExactParsersExcept(fallback, new Set([codecs.int8.oid, codecs.jsonb.oid]));
    expect(types.getTypeParser(codecs.int8.oid, 'text')('9007199254740993')).toBe('9007199254740993');
    expect(types.getTypeParser(codecs.jsonb.oid)('{"a": 1}')).toBe('{"a": 1}');
    expect(types.getTypeParser(codecs.int4.oid, 'text')('7')).toBe(7);
    expect(types.getTypeParser(codecs.int8.arrayOid, 'text')('{1}')).toEqual([1n]);
    expect(types.getTypeParser(16, 'text')('t')).toBe('fallback:t');
    expect(withExactParsers(types)).toBe(types); // ExactClient uses it as it is
  });
});
