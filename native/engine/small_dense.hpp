// Small dense kernels of the grouped measures (groups.cpp, group_enumerator.cpp): a Cholesky factor with
// the engine's singularity rule, triangular solves and inverses, on plain row-major arrays. Hand-written
// rather than Eigen's so that a multiplet costs no allocation and every route rounds in one fixed order
// (the same on the addon and the WASM build: the engine is compiled without FMA contraction).
#pragma once

#include <cmath>
#include <cstddef>

namespace oinfo {
namespace small_dense {

// In place: the lower triangle of the n × n matrix a (row stride lda) becomes its Cholesky factor L
// (Σ = L Lᵀ); the upper triangle is left alone. `floor[i]` (may be null): the pivot L_ii² must exceed it,
// the engine's singularity rule d² > 1e-12 Σ_ii; a non-positive pivot always fails. False when it fails.
inline bool cholesky(double* a, int n, int lda, const double* floor) {
  for (int i = 0; i < n; ++i) {
    double* ai = a + static_cast<std::size_t>(i) * lda;
    for (int j = 0; j < i; ++j) {
      const double* aj = a + static_cast<std::size_t>(j) * lda;
      double s = ai[j];
      for (int t = 0; t < j; ++t) s -= ai[t] * aj[t];
      ai[j] = s / aj[j];
    }
    double d = ai[i];
    for (int t = 0; t < i; ++t) d -= ai[t] * ai[t];
    if (!(d > (floor ? floor[i] : 0.0))) return false;
    ai[i] = std::sqrt(d);
  }
  return true;
}

// ln det of a matrix from its Cholesky factor: 2 Σ ln L_ii.
inline double logDetFromFactor(const double* l, int n, int lda) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += std::log(l[static_cast<std::size_t>(i) * lda + i]);
  return 2.0 * s;
}

// det of a matrix from its Cholesky factor: Π L_ii².
inline double detFromFactor(const double* l, int n, int lda) {
  double p = 1;
  for (int i = 0; i < n; ++i) {
    const double d = l[static_cast<std::size_t>(i) * lda + i];
    p *= d * d;
  }
  return p;
}

// x ← L⁻¹ x for the lower factor l (n × n, stride lda) and a vector x with stride incx.
inline void forwardSolve(const double* l, int n, int lda, double* x, int incx) {
  for (int i = 0; i < n; ++i) {
    const double* li = l + static_cast<std::size_t>(i) * lda;
    double s = x[i * incx];
    for (int t = 0; t < i; ++t) s -= li[t] * x[t * incx];
    x[i * incx] = s / li[i];
  }
}

// x ← L⁻ᵀ x.
inline void backwardSolve(const double* l, int n, int lda, double* x, int incx) {
  for (int i = n - 1; i >= 0; --i) {
    double s = x[i * incx];
    for (int t = i + 1; t < n; ++t) s -= l[static_cast<std::size_t>(t) * lda + i] * x[t * incx];
    x[i * incx] = s / l[static_cast<std::size_t>(i) * lda + i];
  }
}

// out (n × n, row-major, full) = (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ from the lower factor l; `work` holds n × n doubles.
inline void inverseFromFactor(const double* l, int n, int lda, double* out, double* work) {
  // work = L⁻¹ (lower), column by column.
  for (int c = 0; c < n; ++c) {
    for (int r = 0; r < n; ++r) work[static_cast<std::size_t>(r) * n + c] = r == c ? 1.0 : 0.0;
    for (int r = c; r < n; ++r) {
      const double* lr = l + static_cast<std::size_t>(r) * lda;
      double s = work[static_cast<std::size_t>(r) * n + c];
      for (int t = c; t < r; ++t) s -= lr[t] * work[static_cast<std::size_t>(t) * n + c];
      work[static_cast<std::size_t>(r) * n + c] = s / lr[r];
    }
  }
  // out_ij = Σ_t (L⁻¹)_ti (L⁻¹)_tj over t ≥ max(i, j).
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = 0;
      for (int t = i; t < n; ++t) s += work[static_cast<std::size_t>(t) * n + i] * work[static_cast<std::size_t>(t) * n + j];
      out[static_cast<std::size_t>(i) * n + j] = s;
      out[static_cast<std::size_t>(j) * n + i] = s;
    }
}

}  // namespace small_dense
}  // namespace oinfo
