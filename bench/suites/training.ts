/**
 * training: network-epochs per minute of the paper's MLP on Fashion-MNIST — our side-by-side loop
 * (all networks of a run as one wide model, one group per worker thread) against plain
 * `model.fit` of one Keras-style model, in the same run, on the same TF.js backend.
 * Target: ≥ 3× model.fit.
 */
import { loadDataset } from '../../src/data/datasets.js';
import { PAPER_ARCHITECTURE } from '../../src/nn/architecture.js';
import { trainParallel } from '../../src/nn/parallelTrain.js';
import { initialParams } from '../../src/nn/params.js';
import { loadTf } from '../../src/nn/tf.js';
import { check, type SuiteOutput, type TrainingRow } from '../report.js';
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

async function run(ctx: SuiteContext): Promise<SuiteOutput> {
  const data = await loadDataset('fashion-mnist');
  const { backend } = await loadTf();
  const n = ctx.quick ? 6000 : data.train.n;
  const networks = ctx.quick ? 4 : 20;
  ctx.settings.training = { images: n, networks, backend };
  const epochFraction = n / data.train.n;

  ctx.log(`model.fit: 1 network, 1 epoch of ${n} images (${backend})`);
  const fit = await modelFitSeconds(data.train.images, data.train.labels, n);
  ctx.log(`model.fit: ${fit.toFixed(1)} s`);

  const rows: TrainingRow[] = [{ suite: 'training', method: 'model.fit', tfBackend: backend, networks: 1, workers: 1, images: n, seconds: fit, networkEpochsPerMinute: (60 * epochFraction) / fit }];
  for (const workers of [1, 2]) {
    ctx.log(`side by side: ${networks} networks, ${workers} worker thread(s)`);
    const started = performance.now();
    await trainParallel(
      { images: data.train.images.subarray(0, n * data.train.features), labels: data.train.labels.subarray(0, n), n, features: data.train.features },
      Array.from({ length: networks }, (_, i) => initialParams(PAPER_ARCHITECTURE, i + 1)),
      { arch: PAPER_ARCHITECTURE, epochs: 1, dataSeed: 1, workers },
    );
    const seconds = (performance.now() - started) / 1000;
    ctx.log(`side by side, ${workers} worker(s): ${seconds.toFixed(1)} s`);
    rows.push({ suite: 'training', method: 'side by side', tfBackend: backend, networks, workers, images: n, seconds, networkEpochsPerMinute: (60 * networks * epochFraction) / seconds });
  }
  const best = Math.max(...rows.slice(1).map((r) => r.networkEpochsPerMinute));
  return {
    rows,
    checks: [check('training: side-by-side network-epochs/min ÷ model.fit', best / rows[0].networkEpochsPerMinute, '>=', 3, '×')],
    notes: [`training on TF.js backend ${backend}; the side-by-side time includes starting the worker threads and loading TF.js in each`],
  };
}

export const trainingSuite: Suite = {
  name: 'training',
  description: 'paper MLP on Fashion-MNIST: side-by-side loop vs model.fit (network-epochs per minute)',
  run,
};
