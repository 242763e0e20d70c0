/** The report module: Figure 1 and 2 specs, headless SVG/PNG rendering, and report.html. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, View, type Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OinfoInputError } from '../src/errors.js';
import { figure1Data, figure1Spec, fitAxis, niceStep, writeFigure1 } from '../src/report/figure1.js';
import { figure2Spec, summarizeRetrain, writeFigure2 } from '../src/report/figure2.js';
import { parseFontWidths, textWidth } from '../src/report/fontMetrics.js';
import { escapeHtml, formatDuration, formatSeeds, renderReportHtml, writeReport } from '../src/report/html.js';
import { parseRetrainCsv, readStats, retrainCsv } from '../src/pipeline/runFiles.js';
import { findFontFiles, renderVegaLite } from '../src/report/render.js';
import type { Extremum, Layerwise, RetrainRow, SizeEntry, StatsFile, Verdict } from '../src/report/types.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SEEDS = [1, 2, 3];
const LAYERS = ['fc1', 'fc2', 'fc3'];
const SIZES = [2, 3, 4, 5, 6];
/** Where the synthetic greedy search misses: [layer, size, kind]. */
const GREEDY_MISSES: Array<[string, number, 'synergy' | 'redundancy']> = [
  ['fc2', 5, 'synergy'],
  ['fc3', 6, 'redundancy'],
];

function extremum(perSeed: number[], size: number): Extremum {
  const mean = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
  const sd = Math.sqrt(perSeed.reduce((a, b) => a + (b - mean) ** 2, 0) / (perSeed.length - 1));
  return {
    mean,
    sd,
    per_seed: perSeed,
    multiplets: perSeed.map((_, s) => Array.from({ length: size }, (_, i) => `n${(i * 3 + s) % 20}`)),
  };
}

/** 3 layers × sizes 2…6 × 3 seeds; greedy equals exhaustive except at GREEDY_MISSES. */
function syntheticLayerwise(misses = GREEDY_MISSES): Layerwise {
  return {
    units: 'bits',
    seeds: SEEDS,
    layers: LAYERS.map((layer, li) => ({
      layer,
      sizes: SIZES.map((k): SizeEntry => {
        const syn = SEEDS.map((s) => -(0.1 + 0.05 * li) * k ** 1.3 * (1 + 0.05 * s));
        const red = SEEDS.map((s) => (0.2 + 0.02 * li) * Math.sqrt(k) * (1 - 0.04 * s));
        const miss = (kind: string) => misses.some(([l, z, c]) => l === layer && z === k && c === kind);
        return {
          size: k,
          synergy: extremum(syn, k),
          redundancy: extremum(red, k),
          greedy: {
            synergy: extremum(miss('synergy') ? syn.map((v) => v * 0.9) : [...syn], k),
            redundancy: extremum(miss('redundancy') ? red.map((v) => v * 0.9) : [...red], k),
          },
        };
      }),
    })),
  };
}

const METHODS = ['synergy', 'redundancy', 'random', 'gcmi-mixture', 'gcmi-model'];
function syntheticRetrain(): RetrainRow[] {
  const rows: RetrainRow[] = [];
  for (const seed of SEEDS) {
    rows.push({ seed, method: 'full', size: seed === 2 ? 0 : 20, mode: 'prune', test_accuracy: 0.85 + 0.01 * seed });
    METHODS.forEach((method, m) => {
      for (const size of [2, 4, 6]) {
        rows.push({ seed, method, size, mode: 'prune', test_accuracy: 0.5 + 0.05 * size - 0.01 * m + 0.002 * seed });
      }
    });
    // A different mode's rows must not leak into a `prune` figure.
    rows.push({ seed, method: 'synergy', size: 2, mode: 'freeze-init', test_accuracy: 0.01 });
  }
  return rows;
}

