import { existsSync } from 'node:fs';
import { cpus } from 'node:os';

import { type ReportAccuracy, type StageTiming, type Verdict, writeFigure1, writeFigure2, writeReport } from '../report/index.js';
import { PAPER_ARCHITECTURE } from '../nn/architecture.js';
import { packageVersion } from '../util/packageRoot.js';
import { summarize } from '../util/stats.js';
import type { RunConfig } from './config.js';
import { layerwiseFindings, retrainFindings, verdictSentence } from './findings.js';
import type { Reporter } from './reporter.js';
import { retrainStats } from './retrainStats.js';
import { collectRetrainGroups, collectRetrainRows, readLayerwise, readMetrics, readRelabellingIfPresent, readTimings, type RelabellingFile, retrainWritten, writeStats } from './runFiles.js';
import { runPaths } from './runFolder.js';

/** The paper this pipeline reproduces. */
export const PAPER_CITATION =
  'Reproducing K. Clauw, S. Stramaglia, D. Marinazzo (2022), “Higher-order mutual information reveals synergistic sub-networks for multi-neuron importance”, arXiv:2211.00416.';

/** The banner of a quick run's report. */
export const QUICK_WARNING =
  'This is a quick run (--quick: few seeds, few epochs, few sizes), a first look at the pipeline. It is too small to decide anything: its numbers, figures and verdicts say nothing about whether the paper’s findings hold. Run the paper’s protocol (oinfo reproduce --seeds 20 --epochs 50) for that.';

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
  const metrics = config.seeds.map((seed) => readMetrics(dir, seed));
  const testAccuracy = metrics.map((m) => m.test_accuracy);
  const trainAccuracy = metrics.map((m) => (typeof m.train_accuracy === 'number' ? m.train_accuracy : NaN));
  const finalTrain = metrics.every((m) => m.train_accuracy_kind === 'final');
  const layerwise = readLayerwise(dir);
  const figure1 = await writeFigure1(layerwise, dir);
  // The same figure with the label as a discrete target: independent of how the classes are numbered.
  const discrete = existsSync(runPaths(dir).layerwiseOf('discrete')) ? readLayerwise(dir, 'discrete') : undefined;
  const figure1Discrete = discrete ? await writeFigure1(discrete, dir, { title: 'Synergy and redundancy of neuron multiplets with the label as a discrete target, per hidden layer' }, 'figure1-discrete') : undefined;
  // Plain descriptions as a list, verdicts (claim, criterion, verdict, detail) as a table: the sentences that
  // restate a verdict are left out of the list.
  const findings: Array<string | Verdict> = [];
  const addFindings = (f: ReturnType<typeof layerwiseFindings>) => {
    const restated = new Set(f.verdicts.map(verdictSentence));
    findings.push(...f.sentences.filter((sentence) => !restated.has(sentence)), ...f.verdicts);
  };
  addFindings(layerwiseFindings(layerwise, { quick: config.quick }));
  // The same verdicts with the label as a discrete target (Figure 1b): does the finding survive a label
  // treatment that does not depend on the class numbering?
  if (discrete) findings.push(...layerwiseFindings(discrete, { quick: config.quick }).verdicts.map((v) => ({ ...v, claim: `${v.claim} (label as a discrete target)` })));
  const rows = retrainWritten(dir) ? collectRetrainRows(dir, config) : [];
  const hasRetrain = rows.some((r) => r.method !== 'full');
  const meta = { mode: config.mode, epochs: config.retrainEpochs, label: config.label };
  const relabelling = readRelabellingIfPresent(dir);
  if (relabelling) findings.push(relabellingSentence(relabelling));
  const groups = collectRetrainGroups(dir).filter((g) => g.rows.length > 0);
  const stats = groups.length > 0 ? retrainStats(groups) : undefined;
  if (stats) {
    writeStats(dir, stats);
    for (const group of stats.groups) addFindings(retrainFindings(group, { quick: config.quick, level: stats.bootstrap.level }));
  }
  const figure2 = hasRetrain ? await writeFigure2(rows, meta, dir, { stats }) : undefined;
  // Every other re-training setting kept in the folder (e.g. prune and freeze-init) gets its own Figure 2.
  const fullRows = rows.filter((r) => r.method === 'full');
  const otherFigure2 = [];
  for (const g of groups) {
    if (g.mode === config.mode && g.epochs === config.retrainEpochs && g.label === config.label) continue;
    const name = `figure2-${g.mode}-e${g.epochs}${g.label === 'continuous' ? '' : `-${g.label}`}`;
    const files = await writeFigure2([...g.rows, ...fullRows.map((r) => ({ ...r, mode: g.mode, epochs: g.epochs }))], { mode: g.mode, epochs: g.epochs, label: g.label }, dir, { stats }, name);
    otherFigure2.push({
      id: name,
      heading: `Figure 2 (${g.mode}, ${g.epochs} epochs${g.label === 'continuous' ? '' : `, label ${g.label}`})`,
      figure: { ...files, caption: `As Figure 2, for the sub-networks re-trained in ${g.mode} mode for ${g.epochs} epochs (synergy/redundancy selected with the label ${g.label}).` },
    });
  }
  const mean = (xs: number[]) => summarize(xs.filter(Number.isFinite)).mean;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  findings.unshift(
    `The ${config.seeds.length} trained networks reach ${pct(mean(trainAccuracy))} mean train accuracy and ${pct(mean(testAccuracy))} mean test accuracy ` +
      `(test: min ${pct(Math.min(...testAccuracy))}, max ${pct(Math.max(...testAccuracy))}); the paper reports ≥ 96% train and test accuracy on MNIST.`,
  );
  const accuracy: ReportAccuracy = {
    seeds: config.seeds,
    train: trainAccuracy,
    test: testAccuracy,
    trainNote: finalTrain
      ? 'the trained weights θ evaluated on the whole training split'
      : 'mean over the last training epoch’s minibatches, as recorded by runs of older oinfo versions (the weights changed during the epoch)',
  };
  const timings: StageTiming[] = Object.entries(readTimings(dir)).map(([stage, seconds]) => ({ stage, seconds, note: STAGE_NOTES[stage] }));
  const paths = runPaths(dir);
  const version = packageVersion();
  const path = writeReport(dir, {
    title: `O-information of a trained MLP — ${config.dataset}${config.architecture.widths.join(',') === PAPER_ARCHITECTURE.widths.join(',') ? '' : `, ${config.architecture.widths.join('-')}`}${config.quick ? ' (quick run)' : ''}`,
    subtitle: PAPER_CITATION,
    warning: config.quick ? QUICK_WARNING : undefined,
    generator: `oinfo ${version}`,
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
        ['oinfo version', version],
        ...(config.quick ? [['quick run', 'yes: too small to decide anything'] as [string, string]] : []),
      ],
    },
    accuracy,
    timings,
    figure1: {
      ...figure1,
      caption: 'Most synergistic (min Ω) and most redundant (max Ω) multiplets of k neurons with the test label, per hidden layer; mean ± sd over seeds.',
    },
    figure1Discrete: figure1Discrete && {
      ...figure1Discrete,
      caption:
        'As Figure 1, with the label as a discrete target (SPEC §7: class-conditional Gaussian copulas), which does not depend on how the classes are numbered; ' +
        'the continuous treatment of Figure 1 is the paper’s.',
    },
    findings,
    figure2: figure2 && {
      ...figure2,
      caption:
        `Test accuracy of sub-networks of k neurons per hidden layer, chosen by each method, rewound to θ₀ and re-trained (${config.mode}, ${config.retrainEpochs} epochs; synergy/redundancy selected with the label ${config.label}): ` +
        `every network, mean ± sd over seeds, the full trained network and chance level` +
        (stats ? '; below, each method’s paired difference from random selection with its confidence interval.' : '.'),
    },
    stats,
    layerwise,
    retrain: hasRetrain ? { rows, meta } : undefined,
    otherFigure2,
    dataFiles: [paths.layerwise, paths.layerwiseOf('discrete'), paths.relabellingResults, paths.mi, paths.retrain, paths.stats],
  });
  reporter.info(`report: ${path}`);
}
