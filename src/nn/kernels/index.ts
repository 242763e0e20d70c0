import type { Tf } from '../tf.js';
import { loadNnMath } from './nnMath.js';
import { MEMORY_BACKENDS, type MemoryBackend } from './tensorMemory.js';
import { registerWideOps } from './wideOps.js';

/**
 * Which kernels the side-by-side model runs on: `oinfo` (our fused float32 kernels, registered into
 * TF.js: native/nn through the addon) or `tfjs` (TF.js's own matMul/relu/logSoftmax chain — the
 * reference, and the path on backends whose memory we cannot reach, such as tfjs-node).
 * `auto` (default) takes `oinfo` where it is available. Env OINFO_TRAIN_KERNELS overrides the default.
 */
export type KernelChoice = 'auto' | 'oinfo' | 'tfjs';

export interface KernelPlan {
  kernels: 'oinfo' | 'tfjs';
  /** Why: what was missing when the choice fell back to `tfjs`. */
  reason: string;
}

export function planKernels(tf: Tf, choice: KernelChoice = (process.env.OINFO_TRAIN_KERNELS as KernelChoice) || 'auto'): KernelPlan {
  if (choice === 'tfjs') return { kernels: 'tfjs', reason: 'requested' };
  const backend = tf.getBackend();
  let reason: string;
  if (!(MEMORY_BACKENDS as readonly string[]).includes(backend)) reason = `TF.js backend ${backend} keeps its own kernels`;
  else {
    const loaded = loadNnMath();
    if ('math' in loaded) {
      registerWideOps(tf, backend as MemoryBackend, loaded.math);
      return { kernels: 'oinfo', reason: 'native float32 kernels' };
    }
    reason = loaded.reason;
  }
  if (choice === 'oinfo') throw new Error(`oinfo training kernels unavailable: ${reason}`);
  return { kernels: 'tfjs', reason };
}
