/** Rows, checks and the markdown rendering of a benchmark run. */
import type { BackendName } from '../src/backend/engine.js';
import type { MachineInfo } from './machine.js';
import type { SkippedBackend } from './backends.js';

export interface CopulaRow {
  suite: 'copula';
  backend: BackendName;
  nSamples: number;
  nVars: number;
  /** As passed to copulaCovariance: 0 = all cores. */
  threads: number;
  msPerCall: number;
  msMedian: number;
  rmePercent: number;
  samples: number;
}

export interface ModeResult {
  mode: string;
  threads: number;
  naive: boolean;
  /** Multiplets evaluated per call (result.sizes[0].evaluated). */
  evaluated: number;
  /** True when only the first `evaluated` lexicographic ranks were searched (shard cap). */
  capped: boolean;
  secondsPerOp: number;
  multipletsPerSecond: number;
  rmePercent: number;
  samples: number;
}

export interface EnumerationRow {
  suite: 'enumeration';
  backend: BackendName;
  /** Candidate variables. */
  n: number;
  k: number;
  target: boolean;
  nSamples: number;
  /** C(n, k): the whole exhaustive search. */
  total: number;
  fast: ModeResult[];
  naive: ModeResult;
  /** Fast enumeration on 1 thread ÷ the naive oracle (1 thread), in multiplets per second. */
  speedupVsNaive: number;
}

export interface CliRow {
  suite: 'cli';
  backend: BackendName;
  command: 'search' | 'measure';
  /** --threads given to the CLI (null for measure, which uses the default). */
  threads: number | null;
  nSamples: number;
  nVars: number;
  k: number | null;
  csvBytes: number;
  /** Multiplets the search evaluated (0 for measure). */
  multiplets: number;
  /** Median wall time of the whole process over the repetitions. */
  wallSeconds: number;
  wallAll: number[];
  /** multiplets ÷ wall time: the whole process, CSV parse and start-up included. */
  multipletsPerSecond: number | null;
  /** The search alone, from the output's elapsed_s (median). */
  searchSeconds: number | null;
  /** multiplets ÷ (search wall − measure wall): the process minus parse, covariance and start-up. */
  netMultipletsPerSecond: number | null;
  /** Environment variables removed for this row's runs (e.g. NODE_EXTRA_CA_CERTS), if any. */
  withoutEnv?: string[];
}

export interface TrainingRow {
  suite: 'training';
  method: 'model.fit' | 'side by side';
  /** What was trained: the paper's networks from θ₀, or a re-training mode's sub-networks. */
  work: string;
  /** TF.js's own kernels or ours (src/nn/kernels: native or wasm). */
  kernels: string;
  tfBackend: string;
  networks: number;
  workers: number;
  /** Training images per epoch. */
  images: number;
  seconds: number;
  networkEpochsPerMinute: number;
}

export type Row = CopulaRow | EnumerationRow | CliRow | TrainingRow;

export interface Check {
  name: string;
  value: number;
  threshold: number;
  comparison: '<' | '>=';
  unit: string;
  pass: boolean;
}

export function check(name: string, value: number, comparison: '<' | '>=', threshold: number, unit: string): Check {
  const pass = comparison === '<' ? value < threshold : value >= threshold;
  return { name, value, threshold, comparison, unit, pass };
}

export interface SuiteOutput {
  rows: Row[];
  checks: Check[];
  notes: string[];
}

