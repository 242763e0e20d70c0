import { prepare } from '../api/dataset.js';
import { search, type SearchResult } from '../api/search.js';
import { readNpy } from '../io/npy.js';
import type { Table } from '../io/table.js';
import { hiddenLayerNames } from '../nn/architecture.js';
import type { Extremum } from '../report/types.js';
import { permutation, seededRandom, STREAM } from '../util/random.js';
import { summarize } from '../util/stats.js';
import { LABEL_TREATMENTS, type LabelTreatment, type RunConfig } from './config.js';
import type { Reporter } from './reporter.js';
import {
  type Best,
  type LayerwiseFile,
  readSeedAnalysis,
  readSeedRelabelling,
  type RelabellingFile,
  type RelabellingSpread,
  requireTrained,
  type SeedAnalysis,
  type SeedLayerAnalysis,
  type SeedLayerRelabelling,
  writeConfig,
  writeLayerAnalysis,
  writeLayerRelabelling,
  writeLayerwise,
  writeRelabellingResults,
} from './runFiles.js';
import { neuronNames, runPaths } from './runFolder.js';
import { runDataset } from './trainingData.js';

function best(result: SearchResult, size: number, kind: 'synergy' | 'redundancy'): Best {
  const s = result.sizes.find((x) => x.size === size)!;
  const m = s[kind][0];
  return { oinfo: m.oinfo, vars: m.vars };
}

/** A layer's pre-activations (n0…) with the label `y` as the last column. */
function layerData(table: Table, labels: ArrayLike<number>) {
  const names = neuronNames(table.names.length);
  return prepare({ names: [...names, 'y'], nSamples: table.nSamples, columns: [...table.columns, Float64Array.from(labels)] });
}

/** The smallest class's sample count in `labels`. */
function smallestClass(labels: ArrayLike<number>): { label: number; count: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  const [label, count] = [...counts].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
  return { label, count };
}

/**
 * Largest size analysed with the label as `label`: maxSize, or for the discrete target the most its
 * smallest class allows (SPEC §7: more than k + 1 samples in every class).
 */
export function analysedMaxSize(config: RunConfig, labels: ArrayLike<number>, label: LabelTreatment): number {
  return label === 'discrete' ? Math.max(2, Math.min(config.maxSize, smallestClass(labels).count - 2)) : config.maxSize;
}

/**
 * O-information of one layer of one network: the n × width pre-activations with the test label as
 * target (treated as `label`), every size 2…maxSize searched as the run's plan says (searchPlan.ts:
 * exhaustive while the sizes are small enough, beam above; with 20 units every size, 2^20 multiplets
 * in all) and with the paper's greedy (exhaustive to 6, then extend the best by one).
 */
export async function analyzeLayer(
  activationsPath: string,
  labels: Uint8Array,
  config: RunConfig,
  label: LabelTreatment = 'continuous',
  signal?: AbortSignal,
): Promise<SeedLayerAnalysis> {
  const started = performance.now();
  const data = layerData(readNpy(activationsPath), labels);
  const plan = config.analysisPlan;
  const common = { target: 'y', targetKind: label, minSize: 2, maxSize: analysedMaxSize(config, labels, label), top: 1, signal } as const;
  const found = await search(data, { ...common, exhaustiveMax: plan.exhaustiveMax, beam: plan.beam });
  const greedy = await search(data, { ...common, exhaustiveMax: plan.greedyExhaustiveMax, beam: 1 });
  const sizes = found.sizes.map((s) => ({
    size: s.size,
    synergy: best(found, s.size, 'synergy'),
    redundancy: best(found, s.size, 'redundancy'),
    greedy: { synergy: best(greedy, s.size, 'synergy'), redundancy: best(greedy, s.size, 'redundancy') },
    evaluated: { search: s.evaluated, greedy: greedy.sizes.find((g) => g.size === s.size)?.evaluated ?? 0 },
  }));
  const evaluated = [...found.sizes, ...greedy.sizes].reduce((a, s) => a + s.evaluated, 0);
  return { sizes, evaluated, seconds: (performance.now() - started) / 1000 };
}

/** The run's random relabellings of its classes: relabelling r maps class c to result[r][c] (seeded by the data seed). */
export function relabellings(config: RunConfig): number[][] {
  const random = seededRandom(config.dataSeed, STREAM.relabel);
  const nClasses = config.architecture.widths.at(-1)!;
  return Array.from({ length: config.relabellings }, () => Array.from(permutation(nClasses, random)));
}

