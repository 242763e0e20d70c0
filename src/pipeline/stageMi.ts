import { gcmiMixtureCD } from '../mi/mixtureCd.js';
import { gcmiModelCD } from '../mi/modelCd.js';
import { hiddenLayerNames } from '../nn/architecture.js';
import type { RunConfig } from './config.js';
import type { Reporter } from './reporter.js';
import { type MiFile, miFileCurrent, readActivations, readMiFileIfPresent, readSeedAnalysis, requireAnalysed, writeMiFile } from './runFiles.js';
import { type LayerMi, selectUnits } from './selection.js';
import { runDataset } from './trainingData.js';

/**
 * The single-neuron baselines (SPEC §5): every hidden unit's MI with the test label by gcmi's model
 * comparison and mixture estimators, on the same pre-activations the O-information analysis uses;
 * then every method's selection for every re-training size, with the run's label treatment. Cheap:
 * recomputed when the file is absent or lacks a seed, a method or the run's label treatment.
 */
export async function miStage(dir: string, config: RunConfig, reporter: Reporter): Promise<void> {
  const done = readMiFileIfPresent(dir);
  if (miFileCurrent(done, config)) {
    reporter.info(`mi: baselines and selections (label ${config.label}) already computed`);
    return;
  }
  requireAnalysed(dir, config, 'mi');
  const labels = (await runDataset(config.dataset)).test.labels;
  const nClasses = config.architecture.widths.at(-1)!;
  const layers = hiddenLayerNames(config.architecture);
  const out: MiFile = { units: 'bits', label: config.label, seeds: {} };
  for (const seed of config.seeds) {
    const mi: LayerMi = {};
    for (const layer of layers) {
      const table = readActivations(dir, seed, layer);
      mi[layer] = {
        model: table.columns.map((x) => gcmiModelCD(x, labels, nClasses)),
        mixture: table.columns.map((x, j) => {
          try {
            return gcmiMixtureCD(x, labels, nClasses);
          } catch (error) {
            // A unit constant over half a class (MAD 0) has no mixture estimate: never select it.
            reporter.info(`mi: seed ${seed} ${layer} unit n${j}: ${(error as Error).message}; ranked last by gcmi-mixture`);
            return Number.NEGATIVE_INFINITY;
          }
        }),
      };
    }
    out.seeds[String(seed)] = { layers: mi, selections: selectUnits(config, seed, readSeedAnalysis(dir, seed, config.label), mi) };
    reporter.progress('mi', Object.keys(out.seeds).length, config.seeds.length, `seed ${seed}`);
  }
  reporter.endProgress();
  writeMiFile(dir, out);
}