export interface Summary {
  machine: MachineInfo;
  run: {
    quick: boolean;
    suites: string[];
    backends: BackendName[];
    skippedBackends: SkippedBackend[];
    durationSeconds: number;
    loadAverageAtEnd: number[];
    settings: Record<string, unknown>;
  };
  rows: Row[];
  checks: Check[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------
// Formatting

/** 2.12e8 style. */
export function sci(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toPrecision(digits).includes('e') || Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0)
    ? x.toExponential(digits - 1).replace('e+', 'e')
    : x.toPrecision(digits);
}

export function fixed(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function count(x: number): string {
  return x.toLocaleString('en-US');
}

function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const a = align ?? header.map((_, i) => (i === 0 ? 'l' : 'r'));
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${a.map((x) => (x === 'r' ? '---:' : ':---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  return lines.join('\n');
}

function copulaTable(rows: CopulaRow[]): string {
  return table(
    ['backend', 'data (N × p)', 'threads', 'ms / call (mean)', 'ms (median)', '± %', 'samples'],
    rows.map((r) => [
      r.backend,
      `${count(r.nSamples)} × ${r.nVars}`,
      r.threads === 0 ? '0 (all cores)' : String(r.threads),
      fixed(r.msPerCall, 1),
      fixed(r.msMedian, 1),
      fixed(r.rmePercent, 1),
      String(r.samples),
    ]),
  );
}

function enumerationTable(rows: EnumerationRow[]): string {
  const fastModes = rows[0]?.fast.map((f) => f.mode) ?? [];
  return table(
    [
      'backend',
      'n',
      'k',
      'target',
      'C(n, k)',
      ...fastModes.map((m) => `${m} (multiplets/s)`),
      'naive 1t (multiplets/s)',
      `${fastModes[0] ?? 'fast'} ÷ naive`,
      'evaluated (fast / naive)',
    ],
    rows.map((r) => [
      r.backend,
      String(r.n),
      String(r.k),
      r.target ? 'yes' : 'no',
      count(r.total),
      ...r.fast.map((f) => sci(f.multipletsPerSecond)),
      sci(r.naive.multipletsPerSecond),
      `${sci(r.speedupVsNaive)}×`,
      `${sci(r.fast[0]?.evaluated ?? NaN, 3)} / ${sci(r.naive.evaluated, 3)}`,
    ]),
  );
}

function cliTable(rows: CliRow[]): string {
  return table(
    ['backend', 'command', 'threads', 'data', 'multiplets', 'wall s (median)', 'multiplets/s (whole process)', 'search s (in-process)', 'multiplets/s (wall − measure)'],
    rows.map((r) => [
      r.backend,
      (r.command === 'search' ? `search k = ${r.k}` : 'measure (start-up + parse + covariance)') +
        (r.withoutEnv?.length ? ` (without ${r.withoutEnv.join(', ')})` : ''),
      r.threads === null ? 'default' : String(r.threads),
      `${count(r.nSamples)} × ${r.nVars} + y, ${fixed(r.csvBytes / 1e6, 1)} MB`,
      r.multiplets ? count(r.multiplets) : '–',
      `${fixed(r.wallSeconds, 2)} (${r.wallAll.map((w) => fixed(w, 2)).join(', ')})`,
      sci(r.multipletsPerSecond),
      fixed(r.searchSeconds, 2),
      sci(r.netMultipletsPerSecond),
    ]),
    ['l', 'l', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
  );
}

function checksTable(checks: Check[]): string {
  return table(
    ['target', 'measured', 'goal', ''],
    checks.map((c) => [
      c.name,
      `${sci(c.value)} ${c.unit}`,
      `${c.comparison} ${sci(c.threshold)} ${c.unit}`,
      c.pass ? 'pass' : '**FAIL**',
    ]),
  );
}

export function markdown(summary: Summary): string {
  const m = summary.machine;
  const out: string[] = [];
  out.push(`## Benchmarks${summary.run.quick ? ' (quick smoke run: small caps, not representative)' : ''}`);
  out.push('');
  out.push(
    `${m.cpu}, ${m.cores} logical cores, ${m.totalMemoryGiB} GiB, Node ${m.node}, ${m.platform}-${m.arch}; ` +
      `${m.date.slice(0, 10)}${m.commit ? `, commit ${m.commit}` : ''}; load average at start ${m.loadAverageAtStart.join(' / ')}; ` +
      `run took ${fixed(summary.run.durationSeconds, 0)} s.`,
  );
  const copula = summary.rows.filter((r): r is CopulaRow => r.suite === 'copula');
  const enumeration = summary.rows.filter((r): r is EnumerationRow => r.suite === 'enumeration');
  const cli = summary.rows.filter((r): r is CliRow => r.suite === 'cli');
  if (copula.length) {
    out.push('', '### copula: copula covariance (rank transform + covariance)', '', copulaTable(copula));
  }
  if (enumeration.length) {
    out.push(
      '',
      '### enumeration: exhaustive search through the engine (covariance precomputed, N = ' +
        `${count(enumeration[0].nSamples)})`,
      '',
      enumerationTable(enumeration),
    );
  }
  if (cli.length) out.push('', '### cli: the whole `oinfo` process (CSV parse included)', '', cliTable(cli));
  const training = summary.rows.filter((r): r is TrainingRow => r.suite === 'training');
  if (training.length)
    out.push(
      '',
      '### training: the paper\'s MLP on Fashion-MNIST, one epoch',
      '',
      table(
        ['work', 'method', 'kernels', 'TF.js backend', 'networks', 'worker threads', 'images', 'seconds', 'network-epochs / min'],
        training.map((r) => [r.work, r.method, r.kernels, r.tfBackend, String(r.networks), String(r.workers), count(r.images), fixed(r.seconds, 1), fixed(r.networkEpochsPerMinute, 1)]),
      ),
    );
  if (summary.checks.length) out.push('', '### targets', '', checksTable(summary.checks));
  if (summary.run.skippedBackends.length)
    out.push('', ...summary.run.skippedBackends.map((s) => `- backend ${s.name} skipped: ${s.reason}`));
  if (summary.notes.length) out.push('', ...summary.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}
