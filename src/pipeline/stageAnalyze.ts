import { prepare } from '../api/dataset.js';
import { search, type SearchResult } from '../api/search.js';
import { readNpy } from '../io/npy.js';
import { hiddenLayerNames } from '../nn/architecture.js';
import type { Extremum, Layerwise } from '../report/types.js';
import { summarize } from '../util/stats.js';
import type { RunConfig } from './config.js';
import type { Reporter } from './reporter.js';
import {
  type Best,
  readSeedAnalysis,
  requireTrained,
  type SeedAnalysis,
  type SeedLayerAnalysis,
  writeConfig,
  writeLayerAnalysis,
  writeLayerwise,
} from './runFiles.js';
import { neuronNames, runPaths } from './runFolder.js';
import { runDataset } from './trainingData.js';

function best(result: SearchResult, size: number, kind: 'synergy' | 'redundancy'): Best {
  const s = result.sizes.find((x) => x.size === size)!;
  const m = s[kind][0];
  return { oinfo: m.oinfo, vars: m.vars };
}

/**
 * O-information of one layer of one network: the n × width pre-activations with the test label as
 * target, every size 2…maxSize searched exhaustively (2^width multiplets in all) and with the
 * paper's greedy (exhaustive to 6, then extend the best by one).
 */
export async function analyzeLayer(activationsPath: string, labels: Uint8Array, config: RunConfig, signal?: AbortSignal): Promise<SeedLayerAnalysis> {
  const started = performance.now();
  const table = readNpy(activationsPath);
  const width = table.names.length;
  const names = neuronNames(width);
  const data = prepare({ names: [...names, 'y'], nSamples: table.nSamples, columns: [...table.columns, Float64Array.from(labels)] });
  // The paper's treatment: the label as one continuous (copula-normalised) variable, not SPEC §7's discrete target.
  const common = { target: 'y', targetKind: 'continuous', minSize: 2, maxSize: config.maxSize, top: 1, signal } as const;
  const exhaustive = await search(data, { ...common, exhaustiveMax: config.maxSize });
  const greedy = await search(data, { ...common, exhaustiveMax: config.greedyExhaustiveMax, beam: 1 });
  const sizes = exhaustive.sizes.map((s) => ({
    size: s.size,
    synergy: best(exhaustive, s.size, 'synergy'),
    redundancy: best(exhaustive, s.size, 'redundancy'),
    greedy: { synergy: best(greedy, s.size, 'synergy'), redundancy: best(greedy, s.size, 'redundancy') },
    evaluated: { exhaustive: s.evaluated, greedy: greedy.sizes.find((g) => g.size === s.size)?.evaluated ?? 0 },
  }));
  const evaluated = [...exhaustive.sizes, ...greedy.sizes].reduce((a, s) => a + s.evaluated, 0);
  return { sizes, evaluated, seconds: (performance.now() - started) / 1000 };
}

/** Analyses every (seed, layer) not analysed yet, then writes results/layerwise.json. */
export async function analyzeStage(dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const p = runPaths(dir);
  const layers = hiddenLayerNames(config.architecture);
  requireTrained(dir, config, 'analyze');
  const todo = config.seeds.flatMap((seed) => layers.filter((layer) => !(layer in readSeedAnalysis(dir, seed))).map((layer) => ({ seed, layer })));
  if (todo.length > 0) {
    const labels = (await runDataset(config.dataset)).test.labels;
    reporter.info(`analyze: ${todo.length} layer${todo.length > 1 ? 's' : ''} × all sizes 2…${config.maxSize}, exhaustive and greedy`);
    let done = 0;
    for (const { seed, layer } of todo) {
      writeLayerAnalysis(dir, seed, layer, await analyzeLayer(p.activations(seed, layer), labels, config, signal));
      reporter.progress('analyze', ++done, todo.length, `seed ${seed} ${layer}`);
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
  writeLayerwise(dir, aggregateLayerwise(dir, config));
}

function extremum(bests: Best[]): Extremum {
  const values = bests.map((b) => b.oinfo);
  const { mean, sd } = summarize(values);
  return { mean, sd, per_seed: values, multiplets: bests.map((b) => b.vars) };
}

/** results/layerwise.json (SPEC §6) from the seeds' analyses. */
export function aggregateLayerwise(dir: string, config: RunConfig): Layerwise {
  const analyses = config.seeds.map((seed) => readSeedAnalysis(dir, seed));
  return {
    units: 'bits',
    seeds: config.seeds,
    layers: hiddenLayerNames(config.architecture).map((layer) => ({
      layer,
      sizes: analyses[0][layer].sizes.map((_, i) => {
        const at = (a: SeedAnalysis) => a[layer].sizes[i];
        const counts = analyses.map((a) => at(a).evaluated);
        return {
          size: at(analyses[0]).size,
          synergy: extremum(analyses.map((a) => at(a).synergy)),
          redundancy: extremum(analyses.map((a) => at(a).redundancy)),
          greedy: {
            synergy: extremum(analyses.map((a) => at(a).greedy.synergy)),
            redundancy: extremum(analyses.map((a) => at(a).greedy.redundancy)),
          },
          // The same for every seed (the searches depend on the width and size only); left out when an older analysis lacks it.
          ...(counts.every((c) => c !== undefined) ? { multiplets_evaluated: { exhaustive: Math.max(...counts.map((c) => c!.exhaustive)), greedy: Math.max(...counts.map((c) => c!.greedy)) } } : {}),
        };
      }),
    })),
  };
}
