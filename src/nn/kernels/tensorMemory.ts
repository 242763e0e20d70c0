import type * as TF from '@tensorflow/tfjs';

/**
 * Direct access to a TF.js backend's tensor memory, for kernels of our own: a view on an input's data
 * (no copy) and new outputs to write into. Supported: the `wasm` backend (tensors live in its heap)
 * and the pure-JS `cpu` backend (tensors are typed arrays). Other backends (tfjs-node, webgl) keep
 * TF.js's own kernels.
 */
export interface TensorMemory {
  /** Allocates the outputs first (allocation may grow the WASM heap, detaching older views), then returns views on inputs and outputs. */
  run(inputs: TF.TensorInfo[], outputs: { shape: number[]; dtype: 'float32' }[]): { views: (Float32Array | Int32Array)[]; outputs: TF.TensorInfo[] };
}

export const MEMORY_BACKENDS = ['wasm', 'cpu'] as const;
export type MemoryBackend = (typeof MEMORY_BACKENDS)[number];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TF.TensorInfo;
  typedArrayFromHeap(info: TF.TensorInfo): Float32Array | Int32Array;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array | Int32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TF.TensorInfo;
}

export function tensorMemory(backendName: MemoryBackend, backend: unknown): TensorMemory {
  if (backendName === 'wasm') {
    const wasm = backend as WasmBackendLike;
    return {
      run(inputs, outputs) {
        const made = outputs.map((o) => wasm.makeOutput(o.shape, o.dtype));
        return { views: [...inputs, ...made].map((info) => wasm.typedArrayFromHeap(info)), outputs: made };
      },
    };
  }
  const cpu = backend as CpuBackendLike;
  return {
    run(inputs, outputs) {
      const values = outputs.map((o) => new Float32Array(size(o.shape)));
      const made = outputs.map((o, i) => cpu.makeTensorInfo(o.shape, o.dtype, values[i]));
      return { views: [...inputs.map((info) => cpu.data.get(info.dataId).values), ...values], outputs: made };
    },
  };
}
