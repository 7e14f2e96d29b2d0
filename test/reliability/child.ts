// Scenarios through one stack, in a process of its own (run-scenarios.ts spawns it): a stack that
// crashes takes down only this process, and the parent records how it died. Usually one scenario;
// the two that make no fault (inserts, counter) share a child, one after the other.
import { runScenario, type ChildMessage, type Job, type ParentMessage } from './scenarios.js';
import { findStack } from './stacks.js';

const jobs = JSON.parse(process.env.PG_EXACT_RELIABILITY_JOBS ?? 'null') as Job[] | null;
if (jobs === null) throw new Error('child.ts runs under run-scenarios.ts (PG_EXACT_RELIABILITY_JOBS is not set)');

const send = (message: ChildMessage) => process.send?.(message);
const waitForParent = () => new Promise<ParentMessage>((resolve) => process.once('message', (message) => resolve(message as ParentMessage)));

for (const job of jobs) {
  const definition = findStack(job.stack, job.variant);
  if (definition === undefined) throw new Error(`no stack ${job.stack} (${job.variant})`);
  const outcome = await runScenario({ job, definition, send, waitForParent });
  send({ type: 'result', scenario: job.scenario, outcome });
}
// Whatever a stack left running (a hung query, a timer) must not keep the child alive.
process.disconnect?.();
setTimeout(() => process.exit(0), 200).unref();
