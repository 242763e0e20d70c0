import { OinfoInputError } from '../errors.js';
import { hiddenLayerNames } from '../nn/architecture.js';
import { seededRandom, sample, STREAM } from '../util/random.js';
import type { RunConfig } from './config.js';
import type { SeedAnalysis } from './runFiles.js';

/**
 * Figure 2's methods (SPEC §6). synergy / redundancy: the best multiplet (searchPlan: exhaustive, beam
 * above); synergy-greedy / redundancy-greedy: the multiplet the paper's greedy search found (exhaustive
 * to greedyExhaustiveMax, then +1 at a time) — the same as synergy / redundancy up to that size.
 */
export const METHODS = ['synergy', 'redundancy', 'synergy-greedy', 'redundancy-greedy', 'random', 'gcmi-mixture', 'gcmi-model'] as const;
export type Method = (typeof METHODS)[number];

/** Per layer, the MI (bits) of each neuron with the label, by method. */
export type LayerMi = Record<string, { model: number[]; mixture: number[] }>;

/** For one seed: method → size → per hidden layer, the selected unit indices (ascending). */
export type Selection = Record<Method, Record<number, number[][]>>;

const unitIndex = (name: string) => Number(name.slice(1)); // "n7" → 7

/** The k units of highest MI (ties: lower index first), ascending. */
export function topByMi(values: number[], k: number): number[] {
  return values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}

/** A string hash (FNV-1a) so that every (layer, size) draws its own random stream. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The units each method keeps, for every size and hidden layer of one seed (SPEC §6): synergy and
 * redundancy take that layer's best multiplet of size k, the -greedy methods the paper's greedy's, all
 * from `analysis` (the seed's analysis with the label treated as the run's `label`); the MI methods the
 * k units of highest MI with the label; random k units from a stream of the seed (recorded in mi.json).
 */
export function selectUnits(config: RunConfig, seed: number, analysis: SeedAnalysis, mi: LayerMi): Selection {
  const layers = hiddenLayerNames(config.architecture);
  const out = Object.fromEntries(METHODS.map((m) => [m, {}])) as Selection;
  const units = (vars: string[]) => vars.map(unitIndex).sort((a, b) => a - b);
  for (const k of config.retrainSizes) {
    const entries = layers.map((layer) => {
      const entry = analysis[layer].sizes.find((s) => s.size === k);
      if (entry === undefined)
        throw new OinfoInputError(`seed ${seed} ${layer} has no analysis of size ${k} with the label ${config.label} (its class sizes allow fewer); use --label continuous`);
      return entry;
    });
    out.synergy[k] = entries.map((e) => units(e.synergy.vars));
    out.redundancy[k] = entries.map((e) => units(e.redundancy.vars));
    out['synergy-greedy'][k] = entries.map((e) => units(e.greedy.synergy.vars));
    out['redundancy-greedy'][k] = entries.map((e) => units(e.greedy.redundancy.vars));
    out['gcmi-mixture'][k] = layers.map((layer) => topByMi(mi[layer].mixture, k));
    out['gcmi-model'][k] = layers.map((layer) => topByMi(mi[layer].model, k));
    out.random[k] = layers.map((layer, l) => sample(config.architecture.widths[l + 1], k, seededRandom(seed, STREAM.randomBaseline * 1000 + (hash(`${layer}/${k}`) % 1000))));
  }
  return out;
}
