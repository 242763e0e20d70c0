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
  test_accuracy: number;
}

/** How the re-training of Figure 2 was run. */
export interface RetrainMeta {
  /** prune | freeze-init | freeze-trained */
  mode: string;
  /** Re-training epochs. */
  epochs: number;
}

/** The two files a figure is written to. */
export interface FigureFiles {
  svgPath: string;
  pngPath: string;
}
