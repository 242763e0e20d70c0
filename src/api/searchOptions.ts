import type { RawSearchOptions, Units } from '../backend/engine.js';
import { OinfoInputError } from '../errors.js';
import { columnIndex, type Dataset } from './dataset.js';

export interface SearchOptions {
  /** A column that joins every multiplet (e.g. the class label); not counted in the size. */
  target?: string;
  /** Candidate variables (default: every column but the target). Reported in column order. */
  vars?: string[];
  /** Smallest size (non-target variables); default 3 without a target, 2 with one (Ω needs ≥ 3 variables). */
  minSize?: number;
  /** Largest size. */
  maxSize: number;
  /** Sizes up to this are searched exhaustively, larger ones greedily (the paper's rule; default 6). */
  exhaustiveMax?: number;
  /** Greedy beam width; 1 (default) is the paper's greedy. */
  beam?: number;
  /** Length of each top list (default 10). */
  top?: number;
  /** Worker threads; default all cores. */
  threads?: number;
  units?: Units;
  biasCorrect?: boolean;
  backend?: string;
  /** Evaluate only lexicographic ranks [from, to) of one exhaustive size (for splitting work across machines). */
  shard?: { from: number; to: number };
}

/** A search problem in engine terms: candidate and target column indices and the raw options. */
export interface ResolvedSearch {
  candidates: number[];
  target: number;
  raw: RawSearchOptions;
}

function integer(value: number | undefined, name: string, fallback: number, min: number, flag: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new OinfoInputError(`${flag} must be an integer ≥ ${min}, got ${value}`);
  return v;
}

/** Checks a search's options against its data set; errors name the option and the fix. */
export function resolveSearch(dataset: Dataset, options: SearchOptions): ResolvedSearch {
  const target = options.target === undefined ? -1 : columnIndex(dataset, options.target, 'target');
  let candidates: number[];
  if (options.vars && options.vars.length > 0) {
    const seen = new Set<number>();
    for (const name of options.vars) {
      const index = columnIndex(dataset, name, 'variable');
      if (index === target) throw new OinfoInputError(`the target "${name}" is also listed among the variables`);
      if (seen.has(index)) throw new OinfoInputError(`variable "${name}" is listed twice`);
      seen.add(index);
    }
    candidates = [...seen].sort((a, b) => a - b);
  } else {
    candidates = dataset.names.map((_, i) => i).filter((i) => i !== target);
  }
  const hasTarget = target >= 0 ? 1 : 0;
  const n = candidates.length;
  const smallest = 3 - hasTarget;
  const maxSize = integer(options.maxSize, 'maxSize', NaN, 1, 'the maximum size (--max-size)');
  const minSize = integer(options.minSize, 'minSize', Math.min(smallest, maxSize), 1, 'the minimum size (--min-size)');
  if (minSize < smallest)
    throw new OinfoInputError(
      `size out of range: the minimum size is ${minSize}, but Ω of fewer than 3 variables is always 0; ` +
        (hasTarget ? 'use --min-size 2 or more' : 'use --min-size 3 or more, or add a --target'),
    );
  if (maxSize < minSize)
    throw new OinfoInputError(`size out of range: the maximum size ${maxSize} is below the minimum size ${minSize}`);
  if (maxSize > n)
    throw new OinfoInputError(`size out of range: the maximum size ${maxSize} exceeds the ${n} candidate variables`);
  const m = maxSize + hasTarget;
  if (dataset.nSamples < m + 2)
    throw new OinfoInputError(
      `fewer samples than variables + 2: ${dataset.nSamples} samples, but multiplets of ${m} variables need at least ${m + 2}`,
    );
  const raw: RawSearchOptions = {
    minSize,
    maxSize,
    exhaustiveMax: integer(options.exhaustiveMax, 'exhaustiveMax', 6, 1, '--exhaustive-max'),
    beam: integer(options.beam, 'beam', 1, 1, '--beam'),
    top: integer(options.top, 'top', 10, 1, '--top'),
    threads: integer(options.threads, 'threads', 0, 0, '--threads'),
    units: options.units ?? 'bits',
    biasCorrect: options.biasCorrect ?? true,
  };
  if (raw.units !== 'bits' && raw.units !== 'nats')
    throw new OinfoInputError(`--units must be bits or nats, got "${raw.units}"`);
  if (options.shard) {
    const { from, to } = options.shard;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from)
      throw new OinfoInputError(`a shard needs integers 0 ≤ from ≤ to, got [${from}, ${to})`);
    if (minSize !== maxSize || maxSize > raw.exhaustiveMax)
      throw new OinfoInputError('a shard covers one exhaustive size: set minSize = maxSize ≤ exhaustiveMax');
    raw.shard = { from, to };
  }
  return { candidates, target, raw };
}
