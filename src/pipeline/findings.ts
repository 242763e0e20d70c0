import type { Layerwise } from '../report/types.js';
import { summarize } from '../util/stats.js';

/**
 * Plain sentences on what the layerwise numbers say. A layer is synergy-dominated at size k when its
 * most synergistic multiplet is stronger than its most redundant one (|min Ω| > max Ω, seed means);
 * the paper's finding holds when the first hidden layer is redundancy-dominated at every size and
 * the last one synergy-dominated at some.
 */
export function layerwiseFindings(layerwise: Layerwise): { sentences: string[]; synergySizes: Record<string, number[]> } {
  const sentences: string[] = [];
  const synergySizes: Record<string, number[]> = {};
  const u = layerwise.units;
  for (const layer of layerwise.layers) {
    const sizes = layer.sizes;
    const strongestSyn = sizes.reduce((a, b) => (b.synergy.mean < a.synergy.mean ? b : a));
    const strongestRed = sizes.reduce((a, b) => (b.redundancy.mean > a.redundancy.mean ? b : a));
    synergySizes[layer.layer] = sizes.filter((s) => s.synergy.mean < 0 && -s.synergy.mean > s.redundancy.mean).map((s) => s.size);
    const dominant = synergySizes[layer.layer];
    const gaps = sizes.flatMap((s) => [s.greedy.synergy.mean - s.synergy.mean, s.redundancy.mean - s.greedy.redundancy.mean]);
    const worst = Math.max(0, ...gaps);
    sentences.push(
      `${layer.layer}: strongest synergy Ω = ${strongestSyn.synergy.mean.toFixed(2)} ${u} (k = ${strongestSyn.size}), strongest redundancy Ω = ${strongestRed.redundancy.mean.toFixed(2)} ${u} (k = ${strongestRed.size}); ` +
        (dominant.length
          ? `synergy exceeds redundancy at k = ${ranges(dominant)}`
          : 'redundancy exceeds synergy at every size') +
        (worst > 1e-9 ? `; the paper's greedy search misses the exhaustive extremum by up to ${worst.toFixed(2)} ${u} (mean over seeds).` : '; the greedy search finds the exhaustive extremum at every size.'),
    );
  }
  const first = layerwise.layers[0]?.layer;
  const last = layerwise.layers.at(-1)?.layer;
  if (first && last && first !== last) {
    const holds = synergySizes[first].length === 0 && synergySizes[last].length > 0;
    sentences.push(
      holds
        ? `The paper's finding holds here: the first hidden layer (${first}) is redundancy-dominated at every size, while in the last (${last}) the most synergistic multiplet outweighs the most redundant one at k = ${ranges(synergySizes[last])}.`
        : `The paper's finding (first layer redundant, last layer synergistic) does not hold here: ${first} is synergy-dominated at ${synergySizes[first].length} sizes, ${last} at ${synergySizes[last].length}.`,
    );
  }
  return { sentences, synergySizes };
}

/** [5, 6, 7, 9] → "5–7, 9". */
function ranges(values: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    out.push(i === j ? `${values[i]}` : `${values[i]}–${values[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * Per size k, which method keeps most test accuracy after re-training (mean over seeds), and whether
 * the synergistic sub-network does best more often than not.
 */
export function retrainFindings(rows: { method: string; size: number; test_accuracy: number }[], mode: string): string[] {
  const sizes = [...new Set(rows.filter((r) => r.method !== 'full').map((r) => r.size))].sort((a, b) => a - b);
  if (sizes.length === 0) return [];
  const mean = (method: string, size?: number) =>
    summarize(rows.filter((r) => r.method === method && (size === undefined || r.size === size)).map((r) => r.test_accuracy)).mean;
  const methods = [...new Set(rows.filter((r) => r.method !== 'full').map((r) => r.method))];
  const winners = sizes.map((k) => {
    const ranked = methods.map((m) => [m, mean(m, k)] as const).sort((a, b) => b[1] - a[1]);
    return { k, best: ranked[0], synergy: mean('synergy', k), random: mean('random', k) };
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const sentences = [
    `Re-training (${mode}), mean test accuracy over seeds — best method per size: ` +
      winners.map((w) => `k = ${w.k}: ${w.best[0]} (${pct(w.best[1])})`).join('; ') +
      `. The full network reaches ${pct(mean('full'))}.`,
  ];
  const synergyWins = winners.filter((w) => w.best[0] === 'synergy').length;
  const beatsRandom = winners.filter((w) => w.synergy > w.random).length;
  sentences.push(
    `The most synergistic sub-network is the best at ${synergyWins} of ${winners.length} sizes and beats random selection at ${beatsRandom} of ${winners.length}; ` +
      (synergyWins * 2 > winners.length
        ? 'here the paper’s claim — the synergistic sub-network is the one that matters — holds.'
        : 'here the paper’s claim that the synergistic sub-network is the one that matters does not hold.'),
  );
  return sentences;
}
