import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

import { nativeAddonPath } from '../../backend/nativeTransport.js';

/**
 * The float32 training kernels of native/nn/wide_layers.hpp, as the addon exports them (`nn`).
 * Shapes: Int32Array [batch, networks, in, out, sharedInput, reluInput] for the dense kernels and
 * [batch, networks, classes] for the loss; every array is written in place (see the header for the
 * layouts and the maths).
 */
export interface NnMath {
  denseForward(shape: Int32Array, a: Float32Array, w: Float32Array, bias: Float32Array, z: Float32Array): void;
  denseInputGradient(shape: Int32Array, dz: Float32Array, w: Float32Array, a: Float32Array, da: Float32Array): void;
  denseWeightGradient(shape: Int32Array, a: Float32Array, dz: Float32Array, dw: Float32Array): void;
  denseBiasGradient(shape: Int32Array, dz: Float32Array, db: Float32Array): void;
  softmaxCrossEntropy(dims: Int32Array, logits: Float32Array, labels: Int32Array, lossSum: Float32Array, correct: Float32Array): void;
  softmaxCrossEntropyGradient(dims: Int32Array, logits: Float32Array, labels: Int32Array, dLossSum: Float32Array, dLogits: Float32Array): void;
}

/** The addon's kernels, or why they are not available (then training keeps TF.js's own kernels). */
export function loadNnMath(): { math: NnMath } | { reason: string } {
  const path = nativeAddonPath();
  if (!existsSync(path)) return { reason: 'the native addon is not built' };
  try {
    const nn = (createRequire(import.meta.url)(path) as { nn?: NnMath }).nn;
    return nn ? { math: nn } : { reason: 'the native addon predates the training kernels (rebuild it with `npm run build`)' };
  } catch (error) {
    return { reason: `the native addon failed to load (${(error as Error).message.split('\n')[0]})` };
  }
}
