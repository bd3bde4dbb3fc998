// Inside a run thread: loads the algorithm once, then makes each scenario the parent sends
// (checked, its late work settled) and sends the outcome back. Where the run is goes to the
// shared progress buffer after every event, so if the thread dies (its heap limit) the
// parent can say where.

import { parentPort, workerData } from 'node:worker_threads';
import { runChecked } from '../explore/explore.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { settleLateWork, trapUnhandledRejections } from './late-work.ts';
import { resolveAlgorithm } from './resolve-impl.ts';
import { thrownText } from '../thrown.ts';

interface Request {
  id: number;
  scenario: Scenario;
  checkDeterminism: boolean;
}

const { impl, progress } = workerData as { impl: string; progress: SharedArrayBuffer };
const port = parentPort;
if (port === null) throw new Error('run-thread-main.ts runs in a worker thread');
trapUnhandledRejections();
const slots = new Int32Array(progress);
try {
  const { algorithm } = await resolveAlgorithm(impl);
  let queue = Promise.resolve();
  port.on('message', (request: Request) => {
    // One run at a time, in the order sent.
    queue = queue.then(async () => {
      let outcome;
      try {
        outcome = await settleLateWork(runChecked(request.scenario, algorithm, { checkDeterminism: request.checkDeterminism, progress: slots }));
      } catch (error) {
        // The harness itself threw during the run: said to the parent, which makes it a
        // saved "could not finish", never a run it waits for forever.
        port.postMessage({ type: 'crash', id: request.id, message: thrownText(error) });
        return;
      }
      try {
        port.postMessage({ type: 'outcome', id: request.id, outcome });
      } catch {
        // Something a checker put in a violation's details cannot cross threads: as JSON it can.
        port.postMessage({ type: 'outcome', id: request.id, outcome: JSON.parse(JSON.stringify(outcome)) as unknown });
      }
    });
  });
  port.postMessage({ type: 'ready' });
} catch (error) {
  port.postMessage({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
}
