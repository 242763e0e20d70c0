import { loadNativeAddon } from '../../backend/nativeTransport.js';
import { loadWasmModule } from '../../backend/wasmModule.js';
import { type NnModule, wasmNnMath } from './wasmNnMath.js';

/**
 * The float32 training kernels of native/nn/wide_layers.hpp: from the addon (`nn`, on TF.js's tensor
 * memory directly) or from the WASM build (wasmNnMath.ts). Shapes: Int32Array [batch, networks, in,
 * out, sharedInput, reluInput] for the dense kernels and [batch, networks, classes] for the loss;
 * the trailing arrays are written (see the header for the layouts and the maths).
 */
export interface NnMath {
  denseForward(shape: Int32Array, a: Float32Array, w: Float32Array, bias: Float32Array, z: Float32Array): void;
  denseInputGradient(shape: Int32Array, dz: Float32Array, w: Float32Array, a: Float32Array, da: Float32Array): void;
  /** trainable: M·out flags of the columns whose weights train (null: all); the others get 0. */
  denseWeightGradient(shape: Int32Array, a: Float32Array, dz: Float32Array, trainable: Float32Array | null, dw: Float32Array): void;
  denseBiasGradient(shape: Int32Array, dz: Float32Array, db: Float32Array): void;
  softmaxCrossEntropy(dims: Int32Array, logits: Float32Array, labels: Int32Array, lossSum: Float32Array, correct: Float32Array): void;
  softmaxCrossEntropyGradient(dims: Int32Array, logits: Float32Array, labels: Int32Array, dLossSum: Float32Array, dLogits: Float32Array): void;
}

export type NnEngine = 'native' | 'wasm';

const loaded = new Map<NnEngine, { math: NnMath } | { reason: string }>();

function loadNative(): { math: NnMath } | { reason: string } {
  try {
    const nn = loadNativeAddon().nn as NnMath | undefined;
    return nn ? { math: nn } : { reason: 'the native addon predates the training kernels (rebuild it with `npm run build`)' };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

function loadWasm(): { math: NnMath } | { reason: string } {
  try {
    const { instance } = loadWasmModule();
    const module = instance as NnModule;
    if (typeof module._oinfo_nn_dense_forward !== 'function') return { reason: 'the WASM engine predates the training kernels (rebuild it with `npm run build`)' };
    return { math: wasmNnMath(module) };
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] };
  }
}

/** The kernels of one engine (loaded once per thread), or why they are not available. */
export function loadNnMath(engine: NnEngine): { math: NnMath } | { reason: string } {
  if (!loaded.has(engine)) loaded.set(engine, engine === 'native' ? loadNative() : loadWasm());
  return loaded.get(engine)!;
}
