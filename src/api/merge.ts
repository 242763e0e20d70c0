import type { RankBy } from '../backend/engine.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';
import type { Multiplet, SizeResult } from './search.js';
import { rankByOption } from './searchOptions.js';
import { callbackOption, integerOption } from './validate.js';

/** Ties in the ranked measure break by the lexicographic order of the variables' column indices (SPEC §2). */
function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/**
 * Merges the results of shards of one size (each a SizeResult over disjoint rank ranges) into the
 * answer a single run gives. `columns` maps a variable name to its column index (with groups: its
 * position in the result's `variables`, the order the engine ranks by); `rankBy` is the
 * measure the shards were searched with (the search result's `rank_by`; default 'oinfo'): the merged
 * lists keep its lowest (synergy) and highest (redundancy) values.
 */
export function mergeShards(parts: SizeResult[], columns: (name: string) => number, top: number, rankBy: RankBy = 'oinfo'): SizeResult {
  if (!Array.isArray(parts) || parts.length === 0)
    throw new OinfoInputError(`mergeShards needs a non-empty array of size results (one per shard), got ${describeValue(parts)}`);
  callbackOption(columns, 'columns');
  if (columns === undefined) throw new OinfoOptionError('columns', 'must be a function from a variable name to its column index');
  integerOption(top, 'top', { min: 1 });
  const measure = rankByOption(rankBy);
  parts.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || !Array.isArray(p.synergy) || !Array.isArray(p.redundancy))
      throw new OinfoInputError(`mergeShards: part ${i} is not a size result (with synergy and redundancy lists), got ${describeValue(p)}`);
    if (p.size !== parts[0].size || p.method !== parts[0].method)
      throw new OinfoInputError(
        `mergeShards: part ${i} is a ${p.method} result of size ${p.size}, part 0 a ${parts[0].method} result of size ${parts[0].size}; merge the shards of one size at a time`,
      );
  });
  const key = (m: Multiplet) => m.vars.map(columns);
  const pick = (lists: Multiplet[][], lowestFirst: boolean) =>
    lists
      .flat()
      .sort((a, b) => {
        if (a[measure] !== b[measure]) return lowestFirst ? a[measure] - b[measure] : b[measure] - a[measure];
        return lexLess(key(a), key(b)) ? -1 : 1;
      })
      .slice(0, top);
  return {
    size: parts[0].size,
    method: parts[0].method,
    evaluated: parts.reduce((s, p) => s + p.evaluated, 0),
    singular: parts.reduce((s, p) => s + p.singular, 0),
    synergy: pick(
      parts.map((p) => p.synergy),
      true,
    ),
    redundancy: pick(
      parts.map((p) => p.redundancy),
      false,
    ),
  };
}
