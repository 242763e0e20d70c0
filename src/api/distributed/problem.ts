/**
 * The problem a distributed search sends to its workers (SPEC §10): the copula covariance of the
 * variables in play with N, their names and the resolved search options — never the samples. Encoded by
 * the coordinator from the same option checks as a local search (resolveSearch), decoded and checked by
 * each worker before use, so that a bad or hostile payload fails its own job and nothing else.
 *
 * Schema (JSON; protocol 1):
 *   { "protocol": 1, "n_samples": N, "names": [d distinct names, column order, the target among them],
 *     "cov": base64 of d × d float64 little-endian (row-major),
 *     "classes": only for a discrete target: { "values": [label of each class], "counts": [N_c],
 *                "covs": base64 of C × m × m float64, the covariance within each class of the m candidates },
 *     "options": { "vars": [candidate names], "target": name | null, "minSize", "maxSize", "exhaustiveMax",
 *                  "top", "units", "biasCorrect", "rankBy" } }
 */
import { OinfoInputError, OinfoOptionError } from '../../errors.js';
import type { Dataset } from '../dataset.js';
import type { OptionNames } from '../validate.js';
import { getEngine } from '../../backend/load.js';
import { type ClassStatistics, discreteStatistics, resolveTarget } from '../discreteTarget.js';
import { resolveSearch, type SearchOptions } from '../searchOptions.js';
import { DISTRIBUTED_PROTOCOL } from './protocol.js';

/** At most this many variables in play (a d × d covariance of 32 MB). */
export const MAX_VARIABLES = 2048;
/** The largest problem text a worker reads. */
export const MAX_PROBLEM_CHARS = 64 * 1024 * 1024;
const MAX_NAME_CHARS = 1024;

/** The search options a problem carries: resolved, so every worker runs exactly the coordinator's search. */
export type ProblemOptions = Required<Pick<SearchOptions, 'vars' | 'minSize' | 'maxSize' | 'exhaustiveMax' | 'top' | 'units' | 'biasCorrect' | 'rankBy'>> & {
  target: string | null;
};

export interface Problem {
  protocol: number;
  n_samples: number;
  names: string[];
  cov: string;
  classes?: { values: number[]; counts: number[]; covs: string };
  options: ProblemOptions;
}

/** At most this many classes of a discrete target. */
export const MAX_CLASSES = 1024;

/** What the coordinator needs besides the problem: the candidates' count and the exhaustive sizes. */
export interface EncodedProblem {
  problem: Problem;
  /** The problem as stored (the text workers read and re-attaching compares). */
  text: string;
  candidates: number;
  sizes: number[];
}

/** Options of search() that need the samples. */
type LocalOnly = { bootstrap?: unknown; permutations?: unknown; ci?: unknown; null?: unknown };

/** Options a distributed search cannot take (searchDistributed names them, to refuse them so): they need the samples. */
export const LOCAL_ONLY: OptionNames<LocalOnly> = { bootstrap: true, permutations: true, ci: true, null: true };

function refuseLocalOnly(options: LocalOnly): void {
  for (const option of ['bootstrap', 'permutations'] as const)
    if (options[option] !== undefined && options[option] !== 0)
      throw new OinfoOptionError(option, 'needs the samples, which a distributed search never sends: run it without {queue}');
  for (const option of ['ci', 'null'] as const)
    if (options[option] !== undefined)
      throw new OinfoOptionError(option, `belongs to {${option === 'ci' ? 'bootstrap' : 'permutations'}}, which needs the samples that a distributed search never sends: run it without {queue}`);
}

