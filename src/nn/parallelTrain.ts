import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { OinfoAbortError } from '../errors.js';
import { packageRoot } from '../util/packageRoot.js';
import type { Architecture } from './architecture.js';
import type { KernelChoice, KernelPlan } from './kernels/index.js';
import type { MlpParams } from './params.js';
import type { EpochReport, TrainingData } from './train.js';
import type { TrainWorkerInput, TrainWorkerMessage } from './trainWorker.js';
import type { TrainMask } from './wideMlp.js';

export interface ParallelTrainOptions {
  arch: Architecture;
  epochs: number;
  dataSeed: number;
  masks?: (TrainMask | undefined)[];
  /** Worker threads (default: all cores, at most one per network). */
  workers?: number;
  signal?: AbortSignal;
  /** TF.js backend for the workers ('auto' by default). */
  tfBackend?: string;
  /** Our fused kernels or TF.js's own (default auto: ours where available). */
  kernels?: KernelChoice;
  /** After each epoch, when every worker has finished it: per network loss and accuracy. */
  onEpoch?: (report: EpochReport) => void;
  onStep?: (done: number, total: number) => void;
  onReady?: (backend: string, reason: string, kernels: KernelPlan) => void;
  /** Resume: epochs 1…startEpoch are done and `initial` holds their result. */
  startEpoch?: number;
  /** After each epoch but the last, when every worker has sent it: all networks' parameters. */
  onCheckpoint?: (epoch: number, params: MlpParams[]) => void;
}

/**
 * The worker script: tsc's trainWorker.js in dist/src/nn/, found from the package root — from the
 * TypeScript sources (vitest: a worker thread cannot load .ts; the suite's globalSetup,
 * test/helpers/buildDist.ts, rebuilds dist/ whenever a source changed), from dist/src/, and from the
 * bundled CLI in dist/bin/ alike (the worker is its own thread: it loads its own modules).
 */
function workerScript(): string {
  return join(packageRoot(), 'dist', 'src', 'nn', 'trainWorker.js');
}

function shared<T extends Float32Array | Uint8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/**
 * Trains the networks on all cores: split into one side-by-side group per worker thread, each its
 * own TF.js instance, all reading the same shared training images. Same minibatch order for all,
 * so the result equals one wide model's (up to float summation order inside TF.js kernels).
 */
export async function trainParallel(data: TrainingData, initial: MlpParams[], options: ParallelTrainOptions): Promise<MlpParams[]> {
  const m = initial.length;
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), m));
  const images = shared(data.images);
  const labels = shared(data.labels);
  const abortFlag = new Int32Array(new SharedArrayBuffer(4));
  const groups: number[][] = Array.from({ length: workers }, (_, w) => {
    const from = Math.floor((w * m) / workers);
    const to = Math.floor(((w + 1) * m) / workers);
    return Array.from({ length: to - from }, (_, i) => from + i);
  });
  const script = workerScript();
  const steps = new Array(workers).fill(0);
  const totals = new Array(workers).fill(0);
  const checkpointParts = new Map<number, { params: MlpParams[]; count: number }>();
  const epochParts = new Map<number, { loss: number[]; accuracy: number[]; seconds: number; count: number }>();
  const abort = () => Atomics.store(abortFlag, 0, 1);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const results = await Promise.all(
      groups.map(
        (group, w) =>
          new Promise<MlpParams[]>((resolve, reject) => {
            const input: TrainWorkerInput = {
              arch: options.arch,
              epochs: options.epochs,
              dataSeed: options.dataSeed,
              images,
              labels,
              n: data.n,
              features: data.features,
              initial: group.map((i) => initial[i]),
              masks: options.masks ? group.map((i) => options.masks![i]) : undefined,
              abortFlag,
              tfBackend: options.tfBackend,
              kernels: options.kernels,
              startEpoch: options.startEpoch ?? 0,
              checkpoints: options.onCheckpoint !== undefined,
            };
            const worker = new Worker(script, { workerData: input });
            worker.on('message', (msg: TrainWorkerMessage) => {
              if (msg.type === 'ready' && w === 0) options.onReady?.(msg.backend, msg.reason, msg.kernels);
              else if (msg.type === 'step') {
                steps[w] = msg.done;
                totals[w] = msg.total;
                options.onStep?.(steps.reduce((a, b) => a + b, 0), totals.reduce((a, b) => a + b, 0) || 1);
              } else if (msg.type === 'epoch') {
                const part = epochParts.get(msg.epoch) ?? { loss: new Array(m), accuracy: new Array(m), seconds: 0, count: 0 };
                group.forEach((net, k) => {
                  part.loss[net] = msg.loss[k];
                  part.accuracy[net] = msg.accuracy[k];
                });
                part.seconds = Math.max(part.seconds, msg.seconds);
                part.count++;
                epochParts.set(msg.epoch, part);
                if (part.count === workers) {
                  options.onEpoch?.({ epoch: msg.epoch, loss: part.loss, accuracy: part.accuracy, seconds: part.seconds });
                  epochParts.delete(msg.epoch);
                }
              } else if (msg.type === 'checkpoint') {
                const part = checkpointParts.get(msg.epoch) ?? { params: new Array(m), count: 0 };
                group.forEach((net, k) => (part.params[net] = msg.params[k]));
                if (++part.count === workers) {
                  checkpointParts.delete(msg.epoch);
                  options.onCheckpoint?.(msg.epoch, part.params);
                } else checkpointParts.set(msg.epoch, part);
              } else if (msg.type === 'done') resolve(msg.params);
              else if (msg.type === 'error') {
                abort();
                reject(msg.aborted ? new OinfoAbortError('training was interrupted') : new Error(`training worker failed: ${msg.message}`));
              }
            });
            worker.on('error', (e) => {
              abort();
              reject(e);
            });
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`training worker exited with code ${code}`));
            });
          }),
      ),
    );
    return results.flat();
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
