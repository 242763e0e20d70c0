/**
 * `report.html`: one self-contained page (inline CSS, figures as inline SVG, links to the PNGs) with the
 * settings, the wall time of each stage, the figures, the caller's findings and the numbers behind them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { writeFileAtomic } from '../util/atomicWrite.js';
import { greedyDiffers, greedyGap, GREEDY_TOLERANCE } from './figure1.js';
import { summarizeRetrain } from './figure2.js';
import type { Extremum, Layerwise, RetrainMeta, RetrainRow, StatsFile, StatsGroup, Verdict } from './types.js';

export interface ReportSettings {
  /** e.g. "fashion-mnist (Debian's files)" or "mnist" or a path. */
  dataset: string;
  /** The seeds (shown compactly, e.g. "1–20 (20 seeds)") or just their number. */
  seeds: number[] | number;
  /** Training epochs. */
  epochs: number;
  /** Re-training epochs (Figure 2); omitted before re-training ran. */
  retrainEpochs?: number;
  /** Re-training mode: prune | freeze-init | freeze-trained. */
  mode?: string;
  /** TensorFlow.js backend, e.g. "tensorflow (tfjs-node)", "wasm", "cpu". */
  tfBackend: string;
  /** oinfo engine backend, e.g. "native (C++ addon, 8 threads)" or "wasm". */
  engineBackend: string;
  /** The run-level data seed (minibatch order). */
  dataSeed: number | string;
  /** When the run was made (a Date is shown as ISO 8601 UTC). */
  date: string | Date;
  /** e.g. "Linux x64, 8 × AMD EPYC 7B13, 31 GiB, Node 20.20.2". */
  machine: string;
  /** Further rows, shown after the standard ones (e.g. max size, --quick, oinfo version). */
  extra?: Array<[label: string, value: string | number]>;
}

export interface StageTiming {
  /** train, analyze, retrain, figures, ... */
  stage: string;
  /** Wall time in seconds. */
  seconds: number;
  /** e.g. "resumed: 12 of 20 seeds were already done". */
  note?: string;
}

export interface ReportFigure {
  /** The figure's SVG file; read and embedded inline (unless `svg` is given). */
  svgPath: string;
  /** The PNG file, linked from the page. */
  pngPath?: string;
  /** SVG markup to embed instead of reading `svgPath`. */
  svg?: string;
  /** Plain text, shown under the figure after "Figure n." (a caption that starts with it is not doubled). */
  caption: string;
}

/** The trained networks' accuracy, per seed. */
export interface ReportAccuracy {
  seeds: number[];
  /** Accuracy on the training split, per seed (NaN where unknown). */
  train: number[];
  test: number[];
  /** How the train accuracy was measured, e.g. "final weights on the 60 000 training images". */
  trainNote?: string;
}

