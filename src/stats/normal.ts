/**
 * The standard normal distribution's upper tail, for the large-sample approximations of the tests in
 * this folder. erfc is computed without cancellation — a positive series below 2, Laplace's continued
 * fraction above — so small tail probabilities keep their relative precision (≈ 4e-14).
 */

/** erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): every term positive.
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), evaluated from the inside out.
  let t = x;
  for (let k = 120; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

/** P(Z ≥ z) for Z standard normal. */
export const normalSf = (z: number): number => 0.5 * erfc(z / Math.SQRT2);
