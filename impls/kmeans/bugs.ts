// Deliberate-bug variants (DESIGN.md): each is a realistic mistake that some checker must
// catch (test/impls/kmeans/bugs.test.ts proves which).

export const bugs = {
  double_count_duplicate:
    'the coordinator counts replies instead of distinct partitions: a duplicated or resent reply is added twice (and the iteration closes with another partition missing)',
  mix_old_iteration: "the coordinator accepts a late reply from an older iteration as this iteration's result for that partition",
  lose_crashed_partition:
    "a partition whose worker stops answering is never moved to another worker: the coordinator fills in that partition's sums from an earlier iteration",
  forget_iteration_on_restart: 'the coordinator does not recover its state on restart: it starts again from iteration 0 with new initial centroids',
} as const;

export type KmeansBug = keyof typeof bugs;

export function activeBug(bug: string | undefined): KmeansBug | undefined {
  return bug !== undefined && Object.hasOwn(bugs, bug) ? (bug as KmeansBug) : undefined;
}
