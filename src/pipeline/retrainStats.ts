/**
 * Figure 2's statistics (SPEC §6), `results/stats.json`: per re-training setting (mode, epochs), every
 * method against `random` and `synergy` against every other method, paired by network seed — the same
 * seed means the same θ₀ and the same minibatch order, so seed-to-seed variation cancels in the
 * difference. Per size k: the mean paired difference of test accuracy (method − versus) with a
 * percentile bootstrap CI, the Wilcoxon signed-rank test (exact to 25 non-zero differences) and
 * wins/losses/ties; p-values are Holm-corrected over the sizes within each (method, versus) family.
 * Also the networks at chance level (test accuracy ≤ 0.11) per method and size.
 */
import type { RetrainRow, StatsChance, StatsComparison, StatsFile, StatsGroup } from '../report/types.js';
import { holm } from '../stats/holm.js';
import { pairedBootstrapCi } from '../stats/pairedBootstrap.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon.js';
import { METHODS } from './selection.js';

/** Ten classes: a network at or below 11 % test accuracy has learnt (almost) nothing. */
export const CHANCE_LEVEL = 0.11;
export const BOOTSTRAP_SETTINGS = { resamples: 10000, level: 0.95, seed: 1 };

// The file's shapes live with the report that reads them (report/types.ts); the names used here:
export type Comparison = StatsComparison;
export type ChanceCount = StatsChance;
export type RetrainStats = StatsFile;
export type { StatsGroup };

/** The re-training rows of one setting: mode, epochs and the label treatment of the selection. */
export interface RetrainGroup {
  mode: string;
  epochs: number;
  label?: string;
  rows: readonly RetrainRow[];
}

/** Known methods in METHODS order (the greedy variants after them when not listed), then others by name. */
export function orderMethods(methods: Iterable<string>): string[] {
  const known = METHODS as readonly string[];
  const rank = (m: string) => (known.includes(m) ? known.indexOf(m) : known.length);
  return [...new Set(methods)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Which comparisons are made: every method vs random, then synergy vs every other method. */
export function comparisonPairs(methods: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  if (methods.includes('random')) for (const m of methods) if (m !== 'random') pairs.push([m, 'random']);
  if (methods.includes('synergy')) for (const m of methods) if (m !== 'synergy' && m !== 'random') pairs.push(['synergy', m]);
  return pairs;
}

/**
 * Test accuracies are counts over the test split: rounded to 1e-9 so that equal counts give exactly
 * equal differences (a tie, or a zero) whatever the floating-point route to them.
 */
const difference = (a: number, b: number) => Math.round((a - b) * 1e9) / 1e9;

/** The statistics of one re-training setting from its rows (`full` rows are ignored). */
export function groupStats(group: RetrainGroup, bootstrap = BOOTSTRAP_SETTINGS): StatsGroup {
  const rows = group.rows.filter((r) => r.method !== 'full');
  const accuracy = new Map<string, Map<number, Map<number, number>>>(); // method → size → seed → accuracy
  for (const r of rows) {
    const bySize = accuracy.get(r.method) ?? accuracy.set(r.method, new Map()).get(r.method)!;
    const bySeed = bySize.get(r.size) ?? bySize.set(r.size, new Map()).get(r.size)!;
    bySeed.set(r.seed, r.test_accuracy);
  }
  const methods = orderMethods(accuracy.keys());
  const sizes = [...new Set(rows.map((r) => r.size))].sort((a, b) => a - b);
  const comparisons: Comparison[] = [];
  for (const [method, versus] of comparisonPairs(methods)) {
    const family: Comparison[] = [];
    for (const size of sizes) {
      const a = accuracy.get(method)?.get(size);
      const b = accuracy.get(versus)?.get(size);
      if (!a || !b) continue;
      const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
      if (seeds.length === 0) continue;
      const d = seeds.map((s) => difference(a.get(s)!, b.get(s)!));
      const w = wilcoxonSignedRank(d);
      family.push({
        method,
        versus,
        size,
        n: d.length,
        mean_difference: d.reduce((x, y) => x + y, 0) / d.length,
        ci: pairedBootstrapCi(d, bootstrap),
        wilcoxon: { statistic: w.statistic, p: w.p, method: w.method },
        p_holm: NaN, // set once the family is complete
        wins: d.filter((x) => x > 0).length,
        losses: d.filter((x) => x < 0).length,
        ties: d.filter((x) => x === 0).length,
      });
    }
    const adjusted = holm(family.map((c) => c.wilcoxon.p));
    family.forEach((c, i) => (c.p_holm = adjusted[i]));
    comparisons.push(...family);
  }
  const chance: ChanceCount[] = methods.flatMap((method) =>
    sizes
      .filter((size) => accuracy.get(method)!.has(size))
      .map((size) => {
        const values = [...accuracy.get(method)!.get(size)!.values()];
        return { method, size, at_chance: values.filter((v) => v <= CHANCE_LEVEL).length, networks: values.length };
      }),
  );
  const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
  return { mode: group.mode, epochs: group.epochs, label: group.label ?? 'continuous', seeds, comparisons, chance };
}

/** stats.json for every re-training setting present. */
export function retrainStats(groups: readonly RetrainGroup[], bootstrap = BOOTSTRAP_SETTINGS): RetrainStats {
  return { chance_level: CHANCE_LEVEL, bootstrap: { ...bootstrap }, groups: groups.map((g) => groupStats(g, bootstrap)) };
}
