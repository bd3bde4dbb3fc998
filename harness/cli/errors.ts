// Errors the CLI shows as one line on stderr with exit 2: bad input, never a bug.

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars only there). */
  isTty?: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTty: Boolean(process.stdout.isTTY),
};
