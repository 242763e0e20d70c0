import type { BackendName, Engine, OmegaHistogram, RankBy, RawMultiplet, Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoAbortError, OinfoOptionError } from '../errors.js';
import { type DataInput, type Dataset, prepare } from './dataset.js';
import { type ResolvedTarget, resolveTarget, searchWithClasses } from './discreteTarget.js';
import { discreteTargetWithGroups, groupsJson } from './groups.js';
import { candidateCount, type ResolvedSearch, resolveSearch, SEARCH_OPTIONS, type SearchOptions } from './searchOptions.js';
import { resolveUncertainty, UNCERTAINTY_OPTIONS, type UncertaintyOptions } from './uncertaintyOptions.js';
import { callbackOption, type OptionNames, optionsObject, signalOption } from './validate.js';

export type { SearchOptions } from './searchOptions.js';
export type { UncertaintyOptions } from './uncertaintyOptions.js';

export interface Multiplet {
  /** Column names in column order; the target is not repeated. */
  vars: string[];
  /** Ω (O-information): > 0 redundancy-dominated, < 0 synergy-dominated. */
  oinfo: number;
  /** Total correlation. */
  tc: number;
  /** Dual total correlation. */
  dtc: number;
  /** S-information. */
  sinfo: number;
  /** With `bootstrap`: percentile intervals of the four measures at level `ci`. */
  ci?: Record<'oinfo' | 'tc' | 'dtc' | 'sinfo', [number, number]>;
  /** With `bootstrap`: the bootstrap standard deviations. */
  se?: Record<'oinfo' | 'tc' | 'dtc' | 'sinfo', number>;
  /** With `bootstrap`: resamples in which the multiplet was singular (left out of its interval). */
  singular_resamples?: number;
  /** With `permutations`: the family-wise p-value over all multiplets of its size (max-statistic test). */
  p_fwer?: number;
}

export interface SizeResult {
  size: number;
  method: 'exhaustive' | 'greedy' | 'annealing';
  /** Multiplets looked at for this size (singular ones included). */
  evaluated: number;
  /** Multiplets skipped because their covariance is singular. */
  singular: number;
  /** Lowest value of the ranked measure first (rank_by; for Ω, the most synergistic). */
  synergy: Multiplet[];
  /** Highest value of the ranked measure first (rank_by; for Ω, the most redundant). */
  redundancy: Multiplet[];
  /** With `histogram`, exhaustive sizes: Ω of all multiplets in equal bins over [min, max] (its units). */
  histogram?: OmegaHistogram;
  /** With `permutations`: quantiles of the null distributions of this size's lowest and highest Ω. */
  null?: { permutations: number; min: Record<string, number>; max: Record<string, number> };
}

/** SPEC §4's JSON of `oinfo search`. */
export interface SearchResult {
  backend: BackendName;
  n_samples: number;
  variables: string[];
  /** With `groups`: each candidate group's columns (column order); `variables` and every multiplet's `vars` name the groups. */
  groups?: Record<string, string[]>;
  target: string[];
  /** How the target was treated (SPEC §7); null without a target. */
  target_kind: 'discrete' | 'continuous' | null;
  units: Units;
  bias_corrected: boolean;
  /** The measure the lists are ranked by (SearchOptions.rankBy). */
  rank_by: RankBy;
  /**
   * With `method` annealing: its settings — the same ones give the same lists, except with a budget in
   * seconds (`budget_seconds` instead of `budget`), which is not repeatable.
   */
  annealing?: { budget: number; restarts: number; seed: number } | { budget_seconds: number; restarts: number; seed: number };
  sizes: SizeResult[];
  /** With `bootstrap`: how the intervals were made. */
  bootstrap?: { resamples: number; ci: number; seed: number };
  /** With `permutations`: how the null was made. */
  permutations?: { count: number; null: 'target' | 'all'; seed: number };
  elapsed_s: number;
}

export interface SearchControl {
  /** Stops the search; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called with (multiplets done, multiplets planned), at most every ~50 ms. */
  onProgress?: (done: number, total: number) => void;
}

