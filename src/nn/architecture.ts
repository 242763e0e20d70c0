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

/** Layer names: fc1…fcL; the hidden ones (all but the last) are the ones analysed. */
export function layerNames(arch: Architecture): string[] {
  return arch.widths.slice(1).map((_, i) => `fc${i + 1}`);
}

export function hiddenLayerNames(arch: Architecture): string[] {
  return layerNames(arch).slice(0, -1);
}
