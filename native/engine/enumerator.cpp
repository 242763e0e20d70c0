#include "enumerator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

// Hot loops get an AVX2 clone next to the portable one, picked at load time. Contraction into FMA
// is disabled for the whole engine (-ffp-contract=off), so both clones round identically.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define OINFO_HOT __attribute__((target_clones("avx2", "default")))
#else
#define OINFO_HOT
#endif

namespace oinfo {

namespace {

// Margin on the Q filter: exp/log round-off must never reject a multiplet that belongs in a list.
constexpr double kFilterMargin = 1e-9;

OINFO_HOT void leafProducts(int rows, int n, int vBegin, int vEnd, const double* __restrict b, const double* __restrict pdiag,
                            const double* __restrict d2, const double* __restrict inverseVariance, double* __restrict inv,
                            double* __restrict q) {
  for (int v = vBegin; v < vEnd; ++v) {
    inv[v] = 1.0 / d2[v];
    q[v] = d2[v] * inverseVariance[v];
  }
  for (int j = 0; j < rows; ++j) {
    const double p = pdiag[j];
    const double* __restrict bj = b + static_cast<std::size_t>(j) * n;
    for (int v = vBegin; v < vEnd; ++v) q[v] *= p + bj[v] * bj[v] * inv[v];
  }
}

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

// The leaf row of the node S+u without materialising that node's B (nothing below it needs it):
// for v in [vBegin, vEnd), from the parent S's B and d², the border g_v, the Schur complement d²_v of
// S+u+v, and Q_v = d²_v Π_j (diag'_j + B'_jv² / d²_v) / Σ_vv, where B'_jv = B_jv − bu_j g_v and the
// last factor is the row of u itself (diag = 1/d²_u, B' = g). Singular leaves get Q_v = −1.
OINFO_HOT void fusedLeafRow(int rows, int n, int vBegin, int vEnd, const double* __restrict cu, const double* __restrict bu,
                            const double* __restrict childDiag, const double* __restrict sigmaU, const double* __restrict b,
                            const double* __restrict d2Parent, const double* __restrict inverseVariance,
                            const double* __restrict singularFloor, double du2, double invDu2, double* __restrict g,
                            double* __restrict d2, double* __restrict inv, double* __restrict q) {
  for (int v = vBegin; v < vEnd; ++v) g[v] = sigmaU[v];
  for (int j = 0; j < rows; ++j) {
    const double c = cu[j];
    const double* __restrict bj = b + static_cast<std::size_t>(j) * n;
    for (int v = vBegin; v < vEnd; ++v) g[v] -= c * bj[v];
  }
  for (int v = vBegin; v < vEnd; ++v) {
    g[v] *= invDu2;
    d2[v] = d2Parent[v] - g[v] * g[v] * du2;
    inv[v] = 1.0 / d2[v];
    q[v] = d2[v] * inverseVariance[v];
  }
  for (int j = 0; j < rows; ++j) {
    const double c = bu[j], p = childDiag[j];
    const double* __restrict bj = b + static_cast<std::size_t>(j) * n;
    for (int v = vBegin; v < vEnd; ++v) {
      const double bn = bj[v] - c * g[v];
      q[v] *= p + bn * bn * inv[v];
    }
  }
  for (int v = vBegin; v < vEnd; ++v) {
    q[v] *= invDu2 + g[v] * g[v] * inv[v];
    q[v] = d2[v] > singularFloor[v] ? q[v] : -1.0;
  }
}

// True when some leaf in [vBegin, vEnd) may enter a list (or is marked singular, or a threshold is NaN).
OINFO_HOT bool anyCandidate(const double* __restrict q, int vBegin, int vEnd, double qMin, double qMax) {
  int hits = 0;
  for (int v = vBegin; v < vEnd; ++v) hits |= !(q[v] < qMin && q[v] > qMax);
  return hits != 0;
}

}  // namespace

TreeEnumerator::TreeEnumerator(const CompactProblem& problem, int k)
    : problem_(problem), k_(k), rootRows_(problem.hasTarget), binomials_(problem.n, k) {
  if (k < 1 || k > problem.n) throw std::invalid_argument("multiplet size out of range");
  const int n = problem.n;
  levels_.resize(k);
  for (int s = 0; s < k; ++s) {
    const int rows = s + rootRows_;
    levels_[s].b.assign(static_cast<std::size_t>(rows + 1) * n, 0.0);  // +1: the row a child appends
    levels_[s].d2.assign(n, 0.0);
    levels_[s].pdiag.assign(rows, 0.0);
  }
  inv_.assign(n, 0.0);
  q_.assign(n, 0.0);
  g_.assign(n, 0.0);
  leafD2_.assign(n, 0.0);
  childDiag_.assign(k + rootRows_, 0.0);
  singularFloor_.resize(n);
  for (int v = 0; v < n; ++v) singularFloor_[v] = kSingularTolerance * problem.at(problem.compact(v), problem.compact(v));
  cu_.assign(k + rootRows_, 0.0);
  bu_.assign(k + rootRows_, 0.0);
  members_.assign(k, 0);
  initRoot();
}

void TreeEnumerator::initRoot() {
  Level& root = levels_[0];
  const int n = problem_.n;
  root.members.clear();
  if (problem_.hasTarget) {
    const double var = problem_.at(0, 0);
    root.members.push_back(0);
    root.pdiag[0] = 1.0 / var;
    root.logDet = std::log(var);
    root.halfSumLogVariance = problem_.halfLogVariance[0];
    root.dependence = 1.0 / var;  // Σ_tt / Σ_tt²
    for (int v = 0; v < n; ++v) {
      const double cv = problem_.at(0, problem_.compact(v));
      root.b[v] = cv / var;
      root.d2[v] = problem_.at(problem_.compact(v), problem_.compact(v)) - cv * root.b[v];
    }
  } else {
    root.logDet = 0;
    root.halfSumLogVariance = 0;
    root.dependence = 1.0;
    for (int v = 0; v < n; ++v) root.d2[v] = problem_.at(v, v);
  }
}

bool TreeEnumerator::buildChild(int s, int u, const ColumnSpan* spans, int spanCount) {
  const Level& parent = levels_[s];
  Level& child = levels_[s + 1];
  const int n = problem_.n;
  const int rows = s + rootRows_;
  const int uc = problem_.compact(u);
  const double du2 = parent.d2[u];
  if (!(du2 > kSingularTolerance * problem_.at(uc, uc))) return false;
  const double invDu2 = 1.0 / du2;
  const double* sigmaU = problem_.row(uc) + rootRows_;  // Σ_{u,v} indexed by candidate position v
  for (int j = 0; j < rows; ++j) {
    cu_[j] = problem_.at(parent.members[j], uc);
    bu_[j] = parent.b[static_cast<std::size_t>(j) * n + u];
  }
  double* g = child.b.data() + static_cast<std::size_t>(rows) * n;
  for (int i = 0; i < spanCount; ++i) {
    borderRow(rows, n, spans[i].begin, spans[i].end, cu_.data(), sigmaU, parent.b.data(), invDu2, g);
    rankOneUpdate(rows, n, spans[i].begin, spans[i].end, bu_.data(), g, parent.b.data(), child.b.data(), parent.d2.data(),
                  child.d2.data(), du2);
  }
  for (int j = 0; j < rows; ++j) child.pdiag[j] = parent.pdiag[j] + bu_[j] * bu_[j] * invDu2;
  child.pdiag[rows] = invDu2;
  child.logDet = parent.logDet + std::log(du2);
  child.halfSumLogVariance = parent.halfSumLogVariance + problem_.halfLogVariance[uc];
  child.dependence = parent.dependence * problem_.at(uc, uc) * invDu2 * invDu2;
  child.members.assign(parent.members.begin(), parent.members.end());
  child.members.push_back(uc);
  return true;
}

bool TreeEnumerator::prepareLeafNode(int u) {
  const Level& parent = levels_[k_ - 2];
  const int n = problem_.n;
  const int rows = k_ - 2 + rootRows_;
  const int uc = problem_.compact(u);
  const double du2 = parent.d2[u];
  if (!(du2 > kSingularTolerance * problem_.at(uc, uc))) return false;
  leaf_.u = u;
  leaf_.du2 = du2;
  leaf_.invDu2 = 1.0 / du2;
  for (int j = 0; j < rows; ++j) {
    cu_[j] = problem_.at(parent.members[j], uc);
    bu_[j] = parent.b[static_cast<std::size_t>(j) * n + u];
    childDiag_[j] = parent.pdiag[j] + bu_[j] * bu_[j] * leaf_.invDu2;
  }
  leaf_.dependence = parent.dependence * problem_.at(uc, uc) * leaf_.invDu2 * leaf_.invDu2;
  leaf_.baseReady = false;
  return true;
}

void TreeEnumerator::leafRow(int vBegin, int vEnd) {
  const double* inverseVariance = problem_.inverseVariance.data() + rootRows_;
  if (k_ == 1) {  // the leaves hang off the root, whose B is stored
    const Level& root = levels_[0];
    leafProducts(rootRows_, problem_.n, vBegin, vEnd, root.b.data(), root.pdiag.data(), root.d2.data(), inverseVariance,
                 inv_.data(), q_.data());
    for (int v = vBegin; v < vEnd; ++v) {
      leafD2_[v] = root.d2[v];
      if (!(root.d2[v] > singularFloor_[v])) q_[v] = -1.0;
    }
    leaf_.dependence = root.dependence;
    leaf_.base = root.halfSumLogVariance - root.logDet;
    leaf_.baseReady = true;
    return;
  }
  const Level& parent = levels_[k_ - 2];
  const double* sigmaU = problem_.row(problem_.compact(leaf_.u)) + rootRows_;
  fusedLeafRow(k_ - 2 + rootRows_, problem_.n, vBegin, vEnd, cu_.data(), bu_.data(), childDiag_.data(), sigmaU,
               parent.b.data(), parent.d2.data(), inverseVariance, singularFloor_.data(), leaf_.du2, leaf_.invDu2, g_.data(),
               leafD2_.data(), inv_.data(), q_.data());
}

double TreeEnumerator::leafBase() {
  if (!leaf_.baseReady) {  // only rows with an entrant pay for this logarithm
    const Level& parent = levels_[k_ - 2];
    const int uc = problem_.compact(leaf_.u);
    leaf_.base = (parent.halfSumLogVariance + problem_.halfLogVariance[uc]) - (parent.logDet + std::log(leaf_.du2));
    leaf_.baseReady = true;
  }
  return leaf_.base;
}

double TreeEnumerator::leafOmega(int v) {
  const double q = q_[v];
  const double base = leafBase();
  if (std::isnormal(q)) return base - 0.5 * std::log(q);
  // The product over- or underflowed: sum the logarithms of the same factors instead.
  const int n = problem_.n;
  double logQ = std::log(leafD2_[v]) + std::log(problem_.inverseVariance[problem_.compact(v)]);
  if (k_ == 1) {
    const Level& root = levels_[0];
    for (int j = 0; j < rootRows_; ++j) logQ += std::log(root.pdiag[j] + root.b[v] * root.b[v] * inv_[v]);
  } else {
    const Level& parent = levels_[k_ - 2];
    for (int j = 0; j < k_ - 2 + rootRows_; ++j) {
      const double bn = parent.b[static_cast<std::size_t>(j) * n + v] - bu_[j] * g_[v];
      logQ += std::log(childDiag_[j] + bn * bn * inv_[v]);
    }
    logQ += std::log(leaf_.invDu2 + g_[v] * g_[v] * inv_[v]);
  }
  return base - 0.5 * logQ;
}

void TreeEnumerator::evaluateLeafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy,
                                     ShardStats& stats) {
  leafRow(vBegin, vEnd);
  stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
  // Ω = base − ½ ln Q, so Ω ≤ τ ⇔ Q ≥ e^{2 base} e^{−2τ}; e^{2 base} is carried down the
  // tree as the product Π Σ_jj / (det Σ)²; e^{−2τ} changes only when a list does: no exp or log per row.
  auto synergyFloor = [&] { return leaf_.dependence * expSynergy_ * (1.0 - kFilterMargin); };
  auto redundancyCeiling = [&] { return leaf_.dependence * expRedundancy_ * (1.0 + kFilterMargin); };
  double qMin = synergyFloor(), qMax = redundancyCeiling();
  if (!anyCandidate(q_.data(), vBegin, vEnd, qMin, qMax)) return;  // the common case
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  for (int v = vBegin; v < vEnd; ++v) {
    const double q = q_[v];
    if (q < qMin && q > qMax) continue;  // in neither list (NaN thresholds send every leaf here: exact path)
    if (q < 0) {  // the singular mark
      ++stats.singular;
      continue;
    }
    const double omega = leafOmega(v);
    if (!std::isfinite(omega)) {
      ++stats.singular;
      continue;
    }
    members_[k_ - 1] = v;
    if (synergy.accepts(omega, members_.data(), k_)) {
      synergy.offer(omega, members_.data(), k_);
      expSynergy_ = std::exp(-2.0 * synergy.threshold());
      qMin = synergyFloor();
    }
    if (redundancy.accepts(omega, members_.data(), k_)) {
      redundancy.offer(omega, members_.data(), k_);
      expRedundancy_ = std::exp(-2.0 * redundancy.threshold());
      qMax = redundancyCeiling();
    }
  }
}