/** The problem of a search of `dataset` with `options`, checked as a local search checks it. */
export function encodeProblem(dataset: Dataset, options: SearchOptions & LocalOnly): EncodedProblem {
  refuseLocalOnly(options);
  if (options.groups !== undefined)
    throw new OinfoOptionError('groups', 'cannot be distributed yet (the queue carries single-column problems): run the search without {queue}');
  const { candidates, target, raw } = resolveSearch(dataset, options);
  if (raw.histogramBins !== undefined)
    throw new OinfoOptionError('histogram', 'is not distributed yet (each shard would bin its own range): run it without {queue}');
  if (raw.maxSize > raw.exhaustiveMax)
    throw new OinfoOptionError(
      'maxSize',
      `is above {exhaustiveMax} (${raw.exhaustiveMax}): a distributed search covers exhaustive sizes only; raise {exhaustiveMax} or search greedy sizes on one machine`,
    );
  const resolvedTarget = resolveTarget(dataset, target, options.targetKind, raw.maxSize);
  const inPlay = [...candidates, ...(target >= 0 ? [target] : [])].sort((a, b) => a - b);
  if (inPlay.length > MAX_VARIABLES) throw new OinfoInputError(`a distributed search takes at most ${MAX_VARIABLES} variables, got ${inPlay.length}`);
  const p = dataset.names.length;
  const cov = inPlay.flatMap((a) => inPlay.map((b) => dataset.cov[a * p + b]));
  const classes = resolvedTarget.classes;
  const problem: Problem = {
    protocol: DISTRIBUTED_PROTOCOL,
    n_samples: dataset.nSamples,
    names: inPlay.map((i) => dataset.names[i]),
    cov: toBase64(cov),
    // A discrete target's classes as the local search computes them (same call, same threads).
    ...(classes && {
      classes: {
        values: classes.values,
        counts: classes.counts,
        covs: toBase64(discreteStatistics(getEngine(options.backend), dataset, classes, candidates, raw.threads).classes.covs),
      },
    }),
    options: {
      vars: candidates.map((i) => dataset.names[i]),
      target: target >= 0 ? dataset.names[target] : null,
      minSize: raw.minSize,
      maxSize: raw.maxSize,
      exhaustiveMax: raw.exhaustiveMax,
      top: raw.top,
      units: raw.units,
      biasCorrect: raw.biasCorrect,
      rankBy: raw.rankBy ?? 'oinfo',
    },
  };
  const sizes = Array.from({ length: raw.maxSize - raw.minSize + 1 }, (_, i) => raw.minSize + i);
  return { problem, text: JSON.stringify(problem), candidates: candidates.length, sizes };
}

