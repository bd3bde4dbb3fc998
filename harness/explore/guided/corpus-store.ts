// `explore --corpus DIR`: a guided campaign's corpus on disk, so the next campaign (a
// nightly CI job that keeps DIR in its cache) resumes from what this one learned instead
// of from nothing. One file, DIR/corpus.json, written atomically; it names the sweep it
// belongs to (impl, bug, scenario settings), and a corpus of another sweep is refused in
// one line rather than silently mixed in.

import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateScenario, type Scenario } from '../../scenario/scenario.ts';
import { Corpus, type CorpusData } from './corpus.ts';

export const corpusFormat = 'faultline-corpus';
export const corpusVersion = 1;
export const corpusFileName = 'corpus.json';

/** What a corpus belongs to: a campaign resumes only a corpus of the same identity. */
export interface CorpusIdentity {
  impl: string;
  bug: string | null;
  /** The scenario settings that shape every run (faults, nodes, ops…), as given. */
  settings: Record<string, string>;
}

export type CorpusLoad = { type: 'ok'; corpus: Corpus | undefined } | { type: 'error'; message: string };

function sameIdentity(a: CorpusIdentity, b: CorpusIdentity): boolean {
  return JSON.stringify([a.impl, a.bug, a.settings]) === JSON.stringify([b.impl, b.bug, b.settings]);
}

/** Reads DIR/corpus.json: undefined corpus when DIR has none yet; an error message when it cannot be used. */
export function loadCorpus(dir: string, identity: CorpusIdentity): CorpusLoad {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory()) return { type: 'error', message: `--corpus ${dir}: not a directory` };
  const file = join(dir, corpusFileName);
  if (!existsSync(file)) return { type: 'ok', corpus: undefined };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { type: 'error', message: `${file}: not valid JSON (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})` };
  }
  const v = value as { format?: unknown; version?: unknown; identity?: CorpusIdentity; corpus?: CorpusData } | null;
  if (v === null || typeof v !== 'object' || v.format !== corpusFormat) return { type: 'error', message: `${file}: not a faultline corpus (format must be "${corpusFormat}")` };
  if (v.version !== corpusVersion) return { type: 'error', message: `${file}: unknown corpus version ${JSON.stringify(v.version)} (this faultline reads ${corpusVersion})` };
  const problem = corpusProblem(v.corpus);
  if (problem !== undefined) return { type: 'error', message: `${file}: ${problem}` };
  if (v.identity === undefined || !sameIdentity(v.identity, identity)) {
    const was = v.identity === undefined ? 'another sweep' : `${v.identity.impl}${v.identity.bug ? ` --bug ${v.identity.bug}` : ''} ${JSON.stringify(v.identity.settings)}`;
    return { type: 'error', message: `${file}: the corpus belongs to ${was}, not to ${identity.impl}${identity.bug ? ` --bug ${identity.bug}` : ''} ${JSON.stringify(identity.settings)} (use another --corpus DIR)` };
  }
  return { type: 'ok', corpus: Corpus.fromJSON(v.corpus as CorpusData) };
}

function corpusProblem(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return 'field "corpus" must be an object';
  const d = data as Partial<CorpusData>;
  if (!Array.isArray(d.entries) || !Array.isArray(d.hits) || typeof d.idNext !== 'number' || !Number.isSafeInteger(d.idNext)) return 'field "corpus" needs entries, hits and idNext';
  for (const [i, h] of d.hits.entries()) {
    if (!Array.isArray(h) || h.length !== 2 || !Number.isInteger(h[0]) || !Number.isInteger(h[1]) || (h[1] as number) < 1) return `corpus.hits[${i}] must be [point, runs]`;
  }
  for (const [i, e] of d.entries.entries()) {
    if (e === null || typeof e !== 'object' || !Number.isSafeInteger(e.id) || e.id < 0 || e.id >= d.idNext) return `corpus.entries[${i}].id must be an integer below idNext`;
    if (!Array.isArray(e.points) || e.points.some((p: unknown) => !Number.isInteger(p))) return `corpus.entries[${i}].points must be integers`;
    if (e.landmarks === null || typeof e.landmarks !== 'object' || !Array.isArray(e.landmarks.syncs) || !Array.isArray(e.landmarks.leaders) || typeof e.landmarks.deliveries !== 'object') {
      return `corpus.entries[${i}].landmarks must have syncs, deliveries and leaders`;
    }
    const scenario = e.scenario as Scenario | undefined;
    if (scenario === undefined || scenario === null || typeof scenario !== 'object') return `corpus.entries[${i}].scenario must be an object`;
    const bad = validateScenario(scenario);
    if (bad !== undefined) return `corpus.entries[${i}].scenario: ${bad}`;
    if (!Number.isInteger(e.picks) || !Number.isInteger(e.finds) || typeof e.origin !== 'string') return `corpus.entries[${i}] needs picks, finds and origin`;
  }
  return undefined;
}

/** Writes DIR/corpus.json atomically (temp file + rename). */
export function saveCorpus(dir: string, identity: CorpusIdentity, corpus: Corpus): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, corpusFileName);
  const temp = join(dir, `.${corpusFileName}.tmp-${process.pid}`);
  writeFileSync(temp, `${JSON.stringify({ format: corpusFormat, version: corpusVersion, identity, corpus: corpus.toJSON() })}\n`);
  renameSync(temp, file);
  return file;
}