export interface ReportContent {
  /** Page title (default: "O-information of a feed-forward network: reproduction report"). */
  title?: string;
  /** A line under the title, e.g. the paper's reference. */
  subtitle?: string;
  /** A warning shown prominently under the title (e.g. a quick run too small to decide anything). */
  warning?: string;
  settings: ReportSettings;
  /** Train and test accuracy of the trained networks. */
  accuracy?: ReportAccuracy;
  timings: StageTiming[];
  figure1: ReportFigure;
  /** Figure 1 with the label as a discrete target (SPEC §7), when the analysis made it. */
  figure1Discrete?: ReportFigure;
  /**
   * "What the numbers say": plain sentences, each shown as one list item (HTML is escaped), and verdicts
   * with their criterion, shown as a table.
   */
  findings: Array<string | Verdict>;
  /** Absent until re-training ran (issue #5): the section is then left out. */
  figure2?: ReportFigure;
  /** Figure 2 of the run's other re-training settings (mode, epochs, label), each with its heading. */
  otherFigure2?: { id: string; heading: string; figure: ReportFigure }[];
  /** The numbers of Figure 1, tabulated at the end. */
  layerwise: Layerwise;
  /** The numbers of Figure 2, tabulated when given. */
  retrain?: { rows: RetrainRow[]; meta: RetrainMeta };
  /** results/stats.json: the paired comparisons, tabulated when given. */
  stats?: StatsFile;
  /** Data files to link (e.g. results/layerwise.json); those that do not exist are left out. */
  dataFiles?: string[];
  /** e.g. "oinfo 0.1.0". */
  generator?: string;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** "1–20 (20 seeds)", "1, 3, 7 (3 seeds)", "5 seeds". */
export function formatSeeds(seeds: number[] | number): string {
  if (typeof seeds === 'number') return `${seeds} seed${seeds === 1 ? '' : 's'}`;
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return `${parts.join(', ')} (${sorted.length} seed${sorted.length === 1 ? '' : 's'})`;
}

/** "0.8 s", "42.0 s", "3 min 07 s", "2 h 05 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return '—';
  const text = x.toFixed(digits);
  return (x < 0 || Object.is(x, -0)) && Number(text) !== 0 ? text.replace('-', '−') : text.replace('-', '');
}

function meanSd(e: Extremum): string {
  const sd = Number.isFinite(e.sd) ? ` ± ${formatNumber(e.sd)}` : '';
  return `${formatNumber(e.mean)}${sd}`;
}

function formatGap(gap: number): string {
  if (!Number.isFinite(gap)) return '—';
  const text = Math.abs(gap) >= 1e-3 ? Math.abs(gap).toFixed(4) : Math.abs(gap).toExponential(2);
  return `${gap < 0 ? '−' : '+'}${text}`;
}

/** Makes the `id`s of an inline SVG unique in the page (two Vega figures could both use e.g. "clip1"). */
function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, ` id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, `$1="#${prefix}-$2"`);
}

function inlineSvg(figure: ReportFigure, prefix: string, label: string): string {
  const raw = figure.svg ?? readFileSync(figure.svgPath, 'utf8');
  const start = raw.indexOf('<svg');
  if (start < 0) throw new Error(`${figure.svgPath} is not an SVG file`);
  const body = prefixSvgIds(raw.slice(start), prefix);
  return body.replace(/^<svg/, `<svg role="img" aria-label="${escapeHtml(label)}"`);
}

/**
 * A link target relative to the report's folder, with `/` separators and URL-escaped. A relative `file`
 * is relative to the working directory (like every path oinfo is given), not to the report.
 */
export function href(outDir: string, file: string): string {
  const rel = relative(resolve(outDir), resolve(file));
  return rel.split(sep).map(encodeURIComponent).join('/');
}

/** The caption without a leading "Figure n." that the page puts in front of it anyway. */
function captionText(heading: string, caption: string): string {
  const prefix = `${heading}.`;
  return caption.startsWith(prefix) ? caption.slice(prefix.length).trimStart() : caption;
}

function figureSection(
  id: string,
  heading: string,
  figure: ReportFigure,
  outDir: string,
): string {
  const links = [
    figure.pngPath ? `<a href="${escapeHtml(href(outDir, figure.pngPath))}">PNG</a>` : '',
    `<a href="${escapeHtml(href(outDir, figure.svgPath))}">SVG</a>`,
  ].filter(Boolean);
  return `
<section id="${id}">
  <h2>${escapeHtml(heading)}</h2>
  <figure>
    <div class="plot">${inlineSvg(figure, id, heading)}</div>
    <figcaption><strong>${escapeHtml(heading)}.</strong> ${escapeHtml(captionText(heading, figure.caption))}
      <span class="files">(${links.join(' · ')})</span></figcaption>
  </figure>
</section>`;
}

function settingsTable(s: ReportSettings): string {
  const date = s.date instanceof Date ? s.date.toISOString() : s.date;
  const rows: Array<[string, string | number | undefined]> = [
    ['Dataset', s.dataset],
    ['Seeds', formatSeeds(s.seeds)],
    ['Training epochs', s.epochs],
    ['Re-training epochs', s.retrainEpochs],
    ['Re-training mode', s.mode],
    ['TensorFlow.js backend', s.tfBackend],
    ['oinfo engine backend', s.engineBackend],
    ['Data seed (minibatch order)', s.dataSeed],
    ['Date', date],
    ['Machine', s.machine],
    ...(s.extra ?? []),
  ];
  const body = rows
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n      ');
  return `<table class="kv">
      ${body}
    </table>`;
}

function timingsTable(timings: StageTiming[]): string {
  if (timings.length === 0) return '<p class="muted">No timings were recorded.</p>';
  const total = timings.reduce((sum, t) => sum + (Number.isFinite(t.seconds) ? t.seconds : 0), 0);
  const anyNote = timings.some((t) => t.note);
  const rows = timings
    .map(
      (t) =>
        `<tr><th scope="row">${escapeHtml(t.stage)}</th><td class="num">${escapeHtml(formatDuration(t.seconds))}</td>` +
        (anyNote ? `<td>${escapeHtml(t.note ?? '')}</td>` : '') +
        '</tr>',
    )
    .join('\n      ');
  return `<table>
      <thead><tr><th>Stage</th><th class="num">Wall time</th>${anyNote ? '<th>Note</th>' : ''}</tr></thead>
      <tbody>
      ${rows}
      </tbody>
      <tfoot><tr><th scope="row">Total</th><td class="num">${escapeHtml(formatDuration(total))}</td>${anyNote ? '<td></td>' : ''}</tr></tfoot>
    </table>`;
}

function layerwiseTable(layerwise: Layerwise): string {
  const units = layerwise.units === 'nats' ? 'nats' : 'bits';
  const counted = layerwise.layers.some((l) => l.sizes.some((e) => e.multiplets_evaluated));
  const count = (n: number | undefined) => (Number.isFinite(n) ? n!.toLocaleString('en-US') : '—');
  const groups = layerwise.layers
    .map((layer) => {
      const rows = [...layer.sizes]
        .sort((a, b) => a.size - b.size)
        .map((entry) => {
          const gap = (kind: 'synergy' | 'redundancy') =>
            greedyDiffers(entry, kind)
              ? `<td class="num gap">${escapeHtml(formatGap(greedyGap(entry, kind)))}</td>`
              : '<td class="num same">0</td>';
          return (
            `<tr><td class="num">${entry.size}</td>` +
            `<td class="num">${escapeHtml(meanSd(entry.synergy))}</td>` +
            `<td class="num">${escapeHtml(meanSd(entry.redundancy))}</td>` +
            gap('synergy') +
            gap('redundancy') +
            (counted
              ? `<td class="num">${escapeHtml(count(entry.multiplets_evaluated?.search))}</td><td class="num">${escapeHtml(count(entry.multiplets_evaluated?.greedy))}</td>`
              : '') +
            '</tr>'
          );
        })
        .join('\n        ');
      return `<tbody>
        <tr class="group"><th colspan="${counted ? 7 : 5}" scope="rowgroup">${escapeHtml(layer.layer)}</th></tr>
        ${rows}
      </tbody>`;
    })
    .join('\n      ');
  return `<table class="numbers">
      <thead>
        <tr><th rowspan="2" class="num">k</th><th class="num">Synergy, min Ω</th><th class="num">Redundancy, max Ω</th>
          <th colspan="2" class="num">Greedy − exhaustive</th>${counted ? '<th colspan="2" class="num">Multiplets evaluated</th>' : ''}</tr>
        <tr><th class="num sub">mean ± sd (${units})</th><th class="num sub">mean ± sd (${units})</th>
          <th class="num sub">synergy</th><th class="num sub">redundancy</th>${counted ? '<th class="num sub">search</th><th class="num sub">greedy</th>' : ''}</tr>
      </thead>
      ${groups}
    </table>`;
}

function retrainTable(rows: RetrainRow[], meta: RetrainMeta): string {
  const summary = summarizeRetrain(rows, meta);
  if (summary.points.length === 0) return '';
  const asFraction = summary.points.every((p) => !Number.isFinite(p.mean) || p.mean <= 1.0001);
  const fmt = (mean: number, sd: number) =>
    asFraction
      ? `${formatNumber(mean * 100, 1)} ± ${formatNumber(sd * 100, 1)}`
      : `${formatNumber(mean, 2)} ± ${formatNumber(sd, 2)}`;
  const lookup = new Map(summary.points.map((p) => [`${p.method}\u0000${p.size}`, p]));
  const body = summary.methods
    .map((method) => {
      const cells = summary.sizes
        .map((size) => {
          const p = lookup.get(`${method}\u0000${size}`);
          return `<td class="num">${p ? escapeHtml(fmt(p.mean, p.sd)) : '—'}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(method)}</th>${cells}</tr>`;
    })
    .join('\n        ');
  const full = summary.full
    ? `<tfoot><tr><th scope="row">full network</th><td class="num" colspan="${summary.sizes.length}">${escapeHtml(
        fmt(summary.full.mean, summary.full.sd),
      )} (any k)</td></tr></tfoot>`
    : '';
  return `
  <h3>Test accuracy after re-training${asFraction ? ' (%)' : ''}, mean ± sd over seeds</h3>
  <table class="numbers">
      <thead><tr><th>Method</th>${summary.sizes.map((k) => `<th class="num">k = ${k}</th>`).join('')}</tr></thead>
      <tbody>
        ${body}
      </tbody>
      ${full}
    </table>`;
}


function percent(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${formatNumber(100 * x, digits)}%` : '—';
}

