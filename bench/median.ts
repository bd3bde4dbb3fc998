// The median of a few timings: how the benches summarise rounds on a machine whose speed
// drifts (the best round alone flatters, the mean is dragged by one slow phase).

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
