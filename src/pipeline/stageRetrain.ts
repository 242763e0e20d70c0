import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { trainParallel } from '../nn/parallelTrain.js';
import { loadParams, type MlpParams } from '../nn/params.js';
import { loadTf } from '../nn/tf.js';
import { evaluateNetworks } from '../nn/train.js';
import type { TrainMask } from '../nn/wideMlp.js';
import type { RetrainRow } from '../report/types.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import type { RunConfig } from './config.js';
import { subNetwork } from './masks.js';
import type { Reporter } from './reporter.js';
import { runPaths } from './runFolder.js';
import { METHODS, type Method, type Selection } from './selection.js';
import { readMiFile } from './stageMi.js';
import { readMetrics } from './stageTrain.js';
import { runDataset } from './trainingData.js';

export type { RetrainRow } from '../report/types.js';

/** Per seed, the re-training results of one (mode, epochs) setting: seeds/seed-XX/retrain-<mode>-<epochs>.json. */
const seedResultPath = (dir: string, config: RunConfig, seed: number) =>
  join(runPaths(dir).seedDir(seed), `retrain-${config.mode}-e${config.retrainEpochs}.json`);

/**
 * Lottery-ticket re-training (SPEC §6): for every seed, method and size, the sub-network the method
 * selects is rewound to θ₀ and re-trained with the paper's optimiser. All sub-networks of a seed
 * share θ₀ and the run's minibatch order, so they train side by side as one wide model (with
 * per-network masks), on all cores. Resumes per seed.
 */
export async function retrainStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const p = runPaths(dir);
  const selections = readMiFile(dir).selections;
  const pending = config.seeds.filter((seed) => !existsSync(seedResultPath(dir, config, seed)));
  const perSeed = METHODS.length * config.retrainSizes.length;
  if (pending.length > 0) {
    const data = await runDataset(config.dataset);
    const { tf, backend } = await loadTf();
    reporter.info(
      `retrain: ${pending.length * perSeed} sub-networks (${pending.length} seeds × ${METHODS.length} methods × sizes ${config.retrainSizes.join(', ')}), ` +
        `mode ${config.mode}, ${config.retrainEpochs} epochs each, TF.js backend ${backend}`,
    );
    const train = { images: data.train.images, labels: data.train.labels, n: data.train.n, features: data.train.features };
    let seedsDone = 0;
    for (const seed of pending) {
      const theta0 = loadParams(p.theta0(seed));
      const theta = loadParams(p.theta(seed));
      const selection: Selection = selections[String(seed)];
      const jobs: { method: Method; size: number; params: MlpParams; mask: TrainMask }[] = [];
      for (const method of METHODS)
        for (const size of config.retrainSizes) jobs.push({ method, size, ...subNetwork(theta0, theta, selection[method][size], config.mode) });
      const started = performance.now();
      const trained = await trainParallel(
        train,
        jobs.map((j) => j.params),
        {
          arch: config.architecture,
          epochs: config.retrainEpochs,
          dataSeed: config.dataSeed,
          masks: jobs.map((j) => j.mask),
          signal,
          onStep: (done, total) => reporter.progress('retrain', seedsDone * total + done, pending.length * total, `seed ${seed} (${seedsDone + 1}/${pending.length})`),
        },
      );
      const { accuracy } = await evaluateNetworks(tf, config.architecture, trained, data.test.images, data.test.labels, false);
      const rows: RetrainRow[] = jobs.map((j, i) => ({ seed, method: j.method, size: j.size, mode: config.mode, test_accuracy: accuracy[i] }));
      writeFileAtomic(seedResultPath(dir, config, seed), JSON.stringify({ seconds: (performance.now() - started) / 1000, rows }, null, 1) + '\n');
      seedsDone++;
    }
    reporter.endProgress();
  } else {
    reporter.info(`retrain: every seed already re-trained (mode ${config.mode}, ${config.retrainEpochs} epochs)`);
  }
  writeFileAtomic(p.retrain, retrainCsv(collectRetrainRows(dir, config)));
}

/** Every seed's re-training rows plus one `full` row per seed: the trained full network. */
export function collectRetrainRows(dir: string, config: RunConfig): RetrainRow[] {
  const width = config.architecture.widths[1];
  return config.seeds.flatMap((seed) => {
    const path = seedResultPath(dir, config, seed);
    const rows = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')).rows as RetrainRow[]) : [];
    return [...rows, { seed, method: 'full' as const, size: width, mode: config.mode, test_accuracy: readMetrics(dir, seed).test_accuracy }];
  });
}

export function retrainCsv(rows: RetrainRow[]): string {
  return ['seed,method,size,mode,test_accuracy', ...rows.map((r) => `${r.seed},${r.method},${r.size},${r.mode},${r.test_accuracy}`)].join('\n') + '\n';
}
