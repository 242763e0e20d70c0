/**
 * Bootstrap intervals of the listed multiplets (SPEC §8): B resamples of the rows with replacement,
 * each copula-normalised again (ties from repeated rows ranked in sample order, as copnorm does), and
 * every listed multiplet measured on each. Per multiplet and measure: the percentile interval at the
 * chosen level (linear interpolation between order statistics, NumPy's default) and the bootstrap
 * standard deviation (`se`). The draws come from the seeded PRNG, so a seed gives the same intervals
 * whatever the threads.
 */
import { OinfoInputError } from '../errors.js';
import { gatherRows } from '../util/gatherRows.js';
import { seededRandom, STREAM } from '../util/random.js';
import { quantileSorted, summarize } from '../util/stats.js';
import { type Dataset, prepare } from './dataset.js';
import { measure, type MeasureOptions } from './measure.js';
import type { Multiplet, SearchResult } from './search.js';

export const MEASURES = ['oinfo', 'tc', 'dtc', 'sinfo'] as const;
export type MeasureName = (typeof MEASURES)[number];

export interface BootstrapSettings {
  resamples: number;
  ci: number;
  seed: number;
  threads: number;
  /** A discrete target's column: resample within its classes. */
  stratifyBy?: string;
}

/** Reports the resamples done so far; may throw to stop (an abort). */
export type Tick = (done: number) => void | Promise<void>;

/**
 * Draws the row indices of one resample with replacement. Stratified by a class label (a discrete
 * target): every row is replaced by a random row of its own class, so each class keeps its count.
 */
function rowSampler(labels: Float64Array | undefined, n: number, random: () => number): () => Uint32Array {
  if (labels === undefined)
    return () => {
      const rows = new Uint32Array(n);
      for (let i = 0; i < n; i++) rows[i] = Math.floor(random() * n);
      return rows;
    };
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const rows = byClass.get(label);
    if (rows) rows.push(i);
    else byClass.set(label, [i]);
  });
  const classRows = Array.from(labels, (label) => byClass.get(label)!);
  return () => {
    const rows = new Uint32Array(n);
    for (let i = 0; i < n; i++) rows[i] = classRows[i][Math.floor(random() * classRows[i].length)];
    return rows;
  };
}

/**
 * Adds `ci`, `se` (and `singular_resamples` where some resample made it singular) to every listed
 * multiplet. `measureOptions` are the search's own estimator options (units, bias correction, the
 * target's kind), so a resample is measured exactly as the data were.
 */
export async function bootstrapLists(
  dataset: Dataset,
  result: SearchResult,
  settings: BootstrapSettings,
  measureOptions: Omit<MeasureOptions, 'vars' | 'target'>,
  tick: Tick,
): Promise<void> {
  if (dataset.columns === undefined)
    throw new OinfoInputError('a bootstrap resamples the rows: pass the samples (a Table or named columns), not a Dataset without them');
  const target = result.target[0];
  const listed = new Map<string, Multiplet[]>(); // the distinct multiplets listed, by their variables
  for (const size of result.sizes)
    for (const m of [...size.synergy, ...size.redundancy]) {
      const key = m.vars.join('\u0000');
      const items = listed.get(key);
      if (items) items.push(m);
      else listed.set(key, [m]);
    }
  const groups = [...listed.values()];
  // With groups (multivariate variables) a variable is a group's columns; the groups of the listed multiplets
  // are measured on each resample (every column they name is in it).
  const columnsOf = (v: string) => result.groups?.[v] ?? [v];
  const used = [...new Set([...groups.flatMap((items) => items[0].vars.flatMap(columnsOf)), ...result.target])];
  const listedGroups = Object.entries(result.groups ?? {}).filter(([name]) => groups.some((items) => items[0].vars.includes(name)));
  const groupsOption = listedGroups.length > 0 ? { groups: Object.fromEntries(listedGroups) } : {};
  const columns = used.map((name) => dataset.columns![dataset.names.indexOf(name)]);
  const n = dataset.nSamples;
  const draw = rowSampler(settings.stratifyBy === undefined ? undefined : dataset.columns![dataset.names.indexOf(settings.stratifyBy)], n, seededRandom(settings.seed, STREAM.bootstrap));
  const values = groups.map(() => MEASURES.map(() => [] as number[]));
  const singular = new Array<number>(groups.length).fill(0);
  for (let b = 0; b < settings.resamples; b++) {
    const rows = draw();
    const resampled = columns.map((column) => gatherRows(column, rows));
    const resample = prepare(Object.fromEntries(used.map((name, j) => [name, resampled[j]])), {
      backend: measureOptions.backend,
      threads: settings.threads,
    });
    groups.forEach((items, i) => {
      try {
        const m = measure(resample, { ...measureOptions, ...groupsOption, vars: items[0].vars, target });
        MEASURES.forEach((name, k) => values[i][k].push(m[name]));
      } catch (error) {
        if ((error as { code?: string }).code !== 'OINFO_SINGULAR') throw error;
        singular[i]++; // a resample in which the multiplet is singular says nothing about its spread
      }
    });
    await tick(b + 1);
  }
  const tail = (1 - settings.ci) / 2;
  groups.forEach((items, i) => {
    const ci = {} as Record<MeasureName, [number, number]>;
    const se = {} as Record<MeasureName, number>;
    MEASURES.forEach((name, k) => {
      const sorted = Float64Array.from(values[i][k]).sort();
      ci[name] = [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
      se[name] = summarize(values[i][k]).sd;
    });
    for (const item of items) {
      item.ci = ci;
      item.se = se;
      if (singular[i] > 0) item.singular_resamples = singular[i];
    }
  });
}
