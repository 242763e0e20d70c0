/**
 * training: network-epochs per minute of the paper's MLP on Fashion-MNIST, side by side on all cores,
 * with TF.js's own kernels (the path before issue 10) against ours (src/nn/kernels: fused float32
 * kernels registered into TF.js), in the same run, on the same TF.js backend — for training from θ₀
 * and for re-training in each mode (prune: compact k-wide sub-networks; freeze-init and
 * freeze-trained: full width with masks — the same work, one row). One plain `model.fit` of one
 * Keras-style model is the outside reference.
 * Each kind of work trains as many networks side by side as the pipeline does (20 seeds; 20 seeds ×
 * every method for one re-training size). Targets: our native kernels ≥ 4× TF.js's own for every kind of work (the WASM build of the same
 * kernels, for where the addon is missing, is measured beside them).
 */
import { loadDataset } from '../../src/data/datasets.js';
import { PAPER_ARCHITECTURE, type Architecture } from '../../src/nn/architecture.js';
import { trainParallel } from '../../src/nn/parallelTrain.js';
import { initialParams, type MlpParams } from '../../src/nn/params.js';
import { loadTf } from '../../src/nn/tf.js';
import type { TrainMask } from '../../src/nn/wideMlp.js';
import { compactSubNetwork, subNetwork } from '../../src/pipeline/masks.js';
import { METHODS } from '../../src/pipeline/selection.js';
import { sample, seededRandom } from '../../src/util/random.js';
import { check, type Check, type SuiteOutput, type TrainingRow } from '../report.js';
import type { Suite, SuiteContext } from '../suite.js';

async function modelFitSeconds(images: Float32Array, labels: Uint8Array, n: number): Promise<number> {
  const { tf } = await loadTf();
  const model = tf.sequential();
  const widths = PAPER_ARCHITECTURE.widths;
  for (let l = 1; l < widths.length; l++)
    model.add(tf.layers.dense({ units: widths[l], activation: l < widths.length - 1 ? 'relu' : 'softmax', inputShape: l === 1 ? [widths[0]] : undefined }));
  model.compile({ optimizer: tf.train.sgd(PAPER_ARCHITECTURE.learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.tensor2d(images.subarray(0, n * widths[0]), [n, widths[0]]);
  const y = tf.tensor1d(Float32Array.from(labels.subarray(0, n)));
  const started = performance.now();
  await model.fit(x, y, { batchSize: PAPER_ARCHITECTURE.batchSize, epochs: 1, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  x.dispose();
  y.dispose();
  model.dispose();
  return seconds;
}

interface Work {
  name: string;
  arch: Architecture;
  params: MlpParams[];
  masks?: TrainMask[];
  /** The share of an epoch's images trained (the re-training rows train many networks: a part of an epoch is enough to time them). */
  epochShare: number;
}

/**
 * Each kind of work as the pipeline runs it side by side: training, the run's seeds from θ₀ (20 networks);
 * re-training, one size k = 6 of every seed and method (20 seeds × METHODS = 140 sub-networks), per mode.
 */
function workloads(seeds: number, quick: boolean): Work[] {
  const theta0 = Array.from({ length: seeds }, (_, i) => initialParams(PAPER_ARCHITECTURE, i + 1));
  const subNetworks = seeds * METHODS.length;
  const k = 6;
  const parents = Array.from({ length: subNetworks }, (_, i) => theta0[i % seeds]);
  const theta = parents.map((_, i) => initialParams(PAPER_ARCHITECTURE, 100 + i)); // stands in for θ: same cost
  const selected = parents.map((_, i) => [0, 1, 2].map((l) => sample(PAPER_ARCHITECTURE.widths[l + 1], k, seededRandom(i + 1, 77 + l))));
  const compact = parents.map((p, i) => compactSubNetwork(p, selected[i]));
  const frozen = parents.map((p, i) => subNetwork(p, theta[i], selected[i], 'freeze-init'));
  const share = quick ? 1 : 0.2;
  return [
    { name: 'train from θ₀', arch: PAPER_ARCHITECTURE, params: theta0, epochShare: 1 },
    { name: `retrain prune (k = ${k})`, arch: { ...PAPER_ARCHITECTURE, widths: [784, k, k, k, 10] }, params: compact, epochShare: share },
    { name: `retrain freeze-init / freeze-trained (k = ${k})`, arch: PAPER_ARCHITECTURE, params: frozen.map((f) => f.params), masks: frozen.map((f) => f.mask), epochShare: share },
  ];
}

async function run(ctx: SuiteContext): Promise<SuiteOutput> {
  const data = await loadDataset('fashion-mnist');
  const { backend } = await loadTf();
  const n = ctx.quick ? 6000 : data.train.n;
  const networks = ctx.quick ? 4 : 20;
  ctx.settings.training = { images: n, networks, backend };
  const epochFraction = n / data.train.n;
  const train = { images: data.train.images.subarray(0, n * data.train.features), labels: data.train.labels.subarray(0, n), n, features: data.train.features };

  ctx.log(`model.fit: 1 network, 1 epoch of ${n} images (${backend})`);
  const fit = await modelFitSeconds(data.train.images, data.train.labels, n);
  ctx.log(`model.fit: ${fit.toFixed(1)} s`);
  const rows: TrainingRow[] = [
    { suite: 'training', work: 'train from θ₀', method: 'model.fit', kernels: 'tfjs', tfBackend: backend, networks: 1, workers: 1, images: n, seconds: fit, networkEpochsPerMinute: (60 * epochFraction) / fit },
  ];
  const checks: Check[] = [];
  for (const work of workloads(networks, ctx.quick)) {
    const rate: Record<string, number> = {};
    const images = Math.round(n * work.epochShare);
    const subset = { ...train, images: train.images.subarray(0, images * train.features), labels: train.labels.subarray(0, images), n: images };
    for (const kernels of ['tfjs', 'native', 'wasm'] as const) {
      ctx.log(`${work.name}: ${work.params.length} networks side by side, ${kernels} kernels, 2 worker threads, ${images} images`);
      const started = performance.now();
      let used = '';
      await trainParallel(subset, work.params, { arch: work.arch, epochs: 1, dataSeed: 1, workers: 2, masks: work.masks, kernels, onReady: (_b, _r, plan) => (used = plan.kernels) });
      if (used !== kernels) throw new Error(`the workers ran ${used} kernels, not ${kernels}`);
      const seconds = (performance.now() - started) / 1000;
      rate[kernels] = (60 * work.params.length * (images / data.train.n)) / seconds; // network-epochs of the full training split
      ctx.log(`${work.name}, ${kernels}: ${seconds.toFixed(1)} s (${rate[kernels].toFixed(0)} network-epochs/min)`);
      rows.push({ suite: 'training', work: work.name, method: 'side by side', kernels, tfBackend: backend, networks: work.params.length, workers: 2, images, seconds, networkEpochsPerMinute: rate[kernels] });
    }
    checks.push(check(`training: ${work.name}, our native kernels ÷ TF.js's own (network-epochs/min)`, rate.native / rate.tfjs, '>=', 4, '×'));
  }
  return {
    rows,
    checks,
    notes: [
      `training on TF.js backend ${backend}; side-by-side times include starting the worker threads and loading TF.js in each`,
      'the re-training rows train stand-in sub-networks (random selections of k units): the cost depends on the shapes, not on which units',
    ],
  };
}

export const trainingSuite: Suite = {
  name: 'training',
  description: "paper MLP on Fashion-MNIST: our fused kernels vs TF.js's own, training and re-training (network-epochs per minute)",
  run,
};