function accuracyTable(a: ReportAccuracy): string {
  const mean = (xs: number[]) => {
    const ok = xs.filter(Number.isFinite);
    return ok.length > 0 ? ok.reduce((s, x) => s + x, 0) / ok.length : NaN;
  };
  const range = (xs: number[]) => {
    const ok = xs.filter(Number.isFinite);
    return ok.length > 0 ? `${percent(Math.min(...ok))} – ${percent(Math.max(...ok))}` : '—';
  };
  const rows = a.seeds
    .map((seed, i) => `<tr><th scope="row">${seed}</th><td class="num">${percent(a.train[i])}</td><td class="num">${percent(a.test[i])}</td></tr>`)
    .join('\n        ');
  return `<table class="numbers accuracy">
      <thead><tr><th>Seed</th><th class="num">Train accuracy</th><th class="num">Test accuracy</th></tr></thead>
      <tbody>
        ${rows}
      </tbody>
      <tfoot>
        <tr><th scope="row">mean</th><td class="num">${percent(mean(a.train))}</td><td class="num">${percent(mean(a.test))}</td></tr>
        <tr><th scope="row">min – max</th><td class="num">${range(a.train)}</td><td class="num">${range(a.test)}</td></tr>
      </tfoot>
    </table>
    ${a.trainNote ? `<p class="muted">Train accuracy: ${escapeHtml(a.trainNote)}.</p>` : ''}`;
}

