// `explore --strategy guided --workers K`: K worker processes run each epoch's planned
// runs while this process plans them, takes their results in run order and keeps the
// corpus (harness/explore/explore.ts exploreWith). A worker is `faultline explore-worker`: one JSON line in per run (the scenario),
// one JSON line out (the checked outcome), until its stdin closes. Which worker runs which
// run never matters: a run's outcome depends on its scenario alone.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { assert } from '../assert.ts';
import type { RunBatch } from '../explore/explore.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';
import type { RunOutcome, Scenario } from '../scenario/scenario.ts';
import type { Algorithm } from '../types.ts';
import { UsageError, type Io } from './errors.ts';

const entry = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

interface WorkerReply {
  run: number;
  outcome: RunOutcome;
}

interface PoolWorker {
  child: ChildProcessWithoutNullStreams;
  /** What the worker said on stderr, for the one line that reports its death. */
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  onReply: ((reply: WorkerReply) => void) | undefined;
}

export class RunPool {
  private readonly workers: PoolWorker[];
  private failure: UsageError | undefined;

  constructor(count: number, args: readonly string[]) {
    assert(count >= 1, 'pool: at least one worker');
    this.workers = Array.from({ length: count }, (_, j) => this.startWorker(j, count, args));
  }

  private startWorker(j: number, count: number, args: readonly string[]): PoolWorker {
    const child = spawn(process.execPath, [entry, 'explore-worker', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const worker: PoolWorker = {
      child,
      stderr: '',
      exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
      onReply: undefined,
    };
    child.stderr.on('data', (d: Buffer) => {
      if (worker.stderr.length < 10_000) worker.stderr += d.toString();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let reply: WorkerReply;
      try {
        reply = JSON.parse(line) as WorkerReply;
      } catch {
        this.failure ??= new UsageError(`worker ${j + 1}/${count} wrote something that is not a result: ${line.slice(0, 120)}`);
        return;
      }
      worker.onReply?.(reply);
    });
    void worker.exited.then(({ code, signal }) => {
      if (code === 0) return;
      const said = worker.stderr.trim().split('\n').find((l) => l.trim() !== '') ?? '';
      this.failure ??= new UsageError(`worker ${j + 1}/${count} stopped (${signal ?? `exit ${code}`})${said ? `: ${said.replace(/^faultline: /, '')}` : ''}`);
    });
    child.stdin.on('error', () => {
      // The worker is gone; its exit says why.
    });
    return worker;
  }

  /** Runs every scenario on some worker; the outcomes by run number. */
  async run(items: readonly { run: number; scenario: Scenario }[]): Promise<Map<number, RunOutcome>> {
    const out = new Map<number, RunOutcome>();
    await Promise.all(
      this.workers.map(async (worker, j) => {
        const mine = items.filter((_, i) => i % this.workers.length === j);
        if (mine.length === 0) return;
        await new Promise<void>((resolve, reject) => {
          let left = mine.length;
          worker.onReply = (reply) => {
            out.set(reply.run, reply.outcome);
            if (--left === 0) resolve();
          };
          void worker.exited.then(() => {
            if (left > 0) reject(this.failure ?? new UsageError(`worker ${j + 1}/${this.workers.length} stopped before it answered`));
          });
          for (const item of mine) worker.child.stdin.write(`${JSON.stringify(item)}\n`);
        });
        worker.onReply = undefined;
      }),
    );
    if (this.failure !== undefined) throw this.failure;
    return out;
  }

  /** The outcomes of a batch, in its order. */
  async runBatch(batch: RunBatch): Promise<RunOutcome[]> {
    const byRun = await this.run(batch);
    return batch.map((p) => {
      const outcome = byRun.get(p.run);
      assert(outcome !== undefined, `pool: no outcome for run ${p.run}`);
      return outcome;
    });
  }

  /** Closes every worker's input and waits for them to finish. */
  async close(): Promise<void> {
    for (const w of this.workers) w.child.stdin.end();
    await Promise.all(this.workers.map((w) => w.exited));
  }

  /** Stops every worker at once (after an error). */
  kill(): void {
    for (const w of this.workers) w.child.kill('SIGKILL');
  }
}

/** `faultline explore-worker`: runs the scenarios it reads on stdin, one JSON line each way, each in a run thread. */
export async function exploreWorkerCommand(impl: string, options: { checkDeterminism: boolean }, io: Io): Promise<number> {
  const runner = new IsolatedRunner(impl, { heapMb: heapMbFromEnv(), checkDeterminism: options.checkDeterminism });
  try {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const { run, scenario } = JSON.parse(line) as { run: number; scenario: Scenario };
      io.stdout(JSON.stringify({ run, outcome: await runner.run(scenario) }));
    }
  } finally {
    await runner.close();
  }
  return 0;
}