/** What a search will do: multiplets to evaluate (greedy sizes counted as an upper bound), on which backend and threads. */
export interface SearchPlan {
  /** Multiplets the search evaluates (greedy sizes as an upper bound), permutations included. */
  multiplets: number;
  /** Of `multiplets`, those annealing evaluates one by one (slower per multiplet than the enumeration). */
  annealingEvaluations: number;
  /** With a budget in seconds: the seconds annealing takes in all (sizes × budget, permutations included). */
  annealingSeconds: number;
  /** Multiplet measurements of the bootstrap (resamples × multiplets listed, at most). */
  bootstrapMeasures: number;
  backend: BackendName;
  /** Threads the search will use (the WASM engine searches on one). */
  threads: number;
  /** Classes of a discrete target (0 otherwise): the enumeration carries one bordered inverse per class. */
  classes: number;
  /** With groups: the mean columns per candidate variable (0 without groups). */
  groupColumns: number;
  /** Candidate variables. */
  candidates: number;
  /** Searches run: 1 + the permutations. */
  runs: number;
  /** The exhaustive sizes of one run and their multiplet counts. */
  exhaustiveSizes: { size: number; multiplets: number }[];
}

/** The work of a search with its options: the base search, its permutations and its bootstrap. */
function plan(engine: Engine, dataset: Dataset, options: SearchOptions & UncertaintyOptions) {
  const resolved = resolveSearch(dataset, options);
  const target = resolveTarget(dataset, resolved.target, options.targetKind, resolved.raw.maxSize);
  const uncertainty = resolveUncertainty(options, resolved.target >= 0, resolved.raw.annealing !== undefined);
  if (resolved.variables) checkGroupedSearch(dataset, resolved, target.kind);
  const base = engine.plannedMultiplets(candidateCount(resolved), resolved.raw);
  const sizes = resolved.raw.maxSize - resolved.raw.minSize + 1;
  const bootstrapMeasures = (uncertainty?.bootstrap ?? 0) * 2 * resolved.raw.top * sizes;
  const { annealing, maxSize, minSize, exhaustiveMax } = resolved.raw;
  const annealedSizes = Math.max(0, maxSize - Math.max(exhaustiveMax, minSize - 1));
  const timed = annealing?.budgetSeconds !== undefined;
  const annealed = annealing && !timed ? 2 * annealing.budget * annealedSizes : 0;
  // A time budget counts in the engine's progress units (a nominal 1e6 per second, plus one), not in multiplets.
  const timedUnits = annealing && timed ? annealedSizes * (Math.round(annealing.budgetSeconds! * 1e6) + 1) : 0;
  const annealingSeconds = annealing && timed ? annealedSizes * annealing.budgetSeconds! : 0;
  const runs = 1 + (uncertainty?.permutations ?? 0);
  const exhaustiveSizes: { size: number; multiplets: number }[] = [];
  for (let size = minSize; size <= Math.min(maxSize, exhaustiveMax); size++)
    exhaustiveSizes.push({ size, multiplets: engine.plannedMultiplets(candidateCount(resolved), { ...resolved.raw, minSize: size, maxSize: size }) });
  return {
    resolved,
    target,
    uncertainty,
    base,
    runs,
    exhaustiveSizes,
    multiplets: base * runs,
    annealingEvaluations: (annealed + timedUnits) * runs,
    annealingSeconds: annealingSeconds * runs,
    bootstrapMeasures,
  };
}

/** What a search over groups does not take (yet): a discrete target. */
function checkGroupedSearch(dataset: Dataset, resolved: ResolvedSearch, kind: ResolvedTarget['kind']) {
  if (kind === 'discrete')
    throw discreteTargetWithGroups(dataset.names[resolved.target]);
}

/** The options of searchPlan and plannedMultiplets: the search's without its control. */
const PLAN_OPTIONS: OptionNames<SearchOptions & UncertaintyOptions> = { ...SEARCH_OPTIONS, ...UNCERTAINTY_OPTIONS };
/** SearchControl's names. */
const CONTROL_OPTIONS: OptionNames<SearchControl> = { signal: true, onProgress: true };

