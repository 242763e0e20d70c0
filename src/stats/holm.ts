/**
 * Holm–Bonferroni adjusted p-values of one family of m tests, in the order given: sorted ascending,
 * the i-th smallest (i = 0 …) becomes max over j ≤ i of min(1, (m − j)·p₍ⱼ₎), so adjusted values are
 * monotone in the raw ones, never below them, and at most 1. Rejecting where the adjusted p < α keeps
 * the family-wise error rate at α under any dependence between the tests.
 */
export function holm(pValues: readonly number[]): number[] {
  if (pValues.some((p) => !(p >= 0 && p <= 1))) throw new RangeError('holm: every p-value must be in [0, 1]');
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((i, j) => {
    running = Math.max(running, Math.min(1, (m - j) * pValues[i]));
    adjusted[i] = running;
  });
  return adjusted;
}
