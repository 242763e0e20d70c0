/**
 * The options of SPEC §8 — bootstrap intervals and a permutation test — checked and resolved (the
 * defaults live here). Reported in the result so that a run can be repeated exactly.
 */
import { OinfoOptionError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';
import { integerOption, type OptionNames } from './validate.js';

export interface UncertaintyOptions {
  /** Bootstrap resamples of the rows (each copula-normalised again); every listed multiplet gets `ci` and `se`. */
  bootstrap?: number;
  /** Permutations of a max-statistic test; every listed multiplet gets `p_fwer`. */
  permutations?: number;
  /** What a permutation shuffles: the target's rows (default with a target) or every column independently. */
  null?: 'target' | 'all';
  /** Seed of the resamples and permutations (default 1): the same seed gives the same result. */
  seed?: number;
  /** Level of the percentile intervals (default 0.95). */
  ci?: number;
}

/** The names of UncertaintyOptions (validate.ts, optionsObject). */
export const UNCERTAINTY_OPTIONS: OptionNames<UncertaintyOptions> = { bootstrap: true, permutations: true, null: true, seed: true, ci: true };

export interface ResolvedUncertainty {
  bootstrap: number;
  permutations: number;
  nullKind: 'target' | 'all';
  seed: number;
  ci: number;
}

export const UNCERTAINTY_DEFAULTS = { seed: 1, ci: 0.95 } as const;
/** The most resamples or permutations a call may ask for. */
export const MAX_REPLICATES = 1_000_000;

/** The `seed` option (shared by resamples, permutations and annealing): an integer 0…2³² − 1, default 1. */
export function seedOption(value: unknown): number {
  return integerOption(value, 'seed', { min: 0, max: 2 ** 32 - 1, fallback: UNCERTAINTY_DEFAULTS.seed });
}

/**
 * The resolved options, or undefined when neither a bootstrap nor a permutation test is asked for.
 * `seedSeedsAnnealing`: the search anneals, so a `seed` without resamples or permutations is used.
 */
export function resolveUncertainty(options: UncertaintyOptions, hasTarget: boolean, seedSeedsAnnealing = false): ResolvedUncertainty | undefined {
  const bootstrap = options.bootstrap === undefined ? 0 : integerOption(options.bootstrap, 'bootstrap', { min: 1, max: MAX_REPLICATES });
  const permutations =
    options.permutations === undefined ? 0 : integerOption(options.permutations, 'permutations', { min: 1, max: MAX_REPLICATES });
  const seed = seedOption(options.seed);
  const ci = options.ci ?? UNCERTAINTY_DEFAULTS.ci;
  if (typeof ci !== 'number' || !(ci > 0 && ci < 1)) throw new OinfoOptionError('ci', `must be a number between 0 and 1 (e.g. 0.95), got ${describeValue(ci)}`);
  if (options.ci !== undefined && bootstrap === 0) throw new OinfoOptionError('ci', 'sets the level of bootstrap intervals: add {bootstrap}');
  const nullKind = options.null ?? (hasTarget ? 'target' : 'all');
  if (nullKind !== 'target' && nullKind !== 'all') throw new OinfoOptionError('null', `must be "target" or "all", got ${describeValue(nullKind)}`);
  if (options.null !== undefined && permutations === 0) throw new OinfoOptionError('null', 'chooses what a permutation test shuffles: add {permutations}');
  if (nullKind === 'target' && !hasTarget)
    throw new OinfoOptionError('null', 'is "target", but the search has no {target}: name one, or permute every column with "all"');
  if (bootstrap === 0 && permutations === 0) {
    if (options.seed !== undefined && !seedSeedsAnnealing)
      throw new OinfoOptionError('seed', 'seeds resamples, permutations and annealing: add {bootstrap}, {permutations} or {method} annealing');
    return undefined;
  }
  return { bootstrap, permutations, nullKind, seed, ci };
}