function isVerdict(f: string | Verdict): f is Verdict {
  return typeof f === 'object' && f !== null && 'claim' in f && 'verdict' in f;
}

/** CSS class of a verdict: holds / partly / fails / undecided. */
function verdictClass(verdict: string): string {
  const v = verdict.toLowerCase();
  if (/not hold|fail|reject/.test(v)) return 'fails';
  if (/partly|partial|mixed/.test(v)) return 'partly';
  if (/^holds?\b|supported/.test(v)) return 'holds';
  return 'undecided';
}

function verdictTable(verdicts: Verdict[]): string {
  const rows = verdicts
    .map(
      (v) =>
        `<tr><td>${escapeHtml(v.claim)}</td><td>${escapeHtml(v.criterion)}</td>` +
        `<td class="verdict ${verdictClass(v.verdict)}">${escapeHtml(v.verdict)}</td><td>${escapeHtml(v.detail)}</td></tr>`,
    )
    .join('\n        ');
  return `<table class="verdicts">
      <thead><tr><th>Claim</th><th>Criterion</th><th>Verdict</th><th>Detail</th></tr></thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}

function formatP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p < 0.001) return p.toExponential(1).replace('-', '−');
  return p.toFixed(3);
}

/** Signed accuracy difference in percentage points. */
function formatDiff(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const text = (100 * Math.abs(x)).toFixed(1);
  return `${x < 0 && Number(text) !== 0 ? '−' : x > 0 && Number(text) !== 0 ? '+' : ''}${text}`;
}

function statsGroupTable(group: StatsGroup, level: number): string {
  const chance = new Map((group.chance ?? []).map((c) => [`${c.method}\u0000${c.size}`, c]));
  const atChance = (method: string, size: number) => {
    const c = chance.get(`${method}\u0000${size}`);
    return c ? `${c.at_chance}/${c.networks}` : '—';
  };
  const byPair = new Map<string, typeof group.comparisons>();
  for (const c of group.comparisons) {
    const key = `${c.method} vs ${c.versus}`;
    byPair.set(key, [...(byPair.get(key) ?? []), c]);
  }
  const bodies = [...byPair.entries()]
    .map(([pair, list]) => {
      const rows = [...list]
        .sort((a, b) => a.size - b.size)
        .map((c) => {
          const significant = Number.isFinite(c.p_holm) && c.p_holm < 0.05;
          return (
            `<tr${significant ? ' class="significant"' : ''}><td class="num">${c.size}</td><td class="num">${c.n}</td>` +
            `<td class="num">${escapeHtml(formatDiff(c.mean_difference))}</td>` +
            `<td class="num">[${escapeHtml(formatDiff(c.ci[0]))}, ${escapeHtml(formatDiff(c.ci[1]))}]</td>` +
            `<td class="num">${escapeHtml(formatP(c.wilcoxon.p))}${c.wilcoxon.method ? ` <span class="muted">(${escapeHtml(c.wilcoxon.method)})</span>` : ''}</td>` +
            `<td class="num">${escapeHtml(formatP(c.p_holm))}</td>` +
            `<td class="num">${c.wins} / ${c.losses} / ${c.ties}</td>` +
            `<td class="num">${escapeHtml(atChance(c.method, c.size))}</td><td class="num">${escapeHtml(atChance(c.versus, c.size))}</td></tr>`
          );
        })
        .join('\n        ');
      return `<tbody>
        <tr class="group"><th colspan="9" scope="rowgroup">${escapeHtml(pair)}</th></tr>
        ${rows}
      </tbody>`;
    })
    .join('\n      ');
  return `<table class="numbers stats">
      <thead>
        <tr><th class="num">k</th><th class="num">n</th><th class="num">Mean difference (pp)</th><th class="num">${level}% CI (pp)</th>
          <th class="num">Wilcoxon p</th><th class="num">Holm p</th><th class="num">Wins / losses / ties</th>
          <th class="num">At chance: method</th><th class="num">At chance: versus</th></tr>
      </thead>
      ${bodies}
    </table>`;
}

function statsSection(stats: StatsFile): string {
  const level = Math.round(100 * (stats.bootstrap?.level ?? 0.95));
  const groups = (stats.groups ?? [])
    .map(
      (g) => `
  <h3>Re-training ${escapeHtml(g.mode)}, ${g.epochs} epoch${g.epochs === 1 ? '' : 's'} (${escapeHtml(formatSeeds(g.seeds))})</h3>
  ${(g.comparisons ?? []).length > 0 ? statsGroupTable(g, level) : '<p class="muted">No comparisons in this group.</p>'}`,
    )
    .join('\n');
  return `<section id="statistics">
  <h2>Statistics of Figure 2</h2>
  <p class="muted">Each method against another, paired by seed (same θ₀, same minibatch order). Differences of test
    accuracy in percentage points: the mean over seeds with its ${level}% bootstrap CI
    (${stats.bootstrap?.resamples ?? '?'} resamples), the Wilcoxon signed-rank p and the p Holm-corrected over sizes
    (bold: Holm p &lt; 0.05); wins / losses / ties count the seeds; “at chance” counts the networks of the method
    (and of the one it is compared with) at chance level, test accuracy ≤ ${escapeHtml(percent(stats.chance_level, 0))}.</p>
  ${groups || '<p class="muted">stats.json holds no groups.</p>'}
</section>`;
}

/** Links to the data files that exist. */
function dataFilesList(outDir: string, files: string[]): string {
  const present = files.filter((f) => existsSync(resolve(f)));
  if (present.length === 0) return '';
  return `<section id="data">
  <h2>Data files</h2>
  <ul class="files-list">
    ${present.map((f) => `<li><a href="${escapeHtml(href(outDir, f))}">${escapeHtml(href(outDir, f))}</a></li>`).join('\n    ')}
  </ul>
</section>`;
}

const CSS = `
  :root { color-scheme: light; }
  body { font-family: "DejaVu Sans", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
    color: #1a1a1a; background: #fff; line-height: 1.5; margin: 0; }
  main { max-width: 1180px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
  .warning { border: 2px solid #b45309; background: #fff7e6; color: #5c2d00; padding: .75rem 1rem;
    margin: 1rem 0; font-size: 1rem; max-width: 80ch; }
  .warning strong { color: #9a3412; }
  .cite { color: #444; font-size: .9rem; }
  table.verdicts td { max-width: 32ch; }
  td.verdict { font-weight: 600; white-space: nowrap; }
  td.verdict.holds { color: #166534; }
  td.verdict.partly { color: #92400e; }
  td.verdict.fails { color: #b91c1c; }
  td.verdict.undecided { color: #555; }
  table.stats tr.significant td { font-weight: 600; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.2rem; margin: 2.5rem 0 .75rem; border-bottom: 1px solid #ddd; padding-bottom: .25rem; }
  h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
  .subtitle, .muted { color: #555; }
  .meta { color: #666; font-size: .9rem; }
  table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
  th, td { padding: .25rem .75rem; text-align: left; vertical-align: top; }
  thead th { border-bottom: 1.5px solid #333; font-weight: 600; }
  tfoot th, tfoot td { border-top: 1px solid #999; }
  table.kv th { font-weight: 600; color: #333; white-space: nowrap; }
  table.kv tr + tr th, table.kv tr + tr td { border-top: 1px solid #eee; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  th.sub { font-weight: normal; color: #555; font-size: .85rem; }
  tr.group th { background: #f3f3f3; font-weight: 600; border-top: 1px solid #ccc; }
  table.numbers tbody tr:not(.group):hover { background: #fafafa; }
  td.same { color: #999; }
  td.gap { color: #000; font-weight: 600; }
  figure { margin: 0; }
  .plot { overflow-x: auto; }
  .plot svg { max-width: 100%; height: auto; display: block; }
  figcaption { font-size: .9rem; color: #333; margin-top: .5rem; max-width: 80ch; }
  .files { color: #666; white-space: nowrap; }
  ul.findings li { margin: .35rem 0; max-width: 80ch; }
  a { color: #1f5fa8; }
`;

/** The page's HTML. `outDir` is where report.html goes: links to the figure files are made relative to it. */
export function renderReportHtml(outDir: string, content: ReportContent): string {
  const title = content.title ?? 'O-information of a feed-forward network: reproduction report';
  const date = content.settings.date instanceof Date ? content.settings.date.toISOString() : content.settings.date;
  const sentences = content.findings.filter((f): f is string => typeof f === 'string');
  const verdicts = content.findings.filter(isVerdict);
  const findings =
    (sentences.length > 0
      ? `<ul class="findings">
    ${sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n    ')}
  </ul>`
      : '') +
    (verdicts.length > 0 ? `\n  <h3>Verdicts, each by its stated criterion</h3>\n  ${verdictTable(verdicts)}` : '') ||
    '<p class="muted">No findings were written for this run.</p>';

  const sections = [
    `<section id="settings">
  <h2>Settings</h2>
    ${settingsTable(content.settings)}
</section>`,
    content.accuracy
      ? `<section id="accuracy">
  <h2>Trained networks</h2>
    ${accuracyTable(content.accuracy)}
</section>`
      : '',
    `<section id="timings">
  <h2>Wall time per stage</h2>
    ${timingsTable(content.timings)}
</section>`,
    figureSection('figure1', 'Figure 1', content.figure1, outDir),
    content.figure1Discrete ? figureSection('figure1-discrete', 'Figure 1b', content.figure1Discrete, outDir) : '',
    `<section id="findings">
  <h2>What the numbers say</h2>
  ${findings}
</section>`,
    content.figure2 ? figureSection('figure2', 'Figure 2', content.figure2, outDir) : '',
    ...(content.otherFigure2 ?? []).map((f) => figureSection(f.id, f.heading, f.figure, outDir)),
    content.stats ? statsSection(content.stats) : '',
    `<section id="numbers">
  <h2>The numbers</h2>
  <h3>Figure 1: extremal O-information per layer and multiplet size k</h3>
  <p class="muted">Each multiplet is k neurons of the layer plus the test label y. Mean ± sd over
    ${escapeHtml(formatSeeds(content.layerwise.seeds))}. The last two columns are the paper's greedy search
    minus the exhaustive search (means; 0 when they agree within ${GREEDY_TOLERANCE}); a positive synergy gap
    or a negative redundancy gap means the greedy search missed the extremum.${
      content.layerwise.layers.some((l) => l.sizes.some((e) => e.multiplets_evaluated))
        ? ' Multiplets evaluated: per network and layer, by the search behind the first two columns (exhaustive, all C(n, k) multiplets, unless the run’s plan says beam) and by the paper’s greedy search, which extends its best synergy and its best redundancy multiplet separately, one neuron at a time.'
        : ''
    }</p>
  ${layerwiseTable(content.layerwise)}
  ${content.retrain ? retrainTable(content.retrain.rows, content.retrain.meta) : ''}
</section>`,
    dataFilesList(outDir, content.dataFiles ?? []),
  ].filter(Boolean);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
  <h1>${escapeHtml(title)}</h1>
  ${content.subtitle ? `<p class="subtitle">${escapeHtml(content.subtitle)}</p>` : ''}
  ${content.warning ? `<p class="warning" role="alert"><strong>Warning:</strong> ${escapeHtml(content.warning)}</p>` : ''}
  <p class="meta">Generated ${escapeHtml(date)}${content.generator ? ` by ${escapeHtml(content.generator)}` : ''}.</p>
</header>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** Writes `report.html` in `outDir` (atomically) and returns its path. */
export function writeReport(outDir: string, content: ReportContent): string {
  const path = join(outDir, 'report.html');
  writeFileAtomic(path, renderReportHtml(outDir, content));
  return path;
}
