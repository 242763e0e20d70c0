/**
 * Each command's result as a Report (formats/report.ts): its JSON with `oinfo_version`, the run's
 * metadata and its rows: one per listed multiplet (search), one (measure), one per variable (mi).
 */
import { groupSpec } from '../api/groups.js';
import type { MeasureResult } from '../api/measure.js';
import type { Multiplet, SearchResult } from '../api/search.js';
import type { MiResult } from '../mi/mi.js';
import type { CovarianceJson } from '../io/covarianceFile.js';
import { packageVersion } from '../util/packageRoot.js';
import type { Column, Report } from './formats/report.js';

const MEASURES = ['oinfo', 'tc', 'dtc', 'sinfo'] as const;
const SYMBOL = { oinfo: 'Ω', tc: 'TC', dtc: 'DTC', sinfo: 'S' } as const;

/** The four measures as columns, units in the table's header. */
function measureColumns<Row extends Record<(typeof MEASURES)[number], number>>(units: string): Column<Row>[] {
  return MEASURES.map((m) => ({ key: m, title: `${SYMBOL[m]} (${units})`, kind: 'real', get: (row: Row) => row[m] }));
}

function versioned<T extends object>(o: T): T & { oinfo_version: string } {
  return { ...o, oinfo_version: packageVersion() };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** ", groups g1 (a b c), g2 (d e)" for a caption; nothing without groups. */
function groupsCaption(groups: Record<string, string[]> | undefined): string {
  const entries = Object.entries(groups ?? {});
  return entries.length === 0 ? '' : `, groups ${entries.map(([name, columns]) => `${name} (${columns.join(' ')})`).join(', ')}`;
}

export type SearchRow = Multiplet & { size: number; kind: 'synergy' | 'redundancy'; rank: number };

export function searchReport(result: SearchResult): Report<SearchRow> {
  const rows: SearchRow[] = result.sizes.flatMap((s) =>
    (['synergy', 'redundancy'] as const).flatMap((kind) => s[kind].map((m, i) => ({ size: s.size, kind, rank: i + 1, ...m }))),
  );
  const { sizes, ...run } = result;
  const meta = versioned({ ...run, sizes: sizes.map(({ synergy: _s, redundancy: _r, ...size }) => size) });
  const has = (key: keyof Multiplet) => rows.some((row) => row[key] !== undefined);
  const level = result.bootstrap ? `${Math.round(result.bootstrap.ci * 1000) / 10}%` : '';
  const columns: Column<SearchRow>[] = [
    { key: 'size', title: 'size', kind: 'int', get: (r) => r.size },
    { key: 'kind', title: 'kind', kind: 'text', get: (r) => r.kind },
    { key: 'rank', title: 'rank', kind: 'int', get: (r) => r.rank },
    ...measureColumns<SearchRow>(result.units),
  ];
  if (has('p_fwer')) columns.push({ key: 'p_fwer', title: 'p (FWER)', kind: 'real', get: (r) => r.p_fwer });
  if (has('ci'))
    for (const m of MEASURES) {
      const csvOnly = m !== 'oinfo';
      columns.push(
        { key: `${m}_ci_low`, title: `${SYMBOL[m]} ${level} low`, kind: 'real', get: (r) => r.ci?.[m][0], csvOnly },
        { key: `${m}_ci_high`, title: `${SYMBOL[m]} ${level} high`, kind: 'real', get: (r) => r.ci?.[m][1], csvOnly },
      );
    }
  if (has('se')) for (const m of MEASURES) columns.push({ key: `${m}_se`, title: `${m} se`, kind: 'real', get: (r) => r.se?.[m], csvOnly: true });
  if (has('singular_resamples'))
    columns.push({ key: 'singular_resamples', title: 'singular resamples', kind: 'int', get: (r) => r.singular_resamples, csvOnly: true });
  columns.push({ key: 'vars', title: 'variables', kind: 'text', get: (r) => r.vars });
  const groups = result.groups;
  if (groups) columns.push({ key: 'groups', title: 'groups', kind: 'text', get: (r) => groupSpec(groups, r.vars), csvOnly: true });

  const target = result.target.length > 0 ? `, target ${result.target.join(' ')} (${result.target_kind})` : '';
  const caption =
    `oinfo search: ${plural(result.n_samples, 'sample')}, ${plural(result.variables.length, 'variable')}${groupsCaption(result.groups)}${target}; ` +
    `lists ranked by ${result.rank_by} (synergy: lowest first, redundancy: highest first); ` +
    `${result.units}, ${result.bias_corrected ? 'bias-corrected' : 'no bias correction'}, ${result.backend} backend, ${result.elapsed_s.toFixed(2)} s`;
  return { json: versioned(result), meta, rows, columns, caption };
}

export function measureReport(result: MeasureResult): Report<MeasureResult> {
  const { oinfo: _o, tc: _t, dtc: _d, sinfo: _s, vars: _v, target: _g, ...run } = result;
  const columns: Column<MeasureResult>[] = [
    { key: 'target', title: 'target', kind: 'text', get: (r) => r.target },
    { key: 'n_samples', title: 'samples', kind: 'int', get: (r) => r.n_samples, csvOnly: true },
    { key: 'units', title: 'units', kind: 'text', get: (r) => r.units, csvOnly: true },
    ...measureColumns<MeasureResult>(result.units),
  ];
  if (result.target.length === 0) columns.splice(0, 1);
  columns.push({ key: 'vars', title: 'variables', kind: 'text', get: (r) => r.vars }); // last in a table
  const groups = result.groups;
  if (groups) columns.push({ key: 'groups', title: 'groups', kind: 'text', get: (r) => groupSpec(groups, r.vars), csvOnly: true });
  const target = result.target.length > 0 ? `, target ${result.target.join(' ')} (${result.target_kind})` : '';
  const caption = `oinfo measure: ${plural(result.n_samples, 'sample')}${groupsCaption(result.groups)}${target}; ${result.units}, ${result.bias_corrected ? 'bias-corrected' : 'no bias correction'}, ${result.backend} backend`;
  return { json: versioned(result), meta: versioned(run), rows: [result], record: ({ vars, target, oinfo, tc, dtc, sinfo }) => ({ vars, target, oinfo, tc, dtc, sinfo }), columns, caption };
}

export interface MiRow {
  variable: string;
  mi: number;
}

export function miReport(result: MiResult): Report<MiRow> {
  const { mi, ...run } = result;
  const rows = Object.entries(mi).map(([variable, value]) => ({ variable, mi: value }));
  const columns: Column<MiRow>[] = [
    { key: 'variable', title: 'variable', kind: 'text', get: (r) => r.variable },
    { key: 'mi', title: `MI (${result.units})`, kind: 'real', get: (r) => r.mi },
  ];
  const caption = `oinfo mi: each variable's mutual information with the label "${result.target}" (${result.method}); ${result.backend} backend`;
  return { json: versioned(result), meta: versioned(run), rows, columns, caption };
}

export interface CopulaRow {
  variable: string;
  row: number[];
}

/** The covariance file's JSON; in CSV and table, the matrix with the names down the side and across. */
export function copulaReport(json: CovarianceJson, backend: string): Report<CopulaRow> {
  const { covariance, ...run } = json;
  const rows = json.names.map((variable, i) => ({ variable, row: covariance[i] }));
  const columns: Column<CopulaRow>[] = [
    { key: 'variable', title: '', kind: 'text', get: (r) => r.variable },
    ...json.names.map((name, j): Column<CopulaRow> => ({ key: name, title: name, kind: 'real', get: (r) => r.row[j] })),
  ];
  const caption = `oinfo copula: covariance of ${plural(json.names.length, 'copula-normalised column')}, ${plural(json.n_samples, 'sample')}, ${backend} backend`;
  return { json: versioned(json), meta: versioned(run), rows, record: (r) => ({ variable: r.variable, covariance: r.row }), columns, caption };
}