function bad(what: string): never {
  throw new OinfoInputError(`bad problem: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exactKeys(value: Record<string, unknown>, keys: string[], what: string): void {
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length > 0) bad(`${what} has unknown fields ${extra.slice(0, 3).join(', ')}`);
}

function names(value: unknown, what: string, max: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) bad(`${what} must be a list of 1 to ${max} names`);
  if (!value.every((n) => typeof n === 'string' && n.length > 0 && n.length <= MAX_NAME_CHARS)) bad(`${what} must hold non-empty names of at most ${MAX_NAME_CHARS} characters`);
  if (new Set(value).size !== value.length) bad(`${what} repeats a name`);
  return value as string[];
}

/** float64 values as base64 (little-endian). */
function toBase64(values: ArrayLike<number>): string {
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i], i * 8);
  return bytes.toString('base64');
}

/** `count` finite float64 values from base64, or an error naming `what`. */
function fromBase64(value: unknown, count: number, what: string): Float64Array {
  const shape = `${what} must be the base64 of ${count} float64 values`;
  if (typeof value !== 'string' || value.length !== Math.ceil((count * 8) / 3) * 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) bad(shape);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== count * 8) bad(shape);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = bytes.readDoubleLE(i * 8);
    if (!Number.isFinite(out[i])) bad(`${what} has a value that is not finite (value ${i + 1})`);
  }
  return out;
}

/** A covariance: d × d, a positive diagonal, symmetric to rounding. */
function checkCovariance(cov: Float64Array, d: number, what: string): Float64Array {
  for (let i = 0; i < d; i++) {
    if (!(cov[i * d + i] > 0)) bad(`${what} has a diagonal entry that is not positive (row ${i + 1})`);
    for (let j = 0; j < i; j++)
      if (Math.abs(cov[i * d + j] - cov[j * d + i]) > 1e-9 * Math.sqrt(cov[i * d + i] * cov[j * d + j])) bad(`${what} is not symmetric (rows ${j + 1} and ${i + 1})`);
  }
  return cov;
}

/** A discrete target's classes: values, sizes adding up to N, and one covariance of the m candidates per class. */
function classStatistics(value: unknown, target: string, candidates: string[], n: number): ClassStatistics {
  if (!isRecord(value)) bad('classes must be an object');
  exactKeys(value, ['values', 'counts', 'covs'], 'classes');
  const { values, counts } = value;
  if (!Array.isArray(values) || values.length < 2 || values.length > MAX_CLASSES || !values.every(Number.isFinite) || new Set(values).size !== values.length)
    bad(`classes.values must be 2 to ${MAX_CLASSES} distinct finite numbers`);
  if (!Array.isArray(counts) || counts.length !== values.length || !counts.every((c) => Number.isSafeInteger(c) && c >= 1) || counts.reduce((a, b) => a + b, 0) !== n)
    bad('classes.counts must be one positive integer per class, adding up to n_samples');
  const m = candidates.length;
  const covs = fromBase64(value.covs, values.length * m * m, `classes.covs (${values.length} × ${m} × ${m})`);
  for (let c = 0; c < values.length; c++) checkCovariance(covs.subarray(c * m * m, (c + 1) * m * m), m, `the covariance of class ${c + 1}`);
  return { target, candidates, values, counts, covs };
}

/**
 * A problem read from Redis, checked: the schema, the sizes, finite values. The search options are then
 * checked by search() itself (resolveSearch), as any caller's. Throws OinfoInputError("bad problem: …").
 */
export function decodeProblem(text: unknown): { dataset: Dataset; options: SearchOptions } {
  if (typeof text !== 'string' || text.length > MAX_PROBLEM_CHARS) bad(`it must be JSON text of at most ${MAX_PROBLEM_CHARS} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    bad('it is not JSON');
  }
  if (!isRecord(value)) bad('it must be a JSON object');
  exactKeys(value, ['protocol', 'n_samples', 'names', 'cov', 'classes', 'options'], 'the problem');
  if (value.protocol !== DISTRIBUTED_PROTOCOL) bad(`protocol ${String(value.protocol)}, this worker speaks ${DISTRIBUTED_PROTOCOL}`);
  const n = value.n_samples;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 3) bad('n_samples must be an integer ≥ 3');
  const all = names(value.names, 'names', MAX_VARIABLES);
  const d = all.length;
  const cov = checkCovariance(fromBase64(value.cov, d * d, `cov (${d} × ${d})`), d, 'cov');
  const o = value.options;
  if (!isRecord(o)) bad('options must be an object');
  exactKeys(o, ['vars', 'target', 'minSize', 'maxSize', 'exhaustiveMax', 'top', 'units', 'biasCorrect', 'rankBy'], 'options');
  if (o.target !== null && (typeof o.target !== 'string' || !all.includes(o.target))) bad('options.target must be null or one of names');
  const vars = names(o.vars, 'options.vars', MAX_VARIABLES);
  if (!vars.every((v) => all.includes(v))) bad('options.vars must be among names');
  const { target, ...rest } = o as ProblemOptions;
  if (value.classes !== undefined && target === null) bad('classes need a target');
  const classes = value.classes === undefined ? undefined : classStatistics(value.classes, target!, vars, n);
  const dataset: Dataset = { kind: 'oinfo.dataset', names: all, nSamples: n, cov, warnings: [], backend: 'native', classStatistics: classes };
  const targetKind = classes ? ('discrete' as const) : ('continuous' as const);
  return { dataset, options: { ...rest, vars, ...(target === null ? {} : { target, targetKind }) } };
}
