/**
 * Worker-thread entry: trains one group of networks side by side (see parallelTrain.ts). The
 * training images arrive in a SharedArrayBuffer (no copy); abort is a shared flag polled every step.
 */
import { parentPort, workerData } from 'node:worker_threads';

import type { Architecture } from './architecture.js';
import { type KernelChoice, type KernelPlan, planKernels } from './kernels/index.js';
import type { MlpParams } from './params.js';
import { loadTf } from './tf.js';
import { trainSideBySide } from './train.js';
import type { TrainMask } from './wideMlp.js';

export interface TrainWorkerInput {
  arch: Architecture;
  epochs: number;
  dataSeed: number;
  images: Float32Array; // views on SharedArrayBuffers
  labels: Uint8Array;
  n: number;
  features: number;
  initial: MlpParams[];
  masks?: (TrainMask | undefined)[];
  abortFlag: Int32Array;
  startEpoch: number;
  checkpoints: boolean;
  tfBackend?: string;
  kernels?: KernelChoice;
}

export type TrainWorkerMessage =
  | { type: 'ready'; backend: string; reason: string; kernels: KernelPlan }
  | { type: 'step'; done: number; total: number }
  | { type: 'epoch'; epoch: number; loss: number[]; accuracy: number[]; seconds: number }
  | { type: 'checkpoint'; epoch: number; params: MlpParams[] }
  | { type: 'done'; params: MlpParams[] }
  | { type: 'error'; message: string; aborted: boolean };

const input = workerData as TrainWorkerInput;
const post = (message: TrainWorkerMessage) => parentPort!.postMessage(message);

try {
  const { tf, backend, reason } = await loadTf((input.tfBackend as never) ?? undefined);
  const kernels = planKernels(tf, input.kernels);
  post({ type: 'ready', backend, reason, kernels });
  const params = await trainSideBySide(tf, { images: input.images, labels: input.labels, n: input.n, features: input.features }, input.initial, {
    arch: input.arch,
    epochs: input.epochs,
    dataSeed: input.dataSeed,
    masks: input.masks,
    signal: { get aborted() { return Atomics.load(input.abortFlag, 0) === 1; } },
    onEpoch: (r) => post({ type: 'epoch', ...r }),
    onStep: (done, total) => post({ type: 'step', done, total }),
    startEpoch: input.startEpoch,
    kernels: kernels.kernels, // the engine just chosen: no second fallback
    onCheckpoint: input.checkpoints ? (epoch, params) => post({ type: 'checkpoint', epoch, params }) : undefined,
  });
  post({ type: 'done', params });
} catch (error) {
  const e = error as Error;
  post({ type: 'error', message: e?.message ?? String(error), aborted: e?.name === 'AbortError' });
}