export function searchPlan(data: DataInput, options: SearchOptions & UncertaintyOptions): SearchPlan {
  options = optionsObject(options, 'searchPlan', PLAN_OPTIONS, '{ maxSize }');
  const engine = getEngine(options.backend);
  const dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const { resolved, target, multiplets, annealingEvaluations, annealingSeconds, bootstrapMeasures, runs, exhaustiveSizes } = plan(engine, dataset, options);
  const threads = engine.name === 'wasm' ? 1 : resolved.raw.threads;
  const groupColumns = resolved.variables ? resolved.candidates.length / resolved.variables.length : 0;
  return {
    multiplets, annealingEvaluations, annealingSeconds, bootstrapMeasures, backend: engine.name, threads, classes: target.classes?.values.length ?? 0, groupColumns,
    candidates: candidateCount(resolved), runs, exhaustiveSizes,
  };
}

/** How many multiplets a search will evaluate (greedy sizes counted as an upper bound). */
export function plannedMultiplets(data: DataInput, options: SearchOptions & UncertaintyOptions): number {
  optionsObject(options, 'plannedMultiplets', PLAN_OPTIONS, '{ maxSize }');
  return searchPlan(data, options).multiplets;
}

/** The result's record of the annealing settings: the budget in evaluations, or in seconds (not repeatable). */
function annealingJson(a: NonNullable<ResolvedSearch['raw']['annealing']>): NonNullable<SearchResult['annealing']> {
  return a.budgetSeconds !== undefined
    ? { budget_seconds: a.budgetSeconds, restarts: a.restarts, seed: a.seed }
    : { budget: a.budget, restarts: a.restarts, seed: a.seed };
}

