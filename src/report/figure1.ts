/**
 * Figure 1 of the paper: per hidden layer and multiplet size k, the most synergistic (min Ω) and the most
 * redundant (max Ω) multiplet — k neurons plus the label y — as side-by-side bars of the mean over seeds ± sd,
 * with the paper's greedy search marked wherever it misses the exhaustive extremum.
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
const GREEDY_SYNERGY_LABEL = 'greedy synergy, where ≠ exhaustive';
const GREEDY_REDUNDANCY_LABEL = 'greedy redundancy, where ≠ exhaustive';
/** Darker shades of the bars' colours: a diamond shows on its own bar and against the other. */
const GREEDY_SYNERGY_COLOR = '#0b2f5e';
const GREEDY_REDUNDANCY_COLOR = '#5e0f0a';

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
  /** Width of one size's band (two bars) in a panel, px (default 18; panels are at least `minPanelWidth` wide). */
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
      // Side by side (grouped by kind within each size), never overlaid: each bar starts at 0.
      for (const [kind, label] of [
        ['synergy', SYNERGY_LABEL],
        ['redundancy', REDUNDANCY_LABEL],
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
            marker: kind === 'synergy' ? GREEDY_SYNERGY_LABEL : GREEDY_REDUNDANCY_LABEL,
          });
        }
      }
    }
  }
  return rows;
}

/** A tick step of 1, 2, 2.5 or 5 × 10ⁿ giving about `target` intervals over `span`. */
export function niceStep(span: number, target = 6): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw)! * power;
  return step;
}

/**
 * An axis fitted to `values`, widened to whole steps of a nice tick step: `[lo, hi]` and the tick values.
 */
export function fitAxis(values: number[], target = 6): { domain: [number, number]; ticks: number[]; decimals: number } {
  const finiteValues = values.filter(finite);
  let min = Math.min(...finiteValues);
  let max = Math.max(...finiteValues);
  if (!(max > min)) {
    // One value (or none): a small window around it.
    const centre = Number.isFinite(min) ? min : 0;
    min = centre - Math.max(Math.abs(centre) * 0.05, 0.01);
    max = centre + Math.max(Math.abs(centre) * 0.05, 0.01);
  }
  const step = niceStep(max - min, target);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(Number((lo + i * step).toPrecision(12)));
  // The decimals that tell the ticks apart (2.5 → 1: labels −2.5, 0.0, 2.5 rather than −3, 0, 3).
  const decimals = (String(Number(step.toPrecision(6))).split('.')[1] ?? '').length;
  return { domain: [ticks[0], ticks.at(-1)!], ticks, decimals };
}

/** The y axis of Figure 1: what is drawn (bars from 0, error bars, greedy marks), fitted. */
export function figure1YAxis(data: Datum[]): ReturnType<typeof fitAxis> {
  return fitAxis([0, ...data.flatMap((d) => [d.mean, d.lo, d.hi]).filter(finite)]);
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
    `Each multiplet: k neurons of the layer plus the test label y. Bars: mean over ${nSeeds} seed${nSeeds === 1 ? '' : 's'} (synergy left, redundancy right); error bars: ± 1 sd.`,
    anyGreedy
      ? 'Diamonds: the paper\u2019s greedy search, on the bar it belongs to, only at the sizes where its mean differs from the exhaustive extremum.'
      : 'The paper\u2019s greedy search found the exhaustive extremum at every size (no difference > 1e-9).',
  ];

  const x = {
    field: 'size',
    type: 'ordinal' as const,
    title: 'multiplet size k',
    scale: { paddingInner: 0.25, paddingOuter: 0.15 },
    axis: { labelAngle: 0, labelFontSize: 10 },
  };
  const xOffset = { field: 'kind', type: 'nominal' as const, scale: { domain: [SYNERGY_LABEL, REDUNDANCY_LABEL], paddingInner: 0.08 } };
  const unitsLabel = layerwise.units === 'nats' ? 'nats' : 'bits';
  const yAxis = figure1YAxis(data);
  const yScale = { domain: yAxis.domain, nice: false, zero: true };

  const panel: Record<string, unknown>[] = [
    {
      transform: [{ filter: "datum.role === 'exhaustive'" }],
      mark: { type: 'bar' },
      encoding: {
        x,
        xOffset,
        y: {
          field: 'mean',
          type: 'quantitative',
          stack: null,
          title: `O-information Ω (${unitsLabel})`,
          scale: yScale,
          axis: {
            values: yAxis.ticks,
            format: `.${yAxis.decimals}f`,
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
      mark: { type: 'errorbar', ticks: { size: 4 }, color: '#222222', thickness: 1 },
      encoding: {
        x,
        xOffset,
        y: { field: 'lo', type: 'quantitative', title: `O-information Ω (${unitsLabel})`, scale: yScale },
        y2: { field: 'hi' },
      },
    },
  ];
  if (anyGreedy) {
    panel.push({
      transform: [{ filter: "datum.role === 'greedy'" }],
      mark: { type: 'point', filled: true, size: 46, opacity: 1, stroke: '#ffffff', strokeWidth: 1 },
      encoding: {
        x,
        xOffset,
        y: { field: 'mean', type: 'quantitative', scale: yScale },
        // Each kind's diamond sits on its own bar; the fill tells them apart where a size has both.
        fill: {
          field: 'marker',
          type: 'nominal',
          title: null,
          scale: { domain: [GREEDY_SYNERGY_LABEL, GREEDY_REDUNDANCY_LABEL], range: [GREEDY_SYNERGY_COLOR, GREEDY_REDUNDANCY_COLOR] },
          legend: { orient: 'top', direction: 'horizontal', symbolType: 'diamond' },
        },
        shape: { value: 'diamond' },
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
      width: Math.max(nSizes * (options.step ?? 18), options.minPanelWidth ?? 220),
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
  /** The files' name without extension: figure1, or figure1-discrete for the discrete target's. */
  name = 'figure1',
): Promise<FigureFiles> {
  const { svg, png } = await renderVegaLite(figure1Spec(layerwise, options));
  const svgPath = join(outDir, `${name}.svg`);
  const pngPath = join(outDir, `${name}.png`);
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, png);
  return { svgPath, pngPath };
}
