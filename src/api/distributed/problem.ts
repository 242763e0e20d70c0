/**
 * The problem a distributed search sends to its workers (SPEC §10): the copula covariance of the
 * variables in play with N, their names and the resolved search options — never the samples. Encoded by
 * the coordinator from the same option checks as a local search (resolveSearch), decoded and checked by
 * each worker before use, so that a bad or hostile payload fails its own job and nothing else.
 *
 * Schema (JSON; protocol 1):
 *   { "protocol": 1, "n_samples": N, "names": [d distinct names, column order, the target among them],
 *     "cov": base64 of d × d float64 little-endian (row-major),
 *     "options": { "vars": [candidate names], "target": name | null, "minSize", "maxSize", "exhaustiveMax",
 *                  "top", "units", "biasCorrect", "rankBy" } }
 */
import { OinfoInputError, OinfoOptionError } from '../../errors.js';
import type { Dataset } from '../dataset.js';
import { resolveTarget } from '../discreteTarget.js';
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
  options: ProblemOptions;
}

/** What the coordinator needs besides the problem: the candidates' count and the exhaustive sizes. */
export interface EncodedProblem {
  problem: Problem;
  /** The problem as stored (the text workers read and re-attaching compares). */
  text: string;
  candidates: number;
  sizes: number[];
}

/** Options of search() that need the samples. */
type LocalOnly = { bootstrap?: unknown; permutations?: unknown };

/** Options a distributed search cannot take: they need the samples or a run of their own. */
function refuseLocalOnly(options: LocalOnly): void {
  for (const option of ['bootstrap', 'permutations'] as const)
    if (options[option] !== undefined && options[option] !== 0)
      throw new OinfoOptionError(option, 'needs the samples, which a distributed search never sends: run it without {queue}');
}

/** The problem of a search of `dataset` with `options`, checked as a local search checks it. */
export function encodeProblem(dataset: Dataset, options: SearchOptions & LocalOnly): EncodedProblem {
  refuseLocalOnly(options);
  const { candidates, target, raw } = resolveSearch(dataset, options);
  if (raw.maxSize > raw.exhaustiveMax)
    throw new OinfoOptionError(
      'maxSize',
      `is above {exhaustiveMax} (${raw.exhaustiveMax}): a distributed search covers exhaustive sizes only; raise {exhaustiveMax} or search greedy sizes on one machine`,
    );
  if (resolveTarget(dataset, target, options.targetKind, raw.maxSize).kind === 'discrete')
    throw new OinfoOptionError(
      'targetKind',
      'is discrete (the target has integer classes): a distributed search takes a continuous target only for now; set {targetKind} "continuous" or search on one machine',
    );
  const inPlay = [...candidates, ...(target >= 0 ? [target] : [])].sort((a, b) => a - b);
  if (inPlay.length > MAX_VARIABLES) throw new OinfoInputError(`a distributed search takes at most ${MAX_VARIABLES} variables, got ${inPlay.length}`);
  const p = dataset.names.length;
  const d = inPlay.length;
  const bytes = Buffer.alloc(d * d * 8);
  inPlay.forEach((a, i) => inPlay.forEach((b, j) => bytes.writeDoubleLE(dataset.cov[a * p + b], (i * d + j) * 8)));
  const problem: Problem = {
    protocol: DISTRIBUTED_PROTOCOL,
    n_samples: dataset.nSamples,
    names: inPlay.map((i) => dataset.names[i]),
    cov: bytes.toString('base64'),
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

/** The covariance from base64: d × d finite float64, a positive diagonal, symmetric to rounding. */
function covariance(value: unknown, d: number): Float64Array {
  if (typeof value !== 'string' || value.length !== Math.ceil((d * d * 8) / 3) * 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    bad(`cov must be the base64 of ${d} × ${d} float64 values`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== d * d * 8) bad(`cov must be the base64 of ${d} × ${d} float64 values`);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < cov.length; i++) cov[i] = bytes.readDoubleLE(i * 8);
  for (let i = 0; i < d; i++) {
    if (!(cov[i * d + i] > 0) || !Number.isFinite(cov[i * d + i])) bad(`cov has a diagonal entry that is not a positive finite number (row ${i + 1})`);
    for (let j = 0; j < i; j++) {
      const a = cov[i * d + j];
      const b = cov[j * d + i];
      if (!Number.isFinite(a) || !Number.isFinite(b)) bad(`cov has a value that is not finite (row ${i + 1}, column ${j + 1})`);
      if (Math.abs(a - b) > 1e-9 * Math.sqrt(cov[i * d + i] * cov[j * d + j])) bad(`cov is not symmetric (rows ${j + 1} and ${i + 1})`);
    }
  }
  return cov;
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
  exactKeys(value, ['protocol', 'n_samples', 'names', 'cov', 'options'], 'the problem');
  if (value.protocol !== DISTRIBUTED_PROTOCOL) bad(`protocol ${String(value.protocol)}, this worker speaks ${DISTRIBUTED_PROTOCOL}`);
  const n = value.n_samples;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 3) bad('n_samples must be an integer ≥ 3');
  const all = names(value.names, 'names', MAX_VARIABLES);
  const cov = covariance(value.cov, all.length);
  const o = value.options;
  if (!isRecord(o)) bad('options must be an object');
  exactKeys(o, ['vars', 'target', 'minSize', 'maxSize', 'exhaustiveMax', 'top', 'units', 'biasCorrect', 'rankBy'], 'options');
  if (o.target !== null && (typeof o.target !== 'string' || !all.includes(o.target))) bad('options.target must be null or one of names');
  const vars = names(o.vars, 'options.vars', MAX_VARIABLES);
  if (!vars.every((v) => all.includes(v))) bad('options.vars must be among names');
  const dataset: Dataset = { kind: 'oinfo.dataset', names: all, nSamples: n, cov, warnings: [], backend: 'native' };
  const { target, ...rest } = o as ProblemOptions;
  return { dataset, options: { ...rest, vars, ...(target === null ? {} : { target, targetKind: 'continuous' as const }) } };
}