/** The sizes relabelled: the re-training sizes (a fraction of the cost of all sizes 2…maxSize). */
const relabelledSizes = (config: RunConfig) => [...config.retrainSizes].sort((a, b) => a - b);

/** One layer of one network under each random relabelling of the classes: the continuous treatment, as the paper's. */
export async function relabelLayer(activationsPath: string, labels: Uint8Array, config: RunConfig, signal?: AbortSignal): Promise<SeedLayerRelabelling> {
  const started = performance.now();
  const table = readNpy(activationsPath);
  const sizes = relabelledSizes(config);
  const perms = relabellings(config);
  const results: SearchResult[] = [];
  for (const perm of perms) {
    const data = layerData(table, Array.from(labels, (c) => perm[c]));
    const plan = config.analysisPlan;
    results.push(
      await search(data, { target: 'y', targetKind: 'continuous', minSize: sizes[0], maxSize: sizes.at(-1)!, exhaustiveMax: plan.exhaustiveMax, beam: plan.beam, top: 1, signal }),
    );
  }
  return {
    relabellings: perms,
    sizes: sizes.map((size) => ({ size, synergy: results.map((r) => best(r, size, 'synergy')), redundancy: results.map((r) => best(r, size, 'redundancy')) })),
    seconds: (performance.now() - started) / 1000,
  };
}

/** A unit of the analysis (and of its resume): one layer of one seed, with the label one way or relabelled. */
type Part = LabelTreatment | 'relabelling';
const PARTS: Part[] = [...LABEL_TREATMENTS, 'relabelling'];

function partDone(dir: string, seed: number, layer: string, part: Part): boolean {
  return layer in (part === 'relabelling' ? readSeedRelabelling(dir, seed) : readSeedAnalysis(dir, seed, part));
}

/**
 * Analyses every (seed, layer) not analysed yet — with the label as the paper treated it (continuous),
 * as a discrete target, and under the random relabellings — then writes results/layerwise.json,
 * layerwise-discrete.json and relabelling.json. Each part of each layer of each seed is saved as it is
 * done, so an interrupted analysis resumes where it stopped.
 */
export async function analyzeStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const p = runPaths(dir);
  const layers = hiddenLayerNames(config.architecture);
  requireTrained(dir, config, 'analyze');
  const todo = PARTS.flatMap((part) => config.seeds.flatMap((seed) => layers.filter((layer) => !partDone(dir, seed, layer, part)).map((layer) => ({ seed, layer, part }))));
  if (todo.length > 0) {
    const labels = (await runDataset(config.dataset)).test.labels;
    const plan = config.analysisPlan;
    const how = `exhaustive to ${plan.exhaustiveMax}${plan.exhaustiveMax < config.maxSize ? `, beam ${plan.beam} above` : ''}, and the paper's greedy`;
    reporter.info(
      `analyze: ${todo.length} layer analyses (label continuous and discrete, sizes 2…${config.maxSize}, ${how}; ` +
        `${config.relabellings} relabellings at sizes ${relabelledSizes(config).join(', ')})`,
    );
    let done = 0;
    for (const { seed, layer, part } of todo) {
      const path = p.activations(seed, layer);
      if (part === 'relabelling') writeLayerRelabelling(dir, seed, layer, await relabelLayer(path, labels, config, signal));
      else writeLayerAnalysis(dir, seed, layer, await analyzeLayer(path, labels, config, part, signal), part);
      reporter.progress('analyze', ++done, todo.length, `seed ${seed} ${layer} ${part}`);
    }
    reporter.endProgress();
  } else {
    reporter.info('analyze: every layer of every seed already analysed');
  }
  if (config.engine_backend === undefined) {
    const { getEngine } = await import('../backend/load.js');
    config.engine_backend = getEngine().name;
    writeConfig(dir, config);
  }
  for (const label of LABEL_TREATMENTS) writeLayerwise(dir, aggregateLayerwise(dir, config, label));
  writeRelabellingResults(dir, aggregateRelabelling(dir, config));
}

function extremum(bests: Best[]): Extremum {
  const values = bests.map((b) => b.oinfo);
  const { mean, sd } = summarize(values);
  return { mean, sd, per_seed: values, multiplets: bests.map((b) => b.vars) };
}

