import { existsSync, readFileSync, rmSync } from 'node:fs';

import { encodeNpy } from '../io/npyWrite.js';
import { hiddenLayerNames } from '../nn/architecture.js';
import { trainParallel } from '../nn/parallelTrain.js';
import { initialParams, loadParams, type MlpParams, saveParams } from '../nn/params.js';
import { loadTf } from '../nn/tf.js';
import { evaluateNetworks, type EpochReport } from '../nn/train.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { type RunConfig, writeConfig } from './config.js';
import type { Reporter } from './reporter.js';
import { runPaths } from './runFolder.js';
import { runDataset } from './trainingData.js';

/** What metrics.json of a seed holds. */
export interface SeedMetrics {
  seed: number;
  history: { epoch: number; loss: number; accuracy: number }[];
  train_accuracy: number;
  test_accuracy: number;
}

export function seedTrained(dir: string, config: RunConfig, seed: number): boolean {
  const p = runPaths(dir);
  return (
    existsSync(p.theta(seed)) &&
    existsSync(p.metrics(seed)) &&
    hiddenLayerNames(config.architecture).every((layer) => existsSync(p.activations(seed, layer)))
  );
}

export function readMetrics(dir: string, seed: number): SeedMetrics {
  return JSON.parse(readFileSync(runPaths(dir).metrics(seed), 'utf8')) as SeedMetrics;
}

/** The epoch a seed's checkpoint holds, or 0. */
function checkpointEpoch(path: string): number {
  if (!existsSync(path)) return 0;
  const header = readFileSync(path).subarray(0, 4096).toString('utf8');
  const m = /"epoch":"(\d+)"/.exec(header);
  return m ? Number(m[1]) : 0;
}

/**
 * Trains every seed not yet trained, side by side on all cores, from θ₀ (or from its last
 * checkpoint: an interrupted run continues at the epoch it reached, with the same minibatch
 * order, so it ends with the same weights). Then saves θ, test accuracy and the hidden layers'
 * pre-activations on the test split.
 */
export async function trainStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const p = runPaths(dir);
  const pending = config.seeds.filter((seed) => !seedTrained(dir, config, seed));
  if (pending.length === 0) {
    reporter.info(`train: all ${config.seeds.length} seeds already trained`);
    return;
  }
  const data = await runDataset(config.dataset);
  const { tf, backend, reason } = await loadTf();
  if (config.tf_backend?.name !== backend) {
    config.tf_backend = { name: backend, reason };
    writeConfig(dir, config);
  }
  // θ₀ of every pending seed, then group seeds by the epoch their checkpoint reached.
  const groups = new Map<number, number[]>();
  for (const seed of pending) {
    if (!existsSync(p.theta0(seed))) saveParams(p.theta0(seed), initialParams(config.architecture, seed), { seed: String(seed) });
    const epoch = checkpointEpoch(p.checkpoint(seed));
    groups.set(epoch, [...(groups.get(epoch) ?? []), seed]);
  }
  const train = { images: data.train.images, labels: data.train.labels, n: data.train.n, features: data.train.features };
  for (const [startEpoch, seeds] of [...groups].sort((a, b) => a[0] - b[0])) {
    reporter.info(
      `train: ${seeds.length} network${seeds.length > 1 ? 's' : ''} (seeds ${seeds.join(', ')}) on ${config.dataset}, ` +
        `${config.epochs - startEpoch} epoch${config.epochs - startEpoch > 1 ? 's' : ''}${startEpoch ? ` (resuming after epoch ${startEpoch})` : ''}, TF.js backend ${backend}`,
    );
    const history = new Map<number, SeedMetrics['history']>(
      seeds.map((seed) => [seed, startEpoch ? (JSON.parse(readFileSync(`${p.checkpoint(seed)}.json`, 'utf8')) as SeedMetrics['history']) : []]),
    );
    const initial: MlpParams[] = seeds.map((seed) => loadParams(startEpoch ? p.checkpoint(seed) : p.theta0(seed)));
    let last: EpochReport | undefined;
    const trained = await trainParallel(train, initial, {
      arch: config.architecture,
      epochs: config.epochs,
      dataSeed: config.dataSeed,
      startEpoch,
      signal,
      onStep: (done, total) => {
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        const detail = last ? `epoch ${last.epoch}/${config.epochs} loss ${mean(last.loss).toFixed(3)} acc ${(100 * mean(last.accuracy)).toFixed(1)}%` : `epoch ${startEpoch + 1}/${config.epochs}`;
        reporter.progress('train', done, total, detail);
      },
      onEpoch: (report) => {
        last = report;
        seeds.forEach((seed, i) => history.get(seed)!.push({ epoch: report.epoch, loss: report.loss[i], accuracy: report.accuracy[i] }));
      },
      onCheckpoint: (epoch, params) =>
        seeds.forEach((seed, i) => {
          writeFileAtomic(`${p.checkpoint(seed)}.json`, JSON.stringify(history.get(seed)));
          saveParams(p.checkpoint(seed), params[i], { seed: String(seed), epoch: String(epoch) });
        }),
    });
    reporter.endProgress();
    // θ, test accuracy and pre-activations of the test split, per seed.
    const evaluation = await evaluateNetworks(tf, config.architecture, trained, data.test.images, data.test.labels, true);
    const layers = hiddenLayerNames(config.architecture);
    seeds.forEach((seed, i) => {
      saveParams(p.theta(seed), trained[i], { seed: String(seed), epochs: String(config.epochs) });
      layers.forEach((layer, l) => {
        const width = config.architecture.widths[l + 1];
        writeFileAtomic(p.activations(seed, layer), encodeNpy(evaluation.activations![i][l], data.test.n, width));
      });
      const h = history.get(seed)!;
      const metrics: SeedMetrics = { seed, history: h, train_accuracy: h.at(-1)?.accuracy ?? NaN, test_accuracy: evaluation.accuracy[i] };
      writeFileAtomic(p.metrics(seed), JSON.stringify(metrics, null, 2) + '\n');
      rmSync(p.checkpoint(seed), { force: true });
      rmSync(`${p.checkpoint(seed)}.json`, { force: true });
    });
    const accs = seeds.map((_, i) => (100 * evaluation.accuracy[i]).toFixed(1)).join(', ');
    reporter.info(`train: done; test accuracy ${accs} %`);
  }
}
