/**
 * The O-information landscape of a search result (`oinfo plot landscape RESULT.json`, as hoi draws
 * it): Ω against the multiplet size — the density of all multiplets of each exhaustive size (its
 * `histogram`, from `search --histogram BINS`) as shaded bins, and the listed multiplets (the most
 * synergistic and most redundant) as points on top. Sizes without a histogram show their points only.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { SearchResult } from '../api/search.js';
import { figureTitle } from './render.js';

const SYNERGY = '#2166ac';
const REDUNDANCY = '#b2182b';

interface BinRow {
  size: number;
  lo: number;
  hi: number;
  count: number;
  share: number;
}

interface PointRow {
  size: number;
  oinfo: number;
  list: 'synergy' | 'redundancy';
  rank: number;
  vars: string;
}

/** The Vega-Lite spec of the landscape; `source` (the file) goes into the subtitle. */
export function landscapeSpec(result: SearchResult, source: string): TopLevelSpec {
  const bins: BinRow[] = [];
  const points: PointRow[] = [];
  let binned = 0;
  for (const s of result.sizes) {
    const h = s.histogram;
    if (h) {
      binned += 1;
      const total = h.counts.reduce((a, b) => a + b, 0);
      const width = (h.max - h.min) / h.bins;
      h.counts.forEach((count, i) => {
        if (count > 0) bins.push({ size: s.size, lo: h.min + i * width, hi: i === h.bins - 1 ? h.max : h.min + (i + 1) * width, count, share: count / total });
      });
    }
    for (const list of ['synergy', 'redundancy'] as const)
      s[list].forEach((m, i) => points.push({ size: s.size, oinfo: m.oinfo, list, rank: i + 1, vars: m.vars.join(' ') }));
  }
  const units = result.units;
  const sizes = result.sizes.map((s) => s.size);
  const target = result.target.length > 0 ? `, with ${result.target.join(' ')}` : '';
  const subtitle = [
    `${source}: ${result.n_samples} samples, ${result.variables.length} variables${target}; Ω in ${units}${result.bias_corrected ? ', bias-corrected' : ''}; Ω > 0 redundancy-, Ω < 0 synergy-dominated.`,
    binned > 0
      ? `Shaded: the share of all multiplets of the size in each Ω bin (log scale)${binned < result.sizes.length ? ' — exhaustive sizes only' : ''}. Points: the listed most synergistic (blue) and most redundant (red).`
      : 'Points: the listed most synergistic (blue) and most redundant (red). Run the search with --histogram BINS to shade the density of all multiplets.',
  ];
  const x = {
    field: 'size',
    type: 'quantitative' as const,
    title: 'multiplet size',
    scale: { domain: [Math.min(...sizes) - 0.6, Math.max(...sizes) + 0.6], nice: false },
    axis: { values: sizes, format: 'd', grid: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: figureTitle('O-information landscape', subtitle),
    width: Math.max(320, 70 * sizes.length),
    height: 360,
    layer: [
      {
        data: { values: bins },
        transform: [
          { calculate: 'datum.size - 0.4', as: 'x0' },
          { calculate: 'datum.size + 0.4', as: 'x1' },
        ],
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          x: { ...x, field: 'x0' },
          x2: { field: 'x1' },
          y: { field: 'lo', type: 'quantitative', title: `Ω (${units})` },
          y2: { field: 'hi' },
          color: {
            field: 'share',
            type: 'quantitative',
            scale: { type: 'log', scheme: 'greys' },
            legend: binned > 0 ? { title: 'share of the size', format: '.0e' } : null,
          },
          tooltip: [
            { field: 'size', title: 'size' },
            { field: 'lo', title: 'Ω from', format: '.4f' },
            { field: 'hi', title: 'Ω to', format: '.4f' },
            { field: 'count', title: 'multiplets', format: ',' },
          ],
        },
      },
      {
        data: { values: [{ y: 0 }] },
        mark: { type: 'rule', color: '#888888', strokeDash: [4, 3] },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 28, opacity: 0.85 },
        encoding: {
          x,
          y: { field: 'oinfo', type: 'quantitative', title: `Ω (${units})` },
          fill: { field: 'list', type: 'nominal', scale: { domain: ['synergy', 'redundancy'], range: [SYNERGY, REDUNDANCY] }, legend: { title: 'listed' } },
          stroke: { value: 'white' },
          strokeWidth: { value: 0.5 },
          tooltip: [
            { field: 'list' },
            { field: 'rank' },
            { field: 'oinfo', title: 'Ω', format: '.4f' },
            { field: 'vars', title: 'variables' },
          ],
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
