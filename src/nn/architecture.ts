/**
 * The paper's network (SPEC §6): 784 → 20 → 20 → 20 → 10, ReLU hidden layers, softmax output,
 * Glorot-uniform weights, zero biases; SGD (lr 0.01, batch 32) on the cross-entropy.
 */
export interface Architecture {
  /** Widths from input to output, e.g. [784, 20, 20, 20, 10]. */
  widths: number[];
  learningRate: number;
  batchSize: number;
}

export const PAPER_ARCHITECTURE: Architecture = { widths: [784, 20, 20, 20, 10], learningRate: 0.01, batchSize: 32 };

/** Neurons per hidden layer that `hiddenArchitecture` accepts (`oinfo reproduce --hidden N`). */
export const HIDDEN_RANGE = { min: 2, max: 1000 } as const;

/**
 * The paper's network with N neurons in each of its three hidden layers, 784 → N → N → N → 10 (the
 * paper's future work: N = 100); N = 20 is PAPER_ARCHITECTURE. N is checked by the caller (HIDDEN_RANGE).
 */
export function hiddenArchitecture(hidden: number): Architecture {
  const w = PAPER_ARCHITECTURE.widths;
  return { ...PAPER_ARCHITECTURE, widths: [w[0], hidden, hidden, hidden, w.at(-1)!] };
}

/** Layer names: fc1…fcL; the hidden ones (all but the last) are the ones analysed. */
export function layerNames(arch: Architecture): string[] {
  return arch.widths.slice(1).map((_, i) => `fc${i + 1}`);
}

export function hiddenLayerNames(arch: Architecture): string[] {
  return layerNames(arch).slice(0, -1);
}
