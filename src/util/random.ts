/**
 * Seeded randomness for everything oinfo draws — bootstrap resamples, permutations, and in the pipeline
 * initial weights, minibatch order and random baselines — so that a result is reproduced exactly from
 * its seed, whatever the threads or backend.
 * sfc32 (a small, fast, well-tested PRNG), seeded through splitmix32 so that nearby seeds diverge.
 */
export type Random = () => number;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Uniform numbers in [0, 1) from a 32-bit seed; `stream` separates independent uses of one seed. */
export function seededRandom(seed: number, stream = 0): Random {
  const mix = splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x632be5ab));
  let a = mix(), b = mix(), c = mix(), d = mix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm-up
  return next;
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, random: Random): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** k distinct values of 0..n−1, ascending. */
export function sample(n: number, k: number, random: Random): number[] {
  return Array.from(permutation(n, random).subarray(0, k)).sort((a, b) => a - b);
}

/** Streams of one seed, named so that uses never collide. */
export const STREAM = { init: 1, minibatch: 2, randomBaseline: 3, bootstrap: 4, permutation: 5, pairedBootstrap: 6, relabel: 7 } as const;
