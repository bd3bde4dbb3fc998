// The corpus of a guided campaign (AFL's queue): the runs that reached coverage no run
// before them had, with their points and landmarks, and how often each point was reached.
// A parent is picked with probability proportional to its energy: how rare its points are
// (the sum over them of 1 / runs that reached it), raised by what its children found,
// lowered by how often it was picked already. The corpus is bounded; beyond the bound the
// entry with the least energy leaves. Everything is plain data, saved and resumed with
// `--corpus DIR`, and every choice is a draw from the campaign's seeded stream.

import { assert } from '../../assert.ts';
import type { CoverageLandmarks } from '../../coverage/index.ts';
import type { Rng } from '../../rng.ts';
import type { Scenario } from '../../scenario/scenario.ts';

/** Entries a corpus holds, at most. */
export const corpusEntriesMax = 512;
/** Picks that halve an entry's energy, so the campaign moves on from old favourites. */
const picksPerHalving = 8;

export interface CorpusEntry {
  id: number;
  scenario: Scenario;
  /** Sorted distinct coverage points of its run. */
  points: readonly number[];
  landmarks: CoverageLandmarks;
  /** Times it was picked as a parent, and how many of those children reached new coverage. */
  picks: number;
  finds: number;
  /** How it was made: "seed 17", or the mutations of its parent. */
  origin: string;
}

export class Corpus {
  readonly entries: CorpusEntry[] = [];
  /** Per coverage point, how many runs reached it. */
  readonly hits = new Map<number, number>();
  private idNext = 0;
  /** Each entry's rarity, summed over its points, as of the last `refresh()`. */
  private rarity = new Map<number, number>();

  /** Distinct points any run reached. */
  get points(): number {
    return this.hits.size;
  }

  /** How many of `points` no run reached before. */
  novelty(points: readonly number[]): number {
    let n = 0;
    for (const p of points) if (!this.hits.has(p)) n++;
    return n;
  }

  /** Counts a run's points as reached. */
  record(points: readonly number[]): void {
    for (const p of points) this.hits.set(p, (this.hits.get(p) ?? 0) + 1);
  }

  /** Adds an entry; the least energetic leaves when the corpus is full. */
  admit(entry: Omit<CorpusEntry, 'id' | 'picks' | 'finds'>): CorpusEntry {
    const full: CorpusEntry = { ...entry, id: this.idNext++, picks: 0, finds: 0 };
    this.entries.push(full);
    this.rarity.set(full.id, this.rarityOf(full));
    if (this.entries.length > corpusEntriesMax) {
      let worst = 0;
      for (let i = 1; i < this.entries.length; i++) if (this.energy(this.entries[i] as CorpusEntry) < this.energy(this.entries[worst] as CorpusEntry)) worst = i;
      const [gone] = this.entries.splice(worst, 1) as [CorpusEntry];
      this.rarity.delete(gone.id);
    }
    return full;
  }

  byId(id: number): CorpusEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  private rarityOf(entry: CorpusEntry): number {
    let sum = 0;
    for (const p of entry.points) sum += 1 / (this.hits.get(p) ?? 1);
    return sum;
  }

  /** Recomputes every entry's rarity from the hit counts (once per epoch: it reads every point). */
  refresh(): void {
    const next = new Map<number, number>();
    for (const e of this.entries) next.set(e.id, this.rarityOf(e));
    this.rarity = next;
  }

  energy(entry: CorpusEntry): number {
    const rarity = this.rarity.get(entry.id) ?? 0;
    return (rarity * (1 + entry.finds)) / 2 ** (entry.picks / picksPerHalving);
  }

  /** A parent, drawn by energy; undefined when the corpus is empty. */
  pick(rng: Rng): CorpusEntry | undefined {
    if (this.entries.length === 0) return undefined;
    let total = 0;
    for (const e of this.entries) total += this.energy(e);
    if (!(total > 0)) return this.entries[rng.int(this.entries.length)];
    let x = rng.float() * total;
    for (const e of this.entries) {
      x -= this.energy(e);
      if (x < 0) return e;
    }
    return this.entries[this.entries.length - 1];
  }

  /** Plain data for `--corpus DIR`. */
  toJSON(): CorpusData {
    return {
      entries: this.entries.map((e) => ({ ...e, points: [...e.points] })),
      hits: [...this.hits.entries()].sort((a, b) => a[0] - b[0]),
      idNext: this.idNext,
    };
  }

  static fromJSON(data: CorpusData): Corpus {
    const corpus = new Corpus();
    for (const [p, n] of data.hits) corpus.hits.set(p, n);
    for (const e of data.entries) corpus.entries.push({ ...e });
    corpus.idNext = data.idNext;
    assert(corpus.entries.every((e) => e.id < corpus.idNext), 'corpus: an entry id at or above idNext');
    corpus.refresh();
    return corpus;
  }
}

export interface CorpusData {
  entries: CorpusEntry[];
  hits: [number, number][];
  idNext: number;
}
