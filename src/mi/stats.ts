/**
 * Small numerical helpers of the MI baselines: robust location / scale (NumPy's median, the median
 * absolute deviation), the digamma function, gcmi's entropy bias constant, and d × d Cholesky algebra.
 */

/** NumPy's `np.median`: the middle value, or the mean of the two middle values for an even count. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError('the median of no values is undefined');
  const sorted = Float64Array.from(values).sort();
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** Median absolute deviation around the median (unscaled): median(|x − median(x)|). */
export function medianAbsoluteDeviation(values: ArrayLike<number>, center = median(values)): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - center);
  return median(dev);
}

/** The scale that turns a MAD into a standard deviation for Gaussian data (gcmi's constant). */
export const MAD_TO_SD = 1.482602218505602;

/**
 * ψ(x), the digamma function, for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the
 * asymptotic series ln x − 1/(2x) − Σ B₂ₖ / (2k x²ᵏ) to x⁻¹⁴ (truncation error < 1e-16).
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma is implemented for x > 0, got ${x}`);
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/**
 * gcmi's bias correction of a d-dimensional Gaussian entropy from n samples, in nats (SPEC §1):
 * c_n(d) = d·(ln 2 − ln(n − 1))/2 + ½ Σ_{i=1..d} ψ((n − i)/2). Needs n > d.
 */
export function entropyBias(d: number, n: number): number {
  if (!(n > d)) throw new RangeError(`the bias correction needs more samples than dimensions (n = ${n}, d = ${d})`);
  let psi = 0;
  for (let i = 1; i <= d; i++) psi += digamma((n - i) / 2);
  return (d * (Math.LN2 - Math.log(n - 1))) / 2 + psi / 2;
}

/**
 * Lower Cholesky factor L (row-major d × d, L Lᵀ = A) of a symmetric d × d matrix, or null when A is
 * not (numerically) positive definite: a pivot ≤ 1e-12 × its diagonal entry.
 */
export function cholesky(a: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] * l[j * d + k];
    if (!(s > 1e-12 * a[j * d + j]) || !(a[j * d + j] > 0)) return null;
    const pivot = Math.sqrt(s);
    l[j * d + j] = pivot;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = t / pivot;
    }
  }
  return l;
}

/** ½ ln det A from its Cholesky factor: Σ ln L_ii (gcmi's `_logdet_from_cholesky`). */
export function halfLogDet(l: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(l[i * d + i]);
  return s;
}

/** |L⁻¹ v|² by forward substitution (L lower, row-major); `work` holds d scratch values. */
export function mahalanobis2(l: Float64Array, d: number, v: Float64Array, work: Float64Array): number {
  let q = 0;
  for (let i = 0; i < d; i++) {
    let t = v[i];
    for (let k = 0; k < i; k++) t -= l[i * d + k] * work[k];
    const z = t / l[i * d + i];
    work[i] = z;
    q += z * z;
  }
  return q;
}

/**
 * Second moments of d columns (each of length n): Σ_ij = Σ_s (x_is − m_i)(x_js − m_j) / (n − 1) with
 * m the column means when `center`, else m = 0 (gcmi's demeaned=True: no re-centering).
 * Returns the means (zeros when not centring) and the row-major d × d matrix.
 */
export function secondMoments(columns: readonly Float64Array[], center: boolean): { mean: Float64Array; cov: Float64Array } {
  const d = columns.length;
  const n = columns[0].length;
  const mean = new Float64Array(d);
  if (center)
    for (let i = 0; i < d; i++) {
      let s = 0;
      const c = columns[i];
      for (let t = 0; t < n; t++) s += c[t];
      mean[i] = s / n;
    }
  const centred = center ? columns.map((c, i) => c.map((v) => v - mean[i])) : columns;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      const a = centred[i];
      const b = centred[j];
      let s = 0;
      for (let t = 0; t < n; t++) s += a[t] * b[t];
      cov[i * d + j] = cov[j * d + i] = s / (n - 1);
    }
  return { mean, cov };
}
