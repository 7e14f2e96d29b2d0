import { describe, expect, test } from 'vitest';
import { parseArray, serializeArray } from '../src/array-codec.js';
import { PgExactValueError } from '../src/errors.js';
import { parseInt8, serializeInt8 } from '../src/integer-codecs.js';

const identity = (text: string) => text;

describe('parseArray', () => {
  test.each([
    ['{}', []],
    ['{1,2,3}', ['1', '2', '3']],
    ['{NULL,"NULL",null}', [null, 'NULL', 'null']],
    ['{"a b","c,d","e\\"f","g\\\\h",""}', ['a b', 'c,d', 'e"f', 'g\\h', '']],
    ['{{1,2},{3,4}}', [['1', '2'], ['3', '4']]],
    ['{{{1}},{{NULL}}}', [[['1']], [[null]]]],
    ['[0:2]={7,8,9}', ['7', '8', '9']],
    ['[1:2][1:1]={{1},{2}}', [['1'], ['2']]],
    ['{"{\\"a\\": 1}"}', ['{"a": 1}']],
    ['{"2024-03-10 01:59:59.123456+00"}', ['2024-03-10 01:59:59.123456+00']],
  ])('%s', (text, expected) => {
    expect(parseArray(text, identity)).toEqual(expected);
  });

  test('applies the element parser to non-NULL elements only', () => {
    expect(parseArray('{9007199254740993,NULL,-9223372036854775808}', parseInt8)).toEqual([
      9007199254740993n,
      null,
      -9223372036854775808n,
    ]);
  });
});

describe('serializeArray', () => {
  test.each([
    [[], '{}'],
    [[1n, null, -2n], '{"1",NULL,"-2"}'],
    [[[1n, 2n], [3n, 4n]], '{{"1","2"},{"3","4"}}'],
  ])('%s → %s', (values, text) => {
    expect(serializeArray(values, serializeInt8, 'int8')).toBe(text);
  });

  test('quotes and escapes element text', () => {
    expect(serializeArray(['a"b', 'c\\d', 'NULL', ''], identity, 'text')).toBe('{"a\\"b","c\\\\d","NULL",""}');
  });

  test('names the path of a bad element', () => {
    expect(() => serializeArray([[1n], [2n, 1.5]], serializeInt8, 'int8')).toThrow(PgExactValueError);
    expect(() => serializeArray([[1n], [2n, 1.5]], serializeInt8, 'int8')).toThrow('(at $[1][1])');
    expect(() => serializeArray([undefined], serializeInt8, 'int8')).toThrow('use null for NULL');
  });

  test('refuses an array that contains itself', () => {
    const values: unknown[] = [1n];
    values.push(values);
    expect(() => serializeArray(values, serializeInt8, 'int8')).toThrow(/contains itself/);
  });
});

describe('parseArray with another delimiter (box uses ";")', () => {
  test.each<[string, unknown]>([
    ['{(1,1),(0,0);NULL;(2,2),(0,0)}', ['(1,1),(0,0)', null, '(2,2),(0,0)']],
    ['{{(1,1),(0,0)};{NULL}}', [['(1,1),(0,0)'], [null]]],
    ['{"a;b,c";x}', ['a;b,c', 'x']],
    ['{}', []],
  ])('%s', (text, expected) => {
    expect(parseArray(text, (element) => element, ';')).toEqual(expected);
  });
});
