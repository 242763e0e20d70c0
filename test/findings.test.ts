/**
 * Figure 2's statistics (retrainStats.ts, results/stats.json written by the report stage) and the
 * verdicts of findings.ts on crafted results: each verdict must be reachable, and a small run must
 * not get one.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { openRun } from '../src/pipeline/config.js';
import { layerwiseFindings, retrainFindings } from '../src/pipeline/findings.js';
import { silentReporter } from '../src/pipeline/reporter.js';
import { groupStats, retrainStats } from '../src/pipeline/retrainStats.js';
import { collectRetrainRows, readStats, writeLayerwise, writeMetrics, writeRetrainCsv, writeRetrainSize } from '../src/pipeline/runFiles.js';
import { runPaths } from '../src/pipeline/runFolder.js';
import { reportStage } from '../src/pipeline/stageReport.js';
import type { Layerwise, RetrainRow } from '../src/report/types.js';
import { holm } from '../src/stats/holm.js';

const METHODS = ['synergy', 'redundancy', 'random', 'gcmi-mixture', 'gcmi-model'];
const SIZES = [2, 4, 6, 8, 10, 12];
const seedsOf = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Test accuracies in counts of 1/10000, as on the 10 000 test images. */
const acc = (x: number) => Math.round(x * 10000) / 10000;
/** A difference with no direction: alternating signs, growing magnitudes (W⁺ ≈ W⁻). */
const noise = (seed: number) => (seed % 2 ? 1 : -1) * seed * 0.0003;

/**
 * Rows for `seeds`: every method at 0.80 + a per-seed offset (so only paired tests see through it), and
 * synergy at +`gain(size)` over random, plus noise that has no direction.
 */
function craftRows(seeds: number[], gain: (size: number) => number, mode = 'prune'): RetrainRow[] {
  return seeds.flatMap((seed) =>
    SIZES.flatMap((size) =>
      METHODS.map((method) => {
        const base = 0.8 + 0.004 * seed;
        const value = method === 'synergy' ? base + gain(size) + noise(seed) : method === 'gcmi-model' && size === 2 && seed <= 3 ? 0.1 : base;
        return { seed, method, size, mode, test_accuracy: acc(value) };
      }),
    ),
  );
}

const verdictOf = (rows: RetrainRow[], options: { quick?: boolean } = {}) => retrainFindings(groupStats({ mode: 'prune', epochs: 50, rows }), options).verdicts[0];

describe('Figure 2 statistics (retrainStats)', () => {
  const rows = craftRows(seedsOf(20), () => 0.02);
  const group = groupStats({ mode: 'prune', epochs: 50, rows });

  it('compares every method with random, then synergy with every other method, at every size', () => {
    const families = [...new Set(group.comparisons.map((c) => `${c.method}/${c.versus}`))];
    expect(families).toEqual([
      'synergy/random',
      'redundancy/random',
      'gcmi-mixture/random',
      'gcmi-model/random',
      'synergy/redundancy',
      'synergy/gcmi-mixture',
      'synergy/gcmi-model',
    ]);
    expect(group.comparisons.filter((c) => c.method === 'synergy' && c.versus === 'random').map((c) => c.size)).toEqual(SIZES);
    expect(group.seeds).toEqual(seedsOf(20));
  });

  it('pairs by seed: a per-seed offset cancels, every seed wins, and p is exact and Holm-corrected over the sizes', () => {
    const c = group.comparisons.find((x) => x.method === 'synergy' && x.versus === 'random' && x.size === 4)!;
    expect(c.n).toBe(20);
    expect(c.mean_difference).toBeCloseTo(0.02 + seedsOf(20).reduce((s, k) => s + noise(k), 0) / 20, 9);
    expect([c.wins, c.losses, c.ties]).toEqual([20, 0, 0]);
    expect(c.wilcoxon).toEqual({ statistic: 210, p: 2 / 2 ** 20, method: 'exact' });
    expect(c.p_holm).toBeCloseTo((6 * 2) / 2 ** 20, 15);
    expect(c.ci[0]).toBeLessThan(c.mean_difference);
    expect(c.ci[1]).toBeGreaterThan(c.mean_difference);
    const family = group.comparisons.filter((x) => x.method === 'redundancy' && x.versus === 'random');
    expect(family.map((x) => x.p_holm)).toEqual(holm(family.map((x) => x.wilcoxon.p)));
    // redundancy equals random everywhere: all ties, nothing to test.
    expect(family.every((x) => x.ties === 20 && x.wilcoxon.p === 1 && x.mean_difference === 0)).toBe(true);
  });

  it('counts the networks at chance level (test accuracy ≤ 0.11) per method and size', () => {
    expect(group.chance.find((c) => c.method === 'gcmi-model' && c.size === 2)).toEqual({ method: 'gcmi-model', size: 2, at_chance: 3, networks: 20 });
    expect(group.chance.filter((c) => c.at_chance > 0)).toHaveLength(1);
    expect(group.chance).toHaveLength(METHODS.length * SIZES.length);
  });

  it('orders methods it does not know after the known ones, and compares them too', () => {
    const extra = rows.filter((r) => r.method === 'synergy').map((r) => ({ ...r, method: 'novel' }));
    const families = [...new Set(groupStats({ mode: 'prune', epochs: 50, rows: [...extra, ...rows] }).comparisons.map((c) => `${c.method}/${c.versus}`))];
    expect(families.indexOf('novel/random')).toBe(4);
    expect(families.at(-1)).toBe('synergy/novel');
  });
});

