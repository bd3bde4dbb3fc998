// Node states over time, without touching the simulator: the report replays a record with
// the algorithm wrapped so that after every handler (start, message, timer, request) the
// node's own inspect() is read and kept when something a reader cares about changed:
// role, term or ballot, any top-level number or flag (commitIndex, lastApplied...), or the
// length of a top-level list (the log). inspect() is plain data with no side effects
// (DESIGN.md), so the wrapped run takes the very same steps: the replay's trace hash
// still equals the record's, and the report says so.

import type { Algorithm, Node, NodeContext, NodeId } from '../types.ts';
import { shortJson } from './truncate.ts';

/** Full snapshots kept per node; past it only role and epoch changes are kept (without the state). */
export const statesPerNodeMax = 1500;
/** Characters of one snapshot's JSON. */
export const stateCharsMax = 2000;

export interface RecordedState {
  timeMs: number;
  /** The snapshot after start(): a boot or a restart. */
  boot: boolean;
  role: string;
  epoch: string;
  summary: string;
  state: string | null;
}

/** The facts a lane draws, read from any algorithm's inspect() by field name. */
export interface StateFacts {
  role: string;
  epoch: string;
  summary: string;
  /** Changes whenever a drawn or summarised fact changes. */
  key: string;
}

const summaryFieldsPreferred = ['commitIndex', 'lastApplied', 'appliedIndex', 'firstUnchosen', 'iteration', 'status', 'leaderId', 'leaderHint'];
const summaryFieldsMax = 4;

function ballotText(value: unknown): string | undefined {
  if (typeof value === 'number') return `b${value}`;
  if (value !== null && typeof value === 'object') {
    const b = value as Record<string, unknown>;
    if (typeof b.round === 'number') return `b${b.round}${typeof b.node === 'number' ? `.${b.node}` : ''}`;
  }
  return undefined;
}

export function stateFacts(state: unknown): StateFacts {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    const text = shortJson(state, 60);
    return { role: '', epoch: '', summary: text, key: text };
  }
  const s = state as Record<string, unknown>;
  let role = typeof s.role === 'string' ? s.role : '';
  // Raft's pre-vote (thesis §9.6) is a follower that campaigns without a new term: worth its own colour.
  if (role === 'follower' && s.preCandidate === true) role = 'pre-candidate';
  let epoch = '';
  if (typeof s.term === 'number') epoch = `t${s.term}`;
  else if (ballotText(s.ballot) !== undefined) epoch = ballotText(s.ballot) as string;
  else if (ballotText(s.promised) !== undefined) epoch = ballotText(s.promised) as string;
  else if (typeof s.iteration === 'number') epoch = `it${s.iteration}`;
  const keyParts: string[] = [role, epoch];
  const scalars: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null) {
      keyParts.push(`${k}=${String(v)}`);
      if (k !== 'role' && k !== 'term') scalars.push(k);
    } else if (Array.isArray(v)) {
      keyParts.push(`${k}#${v.length}`);
    }
  }
  const shown = summaryFieldsPreferred.filter((k) => k in s && k !== 'iteration').concat(scalars.filter((k) => !summaryFieldsPreferred.includes(k)));
  const summary = [role, epoch, ...shown.slice(0, summaryFieldsMax).map((k) => `${k} ${String(s[k])}`)].filter((x) => x !== '').join(' · ');
  return { role, epoch, summary, key: keyParts.join('|') };
}

/** Collects node states at change points during one replay. */
export class StateRecorder {
  readonly perNode: RecordedState[][];
  private readonly lastKey: (string | undefined)[];

  constructor(readonly nodeCount: number) {
    this.perNode = Array.from({ length: nodeCount }, () => []);
    this.lastKey = new Array<string | undefined>(nodeCount).fill(undefined);
  }

  /** `algorithm` with every node reporting its state here after each handler. */
  wrap<Msg, State>(algorithm: Algorithm<Msg, State>): Algorithm<Msg, State> {
    const recorder = this;
    return {
      ...algorithm,
      createNode(ctx: NodeContext<Msg>): Node<Msg, State> {
        const inner = algorithm.createNode(ctx);
        const after = (boot: boolean): void => recorder.observe(ctx.id, ctx.now(), () => inner.inspect(), boot);
        return {
          start() {
            inner.start();
            after(true);
          },
          onMessage(from, msg) {
            inner.onMessage(from, msg);
            after(false);
          },
          onTimer(name) {
            inner.onTimer(name);
            after(false);
          },
          onRequest(req) {
            inner.onRequest(req);
            after(false);
          },
          inspect: () => inner.inspect(),
        };
      },
    };
  }

  observe(node: NodeId, timeMs: number, inspect: () => unknown, boot: boolean): void {
    const states = this.perNode[node];
    if (states === undefined) return;
    let state: unknown;
    try {
      state = inspect();
    } catch {
      // A node that cannot describe itself yet (mid-boot) is drawn by its last description.
      return;
    }
    const facts = stateFacts(state);
    if (!boot && facts.key === this.lastKey[node]) return;
    this.lastKey[node] = facts.key;
    const last = states[states.length - 1];
    const full = states.length < statesPerNodeMax;
    // Past the cap only what the lane draws is kept: role and epoch changes, and boots.
    if (!full && !boot && last !== undefined && last.role === facts.role && last.epoch === facts.epoch) return;
    states.push({ timeMs, boot, role: facts.role, epoch: facts.epoch, summary: facts.summary, state: full ? shortJson(state, stateCharsMax) : null });
  }
}
