import type { Layerwise } from './stageAnalyze.js';

/**
 * Plain sentences on what the layerwise numbers say: per layer, whether the strongest redundancy
 * (max Ω) or the strongest synergy (|min Ω|) dominates across sizes, the greedy gap, and whether
 * the paper's finding (first layer redundancy-dominated, last hidden layer synergy-dominated) holds.
 */
export function layerwiseFindings(layerwise: Layerwise): { sentences: string[]; dominance: Record<string, 'redundancy' | 'synergy'> } {
  const sentences: string[] = [];
  const dominance: Record<string, 'redundancy' | 'synergy'> = {};
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const layer of layerwise.layers) {
    const red = avg(layer.sizes.map((s) => s.redundancy.mean));
    const syn = avg(layer.sizes.map((s) => -s.synergy.mean));
    dominance[layer.layer] = red >= syn ? 'redundancy' : 'synergy';
    const gaps = layer.sizes.flatMap((s) => [s.greedy.synergy.mean - s.synergy.mean, s.redundancy.mean - s.greedy.redundancy.mean]);
    const worst = Math.max(0, ...gaps);
    sentences.push(
      `${layer.layer}: ${dominance[layer.layer]}-dominated — averaged over sizes ${layer.sizes[0].size}…${layer.sizes.at(-1)!.size}, ` +
        `the most redundant multiplet has Ω = ${red.toFixed(3)} ${layerwise.units} and the most synergistic Ω = ${(-syn).toFixed(3)} ${layerwise.units}` +
        (worst > 1e-9 ? `; the paper's greedy misses the exhaustive optimum by up to ${worst.toFixed(3)} ${layerwise.units}.` : '; the greedy search finds the exhaustive optimum at every size.'),
    );
  }
  const first = layerwise.layers[0]?.layer;
  const last = layerwise.layers.at(-1)?.layer;
  if (first && last && first !== last) {
    const holds = dominance[first] === 'redundancy' && dominance[last] === 'synergy';
    sentences.push(
      holds
        ? `The paper's finding holds here: the first hidden layer (${first}) is redundancy-dominated and the last (${last}) synergy-dominated.`
        : `The paper's finding (first layer redundant, last layer synergistic) does not hold here: ${first} is ${dominance[first]}-dominated and ${last} ${dominance[last]}-dominated.`,
    );
  }
  return { sentences, dominance };
}

/**
 * Per size k, which method keeps most test accuracy after re-training (mean over seeds), and whether
 * the synergistic sub-network does best more often than not.
 */
export function retrainFindings(rows: { method: string; size: number; test_accuracy: number }[], mode: string): string[] {
  const sizes = [...new Set(rows.filter((r) => r.method !== 'full').map((r) => r.size))].sort((a, b) => a - b);
  if (sizes.length === 0) return [];
  const mean = (method: string, size?: number) => {
    const xs = rows.filter((r) => r.method === method && (size === undefined || r.size === size)).map((r) => r.test_accuracy);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
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