describe('re-training verdicts', () => {
  const seeds = seedsOf(20);

  it('holds when synergy beats random significantly at a majority of sizes', () => {
    const v = verdictOf(craftRows(seeds, () => 0.02));
    expect(v.verdict).toBe('holds');
    expect(v.claim).toMatch(/synergy beats random/);
    expect(v.criterion).toMatch(/Holm-corrected Wilcoxon signed-rank p < 0.05/);
    expect(v.detail).toMatch(/better at 6 of 6 sizes \(k = 2, 4, 6, 8, 10, 12\)/);
  });

  it('partly when at some sizes only', () => {
    const v = verdictOf(craftRows(seeds, (k) => (k <= 4 ? 0.02 : 0)));
    expect(v.verdict).toBe('partly');
    expect(v.detail).toMatch(/better at 2 of 6 sizes \(k = 2, 4\)/);
  });

  it('does not hold when synergy never beats random significantly, even when its mean is higher', () => {
    const v = verdictOf(craftRows(seeds, () => 0.0005));
    expect(v.verdict).toBe('does not hold');
    expect(v.detail).toMatch(/better at 0 of 6 sizes/);
    // A mean-only comparison would have said otherwise: synergy's mean is above random's at every size.
    expect(groupStats({ mode: 'prune', epochs: 50, rows: craftRows(seeds, () => 0.0005) }).comparisons.filter((c) => c.versus === 'random' && c.method === 'synergy').every((c) => c.mean_difference > 0)).toBe(true);
    expect(verdictOf(craftRows(seeds, () => -0.02)).detail).toMatch(/worse at k = 2, 4, 6, 8, 10, 12/);
  });

  it('also judges synergy against each other method', () => {
    const { verdicts } = retrainFindings(groupStats({ mode: 'prune', epochs: 50, rows: craftRows(seeds, () => 0.02) }));
    expect(verdicts.map((v) => v.claim)).toEqual([
      'The synergistic sub-network matters: synergy beats random (prune, 50 epochs)',
      'Synergy beats redundancy (prune, 50 epochs)',
      'Synergy beats gcmi-mixture (prune, 50 epochs)',
      'Synergy beats gcmi-model (prune, 50 epochs)',
    ]);
  });

  it('a quick run, or too few seeds, is too small to decide', () => {
    const quick = retrainFindings(groupStats({ mode: 'prune', epochs: 3, rows: craftRows(seedsOf(20), () => 0.02) }), { quick: true });
    expect(quick.verdicts.every((v) => v.verdict === 'too small to decide')).toBe(true);
    expect(quick.sentences[0]).toMatch(/: too small to decide\. A quick run \(--quick, 20 seeds\) is a first look/);
    expect(verdictOf(craftRows(seedsOf(4), () => 0.02)).detail).toMatch(/^4 seeds are too few to decide \(at least 5 needed\)/);
    // 6 seeds: every seed may win, yet 6 sizes × 2/2⁶ = 0.19 — no test could reach p < 0.05.
    const six = verdictOf(craftRows(seedsOf(6), () => 0.02));
    expect(six.verdict).toBe('too small to decide');
    expect(six.detail).toMatch(/smallest attainable is 0\.188/);
    expect(verdictOf(craftRows(seedsOf(9), () => 0.02)).verdict).toBe('holds');
  });

  it('names the networks left at chance', () => {
    const { sentences } = retrainFindings(groupStats({ mode: 'prune', epochs: 50, rows: craftRows(seeds, () => 0.02) }));
    expect(sentences.join('\n')).toMatch(/at chance level \(test accuracy ≤ 11 %\).*gcmi-model k = 2: 3 of 20/);
  });
});

