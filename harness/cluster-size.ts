// The cluster size of a run nobody sized: the caller's, else the algorithm's `defaults`,
// else five nodes. One rule for scripted simulations, hand-made scenarios and `list`.

import type { Algorithm } from './types.ts';

/** The cluster size when neither the caller nor the algorithm says (DESIGN.md). */
export const nodesDefault = 5;

/** `defaults.nodes`, else the size in `defaults.nodesRange` nearest to five, else five. */
export function defaultNodes(algorithm: Algorithm): number {
  const d = algorithm.defaults;
  if (d?.nodes !== undefined) return d.nodes;
  if (d?.nodesRange !== undefined) return Math.min(Math.max(nodesDefault, d.nodesRange[0]), d.nodesRange[1]);
  return nodesDefault;
}
