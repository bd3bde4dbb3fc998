// What user code threw, said in one line, whatever it threw. Node code may throw anything:
// an Error, a string, null, a Symbol, an object whose `message` or `stack` getter throws,
// a Proxy whose every trap throws. Reading such a value must never throw in turn: that
// would be the harness failing on the user's mistake instead of reporting it.

import { fileURLToPath } from 'node:url';

/** `read()`, or undefined if reading throws. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function isError(value: unknown): value is Error {
  return attempt(() => value instanceof Error) === true;
}

/** "TypeError: x is undefined": what a thrown value says, without where; never throws. */
export function thrownText(value: unknown): string {
  if (isError(value)) {
    const name = attempt(() => String(value.name)) ?? 'Error';
    const message = attempt(() => String(value.message));
    if (message !== undefined) return firstLine(`${name}: ${message}`);
    return `${name} (whose message cannot be read)`;
  }
  const text = attempt(() => String(value));
  return text === undefined ? 'a value that cannot be printed' : firstLine(text);
}

function firstLine(text: string): string {
  return text.split('\n')[0] as string;
}

/** This package's harness/ directory: its frames are the simulator's, not the node's. */
const harnessDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The stack frame a value was thrown at in user or algorithm code, with paths relative to
 * the current directory (records are made and replayed from a project's root). A module
 * loaded from a data: URL (a TypeScript file tsx transformed outside an ESM scope) has no
 * useful line numbers: the frame names the function and the file only. Never throws.
 */
export function thrownFrame(value: unknown): string | undefined {
  if (!isError(value)) return undefined;
  const stack = attempt(() => value.stack);
  if (typeof stack !== 'string') return undefined;
  const line = stack.split('\n').find((l) => /^\s+at /.test(l) && !l.includes(harnessDir) && !l.includes('node:') && !l.includes('faultline-handler-watchdog'));
  if (line === undefined) return undefined;
  const cwd = `${process.cwd()}/`;
  const frame = line.trim();
  const data = /^at (?:(\S+) )?\(?data:[^,]*,__filename%3D%22(.*?)%22/.exec(frame);
  if (data !== null) {
    const file = attempt(() => decodeURIComponent(data[2] as string)) ?? 'a plug-in module';
    return `at ${data[1] !== undefined ? `${data[1]} in ` : ''}${file.replaceAll(cwd, '')}`;
  }
  return frame.replaceAll(`file://${cwd}`, '').replaceAll(cwd, '');
}
