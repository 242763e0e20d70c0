import { RANK_BY, type RankBy, type RawSearchOptions, type Units } from '../backend/engine.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { findColumn, findColumns } from '../io/columns.js';
import type { Dataset } from './dataset.js';
import { describeValue } from '../util/describeValue.js';
import type { TargetKind } from './discreteTarget.js';
import { candidateVariables, type GroupsOption, resolveGroups, type Variable, widestDimension } from './groups.js';
import { seedOption } from './uncertaintyOptions.js';
import { booleanOption, integerOption, type OptionNames, threadsOption, unitsOption } from './validate.js';

export interface SearchOptions {
  /** A column that joins every multiplet (e.g. the class label); not counted in the size. */
  target?: string;
  /**
   * How the target is treated (SPEC §7): `discrete` (a class label, as gcmi's mi_model_gd), `continuous`
   * (one copula-normalised variable) or `auto` (default): discrete when every value is an integer and
   * there are 2…64 of them.
   */
  targetKind?: TargetKind;
  /**
   * Candidate variables (default: every column but the target). Reported in column order. With `groups`:
   * group names and columns in no group (default: every group and every column in no group but the target),
   * ordered by their first column.
   */
  vars?: string[];
  /**
   * Multivariate variables: named blocks of columns, each one variable of the multiplet (its entropy that
   * of the whole block; sizes count variables, results name the groups) — `{ g1: ['a', 'b', 'c'], g2: ['d',
   * 'e'] }` or the command line's `"g1=a,b,c;g2=d,e"`. Columns in no group stay variables of their own. The
   * target must be in no group and continuous; not with a queue. A permutation test's null "all" shuffles
   * each variable as a whole (a group's rows together).
   */
  groups?: GroupsOption;
  /** Smallest size (non-target variables); default 3 without a target, 2 with one (Ω needs ≥ 3 variables). */
  minSize?: number;
  /** Largest size. */
  maxSize: number;
  /** Sizes up to this are searched exhaustively, larger ones greedily (the paper's rule; default 6). */
  exhaustiveMax?: number;
  /**
   * How sizes above exhaustiveMax are searched: 'greedy' (default) extends the previous size's best
   * `beam` multiplets by one variable (beam 1 is the paper's greedy); 'beam' is the same search, named
   * for beam > 1; 'annealing' is simulated annealing (THOI's): `restarts` chains per list and size
   * sharing `budget` evaluations, seeded by `seed` — the same seed gives the same result on every
   * backend and thread count.
   */
  method?: SearchMethod;
  /** Greedy beam width; 1 (default) is the paper's greedy. */
  beam?: number;
  /** Annealing: evaluations per list (synergy, redundancy) and size (default 100 000). */
  budget?: number;
  /**
   * Annealing: a budget in seconds of wall time per size instead of `budget` (both lists' chains share it,
   * spread over the threads). Not repeatable: how many evaluations fit in the time depends on the machine
   * and its load, so the same seed may give other lists. The evaluation budget is the default.
   */
  budgetSeconds?: number;
  /** Annealing: independent chains per list and size, each from a random multiplet (default 8). */
  restarts?: number;
  /** Annealing (and resamples, permutations): the seed (default 1). */
  seed?: number;
  /**
   * Bins of each exhaustive size's histogram of Ω over all its multiplets (hoi's landscape), in the
   * result as `histogram: { bins, min, max, counts }` (equal bins over [min, max], edges exact to
   * 5e-5 nats). Every multiplet's logarithm is then taken: the search is about 5× slower (C(100, 5)
   * with a target: 1.2 s instead of 0.25 s on 2 threads here, 6e7 multiplets/s). A
   * target of either kind, or none; not with shards.
   */
  histogram?: number;
  /** Length of each top list (default 10). */
  top?: number;
  /** Worker threads; default all cores. */
  threads?: number;
  units?: Units;
  biasCorrect?: boolean;
  /**
   * The measure the two lists rank by (default 'oinfo'). The lists keep their names whatever it is:
   * `synergy` holds the lowest values of that measure (ascending), `redundancy` the highest
   * (descending). For 'tc', 'dtc' and 'sinfo' the names are kept for JSON compatibility only: the lists
   * are that measure's lowest and highest, not synergy- or redundancy-dominated multiplets. Above
   * exhaustiveMax, greedy and beam extend by the same measure. Ties break by the variables' column order.
   */
  rankBy?: RankBy;
  backend?: string;
  /** Evaluate only lexicographic ranks [from, to) of one exhaustive size (for splitting work across machines). */
  shard?: { from: number; to: number };
}

