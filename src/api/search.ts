import type { BackendName, RawMultiplet, Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoAbortError } from '../errors.js';
import { type DataInput, type Dataset, prepare } from './dataset.js';
import { resolveTarget, searchWithClasses } from './discreteTarget.js';
import { resolveSearch, type SearchOptions } from './searchOptions.js';
import { callbackOption, optionsObject, signalOption } from './validate.js';

export type { SearchOptions } from './searchOptions.js';

export interface Multiplet {
  /** Column names in column order; the target is not repeated. */
  vars: string[];
  /** Ω, the measure the lists are ranked by. */
  oinfo: number;
  tc: number;
  dtc: number;
  sinfo: number;
}

export interface SizeResult {
  size: number;
  method: 'exhaustive' | 'greedy';
  /** Multiplets looked at for this size (singular ones included). */
  evaluated: number;
  /** Multiplets skipped because their covariance is singular. */
  singular: number;
  /** Lowest Ω first (most synergistic). */
  synergy: Multiplet[];
  /** Highest Ω first (most redundant). */
  redundancy: Multiplet[];
}

/** SPEC §4's JSON of `oinfo search`. */
export interface SearchResult {
  backend: BackendName;
  n_samples: number;
  variables: string[];
  target: string[];
  /** How the target was treated (SPEC §7); null without a target. */
  target_kind: 'discrete' | 'continuous' | null;
  units: Units;
  bias_corrected: boolean;
  sizes: SizeResult[];
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
  multiplets: number;
  backend: BackendName;
  /** Threads the search will use (the WASM engine searches on one). */
  threads: number;
  /** Classes of a discrete target (0 otherwise): the enumeration carries one bordered inverse per class. */
  classes: number;
}

export function searchPlan(data: DataInput, options: SearchOptions): SearchPlan {
  options = optionsObject(options, 'searchPlan', '{ maxSize }');
  const engine = getEngine(options.backend);
  const dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const { candidates, target, raw } = resolveSearch(dataset, options);
  const classes = resolveTarget(dataset, target, options.targetKind, raw.maxSize).classes?.values.length ?? 0;
  const multiplets = engine.plannedMultiplets(candidates.length, raw);
  return { multiplets, backend: engine.name, threads: engine.name === 'wasm' ? 1 : raw.threads, classes };
}

/** How many multiplets a search will evaluate (greedy sizes counted as an upper bound). */
export function plannedMultiplets(data: DataInput, options: SearchOptions): number {
  return searchPlan(data, options).multiplets;
}

/**
 * The most synergistic (lowest Ω) and most redundant (highest Ω) multiplets of every size in
 * [minSize, maxSize]: exhaustive up to exhaustiveMax, greedy above. Runs off the main thread.
 */
export async function search(data: DataInput, options: SearchOptions & SearchControl): Promise<SearchResult> {
  const started = performance.now();
  options = optionsObject(options, 'search', '{ maxSize }');
  const signal = signalOption(options.signal);
  const onProgress = callbackOption<(done: number, total: number) => void>(options.onProgress, 'onProgress');
  if (signal?.aborted) throw new OinfoAbortError();
  const engine = getEngine(options.backend);
  const dataset: Dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const { candidates, target, raw } = resolveSearch(dataset, options);
  const resolved = resolveTarget(dataset, target, options.targetKind, raw.maxSize);
  const handle = resolved.classes
    ? searchWithClasses(engine, dataset, candidates, resolved.classes, raw, onProgress)
    : engine.search(dataset.cov, dataset.names.length, dataset.nSamples, Int32Array.from(candidates), target, raw, onProgress);
  const abort = () => handle.cancel();
  signal?.addEventListener('abort', abort, { once: true });
  let result;
  try {
    result = await handle.promise;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  const named = (list: RawMultiplet[]): Multiplet[] =>
    list.map((m) => ({ vars: m.variables.map((i) => dataset.names[i]), oinfo: m.oinfo, tc: m.tc, dtc: m.dtc, sinfo: m.sinfo }));
  return {
    backend: engine.name,
    n_samples: dataset.nSamples,
    variables: candidates.map((i) => dataset.names[i]),
    target: target >= 0 ? [dataset.names[target]] : [],
    target_kind: resolved.kind,
    units: raw.units,
    bias_corrected: raw.biasCorrect,
    sizes: result.sizes.map((s) => ({
      size: s.size,
      method: s.method,
      evaluated: s.evaluated,
      singular: s.singular,
      synergy: named(s.synergy),
      redundancy: named(s.redundancy),
    })),
    elapsed_s: (performance.now() - started) / 1000,
  };
}
