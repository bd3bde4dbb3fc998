// How a sweep's coverage grew: the distinct points reached after each run, sampled to a
// bounded curve (every run while short, then every second, fourth... run), for the sweep's
// summary page and the swarm-versus-guided comparison.

/** Samples a curve keeps, at most. */
export const growthSamplesMax = 1_000;

/** After run `run` (1-based count), `points` distinct coverage points had been reached. */
export type GrowthSample = [run: number, points: number];

export class CoverageGrowth {
  private readonly seen = new Set<number>();
  private readonly curve: GrowthSample[] = [];
  private stride = 1;
  private runs = 0;

  get points(): number {
    return this.seen.size;
  }

  add(points: readonly number[]): void {
    for (const p of points) this.seen.add(p);
    this.runs++;
    if (this.runs % this.stride !== 0) return;
    this.curve.push([this.runs, this.seen.size]);
    if (this.curve.length >= growthSamplesMax) {
      const kept = this.curve.filter((_, i) => i % 2 === 1);
      this.curve.length = 0;
      this.curve.push(...kept);
      this.stride *= 2;
    }
  }

  /** The curve, ending with the last run. */
  samples(): GrowthSample[] {
    const out = this.curve.slice();
    if (this.runs > 0 && out[out.length - 1]?.[0] !== this.runs) out.push([this.runs, this.seen.size]);
    return out;
  }
}
