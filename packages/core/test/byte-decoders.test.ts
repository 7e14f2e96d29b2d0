// The byte decoders (for postgres.js 4.2's `decode` hook) must return exactly what the codec's `parse`
// returns for the same text: the common shapes are read from the bytes, everything else falls
// back to `parse`, and while the trap channel has subscribers every value goes through `parse`.
// (packages/postgres-js/test/decoders.test.ts reads them through postgres.js from the server.)
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { byteDecoders, codecs, PreciseDate, TRAP_CHANNEL } from '../src/index.js';
import { outcome } from '../../../test/support/outcome.js';

/** The decoder run on `text` placed inside a larger buffer, as postgres.js hands it a row. */
function decode(name: keyof typeof byteDecoders, text: string): unknown {
  const bytes = Buffer.concat([Buffer.from('\u00ff\u00ffxx'), Buffer.from(text), Buffer.from('yy')]);
  const start = bytes.length - 2 - Buffer.byteLength(text);
  return byteDecoders[name]!(bytes, start, start + Buffer.byteLength(text));
}


function same(name: keyof typeof byteDecoders, text: string): void {
  const codec = codecs[name] as { parse(text: string): unknown };
  expect(outcome(() => decode(name, text)), text).toEqual(outcome(() => codec.parse(text)));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** timestamptz/timestamp text as PostgreSQL prints it (DateStyle ISO): fraction trimmed, offsets ±hh[:mm]. */
const dateTimeText = (zoned: boolean) =>
  fc
    .record({
      ms: fc.integer({ min: Date.UTC(-200, 0, 1), max: Date.UTC(10_200, 0, 1) }),
      us: fc.integer({ min: 0, max: 999 }),
      offset: fc.constantFrom(0, 0, 0, 330, -480, 345, -210, 60 * 14, -(60 * 15 + 59), 5),
    })
    .map(({ ms, us, offset }) => {
      const local = new Date(ms + offset * 60_000);
      const year = local.getUTCFullYear();
      const bc = year <= 0;
      const fraction = `${pad(local.getUTCMilliseconds(), 3)}${pad(us, 3)}`.replace(/0+$/, '');
      let text = `${pad(bc ? 1 - year : year, 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)} `;
      text += `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
      if (fraction !== '') text += `.${fraction}`;
      if (zoned) {
        const abs = Math.abs(offset);
        text += `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${abs % 60 === 0 ? '' : `:${pad(abs % 60, 2)}`}`;
      }
      return bc ? `${text} BC` : text;
    });

describe('byte decoders = parse', () => {
  test('int8: every magnitude and both extremes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => same('int8', String(value))),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19 }), fc.boolean(), (digits, negative) => {
        const text = `${negative ? '-' : ''}${'9'.repeat(digits)}`;
        same('int8', text);
      }),
    );
    for (const text of ['0', '-0', '1', '-1', '999999999999999', '1000000000000000', '-1000000000000000', '9223372036854775807', '-9223372036854775808']) {
      same('int8', text);
      expect(typeof decode('int8', text)).toBe('bigint');
    }
  });

  test('int8, int2, int4: text outside the common shape goes to parse (same value or same error)', () => {
    for (const text of ['', '-', '+5', ' 5', '5 ', '1e3', '12a', '99999999999999999999', '0x10']) {
      same('int8', text);
      same('int2', text);
      same('int4', text);
    }
  });

  test('int2 and int4', () => {
    fc.assert(fc.property(fc.integer({ min: -32768, max: 32767 }), (value) => same('int2', String(value))));
    fc.assert(fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (value) => same('int4', String(value))));
    same('int4', '-0');
  });

  test('timestamptz and timestamp, years 200 BC to 10200 AD, offsets with minutes', () => {
    fc.assert(fc.property(dateTimeText(true), (text) => same('timestamptz', text)), { numRuns: 5000 });
    fc.assert(fc.property(dateTimeText(false), (text) => same('timestamp', text)), { numRuns: 5000 });
  });

  test.each([
    '2024-03-10 01:59:59.123456+00',
    '2024-02-29 23:59:59.999999+00',
    '2023-02-29 00:00:00+00',
    '2024-04-31 00:00:00+00',
    '2024-13-01 00:00:00+00',
    '2024-01-01 24:00:00+00',
    '2024-01-01 23:60:00+00',
    '2024-01-01 23:59:60+00',
    '2024-01-01 00:00:00.+00',
    '2024-01-01 00:00:00.1234567+00',
    '2024-01-01 00:00:00+16',
    '2024-01-01 00:00:00+05:60',
    '2024-01-01 00:00:00+05:30:15',
    '2024-01-01 00:00:00+0530',
    '2024-01-01 00:00:00Z',
    '2024-01-01T00:00:00+00',
    '2024-01-01 00:00:00',
    '0099-12-31 23:59:59.5+00',
    '0100-01-01 00:00:00+00',
    '0001-01-01 00:00:00+00 BC',
    '12024-01-01 00:00:00+00',
    '294276-12-31 23:59:59.999999+00',
    'infinity',
    '-infinity',
    '',
  ])('timestamptz %j', (text) => {
    same('timestamptz', text);
    same('timestamp', text.replace(/[+-]\d\d(?::\d\d)*$/, ''));
  });

  test('with a trap subscriber every value goes through parse, which publishes', () => {
    const messages: unknown[] = [];
    const listener = (message: unknown) => messages.push(message);
    subscribe(TRAP_CHANNEL, listener);
    try {
      expect(decode('int8', '9007199254740993')).toBe(9007199254740993n);
      expect((decode('timestamptz', '2024-01-01 00:00:00.000001+00') as PreciseDate).getMicroseconds()).toBe(1);
    } finally {
      unsubscribe(TRAP_CHANNEL, listener);
    }
    expect(messages).toEqual([
      { kind: 'int8-beyond-2^53', type: 'int8', direction: 'read' },
      { kind: 'timestamptz-microseconds', type: 'timestamptz', direction: 'read' },
    ]);
  });
});
