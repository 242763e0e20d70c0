import { trainParallel } from '../nn/parallelTrain.js';
import type { MlpParams } from '../nn/params.js';
import { loadTf } from '../nn/tf.js';
import { evaluateNetworks } from '../nn/train.js';
import type { TrainMask } from '../nn/wideMlp.js';
import type { RetrainRow } from '../report/types.js';
import { roughDuration } from '../util/format.js';
import type { RunConfig } from './config.js';
import { compactSubNetwork, subNetwork } from './masks.js';
import type { Reporter } from './reporter.js';
import {
  collectRetrainRows,
  readParams,
  readRetrainSize,
  readSelections,
  readTimings,
  requireTrained,
  retrainSizePending,
  writeRetrainCsv,
  writeRetrainSize,
} from './runFiles.js';
import { METHODS, type Method } from './selection.js';
import { runDataset } from './trainingData.js';

/**
 * Lottery-ticket re-training (SPEC §6): for every seed, method and size k, the sub-network the method
 * selects is rewound to θ₀ and re-trained with the paper's optimiser. Every network of the run shares
 * the minibatch order, so all sub-networks of one size (all seeds × methods) train side by side as
 * one wide model, on all cores. In `prune` mode each is a k-wide dense network (compactSubNetwork:
 * the same function as the masked 20-wide one, at a fraction of the cost); the freeze modes keep
 * the full width with per-network masks. Resumes per size; a size re-trained before some method
 * existed re-trains only the missing (seed, method) pairs. Results are kept apart per mode, epochs and
 * the label treatment of the selection (runFolder.ts retrainSize).
 */
export async function retrainStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  requireTrained(dir, config, 'retrain');
  const selections = readSelections(dir, config);
  // A method whose selection equals one already re-trained (same seed, size and units; e.g. synergy-greedy
  // and synergy up to greedyExhaustiveMax) is the same sub-network with the same θ₀ and minibatch order:
  // its row copies that accuracy instead of training it again.
  const key = (seed: number, method: Method, k: number) => `${seed}/${JSON.stringify(selections[String(seed)][method][k])}`;
  const plans = config.retrainSizes
    .map((k) => {
      const pairs = retrainSizePending(dir, config, k);
      const known = new Map(readRetrainSize(dir, config, k).map((r) => [key(r.seed, r.method as Method, k), r.test_accuracy]));
      const toTrain = [...new Map(pairs.filter((j) => !known.has(key(j.seed, j.method, k))).map((j) => [key(j.seed, j.method, k), j])).values()];
      return { k, pairs, known, toTrain };
    })
    .filter((plan) => plan.pairs.length > 0);
  if (plans.length > 0) {
    const data = await runDataset(config.dataset);
    const { tf, backend } = await loadTf();
    const networks = plans.reduce((a, plan) => a + plan.toTrain.length, 0);
    const copied = plans.reduce((a, plan) => a + plan.pairs.length - plan.toTrain.length, 0);
    const trainedSizes = plans.filter((plan) => plan.toTrain.length > 0).map((plan) => plan.k);
    reporter.info(
      `retrain: ${networks} sub-networks (${config.seeds.length} seeds × ${METHODS.length} methods × sizes ${plans.map((plan) => plan.k).join(', ')}, selected with the label ${config.label}` +
        `${copied > 0 ? `; ${copied} more select the same units as another method and share its result` : ''}), ` +
        `mode ${config.mode}, ${config.retrainEpochs} epoch${config.retrainEpochs > 1 ? 's' : ''} each, TF.js backend ${backend}; ` +
        `about ${roughDuration(estimateRetrainSeconds(dir, config, trainedSizes))}`,
    );
    const train = { images: data.train.images, labels: data.train.labels, n: data.train.n, features: data.train.features };
    const thetas = new Map(config.seeds.map((seed) => [seed, { theta0: readParams(dir, seed, 'theta0'), theta: readParams(dir, seed, 'theta') }]));
    let sizesDone = 0;
    for (const { k, pairs, known, toTrain } of plans) {
      const started = performance.now();
      if (toTrain.length > 0) {
        const jobs: { seed: number; method: Method; params: MlpParams; mask?: TrainMask }[] = toTrain.map(({ seed, method }) => {
          const { theta0, theta } = thetas.get(seed)!;
          const selected = selections[String(seed)][method][k];
          return config.mode === 'prune' ? { seed, method, params: compactSubNetwork(theta0, selected) } : { seed, method, ...subNetwork(theta0, theta, selected, config.mode) };
        });
        const arch = { ...config.architecture, widths: [jobs[0].params[0].fanIn, ...jobs[0].params.map((l) => l.fanOut)] };
        const trained = await trainParallel(train, jobs.map((j) => j.params), {
          arch,
          epochs: config.retrainEpochs,
          dataSeed: config.dataSeed,
          masks: config.mode === 'prune' ? undefined : jobs.map((j) => j.mask),
          signal,
          onStep: (done, total) => reporter.progress('retrain', sizesDone * total + done, trainedSizes.length * total, `k = ${k} (${sizesDone + 1}/${trainedSizes.length})`),
        });
        const { accuracy } = await evaluateNetworks(tf, arch, trained, data.test.images, data.test.labels, false);
        jobs.forEach((j, i) => known.set(key(j.seed, j.method, k), accuracy[i]));
        sizesDone++;
      }
      const rows: RetrainRow[] = pairs.map(({ seed, method }) => ({ seed, method, size: k, mode: config.mode, epochs: config.retrainEpochs, test_accuracy: known.get(key(seed, method, k))! }));
      writeRetrainSize(dir, config, k, { seconds: (performance.now() - started) / 1000, rows });
    }
    reporter.endProgress();
  } else {
    reporter.info(`retrain: every size already re-trained (mode ${config.mode}, ${config.retrainEpochs} epochs, label ${config.label})`);
  }
  writeRetrainCsv(dir, collectRetrainRows(dir, config));
}

/**
 * Time the re-training should take, from this run's own training speed (seconds per network-epoch,
 * timings.json) — a pruned k-wide network costs about (k + 2) / (20 + 2) of a full one.
 */
export function estimateRetrainSeconds(dir: string, config: RunConfig, sizes: number[]): number {
  const trained = readTimings(dir).train;
  const perNetworkEpoch = trained && trained > 0 ? trained / (config.seeds.length * config.epochs) : 1;
  const width = config.architecture.widths[1];
  const relative = (k: number) => (config.mode === 'prune' ? (k + 2) / (width + 2) : 1);
  return sizes.reduce((total, k) => total + config.seeds.length * METHODS.length * config.retrainEpochs * perNetworkEpoch * relative(k), 0);
}
