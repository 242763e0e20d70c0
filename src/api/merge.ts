import type { Multiplet, SizeResult } from './search.js';

/** Ties in Ω break by the lexicographic order of the variables' column indices (SPEC §2). */
function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/**
 * Merges the results of shards of one size (each a SizeResult over disjoint rank ranges) into the
 * answer a single run gives. `columns` maps a variable name to its column index.
 */
export function mergeShards(parts: SizeResult[], columns: (name: string) => number, top: number): SizeResult {
  if (parts.length === 0) throw new Error('mergeShards needs at least one part');
  const key = (m: Multiplet) => m.vars.map(columns);
  const pick = (lists: Multiplet[][], lowestFirst: boolean) =>
    lists
      .flat()
      .sort((a, b) => {
        if (a.oinfo !== b.oinfo) return lowestFirst ? a.oinfo - b.oinfo : b.oinfo - a.oinfo;
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