/** layerwise.json with per-seed extremes: at the sizes `synergic(layer, size)` |min Ω| > max Ω in `share` of the seeds. */
function craftLayerwise(nSeeds: number, synergic: (layer: number, size: number) => number): Layerwise {
  const extremum = (per_seed: number[]) => ({ mean: per_seed.reduce((a, b) => a + b, 0) / per_seed.length, sd: 0, per_seed, multiplets: per_seed.map(() => ['n0', 'n1']) });
  return {
    units: 'bits',
    seeds: seedsOf(nSeeds),
    layers: ['fc1', 'fc2', 'fc3'].map((name, l) => ({
      layer: name,
      sizes: Array.from({ length: 10 }, (_, i) => i + 2).map((size) => {
        const synergySeeds = Math.round(synergic(l, size) * nSeeds);
        const min = seedsOf(nSeeds).map((s) => (s <= synergySeeds ? -2 : -0.5));
        const max = seedsOf(nSeeds).map(() => 1);
        return { size, synergy: extremum(min), redundancy: extremum(max), greedy: { synergy: extremum(min), redundancy: extremum(max) } };
      }),
    })),
  };
}

describe('layerwise verdicts', () => {
  const paper = (layer: number, size: number) => (layer === 0 ? 0 : layer === 2 ? (size <= 8 ? 0.9 : 0.5) : 0.5);

  it('holds when the first layer is redundancy-dominated and the last synergy-dominated at a majority of sizes', () => {
    const { verdicts, sentences } = layerwiseFindings(craftLayerwise(20, paper));
    expect(verdicts.map((v) => [v.claim, v.verdict])).toEqual([
      ['fc1 is redundancy-dominated', 'holds'],
      ['fc2 is synergy-dominated', 'does not hold'],
      ['fc3 is synergy-dominated', 'holds'],
      ["The paper's finding: the first hidden layer (fc1) is redundancy-dominated, the last (fc3) synergy-dominated", 'holds'],
    ]);
    expect(verdicts[2].detail).toMatch(/^Synergy-dominated at 7 of 10 sizes \(k = 2–8\); seeds with \|min Ω\| > max Ω: k = 2: 18\/20, .*k = 11: 10\/20$/);
    expect(verdicts[2].criterion).toMatch(/\|min Ω\| > max Ω in ≥ 75 % of seeds/);
    expect(sentences.join('\n')).toMatch(/fc3 is synergy-dominated: holds\./);
  });

  it('partly when the last layer is synergy-dominated at a minority of sizes', () => {
    const { verdicts } = layerwiseFindings(craftLayerwise(20, (l, k) => (l === 2 && k <= 4 ? 0.8 : l === 0 ? 0.1 : 0.5)));
    expect(verdicts[2].verdict).toBe('partly');
    expect(verdicts[0].verdict).toBe('holds');
    expect(verdicts[3].verdict).toBe('partly');
  });

  it('does not hold when the first layer is synergic and the last redundant', () => {
    const { verdicts } = layerwiseFindings(craftLayerwise(20, (l) => (l === 0 ? 1 : 0)));
    expect(verdicts.map((v) => v.verdict)).toEqual(['does not hold', 'does not hold', 'does not hold', 'does not hold']);
    // 70 % of seeds is not 75 %: no size is dominated either way.
    expect(layerwiseFindings(craftLayerwise(20, () => 0.7)).verdicts[2].detail).toMatch(/at 0 of 10 sizes/);
  });

  it('a quick run or fewer than 5 seeds is too small to decide', () => {
    for (const [n, quick] of [[20, true], [4, false]] as const) {
      const { verdicts, sentences } = layerwiseFindings(craftLayerwise(n, paper), { quick });
      expect(verdicts.every((v) => v.verdict === 'too small to decide')).toBe(true);
      expect(sentences.join('\n')).toMatch(/synergy-dominated: too small to decide/);
    }
  });
});

