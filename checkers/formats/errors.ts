// The one exception the readers (and the checker's pairing of events) throw: the input is
// not a history we can read. Its message names the source and line, so the CLI prints it
// as-is: `bad.edn:12: expected :type to be one of :invoke :ok :fail :info, got :oops`.

export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';
  readonly source: string;
  readonly line: number;
  readonly detail: string;

  constructor(source: string, line: number, detail: string) {
    super(`${source}:${line}: ${detail}`);
    this.source = source;
    this.line = line;
    this.detail = detail;
  }
}
