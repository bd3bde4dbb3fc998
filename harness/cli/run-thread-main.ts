// Inside a run thread: loads the algorithm once, then answers each request the parent
// sends: a run (checked, its late work settled), a whole shrink (its runs made here) or a
// record's report data (its replay made here).
// Where the run is goes to the shared progress buffer after every event, so if the thread
// dies (its heap limit) the parent can say where.

import { parentPort, workerData } from 'node:worker_threads';
import { runChecked } from '../explore/explore.ts';
import { runScenario, type RunOutcome } from '../scenario/scenario.ts';
import { shrinkSteps, type ShrinkResult } from '../explore/shrink.ts';
import type { ThreadRequest } from './isolated-runner.ts';
import { reportDataOfRecord } from '../report/write.ts';
import type { ReportData } from '../report/types.ts';
import { settleLateWork, trapUnhandledRejections } from './late-work.ts';
import { resolveAlgorithm } from './resolve-impl.ts';
import { thrownText } from '../thrown.ts';

const { impl, progress } = workerData as { impl: string; progress: SharedArrayBuffer };
const port = parentPort;
if (port === null) throw new Error('run-thread-main.ts runs in a worker thread');
trapUnhandledRejections();
const slots = new Int32Array(progress);
try {
  const { algorithm } = await resolveAlgorithm(impl);
  let queue = Promise.resolve();
  port.on('message', (request: ThreadRequest) => {
    // One request at a time, in the order sent.
    queue = queue.then(async () => {
      let reply: { type: 'outcome'; id: number; outcome: RunOutcome } | { type: 'shrunk'; id: number; result: ShrinkResult } | { type: 'report'; id: number; data: ReportData };
      try {
        if (request.kind === 'run') {
          const outcome = await settleLateWork(runChecked(request.scenario, algorithm, { checkDeterminism: request.checkDeterminism, progress: slots }));
          reply = { type: 'outcome', id: request.id, outcome };
        } else if (request.kind === 'report') {
          reply = { type: 'report', id: request.id, data: reportDataOfRecord(request.record, algorithm, request.recordPath, slots) };
        } else {
          // Each candidate's late work settles before its verdict, as for a run: a failure
          // that shows only after the run ended (work left behind) shrinks like any other.
          const steps = shrinkSteps(request.scenario, { checker: request.checker, runsMax: request.runsMax });
          let next = steps.next();
          while (next.done !== true) next = steps.next(await settleLateWork(runScenario(next.value, algorithm, { progress: slots })));
          reply = { type: 'shrunk', id: request.id, result: next.value };
        }
      } catch (error) {
        // The harness itself threw: said to the parent, which makes it a saved "could not
        // finish", never a request it waits for forever.
        port.postMessage({ type: 'crash', id: request.id, message: thrownText(error) });
        return;
      }
      try {
        port.postMessage(reply);
      } catch {
        // Something a checker put in a violation's details cannot cross threads: as JSON it can.
        port.postMessage(JSON.parse(JSON.stringify(reply)) as unknown);
      }
    });
  });
  port.postMessage({ type: 'ready' });
} catch (error) {
  port.postMessage({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
}
