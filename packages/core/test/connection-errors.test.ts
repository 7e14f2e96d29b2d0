// pg-exact-test: zone-independent (error classification: no value depends on the process TZ)
import { describe, expect, test } from 'vitest';
import { commitFailure, isConnectionLost, PgExactCommitUnknownError, PgExactConnectionError, PgExactNotCommittedError, transactionEnd } from '../src/index.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  test.each([
    ['pg: socket ended', new Error('Connection terminated unexpectedly'), true],
    ['pg: refused on a lost client', new Error('Client has encountered a connection error and is not queryable'), true],
    ['pg: refused on an ended client', new Error('Client was closed and is not queryable'), true],
    ['pg: query_timeout', new Error('Query read timeout'), true],
    ['socket reset', withCode('ECONNRESET'), true],
    ['postgres.js closed', withCode('CONNECTION_CLOSED', 'write CONNECTION_CLOSED 127.0.0.1:5432'), true],
    ['postgres.js destroyed', withCode('CONNECTION_DESTROYED'), true],
    ['server: terminated by an administrator', withCode('57P01'), true],
    ['server: connection exception class 08', withCode('08006'), true],
    ['server: serialization failure', withCode('40001'), false],
    ['server: unique violation', withCode('23505'), false],
    ['server: query canceled (statement_timeout)', withCode('57014'), false],
    ['a value refused before sending', new TypeError('int8: not an integer'), false],
    ['not an error', 'Connection terminated unexpectedly', false],
    ['null', null, false],
  ])('%s → %s', (_, error, expected) => {
    expect(isConnectionLost(error)).toBe(expected);
  });
});

describe('commitFailure', () => {
  test('a lost connection after COMMIT was sent: outcome unknown, the cause kept', () => {
    const cause = new Error('Connection terminated unexpectedly');
    const error = commitFailure(cause, true);
    expect(error).toBeInstanceOf(PgExactCommitUnknownError);
    expect(error).toBeInstanceOf(PgExactConnectionError);
    expect(error).toMatchObject({ name: 'PgExactCommitUnknownError', code: 'PG_EXACT_COMMIT_UNKNOWN', committed: 'unknown', cause });
    expect((error as Error).message).toMatch(/may or may not have committed.*Connection terminated unexpectedly/);
  });

  test('a lost connection before COMMIT was sent: nothing committed', () => {
    const error = commitFailure(withCode('CONNECTION_CLOSED'), false);
    expect(error).toBeInstanceOf(PgExactNotCommittedError);
    expect(error).toMatchObject({ name: 'PgExactNotCommittedError', code: 'PG_EXACT_NOT_COMMITTED', committed: false });
  });

  test("the server's own answer to COMMIT passes unchanged, and so does an error already classified", () => {
    const serialization = withCode('40001');
    expect(commitFailure(serialization, true)).toBe(serialization);
    const classified = new PgExactNotCommittedError(new Error('x'));
    expect(commitFailure(classified, true)).toBe(classified);
  });
});

describe('transactionEnd', () => {
  test.each([
    ['commit', 'commit'],
    ['ROLLBACK;', 'rollback'],
    ['  Commit ; \n', 'commit'],
    ['rollback to savepoint sp', undefined],
    ['commit prepared', undefined],
    ['select 1', undefined],
    [`${' '.repeat(60)}commit`, undefined],
    [undefined, undefined],
    [{ text: 'commit' }, undefined],
  ])('%j → %s', (sql, expected) => {
    expect(transactionEnd(sql)).toBe(expected);
  });
});
