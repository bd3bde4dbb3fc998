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
import type { ShrinkResult } from '../explore/shrink.ts';
import type { FailureRecord } from '../record/record.ts';
import type { ReportData } from '../report/types.ts';

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

/** What the parent asks of the thread: one run, or a whole shrink (its many runs made there). */
export type ThreadRequest =
  | { kind: 'run'; id: number; scenario: Scenario; checkDeterminism: boolean }
  | { kind: 'shrink'; id: number; scenario: Scenario; checker: string; runsMax: number }
  | { kind: 'report'; id: number; record: FailureRecord; recordPath: string | undefined };

type Reply =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'outcome'; id: number; outcome: RunOutcome }
  | { type: 'shrunk'; id: number; result: ShrinkResult }
  | { type: 'report'; id: number; data: ReportData }
  /** The harness threw during the run (a bug, perhaps provoked by what node code did). */
  | { type: 'crash'; id: number; message: string };

/** How a request ended: its answer, or the thread's end (out of memory, a harness crash) as an unfinished run. */
type Answer = { type: 'outcome'; outcome: RunOutcome } | { type: 'shrunk'; result: ShrinkResult } | { type: 'report'; data: ReportData } | { type: 'stopped'; outcome: RunOutcome };

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  /** Settles the request in flight: with its answer, or (error, crash) when the thread stopped. */
  onAnswer: ((reply: Reply | { type: 'died'; error: Error | undefined }) => void) | undefined;
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
    const thread: Thread = { worker, ready: Promise.resolve(), onAnswer: undefined, dead: false };
    thread.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'fatal') reject(new UsageError(reply.message));
        else thread.onAnswer?.(reply);
      });
      const died = (error: Error | undefined): void => {
        if (thread.dead) return;
        thread.dead = true;
        reject(new UsageError(`the run thread stopped before it was ready${error ? `: ${error.message}` : ''}`));
        thread.onAnswer?.({ type: 'died', error });
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
    const answer = await this.ask({ kind: 'run', id: this.nextId++, scenario, checkDeterminism: this.options.checkDeterminism });
    if (answer.type === 'outcome' || answer.type === 'stopped') return answer.outcome;
    throw new Error(`run: the thread answered ${answer.type}`);
  }

  /** Replays `record` in the thread and builds its report data (harness/report), or says how the thread stopped. */
  async reportData(record: FailureRecord, recordPath: string | undefined): Promise<{ type: 'report'; data: ReportData } | { type: 'stopped'; outcome: RunOutcome }> {
    const answer = await this.ask({ kind: 'report', id: this.nextId++, record, recordPath });
    if (answer.type === 'report' || answer.type === 'stopped') return answer;
    throw new Error(`report: the thread answered ${answer.type}`);
  }

  /** Shrinks `scenario` in the thread (harness/explore/shrink.ts), or says how the thread stopped. */
  async shrink(scenario: Scenario, checker: string, runsMax: number): Promise<{ type: 'shrunk'; result: ShrinkResult } | { type: 'stopped'; outcome: RunOutcome }> {
    const answer = await this.ask({ kind: 'shrink', id: this.nextId++, scenario, checker, runsMax });
    if (answer.type === 'shrunk' || answer.type === 'stopped') return answer;
    throw new Error(`shrink: the thread answered ${answer.type}`);
  }

  private async ask(request: ThreadRequest): Promise<Answer> {
    if (this.thread === undefined || this.thread.dead) this.thread = this.start();
    const thread = this.thread;
    await thread.ready;
    this.slots.fill(0);
    return new Promise<Answer>((resolve) => {
      thread.onAnswer = (reply) => {
        thread.onAnswer = undefined;
        if (reply.type === 'outcome') resolve({ type: 'outcome', outcome: reply.outcome });
        else if (reply.type === 'shrunk') resolve({ type: 'shrunk', result: reply.result });
        else if (reply.type === 'report') resolve({ type: 'report', data: reply.data });
        else if (reply.type === 'crash') resolve({ type: 'stopped', outcome: this.unfinished(undefined, reply.message) });
        else if (reply.type === 'died') resolve({ type: 'stopped', outcome: this.unfinished(reply.error) });
      };
      thread.worker.postMessage(request);
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