describe('the report stage writes results/stats.json', () => {
  it('for every re-training setting present, with the schema the report renders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oinfo-stats-'));
    const config = openRun(dir, { dataset: 'crafted', seeds: 6, epochs: 2, maxSize: 4 });
    for (const seed of config.seeds) writeMetrics(dir, { seed, history: [], train_accuracy: 0.9, test_accuracy: 0.85 + seed / 1000 });
    writeLayerwise(dir, { ...craftLayerwise(6, () => 0.5), label: 'continuous' } as Parameters<typeof writeLayerwise>[1]); // layerwise.json: the continuous label's
    const prune = craftRows(config.seeds, () => 0.02).filter((r) => config.retrainSizes.includes(r.size));
    for (const k of config.retrainSizes) writeRetrainSize(dir, config, k, { seconds: 1, rows: prune.filter((r) => r.size === k) });
    const other = { ...config, mode: 'freeze-init' as const, retrainEpochs: 1 };
    writeRetrainSize(dir, other, 4, { seconds: 1, rows: craftRows(config.seeds, () => 0, 'freeze-init').filter((r) => r.size === 4) });
    writeRetrainCsv(dir, collectRetrainRows(dir, config));

    await reportStage(dir, config, silentReporter);

    const stats = readStats(dir)!;
    expect(Object.keys(stats)).toEqual(['chance_level', 'bootstrap', 'groups']);
    expect(stats.chance_level).toBe(0.11);
    expect(stats.bootstrap).toEqual({ resamples: 10000, level: 0.95, seed: 1 });
    expect(stats.groups.map((g) => [g.mode, g.epochs])).toEqual([
      ['prune', 2],
      ['freeze-init', 1],
    ]);
    const [group] = stats.groups;
    expect(Object.keys(group)).toEqual(['mode', 'epochs', 'label', 'seeds', 'comparisons', 'chance']);
    expect(group.seeds).toEqual(config.seeds);
    expect(Object.keys(group.comparisons[0])).toEqual(['method', 'versus', 'size', 'n', 'mean_difference', 'ci', 'wilcoxon', 'p_holm', 'wins', 'losses', 'ties']);
    expect(Object.keys(group.comparisons[0].wilcoxon)).toEqual(['statistic', 'p', 'method']);
    expect(Object.keys(group.chance[0])).toEqual(['method', 'size', 'at_chance', 'networks']);
    // The same numbers as computed directly from the rows.
    expect(stats).toEqual(JSON.parse(JSON.stringify(retrainStats([{ mode: 'prune', epochs: 2, rows: prune }, { mode: 'freeze-init', epochs: 1, rows: craftRows(config.seeds, () => 0, 'freeze-init').filter((r) => r.size === 4) }]))));
    expect(stats.groups[1].comparisons.map((c) => c.size)).toEqual(Array(7).fill(4));

    // 6 seeds over 6 sizes cannot reach significance: the report says so instead of a verdict.
    const html = readFileSync(runPaths(dir).report, 'utf8');
    // The other setting (freeze-init, 1 epoch) gets its own Figure 2, drawn from its own rows.
    expect(html).toContain('id="figure2-freeze-init-e1"');
    expect(readFileSync(join(dir, 'figure2-freeze-init-e1.svg'), 'utf8')).toMatch(/^<svg[\s\S]*freeze-init/);
    // Verdicts are rows of the report's verdicts table: claim, criterion, verdict, detail.
    expect(html).toMatch(/<tr><td>[^<]*synergy beats random \(prune, 2 epochs\)<\/td><td>[^<]*<\/td><td class="verdict undecided">too small to decide<\/td>/);
    expect(html).toMatch(/<tr><td>fc3 is synergy-dominated<\/td><td>[^<]*<\/td><td class="verdict \w+">(holds|partly|does not hold)<\/td>/);
  });
});
