/**
 * Figure 1 of the paper: per hidden layer and multiplet size k, the most synergistic (min Ω) and the most
 * redundant (max Ω) multiplet — k neurons plus the label y — as bars of the mean over seeds ± sd, with the
 * paper's greedy search marked wherever it misses the exhaustive extremum.
 */
import { join } from 'node:path';

import type { TopLevelSpec } from 'vega-lite';

import { writeFileAtomic } from '../util/atomicWrite.js';
import { figureTitle, renderVegaLite } from './render.js';
import type { Extremum, FigureFiles, Layerwise, SizeEntry } from './types.js';

/** Greedy and exhaustive means closer than this are the same result. */
export const GREEDY_TOLERANCE = 1e-9;

export const SYNERGY_COLOR = '#2c6fbb';
export const REDUNDANCY_COLOR = '#c83c32';
const SYNERGY_LABEL = 'synergy (min Ω)';
const REDUNDANCY_LABEL = 'redundancy (max Ω)';
const GREEDY_LABEL = 'greedy search, where ≠ exhaustive';

export type Kind = 'synergy' | 'redundancy';

/** Greedy mean − exhaustive mean (≥ 0 for synergy, ≤ 0 for redundancy when the greedy misses). */
export function greedyGap(entry: SizeEntry, kind: Kind): number {
  return entry.greedy[kind].mean - entry[kind].mean;
}

/** Whether the greedy search found a different extremum than the exhaustive one (beyond `tolerance`). */
export function greedyDiffers(entry: SizeEntry, kind: Kind, tolerance = GREEDY_TOLERANCE): boolean {
  const gap = greedyGap(entry, kind);
  return Number.isFinite(gap) && Math.abs(gap) > tolerance;
}

export interface Figure1Options {
  title?: string;
  /** Lines under the title; the default says what the bars, error bars and marks are. */
  subtitle?: string | string[];
  /** Width of one size's band in a panel, px (default 15; panels are at least `minPanelWidth` wide). */
  step?: number;
  /** Narrowest panel, px (default 220), so that few sizes still make a readable panel. */
  minPanelWidth?: number;
  /** Panel height, px (default 300). */
  height?: number;
  /** Panels per row (default: all layers in one row, up to 4). */
  columns?: number;
  greedyTolerance?: number;
}

