/**
 * Bootstrap intervals of the listed multiplets (SPEC §8): B resamples of the rows with replacement,
 * each copula-normalised again (ties from repeated rows ranked in sample order, as copnorm does), and
 * every listed multiplet measured on each. Per multiplet and measure: the percentile interval at the
 * chosen level (linear interpolation between order statistics, NumPy's default) and the bootstrap
 * standard deviation (`se`). The draws come from the seeded PRNG, so a seed gives the same intervals
 * whatever the threads.
 */
import type { Engine } from '../backend/engine.js';
import { OinfoInputError } from '../errors.js';
import { seededRandom, STREAM } from '../util/random.js';
import { quantileSorted, summarize } from '../util/stats.js';
import type { Dataset } from './dataset.js';
import type { Multiplet, SearchResult } from './search.js';

export const MEASURES = ['oinfo', 'tc', 'dtc', 'sinfo'] as const;
export type MeasureName = (typeof MEASURES)[number];

export interface BootstrapSettings {
  resamples: number;
  ci: number;
  seed: number;
  units: 'bits' | 'nats';
  biasCorrect: boolean;
  threads: number;
}

/** Reports the resamples done so far; may throw to stop (an abort). */
export type Tick = (done: number) => void | Promise<void>;

/** Row indices of one resample with replacement. */
function resampleRows(n: number, random: () => number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = Math.floor(random() * n);
  return rows;
}

/** Adds `ci`, `se` (and `singular_resamples` where some resample made it singular) to every listed multiplet. */
export async function bootstrapLists(engine: Engine, dataset: Dataset, result: SearchResult, settings: BootstrapSettings, tick: Tick): Promise<void> {
  if (dataset.samples.length !== dataset.names.length)
    throw new OinfoInputError('a bootstrap resamples the rows: pass the samples (a Table or named columns), not a Dataset without them');
  // The distinct multiplets listed, each with the columns it uses (the target among them).
  const listed = new Map<string, { members: string[]; items: Multiplet[] }>();
  for (const size of result.sizes)
    for (const m of [...size.synergy, ...size.redundancy]) {
      const members = [...m.vars, ...result.target];
      const key = members.join('\u0000');
      const entry = listed.get(key) ?? { members, items: [] };
      entry.items.push(m);
      listed.set(key, entry);
    }
  const used = [...new Set([...listed.values()].flatMap((e) => e.members))];
  const local = new Map(used.map((name, i) => [name, i]));
  const columns = used.map((name) => dataset.samples[dataset.names.indexOf(name)]);
  const groups = [...listed.values()].map((e) => ({ ...e, local: Int32Array.from(e.members, (name) => local.get(name)!) }));
  const n = dataset.nSamples;
  const u = used.length;
  const values = groups.map(() => MEASURES.map(() => [] as number[]));
  const singular = new Array<number>(groups.length).fill(0);
  const random = seededRandom(settings.seed, STREAM.bootstrap);
  const packed = new Float64Array(n * u);
  for (let b = 0; b < settings.resamples; b++) {
    const rows = resampleRows(n, random);
    columns.forEach((column, j) => {
      const offset = j * n;
      for (let i = 0; i < n; i++) packed[offset + i] = column[rows[i]];
    });
    const cov = engine.copulaCovariance(packed, n, u, settings.threads);
    groups.forEach((g, i) => {
      try {
        const m = engine.measure(cov, u, n, g.local, { units: settings.units, biasCorrect: settings.biasCorrect });
        MEASURES.forEach((name, k) => values[i][k].push(m[name]));
      } catch (error) {
        if ((error as { code?: string }).code !== 'OINFO_SINGULAR') throw error;
        singular[i]++; // a resample in which the multiplet is singular says nothing about its spread
      }
    });
    await tick(b + 1);
  }
  const tail = (1 - settings.ci) / 2;
  groups.forEach((g, i) => {
    const ci = {} as Record<MeasureName, [number, number]>;
    const se = {} as Record<MeasureName, number>;
    MEASURES.forEach((name, k) => {
      const sorted = Float64Array.from(values[i][k]).sort();
      ci[name] = [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
      se[name] = summarize(values[i][k]).sd;
    });
    for (const item of g.items) {
      item.ci = ci;
      item.se = se;
      if (singular[i] > 0) item.singular_resamples = singular[i];
    }
  });
}
