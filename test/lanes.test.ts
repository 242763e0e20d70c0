/**
 * The exhaustive enumeration computes a leaf row four leaves at a time (native/engine/lanes.hpp), with the
 * row count unrolled up to 8 and a general loop above; greedy and beam compute each multiplet alone, one
 * leaf. Both must give the same bits for every row count, every row length (rows shorter than four run
 * one leaf at a time, longer ones end with an overlapping block) and every measure ranked by. A beam as
 * wide as every multiplet of the size below lists every multiplet of a size, so its lists must equal the
 * exhaustive ones exactly.
 */
import { describe, expect, it } from 'vitest';

import { prepare, search } from '../src/index.js';
import type { RankBy } from '../src/backend/engine.js';
import { BACKENDS } from './helpers/backends.js';
import { randomColumns } from './helpers/random.js';
import { binomial } from './helpers/combinatorics.js';

const MEASURES: RankBy[] = ['oinfo', 'tc', 'dtc', 'sinfo'];

describe.each(BACKENDS)('leaf rows four at a time on the %s backend', (backend) => {
  it.each(MEASURES)('by %s equal one leaf at a time, bit for bit, for leaf nodes of 1 to 11 rows', async (rankBy) => {
    // 12 candidates and a target: sizes 2…11 give leaf nodes of 1…10 rows (k − 2 + the target's row).
    const p = 12;
    const data = prepare(randomColumns(200, p + 1, 11), { backend });
    const everyOne = binomial(p, p / 2);
    const base = { target: `v${p}`, minSize: 2, maxSize: 11, top: everyOne, rankBy, backend, threads: 2 } as const;
    const exhaustive = await search(data, { ...base, exhaustiveMax: 11 });
    const beam = await search(data, { ...base, exhaustiveMax: 2, method: 'beam', beam: everyOne });
    for (const [i, s] of beam.sizes.entries()) {
      const e = exhaustive.sizes[i];
      expect(e.size).toBe(s.size);
      if (s.size > 2) expect(s.method).not.toBe('exhaustive');
      expect(e.synergy).toHaveLength(binomial(p, s.size));
      expect(s.synergy).toEqual(e.synergy);
      expect(s.redundancy).toEqual(e.redundancy);
    }
  });
});
