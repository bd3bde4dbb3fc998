// Client histories in the Jepsen style: one `invoke` per operation, later completed by
// `ok` (it happened, with this result), `fail` (it definitely did not happen) or `info`
// (unknown: it may have happened at any point after its invocation, or never).
// This is faultline's own history format; readers for outside formats convert to it.

export type HistoryEventType = 'invoke' | 'ok' | 'fail' | 'info';

/**
 * One history event. `process` is the Jepsen process id (one operation at a time per
 * process); `time` is virtual milliseconds (or file order for outside histories).
 * `f` is the operation's function (`get`, `put`, `append`, `cas`, `read`, `write`);
 * `key` partitions keyed models; `value` is the input on `invoke` and the output on `ok`;
 * `expected` is the compare value of a `cas`. `error` explains a `fail` or `info`.
 */
export interface HistoryEvent {
  type: HistoryEventType;
  process: number;
  time: number;
  f: string;
  key?: string;
  value?: unknown;
  expected?: unknown;
  error?: string;
  /** The client request id this event belongs to (faultline histories only). */
  requestId?: string;
}

export type History = HistoryEvent[];
