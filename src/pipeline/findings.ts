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
