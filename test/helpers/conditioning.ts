/**
 * The 1-norm condition number κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁ of a symmetric positive-definite minor, for tolerances
 * that scale with it: two correct ways of computing ln det A (a bordered inverse grown variable by variable,
 * and a fresh Cholesky) may differ by O(κ ε), so a fixed tolerance fails on nearly collinear data
 * without either being wrong.
 */
export function conditionNumber(matrix: ArrayLike<number>, dim: number, rows: readonly number[]): number {
  const k = rows.length;
  // Gauss–Jordan on [A | I]; A is SPD, so no pivoting is needed for a finite answer.
  const a = rows.map((r) => [...rows.map((c) => matrix[r * dim + c]), ...rows.map((_, j) => (j === rows.indexOf(r) ? 1 : 0))]);
  for (let i = 0; i < k; i++) {
    const pivot = a[i][i];
    for (let j = 0; j < 2 * k; j++) a[i][j] /= pivot;
    for (let r = 0; r < k; r++) {
      if (r === i) continue;
      const f = a[r][i];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[i][j];
    }
  }
  const norm1 = (at: (r: number, c: number) => number) =>
    Math.max(...Array.from({ length: k }, (_, c) => Array.from({ length: k }, (_, r) => Math.abs(at(r, c))).reduce((s, x) => s + x, 0)));
  return norm1((r, c) => matrix[rows[r] * dim + rows[c]]) * norm1((r, c) => a[r][k + c]);
}