/** The names of SearchOptions: search() and its kin refuse any other (validate.ts, optionsObject). */
export const SEARCH_OPTIONS: OptionNames<SearchOptions> = {
  target: true, targetKind: true, vars: true, groups: true, minSize: true, maxSize: true, exhaustiveMax: true, method: true,
  beam: true, budget: true, budgetSeconds: true, restarts: true, seed: true, histogram: true, top: true, threads: true,
  units: true, biasCorrect: true, rankBy: true, backend: true, shard: true,
};

export const SEARCH_METHODS = ['greedy', 'beam', 'annealing'] as const;
export type SearchMethod = (typeof SEARCH_METHODS)[number];

/** The defaults of the search options (the CLI shows them in its help). */
export const SEARCH_DEFAULTS = { exhaustiveMax: 6, beam: 1, top: 10, method: 'greedy', budget: 100_000, restarts: 8 } as const;

/** The most bins a histogram may have. */
export const MAX_HISTOGRAM_BINS = 10_000;

/** The largest annealing budget per list and size (an exhaustive search of C(100, 8) is 1.9e11). */
export const MAX_BUDGET = 1e12;

/** The largest annealing budget in seconds per size (11.6 days). */
export const MAX_BUDGET_SECONDS = 1e6;

/** The longest top list and the widest beam: every entry is kept in memory by every thread. */
export const MAX_LIST_LENGTH = 1_000_000;

/** A search problem in engine terms: candidate and target column indices and the resolved options. */
export interface ResolvedSearch {
  /** Candidate columns: without groups one per variable, ascending; with groups every variable's columns, variable after variable. */
  candidates: number[];
  target: number;
  raw: RawSearchOptions;
  /** With `groups`: the candidate variables (groups and single columns) in the engine's order. */
  variables?: Variable[];
}

/** How many candidate variables a resolved search has (groups count once). */
export const candidateCount = (r: ResolvedSearch): number => r.variables?.length ?? r.candidates.length;

/** The measure a search ranks by: default 'oinfo'. */
export function rankByOption(value: unknown): RankBy {
  if (value === undefined) return 'oinfo';
  if (typeof value === 'string' && (RANK_BY as readonly string[]).includes(value)) return value as RankBy;
  throw new OinfoOptionError('rankBy', `must be one of ${RANK_BY.join(', ')}, got ${describeValue(value)}`);
}

function methodOption(value: unknown): SearchMethod {
  if (value === undefined) return SEARCH_DEFAULTS.method;
  if (typeof value === 'string' && (SEARCH_METHODS as readonly string[]).includes(value)) return value as SearchMethod;
  throw new OinfoOptionError('method', `must be one of ${SEARCH_METHODS.join(', ')}, got ${describeValue(value)}`);
}

/** C(n, k), saturating at Number.MAX_SAFE_INTEGER. */
function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) {
    c = (c * (n - Math.min(k, n - k) + i)) / i;
    if (c >= Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  }
  return Math.round(c);
}

function shardOption(shard: unknown): { from: number; to: number } {
  const s = shard as { from?: unknown; to?: unknown } | null;
  const from = s?.from;
  const to = s?.to;
  if (typeof from !== 'number' || typeof to !== 'number' || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from)
    throw new OinfoOptionError('shard', `needs integers 0 ≤ from ≤ to, got [${String(from)}, ${String(to)})`);
  return { from, to };
}