/** A hand-written results/stats.json for the synthetic re-training (prune, 5 epochs). */
function statsFixture(): StatsFile {
  const comparisons = ['synergy', 'redundancy', 'gcmi-mixture', 'gcmi-model'].flatMap((method, m) =>
    [2, 4, 6].map((size) => ({
      method,
      versus: 'random',
      size,
      n: 3,
      mean_difference: 0.012 - 0.01 * m,
      ci: [-0.003 - 0.01 * m, 0.027 - 0.01 * m] as [number, number],
      wilcoxon: { statistic: 150, p: 0.03, method: 'exact' },
      p_holm: method === 'synergy' && size === 4 ? 0.04 : 0.12,
      wins: 2,
      losses: 1,
      ties: 0,
    })),
  );
  comparisons.push({ method: 'synergy', versus: 'gcmi-model', size: 2, n: 3, mean_difference: -0.5, ci: [-0.6, -0.4], wilcoxon: { statistic: 0, p: 0.25, method: 'exact' }, p_holm: 0.5, wins: 0, losses: 3, ties: 0 });
  return {
    chance_level: 0.11,
    bootstrap: { resamples: 10000, level: 0.95, seed: 1 },
    groups: [
      {
        mode: 'prune',
        epochs: 5,
        seeds: SEEDS,
        comparisons,
        chance: [
          { method: 'synergy', size: 2, at_chance: 2, networks: 3 },
          { method: 'random', size: 2, at_chance: 1, networks: 3 },
          { method: 'redundancy', size: 2, at_chance: 0, networks: 3 },
        ],
      },
    ],
  };
}

/** Runs a Vega-Lite spec in a headless View and returns its scenegraph root. */
async function scenegraph(spec: TopLevelSpec): Promise<SceneNode> {
  const view = new View(parse(compile(spec).spec as unknown as VegaSpec), { renderer: 'none' });
  await view.runAsync();
  const root = (view.scenegraph() as unknown as { root: SceneNode }).root;
  view.finalize();
  return root;
}
interface SceneNode {
  marktype?: string;
  role?: string;
  name?: string;
  shape?: string;
  text?: unknown;
  items?: SceneNode[];
}
/** The mark nodes satisfying `where`. */
function marksOf(node: SceneNode, where: (mark: SceneNode) => boolean, out: SceneNode[] = []): SceneNode[] {
  if (node.marktype && where(node)) out.push(node);
  for (const child of node.items ?? []) marksOf(child, where, out);
  return out;
}
/** All items of marks satisfying `where`. */
function itemsOf(node: SceneNode, where: (mark: SceneNode) => boolean, out: SceneNode[] = []): SceneNode[] {
  if (node.marktype && where(node)) out.push(...(node.items ?? []));
  for (const child of node.items ?? []) itemsOf(child, where, out);
  return out;
}

function isPng(bytes: Buffer): boolean {
  return PNG_MAGIC.every((b, i) => bytes[i] === b);
}
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
function svgWidth(svg: string): number {
  return Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oinfo-report-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fonts', () => {
  it('finds DejaVu Sans and measures text with its advance widths', () => {
    const files = findFontFiles();
    if (files.length === 0) return; // fonts-dejavu-core not installed: figures fall back to system fonts
    const font = parseFontWidths(fs.readFileSync(files.find((f) => f.endsWith('DejaVuSans.ttf'))!));
    expect(font.unitsPerEm).toBe(2048);
    // DejaVu Sans: H 1540, e 1260, l 569, o 1253 (font units).
    expect(textWidth(font, 'Hello', 2048)).toBe(1540 + 1260 + 569 + 569 + 1253);
    expect(textWidth(font, 'Ω ± ≠', 12)).toBeGreaterThan(0);
  });
});

