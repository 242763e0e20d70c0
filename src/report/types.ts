/**
 * The shapes of the reproduction's results as the report reads them (SPEC §6): `results/layerwise.json`
 * and the rows of `results/retrain.csv`.
 */

/** One extremum (synergy = min Ω or redundancy = max Ω) of one layer and size, over the seeds. */
export interface Extremum {
  /** Mean over seeds of the per-seed extremum. */
  mean: number;
  /** Standard deviation over seeds (JSON may hold null when it is undefined, e.g. a single seed). */
  sd: number;
  /** The extremum of each seed, in the order of `Layerwise.seeds`. */
  per_seed: number[];
  /** Per seed, the neuron names of the best multiplet, e.g. ["n3", "n7"]. */
  multiplets: string[][];
}

/** Everything found for one multiplet size k in one layer. */
export interface SizeEntry {
  size: number;
  /** Exhaustive search: min Ω over all multiplets of this size. */
  synergy: Extremum;
  /** Exhaustive search: max Ω over all multiplets of this size. */
  redundancy: Extremum;
  /** The paper's search (exhaustive up to a size, greedy above). */
  greedy: { synergy: Extremum; redundancy: Extremum };
  /**
   * How many multiplets of this size each search evaluated, per network (the same for every seed):
   * `search` the one behind `synergy` and `redundancy` (exhaustive, or beam above the run's plan),
   * `greedy` the paper's. Absent in run folders analysed before it was recorded.
   */
  multiplets_evaluated?: { search: number; greedy: number };
}

export interface LayerEntry {
  /** Layer name: fc1, fc2, fc3, ... */
  layer: string;
  sizes: SizeEntry[];
}

/** `results/layerwise.json`. */
export interface Layerwise {
  units: 'bits' | 'nats';
  seeds: number[];
  layers: LayerEntry[];
}

/** One row of `results/retrain.csv`. Rows with method `full` are the trained full network (any size). */
export interface RetrainRow {
  seed: number;
  method: string;
  size: number;
  mode: string;
  /** Re-training epochs (training epochs for `full` rows); absent in files written before it was recorded. */
  epochs?: number;
  test_accuracy: number;
}

/** How the re-training of Figure 2 was run. */
export interface RetrainMeta {
  /** prune | freeze-init | freeze-trained */
  mode: string;
  /** Re-training epochs. */
  epochs: number;
  /** The label treatment of the selection (continuous | discrete); stats groups of another are not drawn. */
  label?: string;
}

/** The two files a figure is written to. */
export interface FigureFiles {
  svgPath: string;
  pngPath: string;
}

/** One finding with its stated criterion: what the report's verdicts table shows. */
export interface Verdict<Value extends string = string> {
  /** e.g. "fc3 is synergy-dominated". */
  claim: string;
  /** How the verdict is reached, in words (thresholds included), e.g. "|min Ω| > max Ω in ≥ 75 % of seeds at a majority of sizes". */
  criterion: string;
  /** holds | partly | does not hold | too small to decide */
  verdict: Value;
  /** The numbers the verdict rests on (per-seed fractions, counts). */
  detail: string;
}

/** One paired comparison (by seed) of a method with another, at one size k. */
export interface StatsComparison {
  method: string;
  versus: string;
  size: number;
  /** Seeds paired. */
  n: number;
  /** Mean over seeds of method − versus (test accuracy). */
  mean_difference: number;
  /** Bootstrap confidence interval of the mean difference. */
  ci: [number, number];
  /** W⁺ = sum of ranks of the positive differences (zeros dropped), two-sided p, exact or normal. */
  wilcoxon: { statistic: number; p: number; method: 'exact' | 'normal' };
  /** Wilcoxon p, Holm-corrected over sizes. */
  p_holm: number;
  wins: number;
  losses: number;
  ties: number;
}

/** How many networks of one method and size ended at chance level. */
export interface StatsChance {
  method: string;
  size: number;
  at_chance: number;
  networks: number;
}

/** The statistics of one re-training mode and epoch count. */
export interface StatsGroup {
  mode: string;
  epochs: number;
  /** How the label was treated when synergy and redundancy selected: continuous (the paper's) or discrete. */
  label: string;
  seeds: number[];
  comparisons: StatsComparison[];
  chance: StatsChance[];
}

/** `results/stats.json` (SPEC §6, Figure 2 statistics). */
export interface StatsFile {
  /** Test accuracy at or below this is chance level (0.11 for ten classes). */
  chance_level: number;
  bootstrap: { resamples: number; level: number; seed: number };
  groups: StatsGroup[];
}
