import { cpus } from 'node:os';

import { writeFigure1, writeFigure2, writeReport, type StageTiming } from '../report/index.js';
import { summarize } from '../util/stats.js';
import type { RunConfig } from './config.js';
import { layerwiseFindings, retrainFindings } from './findings.js';
import type { Reporter } from './reporter.js';
import { retrainStats } from './retrainStats.js';
import { collectRetrainGroups, collectRetrainRows, readLayerwise, readMetrics, readRelabellingIfPresent, readTimings, type RelabellingFile, retrainWritten, writeStats } from './runFiles.js';

const STAGE_NOTES: Record<string, string> = {
  train: 'TF.js, all networks side by side',
  analyze: 'O-information of every layer and seed (label continuous and discrete, relabellings) + the paper’s greedy',
  mi: 'gcmi single-neuron baselines',
  retrain: 'sub-networks re-trained from θ₀',
  report: 'figures and this page',
};

/** What results/relabelling.json says, in one sentence: how much the paper's continuous label depends on the class numbering. */
function relabellingSentence(file: RelabellingFile): string {
  const all = file.layers.flatMap((l) => l.sizes.flatMap((s) => [s.synergy, s.redundancy]));
  const changed = all.reduce((n, x) => n + x.changed.count, 0) / all.reduce((n, x) => n + x.changed.of, 0);
  const spread = Math.max(...all.map((x) => x.spread.max));
  return (
    `With the label copula-normalised as the paper did, ${file.relabellings.length} random renumberings of the classes change the selected ` +
    `multiplet in ${(100 * changed).toFixed(0)}% of cases (seeds × renumberings × layers × sizes ${file.sizes.join(', ')}) and move min/max Ω ` +
    `by up to ${spread.toFixed(2)} bits (results/relabelling.json); the discrete target (results/layerwise-discrete.json) does not depend on the numbering.`
  );
}

/** How the analysis searched (searchPlan.ts), in a line of the report's settings. */
function analysedSizes(config: RunConfig): string {
  const plan = config.analysisPlan;
  const best = plan.exhaustiveMax >= config.maxSize ? 'exhaustive' : `exhaustive to ${plan.exhaustiveMax}, beam (B = ${plan.beam}) above`;
  return `2 … ${config.maxSize}: ${best}; the paper's greedy: exhaustive to ${plan.greedyExhaustiveMax}, then +1 at a time`;
}

/**
 * Figures 1 and 2 (when re-training results exist), results/stats.json (paired comparisons of every
 * re-training setting present; Holm over the sizes within each (method, versus) pair) and report.html
 * from the results so far.
 */
export async function reportStage(dir: string, config: RunConfig, reporter: Reporter): Promise<void> {
  // Trained networks first, then their analysis: a missing input names the earliest command to run.
  const testAccuracy = config.seeds.map((seed) => readMetrics(dir, seed).test_accuracy);
  const layerwise = readLayerwise(dir);
  const figure1 = await writeFigure1(layerwise, dir);
  const findings = layerwiseFindings(layerwise, { quick: config.quick }).sentences;
  const rows = retrainWritten(dir) ? collectRetrainRows(dir, config) : [];
  const hasRetrain = rows.some((r) => r.method !== 'full');
  const meta = { mode: config.mode, epochs: config.retrainEpochs };
  const figure2 = hasRetrain ? await writeFigure2(rows, meta, dir) : undefined;
  const relabelling = readRelabellingIfPresent(dir);
  if (relabelling) findings.push(relabellingSentence(relabelling));
  const meanAcc = summarize(testAccuracy).mean;
  const groups = collectRetrainGroups(dir).filter((g) => g.rows.length > 0);
  if (groups.length > 0) {
    const stats = retrainStats(groups);
    writeStats(dir, stats);
    for (const group of stats.groups)
      findings.push(...retrainFindings(group, { quick: config.quick, level: stats.bootstrap.level }).sentences);
  }
  findings.unshift(`The ${config.seeds.length} trained networks reach ${(100 * meanAcc).toFixed(1)}% mean test accuracy (min ${(100 * Math.min(...testAccuracy)).toFixed(1)}%, max ${(100 * Math.max(...testAccuracy)).toFixed(1)}%).`);
  const timings: StageTiming[] = Object.entries(readTimings(dir)).map(([stage, seconds]) => ({ stage, seconds, note: STAGE_NOTES[stage] }));
  const path = writeReport(dir, {
    title: `O-information of a trained MLP — ${config.dataset}${config.quick ? ' (quick run)' : ''}`,
    settings: {
      dataset: config.dataset,
      seeds: config.seeds,
      epochs: config.epochs,
      retrainEpochs: hasRetrain ? config.retrainEpochs : undefined,
      mode: hasRetrain ? config.mode : undefined,
      tfBackend: config.tf_backend
        ? `${config.tf_backend.name} (${config.tf_backend.reason})${config.tf_backend.kernels ? `, ${config.tf_backend.kernels} kernels (${config.tf_backend.kernels_reason})` : ''}`
        : 'unknown',
      engineBackend: config.engine_backend ?? 'unknown',
      dataSeed: config.dataSeed,
      date: new Date(),
      machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
      extra: [
        ['architecture', config.architecture.widths.join(' → ')],
        ['optimiser', `SGD, lr ${config.architecture.learningRate}, batch ${config.architecture.batchSize}`],
        ['analysed sizes', analysedSizes(config)],
        ['label', `Figure 1: continuous (copula-normalised, as the paper); selection for Figure 2: ${config.label}; results/layerwise-discrete.json holds the discrete target's`],
      ],
    },
    timings,
    figure1: { ...figure1, caption: 'Figure 1. Most synergistic (min Ω) and most redundant (max Ω) multiplets of k neurons with the test label, per hidden layer; mean ± sd over seeds.' },
    findings,
    figure2: figure2 && {
      ...figure2,
      caption: `Figure 2. Test accuracy of sub-networks of k neurons per hidden layer, chosen by each method, rewound to θ₀ and re-trained (${config.mode}, ${config.retrainEpochs} epochs; synergy/redundancy selected with the label ${config.label}); mean ± sd over seeds; dashed: the full trained network.`,
    },
    layerwise,
    retrain: hasRetrain ? { rows, meta } : undefined,
  });
  reporter.info(`report: ${path}`);
}