describe('Figure 1', () => {
  it('has one panel per layer, in order, and greedy marks only where greedy ≠ exhaustive', async () => {
    const layerwise = syntheticLayerwise();
    const spec = figure1Spec(layerwise) as unknown as {
      facet: { field: string; sort: string[] };
      spec: { layer: unknown[] };
      title: { subtitle: string[] };
    };
    expect(spec.facet.field).toBe('layer');
    expect(spec.facet.sort).toEqual(LAYERS);
    expect(spec.spec.layer).toHaveLength(3); // bars, error bars, greedy marks

    const data = figure1Data(layerwise);
    expect(data.filter((d) => d.role === 'exhaustive')).toHaveLength(LAYERS.length * SIZES.length * 2);
    const greedy = data.filter((d) => d.role === 'greedy').map((d) => [d.layer, d.size, d.kind.split(' ')[0]]);
    expect(greedy).toEqual(GREEDY_MISSES);

    const root = await scenegraph(figure1Spec(layerwise));
    const cells = itemsOf(root, (m) => m.name === 'cell');
    expect(cells).toHaveLength(LAYERS.length);
    expect(cells.map((cell) => itemsOf(cell, (m) => m.role === 'title-text')[0].text)).toEqual(LAYERS);
    const bars = itemsOf(root, (m) => m.marktype === 'rect' && m.name === 'child_layer_0_marks');
    expect(bars).toHaveLength(LAYERS.length * SIZES.length * 2);
    const marks = itemsOf(root, (m) => m.marktype === 'symbol' && m.role === 'mark');
    expect(marks).toHaveLength(GREEDY_MISSES.length);
    expect(marks.every((s) => s.shape === 'diamond')).toBe(true);
  });

  it('draws synergy and redundancy side by side, never overlaid, and both greedy marks of one size apart', async () => {
    // Both kinds miss at fc2 k = 5; every synergy bar turns positive at k = 6 in fc1.
    const layerwise = syntheticLayerwise([...GREEDY_MISSES, ['fc2', 5, 'redundancy']]);
    const fc1 = layerwise.layers[0].sizes.find((e) => e.size === 6)!;
    fc1.synergy = extremum([0.3, 0.35, 0.4], 6);
    fc1.greedy.synergy = extremum([0.3, 0.35, 0.4], 6);
    const root = await scenegraph(figure1Spec(layerwise));
    for (const cell of itemsOf(root, (m) => m.name === 'cell')) {
      const bars = itemsOf(cell, (m) => m.marktype === 'rect' && m.name === 'child_layer_0_marks') as unknown as { x: number; width: number }[];
      expect(bars).toHaveLength(SIZES.length * 2);
      const spans = bars.map((b) => [b.x, b.x + b.width]).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1] - 1e-9);
    }
    const marks = itemsOf(root, (m) => m.marktype === 'symbol' && m.role === 'mark') as unknown as { x: number; fill: string; datum: { layer: string; size: number } }[];
    const both = marks.filter((m) => m.datum.layer === 'fc2' && m.datum.size === 5);
    expect(both).toHaveLength(2);
    expect(Math.abs(both[0].x - both[1].x)).toBeGreaterThan(4);
    expect(both[0].fill).not.toBe(both[1].fill);
  });

  it('fits the y axis to the data with a nice tick step', () => {
    const layerwise = syntheticLayerwise();
    const spec = figure1Spec(layerwise) as unknown as { spec: { layer: { encoding: { y: { scale?: { domain: number[] }; axis?: { values: number[] } } } }[] } };
    const y = spec.spec.layer[0].encoding.y;
    const data = figure1Data(layerwise).flatMap((d) => [d.mean, d.lo ?? d.mean, d.hi ?? d.mean]);
    const [lo, hi] = y.scale!.domain;
    const ticks = y.axis!.values;
    const step = ticks[1] - ticks[0];
    expect([1, 2, 2.5, 5].some((m) => Math.abs(step / 10 ** Math.floor(Math.log10(step)) - m) < 1e-9)).toBe(true);
    expect(lo).toBeLessThanOrEqual(Math.min(...data));
    expect(lo).toBeGreaterThan(Math.min(...data) - step);
    expect(hi).toBeGreaterThanOrEqual(Math.max(...data));
    expect(hi).toBeLessThan(Math.max(...data) + step);
    expect(ticks[0]).toBe(lo);
    expect(ticks.at(-1)).toBe(hi);
    // The helpers: an axis from −2.9 to 6.7 (no empty step beyond the data), and all-positive data from 0.
    expect(fitAxis([-2.9, 6.7])).toEqual({ domain: [-4, 8], ticks: [-4, -2, 0, 2, 4, 6, 8], decimals: 0 });
    // A step of 2.5 is labelled with its decimal (not −3, 0, 3, 5, 8).
    expect(fitAxis([-4.8, 9.4])).toEqual({ domain: [-5, 10], ticks: [-5, -2.5, 0, 2.5, 5, 7.5, 10], decimals: 1 });
    expect(fitAxis([0, 0.31, 0.72]).domain).toEqual([0, 0.8]);
    expect(niceStep(9.6)).toBe(2);
  });

  it('draws no greedy layer and says so when greedy always matches', async () => {
    const layerwise = syntheticLayerwise([]);
    const spec = figure1Spec(layerwise) as unknown as { spec: { layer: unknown[] }; title: { subtitle: string[] } };
    expect(spec.spec.layer).toHaveLength(2);
    expect(spec.title.subtitle.join(' ')).toMatch(/greedy search found the exhaustive extremum at every size/);
    const root = await scenegraph(figure1Spec(layerwise));
    expect(itemsOf(root, (m) => m.marktype === 'symbol' && m.role === 'mark')).toHaveLength(0);
  });

  it('labels the y axis in the layerwise units', () => {
    const json = JSON.stringify(figure1Spec({ ...syntheticLayerwise(), units: 'nats' }));
    expect(json).toContain('O-information Ω (nats)');
  });

  it('renders without warnings and writes figure1.svg and figure1.png', async () => {
    const layerwise = syntheticLayerwise();
    const { warnings } = await renderVegaLite(figure1Spec(layerwise));
    expect(warnings).toEqual([]);

    const started = performance.now();
    const files = await writeFigure1(layerwise, dir);
    const ms = performance.now() - started;
    console.log(`writeFigure1: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(10_000);

    expect(files).toEqual({ svgPath: path.join(dir, 'figure1.svg'), pngPath: path.join(dir, 'figure1.png') });
    const svg = fs.readFileSync(files.svgPath, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fc3');
    expect(svg).toContain('DejaVu Sans');
    const png = fs.readFileSync(files.pngPath);
    expect(isPng(png)).toBe(true);
    expect(pngSize(png).width).toBe(Math.round(svgWidth(svg) * 2));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('Figure 2', () => {
  it('summarizes per method and size, with the full network as a size-independent reference', () => {
    const summary = summarizeRetrain(syntheticRetrain(), { mode: 'prune', epochs: 5 });
    expect(summary.methods).toEqual(METHODS);
    expect(summary.sizes).toEqual([2, 4, 6]);
    expect(summary.points).toHaveLength(METHODS.length * 3);
    const synergy2 = summary.points.find((p) => p.method === 'synergy' && p.size === 2)!;
    expect(synergy2.n).toBe(3); // the freeze-init rows are left out
    expect(synergy2.mean).toBeCloseTo(0.6 + 0.004, 12);
    expect(synergy2.sd).toBeCloseTo(0.002, 12);
    expect(summary.full!.mean).toBeCloseTo(0.87, 12);
    expect(summary.full!.n).toBe(3);
  });

  it('panel A: every network as a point, mean ± sd bars (no bands), the full network and the mode and epochs', async () => {
    const rows = syntheticRetrain();
    const spec = figure2Spec(rows, { mode: 'prune', epochs: 5 });
    const json = JSON.stringify(spec);
    expect(json).toContain('Re-training mode: prune, 5 epochs');
    expect(json).not.toMatch(/errorband|"area"/);
    const root = await scenegraph(spec);
    const named = (name: string) => itemsOf(root, (m) => m.name === `${name}_marks`);
    const networks = rows.filter((r) => r.method !== 'full' && r.mode === 'prune').length;
    expect(named('seed_points').length + named('seed_points_at_chance').length).toBe(networks);
    expect(named('means')).toHaveLength(METHODS.length * 3);
    expect(named('sd_bars')).toHaveLength(METHODS.length * 3);
    expect(named('full_network')).toHaveLength(1);
    const legend = itemsOf(root, (m) => m.marktype === 'text' && m.role === 'legend-label').map((t) => t.text);
    expect(legend).toEqual(METHODS);
    // Without stats.json there is no panel B.
    expect(named('difference_points')).toHaveLength(0);
    expect(JSON.stringify(spec)).toContain('No stats.json');
  });

  it('panel A: the y axis fits the data, chance level is drawn where the axis reaches it, at-chance networks are hollow', async () => {
    const rows = syntheticRetrain();
    const spec = figure2Spec(rows, { mode: 'prune', epochs: 5 }) as unknown as { vconcat: { layer: { name?: string; encoding?: { y?: { scale?: { domain: number[] } } } }[] }[] };
    const domain = spec.vconcat[0].layer.find((l) => l.name === 'means')!.encoding!.y!.scale!.domain;
    const values = rows.filter((r) => r.mode === 'prune').map((r) => r.test_accuracy);
    // Synthetic accuracies 0.55 … 0.88: the old 10–90 % axis is gone; a tick step at most away from the data.
    const step = niceStep(Math.max(...values) - Math.min(...values));
    expect(domain[0]).toBeLessThanOrEqual(Math.min(...values));
    expect(domain[0]).toBeGreaterThan(Math.min(...values) - step - 1e-12);
    expect(domain[1]).toBeLessThan(Math.max(...values) + step + 1e-12);
    expect(spec.vconcat[0].layer.some((l) => l.name === 'chance_level')).toBe(false);

    // Two networks at chance: the axis reaches down to them, the chance line is drawn, they are hollow.
    const low = rows.map((r) => (r.method === 'gcmi-model' && r.size === 2 && r.seed !== 3 ? { ...r, test_accuracy: 0.098 } : r));
    const root = await scenegraph(figure2Spec(low, { mode: 'prune', epochs: 5 }));
    expect(itemsOf(root, (m) => m.name === 'chance_level_marks')).toHaveLength(1);
    expect(itemsOf(root, (m) => m.name === 'seed_points_at_chance_marks')).toHaveLength(2);
  });

  it('panel B: the paired difference from random with its CI, a zero line and at-chance counts, from stats.json', async () => {
    const stats = statsFixture();
    const spec = figure2Spec(syntheticRetrain(), { mode: 'prune', epochs: 5 }, { stats });
    const root = await scenegraph(spec);
    const named = (name: string) => itemsOf(root, (m) => m.name === `${name}_marks`);
    const versusRandom = stats.groups[0].comparisons.filter((c) => c.versus === 'random');
    expect(named('difference_points').length + named('difference_points_hollow').length).toBe(versusRandom.length);
    expect(named('difference_points')).toHaveLength(1); // the one Holm p < 0.05
    expect(named('confidence_intervals')).toHaveLength(versusRandom.length);
    expect(named('zero_line')).toHaveLength(1);
    expect(named('chance_counts').map((t) => t.text)).toEqual(['2']); // synergy at k = 2
    // Another mode's or epoch count's statistics are not drawn.
    const other = await scenegraph(figure2Spec(syntheticRetrain(), { mode: 'prune', epochs: 3 }, { stats }));
    expect(itemsOf(other, (m) => m.name === 'zero_line_marks')).toHaveLength(0);
    const { warnings } = await renderVegaLite(spec);
    expect(warnings).toEqual([]);
  });

  it('refuses rows without the requested mode', () => {
    expect(() => figure2Spec(syntheticRetrain(), { mode: 'freeze-trained', epochs: 5 })).toThrow(OinfoInputError);
  });

  it('writes figure2.svg and figure2.png', async () => {
    const started = performance.now();
    const files = await writeFigure2(syntheticRetrain(), { mode: 'prune', epochs: 5 }, dir, { stats: statsFixture() });
    console.log(`writeFigure2: ${(performance.now() - started).toFixed(0)} ms`);
    expect(files.svgPath).toBe(path.join(dir, 'figure2.svg'));
    expect(fs.readFileSync(files.svgPath, 'utf8').startsWith('<svg')).toBe(true);
    expect(isPng(fs.readFileSync(files.pngPath))).toBe(true);
  });
});

describe('report.html', () => {
  const settings = {
    dataset: 'fashion-mnist',
    seeds: SEEDS,
    epochs: 3,
    retrainEpochs: 3,
    mode: 'prune',
    tfBackend: 'cpu',
    engineBackend: 'native',
    dataSeed: 42,
    date: '2025-01-02T03:04:05Z',
    machine: 'test machine <x86>',
  };
  const timings = [
    { stage: 'train', seconds: 12.34 },
    { stage: 'analyze', seconds: 3725 },
  ];
  const findings = ['Synergy dominates <script>alert("x")</script> & grows with k.', 'Second sentence.'];

  it('is one self-contained page with the figures inline, the findings escaped and the numbers', async () => {
    const layerwise = syntheticLayerwise();
    const f1 = await writeFigure1(layerwise, dir);
    const f2 = await writeFigure2(syntheticRetrain(), { mode: 'prune', epochs: 3 }, dir);
    const file = writeReport(dir, {
      settings,
      timings,
      figure1: { ...f1, caption: 'Figure one caption.' },
      figure2: { ...f2, caption: 'Figure two caption.' },
      findings,
      layerwise,
      retrain: { rows: syntheticRetrain(), meta: { mode: 'prune', epochs: 3 } },
    });
    expect(file).toBe(path.join(dir, 'report.html'));
    const html = fs.readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<svg role="img"/g)).toHaveLength(2);
    expect(html).toContain('href="figure1.png"');
    expect(html).toContain('href="figure2.png"');
    expect(html).not.toMatch(/<script|<link|src="http/i);
    expect(html).toContain('Synergy dominates &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; grows with k.');
    expect(html).toContain('test machine &lt;x86&gt;');
    expect(html).toContain('1–3 (3 seeds)');
    expect(html).toContain('1 h 02 min');
    expect(html).toContain('id="figure2"');
    // Layerwise table: one row per layer and size, and the greedy gaps where greedy missed.
    expect(html.match(/<tr><td class="num">\d+<\/td>/g)).toHaveLength(LAYERS.length * SIZES.length);
    expect(html.match(/class="num gap"/g)).toHaveLength(GREEDY_MISSES.length);
    expect(html).toContain('full network');
  });

  it('links the figures and data files relative to report.html, wherever oinfo was started', async () => {
    const run = path.join(dir, 'run-links');
    fs.mkdirSync(path.join(run, 'results'), { recursive: true });
    fs.writeFileSync(path.join(run, 'results', 'layerwise.json'), '{}');
    fs.writeFileSync(path.join(run, 'results', 'retrain.csv'), 'seed\n');
    // The run folder as the user typed it: relative to the working directory, which is not the run folder.
    const relRun = path.relative(process.cwd(), run);
    expect(path.isAbsolute(relRun)).toBe(false);
    const layerwise = syntheticLayerwise();
    const f1 = await writeFigure1(layerwise, relRun);
    const html = renderReportHtml(relRun, {
      settings,
      timings,
      figure1: { ...f1, caption: 'Figure 1. Bars of synergy.' },
      findings,
      layerwise,
      dataFiles: ['layerwise.json', 'mi.json', 'retrain.csv', 'stats.json'].map((f) => path.join(relRun, 'results', f)),
    });
    const targets = [...html.matchAll(/\s(?:href|src)="([^"#][^"]*)"/g)].map((m) => decodeURIComponent(m[1]));
    expect(targets).toEqual(['figure1.png', 'figure1.svg', 'results/layerwise.json', 'results/retrain.csv']);
    for (const t of targets) expect(fs.existsSync(path.join(run, t)), t).toBe(true);
    // The caption is not "Figure 1. Figure 1. …".
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain('Figure 1. Bars of synergy.');
    expect(text).not.toMatch(/Figure 1\.\s*Figure 1\./);
  });

  it('shows the warning, the train and test accuracy, the statistics and the verdicts', () => {
    const verdicts: Verdict[] = [
      { claim: 'fc3 is synergy-dominated', criterion: '|min Ω| > max Ω in ≥ 75 % of seeds at a majority of sizes', verdict: 'holds', detail: '3/3 seeds at 5/5 sizes' },
      { claim: 'synergy beats random <b>', criterion: 'Holm p < 0.05 at a majority of sizes', verdict: 'does not hold', detail: '1 of 3 sizes' },
    ];
    const html = renderReportHtml(dir, {
      settings,
      timings,
      warning: 'Too small to decide anything.',
      accuracy: { seeds: SEEDS, train: [0.97, 0.965, NaN], test: [0.961, 0.958, 0.96], trainNote: 'final weights on the training split' },
      figure1: { svgPath: 'unused.svg', svg: '<svg></svg>', caption: 'One.' },
      findings: ['A sentence.', ...verdicts],
      layerwise: syntheticLayerwise(),
      stats: statsFixture(),
      generator: 'oinfo 9.9.9',
    });
    expect(html).toMatch(/<p class="warning" role="alert"><strong>Warning:<\/strong> Too small to decide anything\.<\/p>/);
    expect(html).toContain('by oinfo 9.9.9');
    // Accuracy: per seed, means over the known values, and the note.
    expect(html).toMatch(/<tr><th scope="row">1<\/th><td class="num">97\.0%<\/td><td class="num">96\.1%<\/td><\/tr>/);
    expect(html).toMatch(/<th scope="row">mean<\/th><td class="num">96\.8%<\/td><td class="num">96\.0%<\/td>/);
    expect(html).toContain('final weights on the training split');
    // Statistics: group heading, a row with difference [CI], p, Holm p, wins/losses/ties and at-chance counts.
    expect(html).toContain('Re-training prune, 5 epochs (1–3 (3 seeds))');
    expect(html).toContain('<th colspan="9" scope="rowgroup">synergy vs random</th>');
    expect(html).toContain('<th colspan="9" scope="rowgroup">synergy vs gcmi-model</th>');
    expect(html).toContain(
      '<tr><td class="num">2</td><td class="num">3</td><td class="num">+1.2</td><td class="num">[−0.3, +2.7]</td>' +
        '<td class="num">0.030 <span class="muted">(exact)</span></td><td class="num">0.120</td><td class="num">2 / 1 / 0</td>' +
        '<td class="num">2/3</td><td class="num">1/3</td></tr>',
    );
    expect(html.match(/<tr class="significant">/g)).toHaveLength(1);
    // Verdicts: a table, escaped, with a class per verdict; sentences stay a list.
    expect(html).toContain('<td class="verdict holds">holds</td>');
    expect(html).toContain('<td class="verdict fails">does not hold</td>');
    expect(html).toContain('synergy beats random &lt;b&gt;');
    expect(html).toContain('<li>A sentence.</li>');
  });

  it('leaves out the Figure 2 section when there is no Figure 2', async () => {
    const layerwise = syntheticLayerwise();
    const f1 = await writeFigure1(layerwise, dir);
    const html = renderReportHtml(dir, {
      settings: { ...settings, retrainEpochs: undefined, mode: undefined },
      timings,
      figure1: { ...f1, caption: 'Only figure one.' },
      findings: [],
      layerwise,
    });
    expect(html).not.toContain('id="figure2"');
    expect(html).not.toContain('Figure 2');
    expect(html).not.toContain('Re-training mode');
    expect(html).not.toContain('id="statistics"');
    expect(html).not.toContain('class="warning"');
    expect(html.match(/<svg role="img"/g)).toHaveLength(1);
  });

  it('reads retrain.csv with or without the epochs column, and stats.json only when present', () => {
    const rows: RetrainRow[] = [{ seed: 1, method: 'synergy', size: 2, mode: 'prune', epochs: 5, test_accuracy: 0.5 }];
    const csv = retrainCsv(rows);
    expect(csv).toBe('seed,method,size,mode,epochs,test_accuracy\n1,synergy,2,prune,5,0.5\n');
    expect(parseRetrainCsv(csv)).toEqual(rows);
    const old = 'seed,method,size,mode,test_accuracy\n1,synergy,2,prune,0.5\n2,full,20,prune,0.9\n';
    expect(parseRetrainCsv(old)).toEqual([
      { seed: 1, method: 'synergy', size: 2, mode: 'prune', test_accuracy: 0.5 },
      { seed: 2, method: 'full', size: 20, mode: 'prune', test_accuracy: 0.9 },
    ]);
    expect(parseRetrainCsv(old, 3)[0].epochs).toBe(3);
    expect(() => parseRetrainCsv('seed,method\n1,x\n')).toThrow(OinfoInputError);

    const run = fs.mkdtempSync(path.join(dir, 'stats-'));
    expect(readStats(run)).toBeUndefined();
    fs.mkdirSync(path.join(run, 'results'));
    fs.writeFileSync(path.join(run, 'results', 'stats.json'), JSON.stringify(statsFixture()));
    expect(readStats(run)).toEqual(statsFixture());
  });

  it('formats helpers', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(formatSeeds([5, 1, 2, 3, 9, 10])).toBe('1–3, 5, 9, 10 (6 seeds)');
    expect(formatSeeds(1)).toBe('1 seed');
    expect(formatDuration(0.84)).toBe('0.8 s');
    expect(formatDuration(187)).toBe('3 min 07 s');
    expect(formatDuration(7500)).toBe('2 h 05 min');
  });
});
