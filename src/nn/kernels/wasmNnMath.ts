import type { OinfoModule } from '../../backend/wasmModule.js';
import type { NnMath } from './nnMath.js';

type Pointer = number;

/** The training kernels of the WASM build's C ABI (wasm/oinfo_wasm.cpp, `oinfo_nn_*`). */
export interface NnModule extends OinfoModule {
  _oinfo_nn_dense_forward(shape: Pointer, a: Pointer, w: Pointer, bias: Pointer, z: Pointer): void;
  _oinfo_nn_dense_input_gradient(shape: Pointer, dz: Pointer, w: Pointer, a: Pointer, da: Pointer): void;
  _oinfo_nn_dense_weight_gradient(shape: Pointer, a: Pointer, dz: Pointer, trainable: Pointer, dw: Pointer): void;
  _oinfo_nn_dense_bias_gradient(shape: Pointer, dz: Pointer, db: Pointer): void;
  _oinfo_nn_softmax_cross_entropy(dims: Pointer, logits: Pointer, labels: Pointer, lossSum: Pointer, correct: Pointer): void;
  _oinfo_nn_softmax_cross_entropy_gradient(dims: Pointer, logits: Pointer, labels: Pointer, dLossSum: Pointer, dLogits: Pointer): void;
}

type Arg = Float32Array | Int32Array | null; // null: a null pointer

/**
 * NnMath on the WASM build, for where the addon is missing: each call copies its arrays into one
 * scratch block of the module's heap (grown when a call needs more), runs the kernel, and copies
 * the outputs — the trailing `outputs` arguments — back. The copies cost little next to the products.
 */
export function wasmNnMath(module: NnModule): NnMath {
  let scratch = 0;
  let capacity = 0;
  const call = (kernel: (...pointers: Pointer[]) => void, outputs: number, ...args: Arg[]) => {
    const offsets: number[] = [];
    let bytes = 0;
    for (const a of args) {
      offsets.push(bytes);
      bytes += Math.ceil((a?.byteLength ?? 0) / 16) * 16;
    }
    if (bytes > capacity) {
      if (scratch) module._free(scratch);
      capacity = Math.max(bytes, 2 * capacity);
      scratch = module._malloc(capacity);
      if (!scratch) throw new Error(`the WASM engine could not allocate ${capacity} bytes for a training kernel`);
    }
    // Views after the allocation: growing the heap replaces its buffer.
    const heap = new Uint8Array(module.wasmMemory.buffer);
    const first = args.length - outputs;
    args.forEach((a, i) => i < first && a && heap.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), scratch + offsets[i]));
    kernel(...offsets.map((o, i) => (args[i] ? scratch + o : 0)));
    const after = module.wasmMemory.buffer;
    for (let i = first; i < args.length; i++) {
      const a = args[i]!;
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(new Uint8Array(after, scratch + offsets[i], a.byteLength));
    }
  };
  return {
    denseForward: (shape, a, w, bias, z) => call(module._oinfo_nn_dense_forward, 1, shape, a, w, bias, z),
    denseInputGradient: (shape, dz, w, a, da) => call(module._oinfo_nn_dense_input_gradient, 1, shape, dz, w, a, da),
    denseWeightGradient: (shape, a, dz, trainable, dw) => call(module._oinfo_nn_dense_weight_gradient, 1, shape, a, dz, trainable, dw),
    denseBiasGradient: (shape, dz, db) => call(module._oinfo_nn_dense_bias_gradient, 1, shape, dz, db),
    softmaxCrossEntropy: (dims, logits, labels, lossSum, correct) => call(module._oinfo_nn_softmax_cross_entropy, 2, dims, logits, labels, lossSum, correct),
    softmaxCrossEntropyGradient: (dims, logits, labels, dLossSum, dLogits) =>
      call(module._oinfo_nn_softmax_cross_entropy_gradient, 1, dims, logits, labels, dLossSum, dLogits),
  };
}
