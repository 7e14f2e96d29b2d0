import type { ConformanceSession, TrapTable } from './adapter.js';
import type { TrapCase } from './cases.js';
import { sameValue, sameValueOtherType, show, showError } from './compare.js';

export type TrapPath = 'literal' | 'parameter' | 'column' | 'identity';

/** exact: the contract value; other-type: the same value in another representation; wrong: lost, shifted or thrown. */
export type Verdict = 'exact' | 'other-type' | 'wrong';

export interface PathOutcome {
  readonly path: TrapPath;
  readonly exact: boolean;
  readonly verdict: Verdict;
  /** What the stack returned (or threw), and for writes what the server stored. */
  readonly shown: string;
  /** Set on a non-exact outcome the adapter documents as a known limit: the reason. */
  readonly limit?: string;
}

/** The adapter's documented limits (ConformanceAdapter.knownLimit). */
export type KnownLimit = (trap: TrapCase, path: TrapPath) => string | undefined;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Runs every path of one case through a session and reports each outcome; never throws for a
 * stack's failure (a vanilla stack's exception is an outcome too).
 */
export async function runCase(session: ConformanceSession, schema: string, trap: TrapCase, knownLimit?: KnownLimit): Promise<PathOutcome[]> {
  const outcomes = await runPaths(session, schema, trap);
  if (!knownLimit) return outcomes;
  return outcomes.map((outcome) => {
    const limit = outcome.exact ? undefined : knownLimit(trap, outcome.path);
    return limit === undefined ? outcome : { ...outcome, limit };
  });
}

async function runPaths(session: ConformanceSession, schema: string, trap: TrapCase): Promise<PathOutcome[]> {
  const outcomes: PathOutcome[] = [];
  const [{ tz: defaultZone }] = (await retried(() => session.query(`SELECT current_setting('TimeZone') AS tz`))) as [{ tz: string }];
  if (trap.session) await retried(() => session.execute(trap.session!));
  try {
    const expected = trap.expected();

    if (trap.literal !== undefined || trap.readSql !== undefined) {
      const sql = trap.readSql ?? `SELECT ${quote(trap.literal!)}::${trap.type} AS v`;
      outcomes.push(await attempt('literal', async () => {
        const [row] = await session.query(sql);
        return judge(row?.v, expected);
      }));
    }

    if (trap.write) {
      outcomes.push(await attempt('parameter', async () => {
        const [row] = await session.query(`SELECT $1::${trap.type} AS v`, [trap.write!()]);
        return judge(row?.v, expected);
      }));
    }

    if (trap.write || trap.identity) {
      const table: TrapTable = {
        schema,
        name: `t_${trap.id.toLowerCase()}`,
        sql: `"${schema}"."t_${trap.id.toLowerCase()}"`,
        type: trap.type,
      };
      await retried(() => session.execute(`CREATE TABLE ${table.sql} (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v ${trap.type})`));
      if (trap.identity) {
        outcomes.push(await attempt('identity', async () => judge(await session.insert(table, null), expected)));
      } else {
        outcomes.push(await attempt('column', async () => {
          const id = await session.insert(table, trap.write!());
          // What the server holds, printed in UTC whatever the session says.
          await session.execute(`SET TIME ZONE 'UTC'`);
          const [row] = await session.query(`SELECT v::text AS t FROM ${table.sql} WHERE id = ${Number(id)}`);
          if (trap.session) await session.execute(trap.session);
          const stored = String(row?.t);
          const wanted = trap.stored?.() ?? trap.literal!;
          const read = judge(await session.select(table, id), expected);
          return stored === wanted
            ? read
            : { verdict: 'wrong', shown: `stored ${JSON.stringify(stored)} (want ${JSON.stringify(wanted)}); read ${read.shown}` };
        }));
      }
    }
  } finally {
    await retried(() => session.execute(`SET TIME ZONE ${quote(defaultZone)}`));
  }
  return outcomes;
}

/**
 * The suite's own statements, retried once: pglite-socket drops the connection after a failed
 * extended-protocol query (a vanilla stack's failure, say), and pools reconnect on the next query.
 */
async function retried<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch {
    return run();
  }
}

interface Judged {
  verdict: Verdict;
  shown: string;
}

function judge(actual: unknown, expected: unknown): Judged {
  const verdict = sameValue(actual, expected) ? 'exact' : sameValueOtherType(actual, expected) ? 'other-type' : 'wrong';
  return { verdict, shown: show(actual) };
}

async function attempt(path: TrapPath, run: () => Promise<Judged>): Promise<PathOutcome> {
  try {
    const { verdict, shown } = await run();
    return { path, exact: verdict === 'exact', verdict, shown };
  } catch (error) {
    return { path, exact: false, verdict: 'wrong', shown: showError(error) };
  }
}