/** One datum of the figure: a bar (role `exhaustive`) or a greedy mark (role `greedy`). */
interface Datum {
  role: 'exhaustive' | 'greedy';
  layer: string;
  size: number;
  kind: string;
  mean: number;
  lo: number | null;
  hi: number | null;
  marker?: string;
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function barDatum(layer: string, size: number, kind: string, e: Extremum): Datum {
  const sd = finite(e.sd) ? e.sd : null;
  return {
    role: 'exhaustive',
    layer,
    size,
    kind,
    mean: e.mean,
    lo: sd === null ? null : e.mean - sd,
    hi: sd === null ? null : e.mean + sd,
  };
}

/** The data rows of Figure 1 (exported for tests and for anyone re-plotting). */
export function figure1Data(layerwise: Layerwise, tolerance = GREEDY_TOLERANCE): Datum[] {
  const rows: Datum[] = [];
  for (const { layer, sizes } of layerwise.layers) {
    for (const entry of [...sizes].sort((a, b) => a.size - b.size)) {
      // Redundancy first: bars overlay (not stack) from 0, and where min Ω > 0 too the shorter
      // synergy bar must be drawn over the redundancy bar to stay visible.
      for (const [kind, label] of [
        ['redundancy', REDUNDANCY_LABEL],
        ['synergy', SYNERGY_LABEL],
      ] as const) {
        if (finite(entry[kind].mean)) rows.push(barDatum(layer, entry.size, label, entry[kind]));
        if (greedyDiffers(entry, kind, tolerance)) {
          rows.push({
            role: 'greedy',
            layer,
            size: entry.size,
            kind: label,
            mean: entry.greedy[kind].mean,
            lo: null,
            hi: null,
            marker: GREEDY_LABEL,
          });
        }
      }
    }
  }
  return rows;
}

/** The Vega-Lite spec of Figure 1: one panel per layer, in the order of `layerwise.layers`. */
export function figure1Spec(layerwise: Layerwise, options: Figure1Options = {}): TopLevelSpec {
  const tolerance = options.greedyTolerance ?? GREEDY_TOLERANCE;
  const data = figure1Data(layerwise, tolerance);
  const layers = layerwise.layers.map((l) => l.layer);
  const nSeeds = layerwise.seeds.length;
  const anyGreedy = data.some((d) => d.role === 'greedy');
  const nSizes = new Set(layerwise.layers.flatMap((l) => l.sizes.map((e) => e.size))).size;
  const subtitle = options.subtitle ?? [
    `Each multiplet: k neurons of the layer plus the test label y. Bars: mean over ${nSeeds} seed${nSeeds === 1 ? '' : 's'}; error bars: ± 1 sd.`,
    anyGreedy
      ? '◆ The paper\u2019s greedy search, drawn only at the sizes where its mean differs from the exhaustive extremum.'
      : 'The paper\u2019s greedy search found the exhaustive extremum at every size (no difference > 1e-9).',
  ];

  const x = {
    field: 'size',
    type: 'ordinal' as const,
    title: 'multiplet size k',
    axis: { labelAngle: 0, labelFontSize: 10 },
  };
  const unitsLabel = layerwise.units === 'nats' ? 'nats' : 'bits';

  const panel: Record<string, unknown>[] = [
    {
      transform: [{ filter: "datum.role === 'exhaustive'" }],
      mark: { type: 'bar', width: { band: 0.8 } },
      encoding: {
        x,
        y: {
          field: 'mean',
          type: 'quantitative',
          stack: null,
          title: `O-information Ω (${unitsLabel})`,
          axis: {
            gridColor: { condition: { test: 'datum.value === 0', value: '#555555' }, value: '#e6e6e6' },
            gridWidth: { condition: { test: 'datum.value === 0', value: 1 }, value: 0.6 },
          },
        },
        color: {
          field: 'kind',
          type: 'nominal',
          title: null,
          scale: { domain: [SYNERGY_LABEL, REDUNDANCY_LABEL], range: [SYNERGY_COLOR, REDUNDANCY_COLOR] },
          legend: { orient: 'top', direction: 'horizontal', symbolType: 'square' },
        },
      },
    },
    {
      transform: [{ filter: "datum.role === 'exhaustive' && isValid(datum.lo) && isValid(datum.hi)" }],
      mark: { type: 'errorbar', ticks: { size: 6 }, color: '#222222', thickness: 1 },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: `O-information Ω (${unitsLabel})` },
        y2: { field: 'hi' },
      },
    },
  ];
  if (anyGreedy) {
    panel.push({
      transform: [{ filter: "datum.role === 'greedy'" }],
      mark: { type: 'point', filled: true, color: '#000000', size: 34, opacity: 1 },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        shape: {
          field: 'marker',
          type: 'nominal',
          title: null,
          scale: { domain: [GREEDY_LABEL], range: ['diamond'] },
          legend: { orient: 'top', direction: 'horizontal' },
        },
      },
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: figureTitle(options.title ?? 'Synergy and redundancy of neuron multiplets with the label, per hidden layer', subtitle),
    data: { values: data },
    columns: options.columns ?? Math.min(Math.max(layers.length, 1), 4),
    facet: {
      field: 'layer',
      type: 'nominal',
      sort: layers,
      header: { title: null, labelFontSize: 13, labelFontWeight: 'bold', labelPadding: 4 },
    },
    spec: {
      width: Math.max(nSizes * (options.step ?? 15), options.minPanelWidth ?? 220),
      height: options.height ?? 300,
      layer: panel,
    },
    resolve: { scale: { y: 'shared' } },
    padding: 12,
    config: {
      view: { stroke: '#bbbbbb' },
      axis: { titleFontSize: 12, labelFontSize: 11, titleFontWeight: 'normal' },
      legend: { labelFontSize: 11, labelLimit: 400 },
    },
  } as unknown as TopLevelSpec;
}

/** Renders Figure 1 and writes `figure1.svg` and `figure1.png` in `outDir` (each atomically). */
export async function writeFigure1(
  layerwise: Layerwise,
  outDir: string,
  options: Figure1Options = {},
): Promise<FigureFiles> {
  const { svg, png } = await renderVegaLite(figure1Spec(layerwise, options));
  const svgPath = join(outDir, 'figure1.svg');
  const pngPath = join(outDir, 'figure1.png');
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, png);
  return { svgPath, pngPath };
}
