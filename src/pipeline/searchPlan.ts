/**
 * Which sizes the analysis searches exhaustively, and how it searches above (SPEC §6; `--hidden N`).
 *
 * The rule: size k is searched exhaustively while every size 2…k has at most `budget` multiplets,
 * C(N, j) ≤ budget for all 2 ≤ j ≤ k (size 2 always is: C(1000, 2) < 10⁶); above, a beam search of
 * width `beam` extends the best multiplets one unit at a time. With the paper's N = 20 every size is
 * exhaustive (C(20, 10) = 184 756); with N = 100 and the default budget of 10⁸, sizes 2…5 are
 * (C(100, 5) ≈ 7.5·10⁷, C(100, 6) ≈ 1.2·10⁹) and beam search takes over from 6. The paper's greedy
 * (Figure 1's comparison) stays exhaustive to its own limit (6) or the rule's, whichever is lower,
 * then B = 1. The plan is recorded in config.json (`analysisPlan`) and in results/layerwise*.json (`search`).
 */

/** Most multiplets of one size searched exhaustively (a few seconds per layer for the continuous target). */
export const EXHAUSTIVE_BUDGET = 1e8;
/** Beam width of the search above the exhaustive sizes. */
export const PLAN_BEAM = 10;

export interface SearchPlan {
  /** The rule in words. */
  rule: string;
  /** Hidden units per layer (N). */
  width: number;
  budget: number;
  /** The best-multiplet search (Figure 1 and the synergy/redundancy methods): exhaustive to this size… */
  exhaustiveMax: number;
  /** …beam search of this width above it. */
  beam: number;
  /** The paper's greedy: exhaustive to this size, then B = 1. */
  greedyExhaustiveMax: number;
}

/** C(n, k), exact while below 2⁵³ (the rule compares it with budgets far below that). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - i + 1)) / i;
  return Math.round(c);
}

/** The plan for layers of `width` units analysed at sizes 2…maxSize (see the file's comment). */
export function searchPlan(width: number, maxSize: number, paperGreedyExhaustiveMax: number, budget = EXHAUSTIVE_BUDGET): SearchPlan {
  let exhaustiveMax = 2;
  while (exhaustiveMax < maxSize && binomial(width, exhaustiveMax + 1) <= budget) exhaustiveMax++;
  return {
    rule: `size k is exhaustive while C(N, j) ≤ ${budget} for every j ≤ k; beam search (B = ${PLAN_BEAM}) above`,
    width,
    budget,
    exhaustiveMax,
    beam: PLAN_BEAM,
    greedyExhaustiveMax: Math.min(paperGreedyExhaustiveMax, exhaustiveMax),
  };
}
