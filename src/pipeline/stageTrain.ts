import { existsSync } from 'node:fs';

import { hiddenLayerNames } from '../nn/architecture.js';
import { trainParallel } from '../nn/parallelTrain.js';
import { initialParams, type MlpParams } from '../nn/params.js';
import { planKernels } from '../nn/kernels/index.js';
import { loadTf } from '../nn/tf.js';
import { evaluateNetworks, type EpochReport } from '../nn/train.js';
import { summarize } from '../util/stats.js';
import type { RunConfig } from './config.js';
import type { Reporter } from './reporter.js';
import {
  checkpointEpoch,
  readCheckpoint,
  readMetrics,
  readParams,
  removeCheckpoint,
  type SeedMetrics,
  seedTrained,
  writeActivations,
  writeCheckpoint,
  writeConfig,
  writeMetrics,
  writeParams,
} from './runFiles.js';
import { runPaths } from './runFolder.js';
import { runDataset } from './trainingData.js';

/**
 * Trains every seed not yet trained, side by side on all cores, from θ₀ (or from its last
 * checkpoint: an interrupted run continues at the epoch it reached, with the same minibatch
 * order, so it ends with the same weights). Then saves θ, train and test accuracy and the hidden layers'
 * pre-activations on the test split.
 */
export async function trainStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const p = runPaths(dir);
  const pending = config.seeds.filter((seed) => !seedTrained(dir, config, seed));
  if (pending.length === 0) {
    reporter.info(`train: all ${config.seeds.length} seeds already trained`);
    await recordFinalTrainAccuracy(dir, config, reporter);
    return;
  }
  const data = await runDataset(config.dataset);
  const { tf, backend, reason } = await loadTf();
  const kernels = planKernels(tf); // the workers make the same choice
  if (config.tf_backend?.name !== backend || config.tf_backend.kernels !== kernels.kernels) {
    config.tf_backend = { name: backend, reason, kernels: kernels.kernels, kernels_reason: kernels.reason };
    writeConfig(dir, config);
  }
  // θ₀ of every pending seed, then group seeds by the epoch their checkpoint reached.
  const groups = new Map<number, number[]>();
  for (const seed of pending) {
    if (!existsSync(p.theta0(seed))) writeParams(dir, seed, 'theta0', initialParams(config.architecture, seed), { seed: String(seed) });
    const epoch = checkpointEpoch(dir, seed);
    groups.set(epoch, [...(groups.get(epoch) ?? []), seed]);
  }
  const train = { images: data.train.images, labels: data.train.labels, n: data.train.n, features: data.train.features };
  for (const [startEpoch, seeds] of [...groups].sort((a, b) => a[0] - b[0])) {
    reporter.info(
      `train: ${seeds.length} network${seeds.length > 1 ? 's' : ''} (seeds ${seeds.join(', ')}) on ${config.dataset}, ` +
        `${config.epochs - startEpoch} epoch${config.epochs - startEpoch > 1 ? 's' : ''}${startEpoch ? ` (resuming after epoch ${startEpoch})` : ''}, TF.js backend ${backend}, ${kernels.kernels} kernels`,
    );
    const resumed = seeds.map((seed) => (startEpoch ? readCheckpoint(dir, seed) : { params: readParams(dir, seed, 'theta0'), history: [] as SeedMetrics['history'] }));
    const history = new Map(seeds.map((seed, i) => [seed, resumed[i].history]));
    const initial: MlpParams[] = resumed.map((r) => r.params);
    let last: EpochReport | undefined;
    const trained = await trainParallel(train, initial, {
      arch: config.architecture,
      epochs: config.epochs,
      dataSeed: config.dataSeed,
      startEpoch,
      signal,
      onStep: (done, total) => {
        const detail = last
          ? `epoch ${last.epoch}/${config.epochs} loss ${summarize(last.loss).mean.toFixed(3)} acc ${(100 * summarize(last.accuracy).mean).toFixed(1)}%`
          : `epoch ${startEpoch + 1}/${config.epochs}`;
        reporter.progress('train', done, total, detail);
      },
      onEpoch: (report) => {
        last = report;
        seeds.forEach((seed, i) => history.get(seed)!.push({ epoch: report.epoch, loss: report.loss[i], accuracy: report.accuracy[i] }));
      },
      onCheckpoint: (epoch, params) => seeds.forEach((seed, i) => writeCheckpoint(dir, seed, epoch, params[i], history.get(seed)!)),
    });
    reporter.endProgress();
    // θ, test accuracy and pre-activations of the test split, per seed.
    const evaluation = await evaluateNetworks(tf, config.architecture, trained, data.test.images, data.test.labels, true);
    // The final weights on the whole training split (the history's accuracies are running minibatch means).
    const onTrain = await evaluateNetworks(tf, config.architecture, trained, data.train.images, data.train.labels, false);
    const layers = hiddenLayerNames(config.architecture);
    seeds.forEach((seed, i) => {
      writeParams(dir, seed, 'theta', trained[i], { seed: String(seed), epochs: String(config.epochs) });
      layers.forEach((layer, l) => {
        const width = config.architecture.widths[l + 1];
        writeActivations(dir, seed, layer, evaluation.activations![i][l], data.test.n, width);
      });
      const h = history.get(seed)!;
      const metrics: SeedMetrics = { seed, history: h, train_accuracy: onTrain.accuracy[i], train_accuracy_kind: 'final', test_accuracy: evaluation.accuracy[i] };
      writeMetrics(dir, metrics);
      removeCheckpoint(dir, seed);
    });
    const accs = seeds.map((_, i) => (100 * evaluation.accuracy[i]).toFixed(1)).join(', ');
    const trainAccs = seeds.map((_, i) => (100 * onTrain.accuracy[i]).toFixed(1)).join(', ');
    reporter.info(`train: done; train accuracy ${trainAccs} %, test accuracy ${accs} %`);
  }
}

/**
 * A folder trained by an older oinfo holds, as train accuracy, the last epoch's running minibatch mean;
 * the paper's claim is about the trained weights on the training split: evaluate θ there once and
 * record it (train_accuracy_kind 'final'), leaving everything else as it was.
 */
async function recordFinalTrainAccuracy(dir: string, config: RunConfig, reporter: Reporter): Promise<void> {
  const older = config.seeds.filter((seed) => readMetrics(dir, seed).train_accuracy_kind !== 'final');
  if (older.length === 0) return;
  const data = await runDataset(config.dataset);
  const { tf } = await loadTf();
  const params = older.map((seed) => readParams(dir, seed, 'theta'));
  const { accuracy } = await evaluateNetworks(tf, config.architecture, params, data.train.images, data.train.labels, false);
  older.forEach((seed, i) => writeMetrics(dir, { ...readMetrics(dir, seed), train_accuracy: accuracy[i], train_accuracy_kind: 'final' }));
  reporter.info(`train: recorded the final train accuracy of ${older.length} seed${older.length > 1 ? 's' : ''} trained by an older oinfo`);
}
