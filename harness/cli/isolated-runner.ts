// Where the CLI makes its runs: a worker thread with a heap limit of its own (Node's
// resourceLimits), reused from run to run. Node code that allocates without bound then
// exhausts that thread's heap, not the process's: the thread dies, and the run is a
// saved, replayable "could not finish" (checker out-of-memory), with the node, the
// virtual time and the trace as they stood, read from a buffer the run shares with this
// thread (SimulationOptions.progress). The next run gets a fresh thread. Everything else
// the thread does is what a run in this process would do: the same outcome, the same
// trace.

import { Worker } from 'node:worker_threads';
import { UsageError } from './errors.ts';
import { progressLength, progressSlots } from '../simulation.ts';
import { TraceHasher } from '../trace.ts';
import type { RunOutcome, Scenario } from '../scenario/scenario.ts';

/** The heap a run's thread may use, in MB, unless FAULTLINE_HEAP_MB says otherwise. */
export const heapMbDefault = 2_048;
export const heapMbEnv = 'FAULTLINE_HEAP_MB';

/** FAULTLINE_HEAP_MB as a number of MB, or the default; throws on a bad value. */
export function heapMbFromEnv(): number {
  const text = process.env[heapMbEnv];
  if (text === undefined || text === '') return heapMbDefault;
  const mb = Number(text);
  if (!(Number.isSafeInteger(mb) && mb >= 16 && mb <= 1_048_576)) throw new Error(`${heapMbEnv} must be an integer of megabytes in 16..1048576, got "${text}"`);
  return mb;
}

const entry = new URL('./run-thread.js', import.meta.url);

type Reply =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'outcome'; id: number; outcome: RunOutcome }
  /** The harness threw during the run (a bug, perhaps provoked by what node code did). */
  | { type: 'crash'; id: number; message: string };

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  /** Settles the run in flight when the thread dies: the error it died of, if any. */
  onDeath: ((error: Error | undefined) => void) | undefined;
  onOutcome: ((outcome: RunOutcome) => void) | undefined;
  onCrash: ((message: string) => void) | undefined;
  dead: boolean;
}

export class IsolatedRunner {
  private thread: Thread | undefined;
  private readonly progress = new SharedArrayBuffer(progressLength * Int32Array.BYTES_PER_ELEMENT);
  private readonly slots = new Int32Array(this.progress);
  private nextId = 0;

  constructor(
    private readonly impl: string,
    private readonly options: { heapMb: number; checkDeterminism: boolean },
  ) {}

  private start(): Thread {
    const worker = new Worker(entry, {
      workerData: { impl: this.impl, progress: this.progress },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
      stdout: false,
      stderr: false,
    });
    const thread: Thread = { worker, ready: Promise.resolve(), onDeath: undefined, onOutcome: undefined, onCrash: undefined, dead: false };
    thread.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'fatal') reject(new UsageError(reply.message));
        else if (reply.type === 'crash') thread.onCrash?.(reply.message);
        else thread.onOutcome?.(reply.outcome);
      });
      const died = (error: Error | undefined): void => {
        if (thread.dead) return;
        thread.dead = true;
        reject(new UsageError(`the run thread stopped before it was ready${error ? `: ${error.message}` : ''}`));
        thread.onDeath?.(error);
      };
      worker.on('error', (error) => died(error));
      worker.on('exit', () => died(undefined));
    });
    // A failed start is reported by the first run; nothing else may see it unhandled.
    thread.ready.catch(() => undefined);
    return thread;
  }

  /** Makes one run in the thread; the outcome as a run in this process would give it, or an unfinished one. */
  async run(scenario: Scenario): Promise<RunOutcome> {
    if (this.thread === undefined || this.thread.dead) this.thread = this.start();
    const thread = this.thread;
    await thread.ready;
    const id = this.nextId++;
    this.slots.fill(0);
    return new Promise<RunOutcome>((resolve) => {
      const settle = (outcome: RunOutcome): void => {
        thread.onOutcome = undefined;
        thread.onDeath = undefined;
        thread.onCrash = undefined;
        resolve(outcome);
      };
      thread.onOutcome = settle;
      thread.onDeath = (error) => settle(this.unfinished(error));
      thread.onCrash = (message) => settle(this.unfinished(undefined, message));
      thread.worker.postMessage({ id, scenario, checkDeterminism: this.options.checkDeterminism });
    });
  }

  /** The outcome of a run whose thread died: where it stood, as the shared buffer says. */
  private unfinished(error: Error | undefined, crash?: string): RunOutcome {
    const events = this.slots[progressSlots.events] as number;
    const timeMs = this.slots[progressSlots.virtualMs] as number;
    const node = (this.slots[progressSlots.runningNodePlusOne] as number) - 1;
    const outOfMemory = (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const where = node >= 0 ? `in node ${node}'s handler at t=${timeMs} ms` : `at t=${timeMs} ms`;
    const message =
      crash !== undefined
        ? `could not finish: the harness failed ${where}, after ${events} events (${crash}): a faultline bug, please report it with this record`
        : outOfMemory
          ? `could not finish: the run used up its heap (${this.options.heapMb} MB, ${heapMbEnv}) ${where}, after ${events} events: node code allocating without bound?`
          : `could not finish: the run's thread stopped ${where}, after ${events} events${error ? ` (${error.message.split('\n')[0]})` : ''}`;
    // The trace as it stood before the event that never finished, then the stop, as a
    // run that fails in this process folds its failure.
    const hasher = TraceHasher.fromLanes(this.slots[progressSlots.hashA] as number, this.slots[progressSlots.hashB] as number);
    hasher.foldInt(10);
    hasher.foldStr(message);
    return {
      verdict: 'unfinished',
      violations: [{ checker: crash !== undefined ? 'harness-error' : outOfMemory ? 'out-of-memory' : 'harness-hang', message, timeMs, ...(node >= 0 ? { nodes: [node] } : {}) }],
      traceHash: hasher.digest(),
      history: [],
      stats: { events, messagesSent: 0, messagesDelivered: 0, messagesDropped: 0, messagesOverflowed: 0, messagesDuplicated: 0, bytesSent: 0, virtualMs: timeMs, ops: 0, perNode: [] },
      faultLog: [],
    };
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    if (thread !== undefined && !thread.dead) {
      thread.dead = true;
      await thread.worker.terminate();
    }
  }
}
