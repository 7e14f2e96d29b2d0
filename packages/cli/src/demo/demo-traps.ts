import { isDecimal } from '@pg-exact/core';
import type { DemoStack } from './demo-stack.js';

/** ✓ exact, in the type the contract asks for · ~ exact digits, but a type you must convert · ✗ lost, shifted or failed. */
export type Mark = '✓' | '~' | '✗';
export interface Cell {
  mark: Mark;
  text: string;
}

export interface DemoTrap {
  family: 'Numbers' | 'Time' | 'Identity';
  label: string;
  run(stack: DemoStack): Promise<unknown>;
  judge(value: unknown): Cell;
}

const ok = (text: string): Cell => ({ mark: '✓', text });
const meh = (text: string): Cell => ({ mark: '~', text });
const bad = (text: string): Cell => ({ mark: '✗', text });

/** A thrown error, as a value the judges can recognise. */
export class Failed {
  constructor(readonly error: unknown) {}
  get text(): string {
    // Drizzle wraps the driver's error: the SQLSTATE is on its cause.
    for (let e = this.error as { code?: unknown; name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
      if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    }
    return (this.error as { name?: string })?.name ?? 'Error';
  }
}

const tail = (text: string, n = 7) => (text.length > n ? `…${text.slice(-n)}` : text);
const typeName = (value: unknown) => (value === null ? 'null' : value instanceof Date ? 'Date' : isDecimal(value) ? 'Decimal' : typeof value);
const utcClock = (d: Date) => d.toISOString().slice(11, 16);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthDay = (month: number, day: number) => `${MONTHS[month]} ${day}`;
const failedOr = (value: unknown, judge: (value: unknown) => Cell): Cell => (value instanceof Failed ? bad(value.text) : judge(value));

const INT8 = '9007199254740993';
const NUMERIC = '12345678901234567890.123456789012345678';

export const demoTraps: readonly DemoTrap[] = [
  {
    family: 'Numbers',
    label: 'int8 2^53+1',
    run: (s) => s.read('i8'),
    judge: (v) =>
      failedOr(v, (v) =>
        typeof v === 'bigint' && String(v) === INT8 ? ok('bigint') : String(v) === INT8 ? meh(typeName(v)) : bad(tail(String(v)))),
  },
  {
    family: 'Numbers',
    label: 'numeric(38,18)',
    run: (s) => s.read('num'),
    judge: (v) =>
      failedOr(v, (v) =>
        isDecimal(v) && v.toFixed(18) === NUMERIC ? ok('Decimal') : String(v) === NUMERIC ? meh(typeName(v)) : bad(String(v).slice(0, 9))),
  },
  {
    family: 'Numbers',
    label: 'jsonb big number',
    run: async (s) => ((await s.read('doc')) as { id?: unknown } | null)?.id,
    judge: (v) =>
      failedOr(v, (v) => (typeof v === 'bigint' && v === 12345678901234567890n ? ok('bigint') : bad(tail(String(v))))),
  },
  {
    family: 'Numbers',
    label: 'jsonb write BigInt',
    run: async (s) => {
      await s.write('doc', { id: 12345678901234567890n });
      return s.storedText('doc');
    },
    judge: (v) =>
      failedOr(v, (v) => (v === '{"id": 12345678901234567890}' ? ok('stored') : bad(typeof v === 'string' && v.includes('"1234') ? 'as string' : String(v)))),
  },
  {
    family: 'Time',
    label: 'timestamptz µs',
    run: (s) => s.read('tstz'),
    judge: (v) =>
      failedOr(v, (v) => {
        if (!(v instanceof Date)) return String(v).includes('.123456') ? meh(typeName(v)) : bad(typeName(v));
        const us = (v as { getMicroseconds?: () => number }).getMicroseconds?.() ?? 0;
        return us === 456 ? ok('.123456') : bad(`.${String(v.getUTCMilliseconds()).padStart(3, '0')}`);
      }),
  },
  {
    family: 'Time',
    label: 'timestamp read',
    run: (s) => s.read('ts'),
    judge: (v) =>
      failedOr(v, (v) =>
        v instanceof Date
          ? v.getTime() === Date.UTC(2024, 2, 10, 12) ? ok('12:00') : bad(`${utcClock(v)}Z`)
          : String(v).startsWith('2024-03-10 12:00') ? meh(typeName(v)) : bad(String(v))),
  },
  {
    family: 'Time',
    label: 'timestamp write',
    run: async (s) => {
      await s.write('ts', new Date(Date.UTC(2024, 2, 10, 12)));
      return s.storedText('ts');
    },
    judge: (v) =>
      failedOr(v, (v) => (typeof v === 'string' && v.startsWith('2024-03-10 12:00:00') ? ok('12:00') : bad(String(v).slice(11, 16)))),
  },
  {
    family: 'Time',
    label: "date '2024-01-01'",
    run: (s) => s.read('d'),
    judge: (v) =>
      failedOr(v, (v) => {
        if (v === '2024-01-01') return ok('ISO text');
        if (!(v instanceof Date)) return bad(String(v));
        // The calendar day a reader of the Date gets: in local time (getDate), then in UTC.
        if (v.getFullYear() !== 2024 || v.getMonth() !== 0 || v.getDate() !== 1) return bad(monthDay(v.getMonth(), v.getDate()));
        if (v.toISOString().slice(0, 10) !== '2024-01-01') return bad(`${monthDay(v.getUTCMonth(), v.getUTCDate())} UTC`);
        return v.getTime() === Date.UTC(2024, 0, 1) ? meh('Date') : bad(`${utcClock(v)}Z`);
      }),
  },
  {
    family: 'Time',
    label: 'infinity',
    run: (s) => s.read('tsinf'),
    judge: (v) =>
      failedOr(v, (v) =>
        v instanceof Date && v.getTime() === Infinity ? ok('+∞ date') : v === 'infinity' ? meh('string') : bad(v instanceof Date ? 'Invalid' : typeName(v))),
  },
  {
    family: 'Time',
    label: 'date 4713 BC',
    run: (s) => s.read('bc'),
    judge: (v) =>
      failedOr(v, (v) => {
        if (v === '4713-01-01 BC') return ok('4713 BC');
        if (!(v instanceof Date)) return bad(String(v).slice(0, 10));
        if (Number.isNaN(v.getTime())) return bad('Invalid');
        return v.getTime() === Date.UTC(-4712, 0, 1) ? meh('Date') : bad(`${v.toISOString().slice(11, 19)}Z`);
      }),
  },
  {
    family: 'Identity',
    label: 'insert → id',
    run: (s) => s.insertId(),
    judge: (v) => failedOr(v, (v) => (typeof v === 'bigint' ? ok('bigint') : v === undefined ? bad('undefined') : meh(typeName(v)))),
  },
  {
    family: 'Identity',
    label: 'sequence behind max',
    run: (s) => s.insertImported(),
    judge: (v) => failedOr(v, (v) => (BigInt(v as number) > 1000n ? ok('new id') : bad(`id ${v}`))),
  },
];

/** Runs one trap, turning a throw into a {@link Failed} value. */
export async function runTrap(trap: DemoTrap, stack: DemoStack): Promise<unknown> {
  try {
    return await trap.run(stack);
  } catch (error) {
    if (process.env.PG_EXACT_DEMO_DEBUG) console.error(`[${stack.name}] ${trap.label}:`, error);
    return new Failed(error);
  }
}
