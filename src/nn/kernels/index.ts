import type { Tf } from '../tf.js';
import { loadNnMath, type NnEngine } from './nnMath.js';
import { MEMORY_BACKENDS, type MemoryBackend } from './tensorMemory.js';
import { useWideOps } from './wideOps.js';

/**
 * Which kernels the side-by-side model runs on: our fused float32 kernels registered into TF.js
 * (native/nn) from the addon (`native`) or from the WASM build (`wasm`, where the addon is missing),
 * or TF.js's own matMul/relu/logSoftmax chain (`tfjs` — the reference, and the path on TF.js backends
 * whose tensor memory we cannot reach, such as tfjs-node). `auto` (default): native, else wasm,
 * else tfjs. Env OINFO_TRAIN_KERNELS sets the default.
 */
export type KernelChoice = 'auto' | NnEngine | 'tfjs';

export interface KernelPlan {
  kernels: NnEngine | 'tfjs';
  /** Why this choice: what was missing when it fell back. */
  reason: string;
}

export function planKernels(tf: Tf, choice: KernelChoice = (process.env.OINFO_TRAIN_KERNELS as KernelChoice) || 'auto'): KernelPlan {
  if (choice === 'tfjs') return { kernels: 'tfjs', reason: 'requested' };
  const backend = tf.getBackend();
  const notes: string[] = [];
  if (!(MEMORY_BACKENDS as readonly string[]).includes(backend)) notes.push(`TF.js backend ${backend} keeps its own kernels`);
  else {
    for (const engine of choice === 'auto' ? (['native', 'wasm'] as const) : [choice]) {
      const loaded = loadNnMath(engine);
      if ('math' in loaded) {
        useWideOps(tf, backend as MemoryBackend, loaded.math);
        return { kernels: engine, reason: notes.length ? notes.join('; ') : `${engine} float32 kernels` };
      }
      notes.push(`${engine} kernels unavailable: ${loaded.reason}`);
    }
  }
  if (choice !== 'auto') throw new Error(`oinfo training kernels (${choice}) unavailable: ${notes.join('; ')}`);
  return { kernels: 'tfjs', reason: notes.join('; ') };
}
