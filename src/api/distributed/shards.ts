/**
 * How a distributed search is cut into shards: every exhaustive size k into rank ranges [from, to) of
 * its C(n, k) multiplets (the ranges the engine's `shard` option evaluates, which mergeShards puts back
 * together exactly), shards of about equal work across sizes.
 */
import { OinfoInputError } from '../../errors.js';
import { integerOption } from '../validate.js';
import type { Shard } from './protocol.js';

/** Default work per shard: a few seconds of one machine, long enough that the queue's cost (milliseconds a shard) disappears. */
export const DEFAULT_SHARD_MULTIPLETS = 500_000_000;
/** The most shards a search may have (each is a Redis job and a result field). */
export const MAX_SHARDS = 1_000_000;

/** C(n, k) exactly; an error past 2^53 (ranks must be exact doubles). */
export function exactBinomial(n: number, k: number): number {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(n - k + i)) / BigInt(i);
  if (c > BigInt(Number.MAX_SAFE_INTEGER)) throw new OinfoInputError(`C(${n}, ${k}) = ${c} multiplets exceed 2^53, the largest rank a shard can name`);
  return Number(c);
}

/**
 * The shards of the sizes `sizes` of `n` candidates: `shards` in all (default: one per
 * DEFAULT_SHARD_MULTIPLETS), given to the sizes in proportion to their multiplets, at least one each.
 */
export function planShards(n: number, sizes: readonly number[], shards: unknown): Shard[] {
  const counts = sizes.map((k) => exactBinomial(n, k));
  const total = counts.reduce((a, b) => a + b, 0);
  const wanted = integerOption(shards, 'shards', { min: 1, max: MAX_SHARDS, fallback: Math.min(MAX_SHARDS, Math.ceil(total / DEFAULT_SHARD_MULTIPLETS)) });
  const plan: Shard[] = [];
  sizes.forEach((size, i) => {
    const count = counts[i];
    const parts = Math.max(1, Math.min(count, Math.round((wanted * count) / total)));
    // Boundaries floor(j · count / parts): ranges differ by at most one multiplet.
    const bound = (j: number) => Number((BigInt(j) * BigInt(count)) / BigInt(parts));
    for (let j = 0; j < parts; j++) plan.push({ size, from: bound(j), to: bound(j + 1) });
  });
  return plan;
}
