// Progress of a seed sweep: a cli-progress bar on a terminal (seeds done, failures,
// seeds/s, ETA), plain lines otherwise (every tenth of the sweep and at the end), so
// logs of CI runs stay readable. Failure reports go to stdout between bar redraws.

import cliProgress from 'cli-progress';
import type { Io } from '../cli/errors.ts';
import type { ExploreProgress } from './explore.ts';

export interface ProgressSink {
  update(progress: ExploreProgress): void;
  /** Prints a block of text (a failure) on stdout without mangling the bar. */
  print(text: string): void;
  stop(): void;
}

/** Plain-line reports in a sweep, at most (one per tenth). */
const plainLinesPerSweep = 10;

export function createProgress(io: Io, label: string, total: number, nowMs: () => number, options: { bar: boolean }): ProgressSink {
  const startMs = nowMs();
  const rate = (done: number): string => {
    const s = (nowMs() - startMs) / 1000;
    return s > 0 ? (done / s).toFixed(1) : '-';
  };
  if (options.bar) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} |{bar}| {value}/{total} seeds · {failures} failed · {rate} seeds/s · ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failures: 0, rate: '-' });
    return {
      update: (p) => bar.update(p.done, { failures: p.failures, rate: rate(p.done) }),
      print: (text) => {
        process.stderr.write('\r\x1b[2K');
        io.stdout(text);
      },
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.ceil(total / plainLinesPerSweep));
  return {
    update: (p) => {
      if (p.done % every === 0 || p.done === p.total) io.stderr(`${label}: ${p.done}/${p.total} seeds · ${p.failures} failed · ${rate(p.done)} seeds/s`);
    },
    print: (text) => io.stdout(text),
    stop: () => {},
  };
}

/** A sink that prints nothing but failures (for --json, where stdout is one object). */
export function silentProgress(): ProgressSink {
  return { update: () => {}, print: () => {}, stop: () => {} };
}
