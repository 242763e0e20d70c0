import type { SearchOptions } from '../api/searchOptions.js';
import type { UncertaintyOptions } from '../api/uncertaintyOptions.js';

/**
 * The API's search options from `oinfo search`'s parsed flags — one mapping for the search (searchCommand)
 * and `--all` (allCommand), which refuses by name those that do not apply to it. --budget is evaluations
 * or, as `{ seconds }`, a time (budgetSeconds).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander's parsed flags
export function searchOptionsOf(opts: any): SearchOptions & UncertaintyOptions {
  return {
    target: opts.target,
    targetKind: opts.targetKind,
    vars: opts.vars,
    groups: opts.groups,
    minSize: opts.minSize,
    maxSize: opts.maxSize,
    exhaustiveMax: opts.exhaustiveMax,
    method: opts.method,
    beam: opts.beam,
    budget: typeof opts.budget === 'object' ? undefined : opts.budget,
    budgetSeconds: typeof opts.budget === 'object' ? opts.budget.seconds : undefined,
    restarts: opts.restarts,
    top: opts.top,
    histogram: opts.histogram,
    threads: opts.threads,
    units: opts.units,
    biasCorrect: opts.biasCorrect,
    rankBy: opts.rankBy,
    backend: opts.backend,
    bootstrap: opts.bootstrap,
    ci: opts.ci,
    permutations: opts.permutations,
    null: opts.null,
    seed: opts.seed,
  };
}
