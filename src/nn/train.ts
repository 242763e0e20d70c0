import { OinfoAbortError } from '../errors.js';
import type { Architecture } from './architecture.js';
import type { KernelChoice } from './kernels/index.js';
import type { MlpParams } from './params.js';
import { permutation, seededRandom } from '../util/random.js';
import type { Tf } from './tf.js';
import { type TrainMask, WideMlp } from './wideMlp.js';

/** Training images (n × features, row-major, scaled to [0, 1]) and their labels. */
export interface TrainingData {
  images: Float32Array;
  labels: Uint8Array;
  n: number;
  features: number;
}

export interface EpochReport {
  epoch: number; // 1-based
  /** Per network: mean training cross-entropy (nats) and accuracy over the epoch. */
  loss: number[];
  accuracy: number[];
  seconds: number;
}

export interface TrainOptions {
  arch: Architecture;
  epochs: number;
  /** Seeds the minibatch order, shared by every network of a run (SPEC §6). */
  dataSeed: number;
  masks?: (TrainMask | undefined)[];
  /** Polled every step: an AbortSignal, or any object whose `aborted` turns true. */
  signal?: { readonly aborted: boolean };
  onEpoch?: (report: EpochReport) => void;
  /** Resume: epochs 1…startEpoch are done and `initial` holds their result (default 0). */
  startEpoch?: number;
  /** After each epoch, the networks' parameters (for checkpoints). */
  onCheckpoint?: (epoch: number, params: MlpParams[]) => void | Promise<void>;
  /** Called every few steps with (steps done, steps in all epochs). */
  onStep?: (done: number, total: number) => void;
  /** Our fused kernels or TF.js's own (kernels/index.ts; default auto). */
  kernels?: KernelChoice;
}

/** The minibatch order of one epoch: a permutation drawn from the run's data seed. */
export function epochOrder(n: number, dataSeed: number, epoch: number): Uint32Array {
  return permutation(n, seededRandom(dataSeed, 100 + epoch));
}

/**
 * Trains networks (θ₀ given) side by side on one data set with SGD, the paper's optimiser, every
 * network seeing the same minibatches. Returns the trained parameters.
 */
export async function trainSideBySide(tf: Tf, data: TrainingData, initial: MlpParams[], options: TrainOptions): Promise<MlpParams[]> {
  const { arch, epochs } = options;
  const batchSize = arch.batchSize;
  const model = new WideMlp(tf, arch, initial, options.masks, options.kernels);
  const stepsPerEpoch = Math.ceil(data.n / batchSize);
  const x = new Float32Array(batchSize * data.features);
  const y = new Int32Array(batchSize);
  try {
    const first = (options.startEpoch ?? 0) + 1;
    for (let epoch = first; epoch <= epochs; epoch++) {
      const started = performance.now();
      const order = epochOrder(data.n, options.dataSeed, epoch);
      const lossSum = tf.variable(tf.zeros([model.m]));
      const correct = tf.variable(tf.zeros([model.m]));
      for (let s = 0; s < stepsPerEpoch; s++) {
        if (options.signal?.aborted) throw new OinfoAbortError('training was interrupted');
        const start = s * batchSize;
        const size = Math.min(batchSize, data.n - start);
        for (let i = 0; i < size; i++) {
          const row = order[start + i];
          x.set(data.images.subarray(row * data.features, (row + 1) * data.features), i * data.features);
          y[i] = data.labels[row];
        }
        const batch = size === batchSize ? { x, y, size } : { x: x.subarray(0, size * data.features), y: y.subarray(0, size), size };
        const stats = model.step(batch);
        tf.tidy(() => {
          lossSum.assign(tf.add(lossSum, stats.lossSum));
          correct.assign(tf.add(correct, stats.correct));
        });
        stats.lossSum.dispose();
        stats.correct.dispose();
        if (options.onStep && (s % 50 === 0 || s === stepsPerEpoch - 1))
          options.onStep((epoch - first) * stepsPerEpoch + s + 1, (epochs - first + 1) * stepsPerEpoch);
        // Let the event loop breathe (abort signals, progress messages) now and then.
        if (s % 200 === 199) await new Promise((r) => setImmediate(r));
      }
      const loss = Array.from(await lossSum.data()).map((v) => v / data.n);
      const accuracy = Array.from(await correct.data()).map((v) => v / data.n);
      lossSum.dispose();
      correct.dispose();
      options.onEpoch?.({ epoch, loss, accuracy, seconds: (performance.now() - started) / 1000 });
      if (options.onCheckpoint && epoch < epochs) await options.onCheckpoint(epoch, await model.params());
    }
    return await model.params();
  } finally {
    model.dispose();
  }
}

/** Per network: test accuracy and the hidden layers' pre-activations on the given images. */
export async function evaluateNetworks(
  tf: Tf,
  arch: Architecture,
  params: MlpParams[],
  images: Float32Array,
  labels: Uint8Array,
  withActivations: boolean,
  kernels?: KernelChoice,
): Promise<{ accuracy: number[]; activations?: Float32Array[][] }> {
  const model = new WideMlp(tf, arch, params, undefined, kernels);
  try {
    const accuracy = await model.accuracy(images, labels);
    const activations = withActivations ? await model.preActivations(images, labels.length) : undefined;
    return { accuracy, activations };
  } finally {
    model.dispose();
  }
}
