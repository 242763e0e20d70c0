/**
 * Figure 2 of the paper (lottery-ticket re-training): test accuracy of the re-trained sub-networks against
 * the number k of neurons kept per hidden layer, one line per selection method (mean ± sd over seeds), with
 * the trained full network as the reference.
 */
import { join } from 'node:path';

import type { TopLevelSpec } from 'vega-lite';

import { OinfoInputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { summarize } from '../util/stats.js';
import { figureTitle, renderVegaLite } from './render.js';
import { REDUNDANCY_COLOR, SYNERGY_COLOR } from './figure1.js';
import type { FigureFiles, RetrainMeta, RetrainRow } from './types.js';

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
 * Aggregates `retrain.csv` rows: non-`full` rows of `meta.mode` grouped by method and size; `full` rows are
 * the reference, independent of size and mode.
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
  width?: number;
  height?: number;
}

/** The Vega-Lite spec of Figure 2. Throws an OinfoInputError when no row matches `meta.mode`. */
export function figure2Spec(rows: RetrainRow[], meta: RetrainMeta, options: Figure2Options = {}): TopLevelSpec {
  const summary = summarizeRetrain(rows, meta);
  if (summary.points.length === 0) {
    throw new OinfoInputError(`no re-training results with mode ${meta.mode} to plot in Figure 2`);
  }
  const { points, full, methods, sizes } = summary;
  const nSeeds = summary.seeds.length;
  const colorRange = methods.map((m, i) => METHOD_COLORS[m] ?? EXTRA_COLORS[i % EXTRA_COLORS.length]);

  const all = [...points.flatMap((p) => [p.mean - p.sd, p.mean + p.sd])];
  if (full) all.push(full.mean - full.sd, full.mean + full.sd);
  const finiteValues = all.filter(Number.isFinite);
  const asFraction = finiteValues.every((v) => v <= 1.0001);
  const lo = Math.min(...finiteValues);
  const hi = Math.max(...finiteValues);
  const pad = Math.max((hi - lo) * 0.06, asFraction ? 0.005 : 0.5);
  const yDomain = [lo - pad, asFraction ? Math.min(1, hi + pad) : Math.min(100, hi + pad)];

  const data = points.map((p) => ({ ...p, lo: p.mean - p.sd, hi: p.mean + p.sd }));
  const x = {
    field: 'size',
    type: 'quantitative' as const,
    title: 'neurons kept per hidden layer, k',
    scale: { domain: [sizes[0] - 0.5, sizes[sizes.length - 1] + 0.5], nice: false, zero: false },
    axis: { values: sizes, format: 'd', grid: false },
  };
  const y = {
    field: 'mean',
    type: 'quantitative' as const,
    title: 'test accuracy',
    scale: { domain: yDomain, nice: false, zero: false },
    axis: { format: asFraction ? '.0%' : '.0f', gridColor: '#ececec' },
  };
  const color = {
    field: 'method',
    type: 'nominal' as const,
    title: 'selection method',
    scale: { domain: methods, range: colorRange },
    legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 260 },
  };

  const layer: Record<string, unknown>[] = [];
  if (full && Number.isFinite(full.mean)) {
    const fullData = { values: [{ mean: full.mean, lo: full.mean - full.sd, hi: full.mean + full.sd }] };
    if (full.sd > 0) {
      layer.push({
        data: fullData,
        mark: { type: 'rect', color: '#000000', opacity: 0.07 },
        encoding: { y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
      });
    }
    layer.push(
      {
        data: fullData,
        mark: { type: 'rule', color: '#111111', strokeDash: [6, 4], strokeWidth: 1.4 },
        encoding: { y },
      },
      {
        data: fullData,
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -3, fontSize: 11, color: '#111111' },
        encoding: {
          y,
          x: { value: { expr: 'width' } },
          text: { value: `full network ${formatAccuracy(full.mean, asFraction)}` },
        },
      },
    );
  }
  layer.push(
    {
      data: { values: data },
      mark: { type: 'errorband', opacity: 0.16, borders: false },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color: { ...color, legend: null } },
    },
    {
      data: { values: data },
      mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 36 } },
      encoding: { x, y, color },
    },
  );

  const subtitle = options.subtitle ?? [
    `Re-training mode: ${meta.mode}, ${meta.epochs} epoch${meta.epochs === 1 ? '' : 's'} from the initial weights θ₀. ` +
      `Lines: mean over ${nSeeds} seed${nSeeds === 1 ? '' : 's'}; bands: ± 1 sd.`,
    full
      ? `Dashed line: the trained full network (mean${full.sd > 0 ? '; grey band ± 1 sd' : ''}).`
      : 'No full-network reference in the results.',
  ];

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: figureTitle(options.title ?? 'Test accuracy of re-trained sub-networks by neuron selection method', subtitle),
    width: options.width ?? 520,
    height: options.height ?? 320,
    layer,
    // The bands' colour legend is switched off; the lines' one (a stroke per method) stays.
    resolve: { legend: { color: 'independent' } },
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
): Promise<FigureFiles> {
  const { svg, png } = await renderVegaLite(figure2Spec(rows, meta, options));
  const svgPath = join(outDir, 'figure2.svg');
  const pngPath = join(outDir, 'figure2.png');
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, png);
  return { svgPath, pngPath };
}
