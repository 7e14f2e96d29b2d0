// One scenario through one stack, in a process of its own (run-scenarios.ts spawns it): a stack that
// crashes takes down only this process, and the parent records how it died.
import { runScenario, type ChildMessage, type Job, type ParentMessage } from './scenarios.js';
import { findStack } from './stacks.js';

const job = JSON.parse(process.env.PG_EXACT_RELIABILITY_JOB ?? 'null') as Job | null;
if (job === null) throw new Error('child.ts runs under run-scenarios.ts (PG_EXACT_RELIABILITY_JOB is not set)');
const definition = findStack(job.stack, job.variant);
if (definition === undefined) throw new Error(`no stack ${job.stack} (${job.variant})`);

const send = (message: ChildMessage) => process.send?.(message);
const waitForParent = () => new Promise<ParentMessage>((resolve) => process.once('message', (message) => resolve(message as ParentMessage)));

const outcome = await runScenario({ job, definition, send, waitForParent });
send({ type: 'result', outcome });
// Whatever a stack left running (a hung query, a timer) must not keep the child alive.
process.disconnect?.();
setTimeout(() => process.exit(0), 200).unref();