/** One search on the engine (a discrete target's through its class statistics), its lists named. */
async function runSearch(
  engine: Engine,
  dataset: Dataset,
  { candidates, target, raw, variables }: ResolvedSearch,
  resolvedTarget: ResolvedTarget,
  signal: AbortSignal | undefined,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<SearchResult> {
  const groupSizes = variables ? Int32Array.from(variables, (v) => v.columns.length) : undefined;
  const handle = resolvedTarget.classes
    ? searchWithClasses(engine, dataset, candidates, resolvedTarget.classes, raw, onProgress)
    : engine.search(dataset.cov, dataset.names.length, dataset.nSamples, Int32Array.from(candidates), target, raw, onProgress, undefined, groupSizes);
  const abort = () => handle.cancel();
  signal?.addEventListener('abort', abort, { once: true });
  let result;
  try {
    result = await handle.promise;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  // Without groups the engine reports column indices, with groups positions among the candidate variables.
  const nameOf = variables ? (i: number) => variables[i].name : (i: number) => dataset.names[i];
  const named = (list: RawMultiplet[]): Multiplet[] =>
    list.map((m) => ({ vars: m.variables.map(nameOf), oinfo: m.oinfo, tc: m.tc, dtc: m.dtc, sinfo: m.sinfo }));
  return {
    backend: engine.name,
    n_samples: dataset.nSamples,
    variables: variables ? variables.map((v) => v.name) : candidates.map((i) => dataset.names[i]),
    ...(variables ? { groups: groupsJson(dataset.names, variables) } : {}),
    target: target >= 0 ? [dataset.names[target]] : [],
    target_kind: resolvedTarget.kind,
    units: raw.units,
    bias_corrected: raw.biasCorrect,
    rank_by: raw.rankBy ?? 'oinfo',
    ...(raw.annealing ? { annealing: annealingJson(raw.annealing) } : {}),
    sizes: result.sizes.map((s) => ({
      size: s.size,
      method: s.method,
      evaluated: s.evaluated,
      singular: s.singular,
      synergy: named(s.synergy),
      redundancy: named(s.redundancy),
      ...(s.histogram ? { histogram: s.histogram } : {}),
    })),
    elapsed_s: 0,
  };
}

/**
 * The most synergistic (lowest Ω) and most redundant (highest Ω) multiplets of every size in
 * [minSize, maxSize] — or, with `rankBy`, the lowest and highest of TC, DTC or S-information in the
 * same two lists: exhaustive up to exhaustiveMax, greedy above. Runs off the main thread. With
 * `bootstrap` every listed multiplet gets intervals, with `permutations` a family-wise p-value
 * (SPEC §8); progress and abort cover the whole run.
 */
export async function search(data: DataInput, options: SearchOptions & UncertaintyOptions & SearchControl): Promise<SearchResult> {
  const started = performance.now();
  options = optionsObject(options, 'search', { ...PLAN_OPTIONS, ...CONTROL_OPTIONS }, '{ maxSize }');
  const signal = signalOption(options.signal);
  const onProgress = callbackOption<(done: number, total: number) => void>(options.onProgress, 'onProgress');
  if (signal?.aborted) throw new OinfoAbortError();
  const engine = getEngine(options.backend);
  const dataset: Dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const { resolved, target, uncertainty, base, multiplets, bootstrapMeasures } = plan(engine, dataset, options);
  // Progress over the whole run, in multiplets: the search, each permutation's search, the bootstrap.
  const total = multiplets + bootstrapMeasures;
  let offset = 0;
  const report = onProgress && ((done: number) => onProgress(Math.min(total, offset + done), total));
  const result = await runSearch(engine, dataset, resolved, target, signal, report);
  offset = base;
  if (uncertainty) {
    /** Between two replicates: progress, a turn of the event loop (an abort may arrive), then stop if aborted. */
    const tick = (done: number) => {
      report?.(done);
      return new Promise<void>((resolve, reject) => setImmediate(() => (signal?.aborted ? reject(new OinfoAbortError()) : resolve())));
    };
    const { units, biasCorrect, threads } = resolved.raw;
    if (uncertainty.permutations > 0) {
      const names = {
        vars: resolved.variables ? resolved.variables.map((v) => v.name) : resolved.candidates.map((i) => dataset.names[i]),
        target: resolved.target >= 0 ? dataset.names[resolved.target] : undefined,
        // Only the candidates' groups (every column they name is in the permuted data); none left: no groups.
        ...(result.groups ? { groups: Object.keys(result.groups).length > 0 ? result.groups : undefined } : {}),
      };
      const extremes = async (permuted: Dataset) => {
        const again = resolveSearch(permuted, { ...options, ...names, top: 1, histogram: undefined }); // the null needs only the extremes
        const r = await runSearch(engine, permuted, again, resolveTarget(permuted, again.target, target.kind ?? undefined, again.raw.maxSize), signal, undefined);
        return r.sizes.map((s) => ({ min: s.synergy[0]?.[r.rank_by] ?? NaN, max: s.redundancy[0]?.[r.rank_by] ?? NaN }));
      };
      const { permutations, nullKind, seed } = uncertainty;
      const { permutationTest } = await import('./permutationTest.js'); // loaded when asked for: a faster start
      const columns = { ...resolved, ...(resolved.variables ? { groupSizes: resolved.variables.map((v) => v.columns.length) } : {}) };
      await permutationTest(engine, dataset, columns, result, { permutations, nullKind, seed, threads }, extremes, (p) => tick(p * base));
      result.permutations = { count: permutations, null: nullKind, seed };
      offset = multiplets;
    }
    if (uncertainty.bootstrap > 0) {
      const { bootstrap: resamples, ci, seed } = uncertainty;
      const perResample = bootstrapMeasures / resamples;
      const stratifyBy = target.classes ? result.target[0] : undefined; // each class keeps its count
      const measureOptions = { units, biasCorrect, backend: engine.name, targetKind: target.kind ?? undefined };
      const { bootstrapLists } = await import('./bootstrap.js'); // loaded when asked for: a faster start
      await bootstrapLists(dataset, result, { resamples, ci, seed, threads, stratifyBy }, measureOptions, (b) => tick(b * perResample));
      result.bootstrap = { resamples, ci, seed };
    }
    report?.(total - offset);
  }
  // elapsed_s stays the last key of the JSON.
  const { elapsed_s: _, ...rest } = result;
  return { ...rest, elapsed_s: (performance.now() - started) / 1000 };
}
