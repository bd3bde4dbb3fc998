// The benches' second view of the same work: bench/work.ts run in a worker thread that
// loads the sources the way `faultline explore` does (tsx), next to the same work run in
// the bench runner. Vitest's module runner rewrites every cross-module reference into a
// getter on the imported module's exports object, which V8 inlines less well; the figures
// a user of the CLI gets are the worker's. Both run in the same process, in alternating
// rounds, so their ratio survives the machine's drift.
import { Worker } from 'node:worker_threads';
import type { SweepFigures, SweepRequest } from './work.ts';

export interface CliLoaded {
  standardRaftSweep(request: SweepRequest): Promise<SweepFigures>;
  pingPongRun(virtualMs: number): Promise<SweepFigures>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  ready?: boolean;
  result?: SweepFigures;
  error?: string;
}

export async function startCliLoaded(): Promise<CliLoaded> {
  const worker = new Worker(new URL('./cli-loaded-worker.js', import.meta.url));
  const waiting = new Map<number, { resolve: (f: SweepFigures) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failed: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if (reply.ready) return resolve();
      const w = waiting.get(reply.id as number);
      if (w === undefined) return;
      waiting.delete(reply.id as number);
      if (reply.error !== undefined) w.reject(new Error(reply.error));
      else w.resolve(reply.result as SweepFigures);
    });
    worker.on('error', (error) => {
      failed = error;
      reject(error);
      for (const w of waiting.values()) w.reject(error);
    });
  });
  await ready;
  const call = (fn: string, arg: unknown): Promise<SweepFigures> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed);
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, fn, arg });
    });
  return {
    standardRaftSweep: (request) => call('standardRaftSweep', request),
    pingPongRun: (virtualMs) => call('pingPongRun', virtualMs),
    close: async () => {
      await worker.terminate();
    },
  };
}