ShardStats TreeEnumerator::run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                               const std::atomic<bool>* cancel) {
  ShardStats stats;
  const int n = problem_.n, k = k_;
  const int deepest = std::max(0, k - 2);  // the deepest level kept; the leaf node's row is fused
  to = std::min<std::uint64_t>(to, count());
  if (from >= to) return stats;
  std::vector<int> c(k);
  binomials_.unrank(from, c.data());
  expSynergy_ = std::exp(-2.0 * synergy.threshold());
  expRedundancy_ = std::exp(-2.0 * redundancy.threshold());
  std::uint64_t cur = from;
  int built = 0;  // levels_[0..built] match the prefix c[0..built−1]
  while (cur < to) {
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      stats.cancelled = true;
      return stats;
    }
    int t = built;
    while (t < deepest) {
      const ColumnSpan span{c[t] + 1, n};
      if (!buildChild(t, c[t], &span, 1)) break;
      ++t;
    }
    const bool singular = t < deepest || (k >= 2 && !prepareLeafNode(c[k - 2]));
    if (singular) {
      // Σ of the prefix c[0..t] is singular, and so is every leaf below it: skip the subtree.
      std::vector<int> last(c.begin(), c.begin() + t + 1);
      for (int i = t + 1; i < k; ++i) last.push_back(n - k + i);
      const std::uint64_t end = std::min<std::uint64_t>(binomials_.rank(last.data()) + 1, to);
      stats.evaluated += end - cur;
      stats.singular += end - cur;
      cur = end;
      if (cur >= to) break;
      std::vector<int> next(k);
      binomials_.unrank(cur, next.data());
      int same = 0;
      while (same < k && next[same] == c[same]) ++same;
      built = std::min(same, t);
      c = next;
      continue;
    }
    built = deepest;
    const int vBegin = c[k - 1];
    const int vEnd = static_cast<int>(std::min<std::uint64_t>(n, vBegin + (to - cur)));
    evaluateLeafRow(vBegin, vEnd, c.data(), synergy, redundancy, stats);
    cur += static_cast<std::uint64_t>(vEnd - vBegin);
    if (cur >= to) break;
    // The row ran to v = n − 1: move to the next prefix in lexicographic order.
    int s = k - 2;
    while (s >= 0 && c[s] == n - k + s) --s;
    if (s < 0) break;
    ++c[s];
    for (int i = s + 1; i < k; ++i) c[i] = c[i - 1] + 1;
    built = std::min(built, s);
  }
  return stats;
}

bool TreeEnumerator::evaluate(const int* combination, double& omega) {
  const int k = k_;
  // Only the columns this multiplet needs, each computed exactly as the full enumeration computes it.
  std::vector<ColumnSpan> spans;
  for (int t = 0; t < k - 2; ++t) {
    spans.clear();
    for (int i = t + 1; i < k; ++i) spans.push_back({combination[i], combination[i] + 1});
    if (!buildChild(t, combination[t], spans.data(), static_cast<int>(spans.size()))) return false;
  }
  if (k >= 2 && !prepareLeafNode(combination[k - 2])) return false;
  const int v = combination[k - 1];
  leafRow(v, v + 1);
  if (q_[v] < 0) return false;
  omega = leafOmega(v);
  return std::isfinite(omega);
}

}  // namespace oinfo
