/**
 * Ranks 1…n of values in ascending order, tied values sharing the mean of their ranks (mid-ranks,
 * scipy's rankdata 'average'). Ties are exact equality. Also returns the sizes of the tie groups
 * (groups of one included), which tie corrections need.
 */
export function midRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j + 2) / 2; // mean of the 1-based ranks i+1 … j+1
    for (let m = i; m <= j; m++) ranks[order[m]] = rank;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}
