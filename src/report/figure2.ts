/**
 * Figure 2 of the paper (lottery-ticket re-training): test accuracy of the re-trained sub-networks against
 * the number k of neurons kept per hidden layer per selection method — every network, mean ± sd over seeds,
 * the trained full network and chance level as references — and, from results/stats.json, each method's
 * paired difference from random selection with its confidence interval.
 */
import { join } from 'node:path';

import type { TopLevelSpec } from 'vega-lite';

import { OinfoInputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { summarize } from '../util/stats.js';
import { figureTitle, renderVegaLite } from './render.js';
import { fitAxis, REDUNDANCY_COLOR, SYNERGY_COLOR } from './figure1.js';
import type { FigureFiles, RetrainMeta, RetrainRow, StatsComparison, StatsFile, StatsGroup } from './types.js';

/** The methods in legend order, with their colours; unknown methods follow in grey tones. */
export const METHOD_ORDER = ['synergy', 'redundancy', 'synergy-greedy', 'redundancy-greedy', 'random', 'gcmi-mixture', 'gcmi-model'] as const;
const METHOD_COLORS: Record<string, string> = {
  synergy: SYNERGY_COLOR,
  redundancy: REDUNDANCY_COLOR,
  // The paper's greedy selections: lighter tones of synergy's and redundancy's colours.
  'synergy-greedy': '#86b4e3',
  'redundancy-greedy': '#e8958e',
  random: '#7f7f7f',
  'gcmi-mixture': '#1b9e77',
  'gcmi-model': '#e08a0b',
};
const EXTRA_COLORS = ['#8e5ea2', '#a6761d', '#e7298a', '#17becf', '#393b79'];
export const FULL_METHOD = 'full';

/** Mean, sample sd (n − 1; 0 for a single value) and count. */
export type Summary = ReturnType<typeof summarize>;

export interface MethodPoint extends Summary {
  method: string;
  size: number;
}

export interface Figure2Summary {
  /** One point per method and size (mode-matched rows only), methods in legend order, sizes ascending. */
  points: MethodPoint[];
  /** The trained full network over seeds (each seed's accuracy averaged first, whatever its rows' size or mode). */
  full: Summary | undefined;
  methods: string[];
  sizes: number[];
  seeds: number[];
}

/**
 * Aggregates `retrain.csv` rows: non-`full` rows of `meta.mode` (and `meta.epochs`, for rows that name their
 * epochs) grouped by method and size; `full` rows are the reference, independent of size and mode.
 */
export function summarizeRetrain(rows: RetrainRow[], meta: RetrainMeta): Figure2Summary {
  const groups = new Map<string, { method: string; size: number; values: number[] }>();
  const fullBySeed = new Map<number, number[]>();
  const seeds = new Set<number>();
  for (const row of rows) {
    if (!Number.isFinite(row.test_accuracy)) continue;
    if (row.method === FULL_METHOD) {
      const list = fullBySeed.get(row.seed) ?? [];
      list.push(row.test_accuracy);
      fullBySeed.set(row.seed, list);
      seeds.add(row.seed);
      continue;
    }
    if (row.mode !== meta.mode) continue;
    if (row.epochs !== undefined && row.epochs !== meta.epochs) continue;
    seeds.add(row.seed);
    const key = `${row.method}\u0000${row.size}`;
    const group = groups.get(key) ?? { method: row.method, size: row.size, values: [] };
    group.values.push(row.test_accuracy);
    groups.set(key, group);
  }
  const known = new Set<string>(METHOD_ORDER);
  const present = new Set([...groups.values()].map((g) => g.method));
  const methods = [
    ...METHOD_ORDER.filter((m) => present.has(m)),
    ...[...present].filter((m) => !known.has(m)).sort(),
  ];
  const rank = new Map(methods.map((m, i) => [m, i]));
  const points = [...groups.values()]
    .map((g) => ({ method: g.method, size: g.size, ...summarize(g.values) }))
    .sort((a, b) => rank.get(a.method)! - rank.get(b.method)! || a.size - b.size);
  const perSeedFull = [...fullBySeed.values()].map((v) => summarize(v).mean);
  return {
    points,
    full: perSeedFull.length > 0 ? summarize(perSeedFull) : undefined,
    methods,
    sizes: [...new Set(points.map((p) => p.size))].sort((a, b) => a - b),
    seeds: [...seeds].sort((a, b) => a - b),
  };
}

export interface Figure2Options {
  title?: string;
  subtitle?: string | string[];
  /** Width of each panel, px (default 560). */
  width?: number;
  /** Height of panel A, px (default 300; panel B is 0.75 of it). */
  height?: number;
  /** results/stats.json: panel B (paired differences from random) is drawn from its group of `meta`. */
  stats?: StatsFile;
}

/** Chance level of ten balanced classes: the reference line of panel A. */
export const CHANCE_ACCURACY = 0.1;

/** The group of stats.json for a re-training mode, epoch count and label treatment. */
export function statsGroup(stats: StatsFile | undefined, meta: RetrainMeta): StatsGroup | undefined {
  return (stats?.groups ?? []).find(
    (g) => g.mode === meta.mode && g.epochs === meta.epochs && (meta.label === undefined || g.label === undefined || g.label === meta.label),
  );
}

/** The comparisons with `random` of a stats group, in legend order of their methods. */
export function randomComparisons(group: StatsGroup | undefined): StatsComparison[] {
  const list = (group?.comparisons ?? []).filter((c) => c.versus === 'random' && Number.isFinite(c.mean_difference));
  const rank = (m: string) => {
    const i = (METHOD_ORDER as readonly string[]).indexOf(m);
    return i < 0 ? METHOD_ORDER.length : i;
  };
  return list.sort((a, b) => rank(a.method) - rank(b.method) || a.method.localeCompare(b.method) || a.size - b.size);
}

/**
 * The Vega-Lite spec of Figure 2. Panel A: test accuracy against k per method — each seed's network as a
 * small point (hollow at chance level), the mean as a large point with ± 1 sd bars — with the full network
 * and chance level as lines. Panel B (when `options.stats` has this mode and epochs): each method's paired
 * difference from random with its confidence interval. Throws an OinfoInputError when no row matches `meta.mode`.
 */
export function figure2Spec(rows: RetrainRow[], meta: RetrainMeta, options: Figure2Options = {}): TopLevelSpec {
  const summary = summarizeRetrain(rows, meta);
  if (summary.points.length === 0) {
    throw new OinfoInputError(`no re-training results with mode ${meta.mode} to plot in Figure 2`);
  }
  const { points, full, sizes } = summary;
  const nSeeds = summary.seeds.length;
  const group = statsGroup(options.stats, meta);
  const comparisons = randomComparisons(group);
  const chanceLevel = options.stats?.chance_level ?? 0.11;

  // Every method of either panel, in legend order, with one colour each.
  const known = new Set<string>(METHOD_ORDER);
  const extra = [...new Set(comparisons.map((c) => c.method))].filter((m) => !summary.methods.includes(m));
  const methods = [...summary.methods, ...extra.filter((m) => known.has(m)), ...extra.filter((m) => !known.has(m)).sort()];
  const colorRange = methods.map((m, i) => METHOD_COLORS[m] ?? EXTRA_COLORS[i % EXTRA_COLORS.length]);
  const color = {
    field: 'method',
    type: 'nominal' as const,
    title: 'selection method',
    scale: { domain: methods, range: colorRange },
    legend: { orient: 'right', symbolType: 'circle', symbolSize: 90, symbolOpacity: 1 },
  };

  // x: the sizes evenly spaced (index 0, 1, …, labelled with k); methods side by side within a size.
  const allSizes = [...new Set([...sizes, ...comparisons.map((c) => c.size)])].sort((a, b) => a - b);
  const slot = new Map(allSizes.map((k, i) => [k, i]));
  const band = 0.8;
  const offset = (list: string[], method: string) => {
    const i = list.indexOf(method);
    return list.length > 1 ? (i / (list.length - 1) - 0.5) * band * (1 - 1 / list.length) : 0;
  };
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: 'neurons kept per hidden layer, k',
    scale: { domain: [-0.5, allSizes.length - 0.5], nice: false, zero: false },
    axis: { values: allSizes.map((_, i) => i), labelExpr: `${JSON.stringify(allSizes)}[datum.value]`, grid: false, tickSize: 0 },
  };
  const sizeGrid = allSizes.slice(1).map((_, i) => ({ x: i + 0.5 }));

  // Panel A data.
  const wanted = (r: RetrainRow) => r.method !== FULL_METHOD && r.mode === meta.mode && (r.epochs === undefined || r.epochs === meta.epochs) && Number.isFinite(r.test_accuracy);
  const seedRank = new Map(summary.seeds.map((seed, i) => [seed, i]));
  const spread = band / Math.max(summary.methods.length, 1) * 0.7;
  const perSeed = rows.filter(wanted).map((r) => {
    const j = nSeeds > 1 ? seedRank.get(r.seed)! / (nSeeds - 1) - 0.5 : 0;
    return {
      method: r.method,
      size: r.size,
      seed: r.seed,
      value: r.test_accuracy,
      x: slot.get(r.size)! + offset(summary.methods, r.method) + j * spread,
      atChance: r.test_accuracy <= chanceLevel,
    };
  });
  const means = points.map((p) => ({ ...p, x: slot.get(p.size)! + offset(summary.methods, p.method), lo: p.mean - p.sd, hi: p.mean + p.sd }));
  const asFraction = [...perSeed.map((d) => d.value), ...(full ? [full.mean] : [])].every((v) => v <= 1.0001);
  const percentFormat = (decimals: number, sign = '') => (asFraction ? `${sign}.${Math.max(0, decimals - 2)}%` : `${sign}.${decimals}f`);
  const accValues = [...perSeed.map((d) => d.value), ...means.flatMap((m) => [m.lo, m.hi]), ...(full ? [full.mean] : [])];
  const yA = fitAxis(accValues);
  const chanceShown = asFraction && CHANCE_ACCURACY >= yA.domain[0] && CHANCE_ACCURACY <= yA.domain[1];
  const yAccuracy = {
    type: 'quantitative' as const,
    title: 'test accuracy',
    scale: { domain: yA.domain, nice: false, zero: false },
    axis: { values: yA.ticks, format: percentFormat(yA.decimals), gridColor: '#ececec' },
  };

  const panelA: Record<string, unknown>[] = [
    { data: { values: sizeGrid }, mark: { type: 'rule', color: '#e4e4e4', strokeWidth: 1 }, encoding: { x } },
  ];
  const reference = (name: string, value: number, label: string, dash: number[], colour: string) => [
    { name, data: { values: [{ value }] }, mark: { type: 'rule', color: colour, strokeDash: dash, strokeWidth: 1.3 }, encoding: { y: { ...yAccuracy, field: 'value' } } },
    {
      data: { values: [{ value }] },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, fontSize: 11, color: colour },
      encoding: { y: { ...yAccuracy, field: 'value' }, x: { value: { expr: 'width - 4' } }, text: { value: label } },
    },
  ];
  if (full && Number.isFinite(full.mean)) panelA.push(...reference('full_network', full.mean, `full network ${formatAccuracy(full.mean, asFraction)}`, [6, 4], '#111111'));
  if (chanceShown) panelA.push(...reference('chance_level', CHANCE_ACCURACY, 'chance level 10%', [2, 3], '#777777'));
  panelA.push(
    {
      data: { values: means },
      mark: { type: 'line', strokeWidth: 1, opacity: 0.45 },
      encoding: { x, y: { ...yAccuracy, field: 'mean' }, color, detail: { field: 'method' } },
    },
    {
      name: 'seed_points',
      data: { values: perSeed.filter((d) => !d.atChance) },
      mark: { type: 'point', filled: true, size: 22, opacity: 0.55 },
      encoding: { x, y: { ...yAccuracy, field: 'value' }, color },
    },
    {
      name: 'seed_points_at_chance',
      data: { values: perSeed.filter((d) => d.atChance) },
      mark: { type: 'point', filled: false, fill: '#ffffff', size: 26, strokeWidth: 1.2, opacity: 1 },
      encoding: { x, y: { ...yAccuracy, field: 'value' }, color },
    },
    {
      name: 'sd_bars',
      data: { values: means.filter((m) => m.sd > 0) },
      mark: { type: 'rule', strokeWidth: 1.2 },
      encoding: { x, y: { ...yAccuracy, field: 'lo' }, y2: { field: 'hi' }, color },
    },
    {
      name: 'means',
      data: { values: means },
      mark: { type: 'point', filled: true, size: 70, opacity: 1, stroke: '#ffffff', strokeWidth: 0.8 },
      encoding: { x, y: { ...yAccuracy, field: 'mean' }, color },
    },
  );

  const width = options.width ?? 560;
  const height = options.height ?? 300;
  const seedsText = `${nSeeds} seed${nSeeds === 1 ? '' : 's'}`;
  const panels: Record<string, unknown>[] = [
    {
      title: { text: 'A. Test accuracy after re-training', anchor: 'start', fontSize: 12, fontWeight: 'bold' },
      width,
      height,
      layer: panelA,
    },
  ];

  if (comparisons.length > 0) {
    const bMethods = [...new Set(comparisons.map((c) => c.method))];
    const chance = new Map((group?.chance ?? []).map((c) => [`${c.method}\u0000${c.size}`, c]));
    const diffs = comparisons.map((c) => {
      const atChance = chance.get(`${c.method}\u0000${c.size}`);
      return {
        method: c.method,
        size: c.size,
        x: slot.get(c.size)! + offset(bMethods, c.method),
        mean: c.mean_difference,
        lo: c.ci[0],
        hi: c.ci[1],
        significant: Number.isFinite(c.p_holm) && c.p_holm < 0.05,
        chanceLabel: atChance && atChance.at_chance > 0 ? `${atChance.at_chance}` : '',
      };
    });
    // Room under a labelled interval for its at-chance count (about a tenth of the span).
    const spanB = Math.max(0, ...diffs.flatMap((d) => [d.lo, d.hi])) - Math.min(0, ...diffs.flatMap((d) => [d.lo, d.hi]));
    const yB = fitAxis([0, ...diffs.flatMap((d) => [d.lo, d.hi, d.mean, ...(d.chanceLabel ? [d.lo - 0.12 * spanB] : [])])], 5);
    const yDiff = {
      type: 'quantitative' as const,
      title: ['difference from random', '(test accuracy, paired)'],
      scale: { domain: yB.domain, nice: false, zero: false },
      axis: { values: yB.ticks, format: percentFormat(yB.decimals, '+'), gridColor: '#ececec' },
    };
    const level = Math.round(100 * (options.stats?.bootstrap.level ?? 0.95));
    panels.push({
      title: { text: `B. Paired difference from random, mean and ${level}% bootstrap CI`, anchor: 'start', fontSize: 12, fontWeight: 'bold' },
      width,
      height: Math.round(height * 0.75),
      layer: [
        { data: { values: sizeGrid }, mark: { type: 'rule', color: '#e4e4e4', strokeWidth: 1 }, encoding: { x } },
        { name: 'zero_line', data: { values: [{ value: 0 }] }, mark: { type: 'rule', color: '#333333', strokeWidth: 1 }, encoding: { y: { ...yDiff, field: 'value' } } },
        {
          name: 'confidence_intervals',
          data: { values: diffs },
          mark: { type: 'rule', strokeWidth: 1.6 },
          encoding: { x, y: { ...yDiff, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        {
          name: 'difference_points',
          data: { values: diffs.filter((d) => d.significant) },
          mark: { type: 'point', filled: true, size: 60, opacity: 1 },
          encoding: { x, y: { ...yDiff, field: 'mean' }, color },
        },
        {
          name: 'difference_points_hollow',
          data: { values: diffs.filter((d) => !d.significant) },
          mark: { type: 'point', filled: false, fill: '#ffffff', size: 60, strokeWidth: 1.6, opacity: 1 },
          encoding: { x, y: { ...yDiff, field: 'mean' }, color },
        },
        {
          name: 'chance_counts',
          data: { values: diffs.filter((d) => d.chanceLabel) },
          mark: { type: 'text', baseline: 'top', dy: 4, fontSize: 10, fontWeight: 'bold' },
          encoding: { x, y: { ...yDiff, field: 'lo' }, text: { field: 'chanceLabel' }, color },
        },
      ],
    });
  }

  const anyAtChance = perSeed.some((d) => d.atChance);
  const subtitle = options.subtitle ?? [
    `Re-training mode: ${meta.mode}, ${meta.epochs} epoch${meta.epochs === 1 ? '' : 's'} from the initial weights θ₀; ${seedsText}.`,
    `A: small points = one network each${anyAtChance ? ` (hollow: at chance level, ≤ ${formatAccuracy(chanceLevel, true)})` : ''}; large points = mean; bars = ± 1 sd.` +
      (full ? ' Dashed: the trained full network (mean).' : '') +
      (asFraction && !chanceShown ? ' Chance level (10%) lies below the axis.' : ''),
    comparisons.length > 0
      ? `B: method − random per seed (same θ₀ and minibatches); filled = Holm-corrected Wilcoxon p < 0.05; a number under a bar = its networks at chance level.`
      : options.stats
        ? `No statistics for ${meta.mode}, ${meta.epochs} epochs in stats.json: panel B left out.`
        : 'No stats.json: panel B (paired differences from random) left out.',
  ];

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: figureTitle(options.title ?? 'Test accuracy of re-trained sub-networks by neuron selection method', subtitle),
    vconcat: panels,
    spacing: 28,
    resolve: { scale: { color: 'shared', x: 'independent', y: 'independent' }, legend: { color: 'shared' } },
    padding: 12,
    config: {
      view: { stroke: '#bbbbbb' },
      axis: { titleFontSize: 12, labelFontSize: 11, titleFontWeight: 'normal' },
      legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
    },
  } as unknown as TopLevelSpec;
}

function formatAccuracy(value: number, asFraction: boolean): string {
  return asFraction ? `${(value * 100).toFixed(1)}%` : value.toFixed(1);
}

/** Renders Figure 2 and writes `figure2.svg` and `figure2.png` in `outDir` (each atomically). */
export async function writeFigure2(
  rows: RetrainRow[],
  meta: RetrainMeta,
  outDir: string,
  options: Figure2Options = {},
  /** The files' name without extension: figure2 for the run's current setting, figure2-MODE-eE[-LABEL] for the others. */
  name = 'figure2',
): Promise<FigureFiles> {
  const { svg, png } = await renderVegaLite(figure2Spec(rows, meta, options));
  const svgPath = join(outDir, `${name}.svg`);
  const pngPath = join(outDir, `${name}.png`);
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, png);
  return { svgPath, pngPath };
}