/** results/layerwise.json (label continuous) or layerwise-discrete.json from the seeds' analyses (runFiles.ts LayerwiseFile). */
export function aggregateLayerwise(dir: string, config: RunConfig, label: LabelTreatment = 'continuous'): LayerwiseFile {
  const analyses = config.seeds.map((seed) => readSeedAnalysis(dir, seed, label));
  const plan = config.analysisPlan;
  const layers = hiddenLayerNames(config.architecture);
  const maxSize = Math.max(...analyses[0][layers[0]].sizes.map((s) => s.size));
  return {
    units: 'bits',
    label,
    search: plan,
    ...(maxSize < config.maxSize && {
      max_size: maxSize,
      max_size_note: `sizes above ${maxSize} need more samples in the smallest class of the test split (SPEC §7: more than k + 1)`,
    }),
    seeds: config.seeds,
    layers: layers.map((layer) => ({
      layer,
      sizes: analyses[0][layer].sizes.map((_, i) => {
        const at = (a: SeedAnalysis) => a[layer].sizes[i];
        const size = at(analyses[0]).size;
        const counts = analyses.map((a) => at(a).evaluated);
        return {
          size,
          search: size <= plan.exhaustiveMax ? 'exhaustive' : 'beam',
          greedy_search: size <= plan.greedyExhaustiveMax ? 'exhaustive' : 'greedy',
          synergy: extremum(analyses.map((a) => at(a).synergy)),
          redundancy: extremum(analyses.map((a) => at(a).redundancy)),
          greedy: {
            synergy: extremum(analyses.map((a) => at(a).greedy.synergy)),
            redundancy: extremum(analyses.map((a) => at(a).greedy.redundancy)),
          },
          // The same for every seed (the searches depend on the width and size only); left out when an older analysis lacks it.
          ...(counts.every((c) => c !== undefined) ? { multiplets_evaluated: { search: Math.max(...counts.map((c) => c!.search)), greedy: Math.max(...counts.map((c) => c!.greedy)) } } : {}),
        };
      }),
    })),
  };
}

const sameMultiplet = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** results/relabelling.json (runFiles.ts RelabellingFile) from the seeds' relabellings and their original analysis. */
export function aggregateRelabelling(dir: string, config: RunConfig): RelabellingFile {
  const layers = hiddenLayerNames(config.architecture);
  const originals = config.seeds.map((seed) => readSeedAnalysis(dir, seed, 'continuous'));
  const relabelled = config.seeds.map((seed) => readSeedRelabelling(dir, seed));
  const sizes = relabelledSizes(config);
  const spread = (layer: string, size: number, kind: 'synergy' | 'redundancy'): RelabellingSpread => {
    const original = originals.map((a) => a[layer].sizes.find((s) => s.size === size)![kind]);
    const others = relabelled.map((r) => r[layer].sizes.find((s) => s.size === size)![kind]);
    const perSeed = original.map((o, i) => {
      const values = [o.oinfo, ...others[i].map((b) => b.oinfo)];
      return Math.max(...values) - Math.min(...values);
    });
    const count = others.reduce((n, bests, i) => n + bests.filter((b) => !sameMultiplet(b.vars, original[i].vars)).length, 0);
    const of = others.reduce((n, bests) => n + bests.length, 0);
    return {
      original: original.map((b) => b.oinfo),
      relabelled: others.map((bests) => bests.map((b) => b.oinfo)),
      spread: { per_seed: perSeed, mean: summarize(perSeed).mean, max: Math.max(...perSeed) },
      changed: { count, of, fraction: count / of },
    };
  };
  return {
    units: 'bits',
    label: 'continuous',
    relabellings: relabellings(config),
    seed: config.dataSeed,
    seeds: config.seeds,
    sizes,
    sizes_note: 'restricted to the re-training sizes (config.retrainSizes), the ones Figure 2 selects at',
    search: config.analysisPlan,
    seconds: relabelled.reduce((t, r) => t + layers.reduce((u, layer) => u + r[layer].seconds, 0), 0),
    layers: layers.map((layer) => ({ layer, sizes: sizes.map((size) => ({ size, synergy: spread(layer, size, 'synergy'), redundancy: spread(layer, size, 'redundancy') })) })),
  };
}
