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
import { collectRetrainRows, readParams, readSelections, readTimings, requireTrained, retrainSizeDone, writeRetrainCsv, writeRetrainSize } from './runFiles.js';
import { METHODS, type Method, type Selection } from './selection.js';
import { runDataset } from './trainingData.js';

/**
 * Lottery-ticket re-training (SPEC §6): for every seed, method and size k, the sub-network the method
 * selects is rewound to θ₀ and re-trained with the paper's optimiser. Every network of the run shares
 * the minibatch order, so all sub-networks of one size (all seeds × methods) train side by side as
 * one wide model, on all cores. In `prune` mode each is a k-wide dense network (compactSubNetwork:
 * the same function as the masked 20-wide one, at a fraction of the cost); the freeze modes keep
 * the full width with per-network masks. Resumes per size.
 */
export async function retrainStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  requireTrained(dir, config, 'retrain');
  const selections = readSelections(dir, config);
  const pending = config.retrainSizes.filter((k) => !retrainSizeDone(dir, config, k));
  if (pending.length > 0) {
    const data = await runDataset(config.dataset);
    const { tf, backend } = await loadTf();
    const networks = config.seeds.length * METHODS.length;
    reporter.info(
      `retrain: ${pending.length * networks} sub-networks (${config.seeds.length} seeds × ${METHODS.length} methods × sizes ${pending.join(', ')}), ` +
        `mode ${config.mode}, ${config.retrainEpochs} epoch${config.retrainEpochs > 1 ? 's' : ''} each, TF.js backend ${backend}; ` +
        `about ${roughDuration(estimateRetrainSeconds(dir, config, pending))}`,
    );
    const train = { images: data.train.images, labels: data.train.labels, n: data.train.n, features: data.train.features };
    const thetas = new Map(config.seeds.map((seed) => [seed, { theta0: readParams(dir, seed, 'theta0'), theta: readParams(dir, seed, 'theta') }]));
    let sizesDone = 0;
    for (const k of pending) {
      const jobs: { seed: number; method: Method; params: MlpParams; mask?: TrainMask }[] = [];
      for (const seed of config.seeds) {
        const { theta0, theta } = thetas.get(seed)!;
        const selection: Selection = selections[String(seed)];
        for (const method of METHODS) {
          const selected = selection[method][k];
          jobs.push(config.mode === 'prune' ? { seed, method, params: compactSubNetwork(theta0, selected) } : { seed, method, ...subNetwork(theta0, theta, selected, config.mode) });
        }
      }
      const arch = { ...config.architecture, widths: [jobs[0].params[0].fanIn, ...jobs[0].params.map((l) => l.fanOut)] };
      const started = performance.now();
      const trained = await trainParallel(train, jobs.map((j) => j.params), {
        arch,
        epochs: config.retrainEpochs,
        dataSeed: config.dataSeed,
        masks: config.mode === 'prune' ? undefined : jobs.map((j) => j.mask),
        signal,
        onStep: (done, total) => reporter.progress('retrain', sizesDone * total + done, pending.length * total, `k = ${k} (${sizesDone + 1}/${pending.length})`),
      });
      const { accuracy } = await evaluateNetworks(tf, arch, trained, data.test.images, data.test.labels, false);
      const rows: RetrainRow[] = jobs.map((j, i) => ({ seed: j.seed, method: j.method, size: k, mode: config.mode, epochs: config.retrainEpochs, test_accuracy: accuracy[i] }));
      writeRetrainSize(dir, config, k, { seconds: (performance.now() - started) / 1000, rows });
      sizesDone++;
    }
    reporter.endProgress();
  } else {
    reporter.info(`retrain: every size already re-trained (mode ${config.mode}, ${config.retrainEpochs} epochs)`);
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
