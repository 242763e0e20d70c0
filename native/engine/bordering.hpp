// The bordering kernels of the tree enumeration, shared by TreeEnumerator (enumerator.cpp) and
// DiscreteEnumerator (discrete_enumerator.cpp, once per track).
//
// A node S keeps, for every later candidate v, B[:, v] = Σ_S⁻¹ Σ_{S,v} (rows × n, row j contiguous over
// the candidate positions) and the Schur complement d²_v = Σ_vv − Σ_{S,v}ᵀ B[:, v]. Adding u to S borders
// Σ_S⁻¹ by one row and column, a rank-one update, O(|S|) per column:
//   g_v = (Σ_uv − Σ_{S,u}ᵀ B[:, v]) / d²_u,   B'[:, v] = [B[:, v] − B[:, u] g_v ; g_v],   d²'_v = d²_v − g_v² d²_u.
// Each kernel runs over the columns [vBegin, vEnd) only, in a fixed order of operations, so that a column
// computed alone (evaluate) is bit-identical to the same column of a whole row (run).
//
// Only the two enumeration sources include this header (the WASM build compiles them without exception
// support, wasm/build.mjs NO_CATCH_SOURCES): the kernels have internal linkage, one copy per source.
#pragma once

#include <cstddef>

// Hot loops get an AVX2 clone next to the portable one, picked at load time. Contraction into FMA
// is disabled for the whole engine (-ffp-contract=off), so both clones round identically.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define OINFO_HOT __attribute__((target_clones("avx2", "default")))
#else
#define OINFO_HOT
#endif

namespace oinfo {

namespace {

// Margin on the screening products: exp/log round-off must never reject a multiplet that belongs in a list.
constexpr double kFilterMargin = 1e-9;

// g_v = (Σ_uv − Σ_j cu_j B_jv) / d²_u for v in [vBegin, vEnd), written as the new last row of B.
OINFO_HOT void borderRow(int rows, int n, int vBegin, int vEnd, const double* __restrict cu, const double* __restrict sigmaU,
                         const double* __restrict b, double invDu2, double* __restrict g) {
  for (int v = vBegin; v < vEnd; ++v) g[v] = sigmaU[v];
  for (int j = 0; j < rows; ++j) {
    const double c = cu[j];
    const double* __restrict bj = b + static_cast<std::size_t>(j) * n;
    for (int v = vBegin; v < vEnd; ++v) g[v] -= c * bj[v];
  }
  for (int v = vBegin; v < vEnd; ++v) g[v] *= invDu2;
}

// B'_jv = B_jv − bu_j g_v and d²'_v = d²_v − g_v² d²_u for v in [vBegin, vEnd).
OINFO_HOT void rankOneUpdate(int rows, int n, int vBegin, int vEnd, const double* __restrict bu, const double* __restrict g,
                             const double* __restrict bOld, double* __restrict bNew, const double* __restrict d2Old,
                             double* __restrict d2New, double du2) {
  for (int j = 0; j < rows; ++j) {
    const double c = bu[j];
    const double* __restrict bj = bOld + static_cast<std::size_t>(j) * n;
    double* __restrict nj = bNew + static_cast<std::size_t>(j) * n;
    for (int v = vBegin; v < vEnd; ++v) nj[v] = bj[v] - c * g[v];
  }
  for (int v = vBegin; v < vEnd; ++v) d2New[v] = d2Old[v] - g[v] * g[v] * du2;
}

}  // namespace

}  // namespace oinfo