/** Checks a search's options against its data set and fills in the defaults; errors name the option. */
export function resolveSearch(dataset: Dataset, options: SearchOptions): ResolvedSearch {
  const target = options.target === undefined ? -1 : findColumn(dataset.names, options.target, 'target');
  const variables =
    options.groups === undefined ? undefined : candidateVariables(dataset.names, resolveGroups(dataset.names, options.groups, target), options.vars, target);
  const candidates = variables
    ? variables.flatMap((v) => v.columns)
    : options.vars !== undefined && (!Array.isArray(options.vars) || options.vars.length > 0)
      ? findColumns(dataset.names, options.vars, 'vars', target).sort((a, b) => a - b)
      : dataset.names.map((_, i) => i).filter((i) => i !== target);
  const hasTarget = target >= 0 ? 1 : 0;
  const n = variables ? variables.length : candidates.length;
  const smallest = 3 - hasTarget;
  const maxSize = integerOption(options.maxSize, 'maxSize', { min: 1 });
  const minSize = integerOption(options.minSize, 'minSize', { min: 1, fallback: Math.min(smallest, maxSize) });
  if (minSize < smallest)
    throw new OinfoOptionError(
      'minSize',
      `out of range: it is ${minSize}, but Ω of fewer than 3 variables is always 0; ` +
        (hasTarget ? 'use {minSize} 2 or more' : 'use {minSize} 3 or more, or add a {target}'),
    );
  if (maxSize < minSize) throw new OinfoOptionError('maxSize', `out of range: ${maxSize} is below the minimum size ${minSize}`);
  if (maxSize > n) throw new OinfoOptionError('maxSize', `out of range: ${maxSize} exceeds the ${n} candidate variables`);
  const m = variables ? widestDimension(variables, maxSize, hasTarget) : maxSize + hasTarget;
  if (dataset.nSamples < m + 2)
    throw new OinfoInputError(
      variables
        ? `fewer samples than columns + 2: ${dataset.nSamples} samples, but multiplets of ${maxSize} variables hold up to ${m} columns and need at least ${m + 2}`
        : `fewer samples than variables + 2: ${dataset.nSamples} samples, but multiplets of ${m} variables need at least ${m + 2}`,
    );
  // Any exhaustiveMax ≥ maxSize means every size is exhaustive; a beam wider than the multiplets of the
  // size it extends keeps them all. Both are capped there, which changes no result.
  const exhaustiveMax = Math.min(integerOption(options.exhaustiveMax, 'exhaustiveMax', { min: 1, fallback: SEARCH_DEFAULTS.exhaustiveMax }), maxSize);
  let widestBeam = 1;
  for (let k = exhaustiveMax; k < maxSize; k++) widestBeam = Math.max(widestBeam, binomial(n, k));
  const raw: RawSearchOptions = {
    minSize,
    maxSize,
    exhaustiveMax,
    beam: Math.min(integerOption(options.beam, 'beam', { min: 1, max: MAX_LIST_LENGTH, fallback: SEARCH_DEFAULTS.beam }), widestBeam),
    top: integerOption(options.top, 'top', { min: 1, max: MAX_LIST_LENGTH, fallback: SEARCH_DEFAULTS.top }),
    threads: threadsOption(options.threads),
    units: unitsOption(options.units),
    biasCorrect: booleanOption(options.biasCorrect, 'biasCorrect', true),
    rankBy: rankByOption(options.rankBy),
  };
  if (options.histogram !== undefined) raw.histogramBins = integerOption(options.histogram, 'histogram', { min: 1, max: MAX_HISTOGRAM_BINS });
  const method = methodOption(options.method);
  if (method === 'annealing') {
    if (options.beam !== undefined) throw new OinfoOptionError('beam', 'is the width of greedy search: drop it, or use {method} greedy');
    const restarts = integerOption(options.restarts, 'restarts', { min: 1, max: 100_000, fallback: SEARCH_DEFAULTS.restarts });
    if (options.budgetSeconds !== undefined) {
      if (options.budget !== undefined) throw new OinfoOptionError('budget', 'and {budgetSeconds} are two budgets: give one');
      const seconds = options.budgetSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_BUDGET_SECONDS)
        throw new OinfoOptionError('budgetSeconds', `must be a number of seconds above 0, at most ${MAX_BUDGET_SECONDS.toLocaleString('en-US')}, got ${describeValue(seconds)}`);
      raw.annealing = { budget: 0, budgetSeconds: seconds, restarts, seed: seedOption(options.seed) };
    } else {
      const budget = integerOption(options.budget, 'budget', { min: 1, max: MAX_BUDGET, fallback: SEARCH_DEFAULTS.budget });
      if (budget < restarts) throw new OinfoOptionError('budget', `out of range: ${budget} evaluations cannot feed ${restarts} restarts (at least one each)`);
      raw.annealing = { budget, restarts, seed: seedOption(options.seed) };
    }
  } else {
    for (const name of ['budget', 'budgetSeconds', 'restarts'] as const)
      if (options[name] !== undefined) throw new OinfoOptionError(name, 'is an option of annealing: add {method} annealing');
  }
  if (options.shard !== undefined) {
    raw.shard = shardOption(options.shard);
    if (raw.histogramBins !== undefined)
      throw new OinfoOptionError('histogram', 'cannot be merged across shards (each has its own range): search without {shard}');
    if (minSize !== maxSize || maxSize > exhaustiveMax)
      throw new OinfoOptionError('shard', 'covers one exhaustive size: set {minSize} = {maxSize} ≤ {exhaustiveMax}');
  }
  return { candidates, target, raw, ...(variables ? { variables } : {}) };
}
