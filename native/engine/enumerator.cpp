#include "enumerator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "bordering.hpp"
#include "fast_log.hpp"
#include "lanes.hpp"

namespace oinfo {

namespace {

using lanes::Lane;

OINFO_HOT void leafProducts(int rows, int n, int vBegin, int vEnd, const double* __restrict b, const double* __restrict pdiag,
                            const double* __restrict d2, const double* __restrict inverseVariance, double* __restrict inv,
                            double* __restrict q) {
  lanes::forLeaves(vBegin, vEnd, [&](auto lane, int v) __attribute__((always_inline)) {
    using T = decltype(lane);
    using L = Lane<T>;
    const T d2v = L::load(d2 + v);
    const T invv = 1.0 / d2v;
    T qv = d2v * L::load(inverseVariance + v);
    for (int j = 0; j < rows; ++j) {
      const T bj = L::load(b + static_cast<std::size_t>(j) * n + v);
      qv = qv * (pdiag[j] + bj * bj * invv);
    }
    L::store(inv + v, invv);
    L::store(q + v, qv);
  });
}

// The border g_v of u and the Schur complement d²_v of S+u+v, from the parent S's B and d².
template <class T>
inline __attribute__((always_inline)) void leafBorder(int rows, int n, int v, const double* __restrict cu,
                                                      const double* __restrict sigmaU, const double* __restrict b,
                                                      const double* __restrict d2Parent, double du2, double invDu2, T& g, T& d2) {
  using L = Lane<T>;
  g = L::load(sigmaU + v);
  for (int j = 0; j < rows; ++j) g = g - cu[j] * L::load(b + static_cast<std::size_t>(j) * n + v);
  g = g * invDu2;
  d2 = L::load(d2Parent + v) - g * g * du2;
}

// The leaf row of the node S+u without materialising that node's B (nothing below it needs it):
// for v in [vBegin, vEnd), from the parent S's B and d², the border g_v, the Schur complement d²_v of
// S+u+v, and Q_v = d²_v Π_j (diag'_j + B'_jv² / d²_v) / Σ_vv, where B'_jv = B_jv − bu_j g_v and the
// last factor is the row of u itself (diag = 1/d²_u, B' = g). Singular leaves get Q_v = −1.
// FixedRows > 0: the number of rows known at compile time (its loops unrolled); 0: rows as given.
template <int FixedRows>
OINFO_HOT bool fusedLeafRowOf(int rowsGiven, int n, int vBegin, int vEnd, const double* __restrict cu, const double* __restrict bu,
                            const double* __restrict childDiag, const double* __restrict sigmaU, const double* __restrict b,
                            const double* __restrict d2Parent, const double* __restrict inverseVariance,
                            const double* __restrict singularFloor, double du2, double invDu2, double* __restrict g,
                            double* __restrict d2, double* __restrict inv, double* __restrict q, double low, double high) {
  const int rows = FixedRows > 0 ? FixedRows : rowsGiven;
  lanes::Outside hits;  // some leaf may enter a list (or is singular)
  lanes::forLeaves(vBegin, vEnd, [&](auto lane, int v) __attribute__((always_inline)) {
    using T = decltype(lane);
    using L = Lane<T>;
    T gv, d2v;
    leafBorder(rows, n, v, cu, sigmaU, b, d2Parent, du2, invDu2, gv, d2v);
    const T invv = 1.0 / d2v;
    T qv = d2v * L::load(inverseVariance + v);
    for (int j = 0; j < rows; ++j) {
      const T bn = L::load(b + static_cast<std::size_t>(j) * n + v) - bu[j] * gv;
      qv = qv * (childDiag[j] + bn * bn * invv);
    }
    qv = qv * (invDu2 + gv * gv * invv);
    L::store(g + v, gv);
    L::store(d2 + v, d2v);
    L::store(inv + v, invv);
    const T out = L::ifGreater(d2v, L::load(singularFloor + v), qv, T{} - 1.0);
    L::store(q + v, out);
    hits.add(out, low, high);
  });
  return hits.any();
}

// The Ω leaf row, unrolled for the usual sizes (rows = k − 2, +1 with a target).
bool fusedLeafRow(int rows, int n, int vBegin, int vEnd, const double* cu, const double* bu, const double* childDiag,
                  const double* sigmaU, const double* b, const double* d2Parent, const double* inverseVariance,
                  const double* singularFloor, double du2, double invDu2, double* g, double* d2, double* inv, double* q,
                  double low, double high) {
  switch (rows) {
#define OINFO_ROWS(r) \
  case r:             \
    return fusedLeafRowOf<r>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, inverseVariance, singularFloor, du2, invDu2, g, d2, inv, q, low, high);
    OINFO_ROWS(1)
    OINFO_ROWS(2)
    OINFO_ROWS(3)
    OINFO_ROWS(4)
    OINFO_ROWS(5)
    OINFO_ROWS(6)
    OINFO_ROWS(7)
    OINFO_ROWS(8)
#undef OINFO_ROWS
    default:
      return fusedLeafRowOf<0>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, inverseVariance, singularFloor, du2, invDu2, g, d2, inv, q, low, high);
  }
}

// The leaf row of S+u when ranking by TC: only the border g_v and the Schur complement d²_v are needed,
// x_v = R_v = d²_v / Σ_vv. Singular leaves get x_v = −1.
OINFO_HOT bool fusedLeafRowTc(int rows, int n, int vBegin, int vEnd, const double* __restrict cu, const double* __restrict sigmaU,
                              const double* __restrict b, const double* __restrict d2Parent,
                              const double* __restrict inverseVariance, const double* __restrict singularFloor, double du2,
                              double invDu2, double* __restrict g, double* __restrict d2, double* __restrict x, double low, double high) {
  lanes::Outside hits;  // some leaf may enter a list (or is singular)
  lanes::forLeaves(vBegin, vEnd, [&](auto lane, int v) __attribute__((always_inline)) {
    using T = decltype(lane);
    using L = Lane<T>;
    T gv, d2v;
    leafBorder(rows, n, v, cu, sigmaU, b, d2Parent, du2, invDu2, gv, d2v);
    L::store(g + v, gv);
    L::store(d2 + v, d2v);
    const T out = L::ifGreater(d2v, L::load(singularFloor + v), d2v * L::load(inverseVariance + v), T{} - 1.0);
    L::store(x + v, out);
    hits.add(out, low, high);
  });
  return hits.any();
}

// The leaf row of S+u when ranking by DTC (variance == nullptr: x_v = P_v) or by S (x_v = P_v / R_v,
// P_v Σ_vv / d²_v), P_v = Π_j (diag'_j + B'_jv² / d²_v) over the leaf node's rows, in the order of
// fusedLeafRow. Singular leaves get x_v = −1.
OINFO_HOT bool fusedLeafRowPartial(int rows, int n, int vBegin, int vEnd, const double* __restrict cu, const double* __restrict bu,
                                   const double* __restrict childDiag, const double* __restrict sigmaU,
                                   const double* __restrict b, const double* __restrict d2Parent,
                                   const double* __restrict variance, const double* __restrict singularFloor, double du2,
                                   double invDu2, double* __restrict g, double* __restrict d2, double* __restrict inv,
                                   double* __restrict x, double low, double high) {
  lanes::Outside hits;  // some leaf may enter a list (or is singular)
  lanes::forLeaves(vBegin, vEnd, [&](auto lane, int v) __attribute__((always_inline)) {
    using T = decltype(lane);
    using L = Lane<T>;
    T gv, d2v;
    leafBorder(rows, n, v, cu, sigmaU, b, d2Parent, du2, invDu2, gv, d2v);
    const T invv = 1.0 / d2v;
    T xv = invDu2 + gv * gv * invv;  // the row of u itself
    if (variance) xv = xv * (L::load(variance + v) * invv);
    for (int j = 0; j < rows; ++j) {
      const T bn = L::load(b + static_cast<std::size_t>(j) * n + v) - bu[j] * gv;
      xv = xv * (childDiag[j] + bn * bn * invv);
    }
    L::store(g + v, gv);
    L::store(d2 + v, d2v);
    L::store(inv + v, invv);
    const T out = L::ifGreater(d2v, L::load(singularFloor + v), xv, T{} - 1.0);
    L::store(x + v, out);
    hits.add(out, low, high);
  });
  return hits.any();
}

// base − ½ ln q_v with the fast logarithm (fast_log.hpp), for the histogram; garbage where q_v is not a
// positive normal number (the caller takes those on the exact path).
OINFO_HOT void fastOmegas(int vBegin, int vEnd, const double* __restrict q, double base, double* __restrict omega) {
  lanes::forLeaves(vBegin, vEnd, [&](auto lane, int v) __attribute__((always_inline)) {
    using L = Lane<decltype(lane)>;
    L::store(omega + v, base - 0.5 * lanes::fastLog(L::load(q + v)));
  });
}

// Whether the key grows with the leaf's product x_v (DTC, S) or falls (Ω, TC).
constexpr bool increasingKey(RankBy r) { return r == RankBy::Dtc || r == RankBy::Sinfo; }

// True when some leaf in [vBegin, vEnd) may enter a list (or is marked singular, or a threshold is NaN).
OINFO_HOT bool anyCandidate(const double* __restrict q, int vBegin, int vEnd, double qMin, double qMax) {
  int hits = 0;
  for (int v = vBegin; v < vEnd; ++v) hits |= !(q[v] < qMin && q[v] > qMax);
  return hits != 0;
}

}  // namespace

TreeEnumerator::TreeEnumerator(const CompactProblem& problem, int k, RankBy rankBy)
    : problem_(problem),
      k_(k),
      rankBy_(rankBy),
      rootRows_(problem.hasTarget),
      binomials_(problem.n, k) {
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
  omegaRow_.assign(n, 0.0);
  g_.assign(n, 0.0);
  leafD2_.assign(n, 0.0);
  childDiag_.assign(k + rootRows_, 0.0);
  singularFloor_.resize(n);
  variance_.resize(n);
  for (int v = 0; v < n; ++v) {
    variance_[v] = problem.at(problem.compact(v), problem.compact(v));
    singularFloor_[v] = kSingularTolerance * variance_[v];
  }
  cu_.assign(k + rootRows_, 0.0);
  bu_.assign(k + rootRows_, 0.0);
  members_.assign(k, 0);
  initRoot();
}

// The running product of a node is e^{∓2 c} for the per-node constant c of the key (c − ½ ln x for Ω
// and TC, c + ½ ln x for DTC and S): Ω: Π Σ_jj / (det Σ)²; TC: Π Σ_jj / det Σ; DTC: 1 / det Σ;
// S: 1 / Π Σ_jj. Adding u multiplies it by the factor below (det Σ gains d²_u).
template <RankBy R>
double TreeEnumerator::scaleFactor(int uc, double invDu2) const {
  if constexpr (R == RankBy::Tc) return problem_.at(uc, uc) * invDu2;
  if constexpr (R == RankBy::Dtc) return invDu2;
  if constexpr (R == RankBy::Sinfo) return problem_.inverseVariance[uc];
  return problem_.at(uc, uc) * invDu2 * invDu2;
}

// The hot paths are instantiated per measure (run, evaluate): this picks the instantiation.
template <typename F>
decltype(auto) TreeEnumerator::forRankBy(F&& body) {
  switch (rankBy_) {
    case RankBy::Tc: return body(std::integral_constant<RankBy, RankBy::Tc>{});
    case RankBy::Dtc: return body(std::integral_constant<RankBy, RankBy::Dtc>{});
    case RankBy::Sinfo: return body(std::integral_constant<RankBy, RankBy::Sinfo>{});
    case RankBy::Oinfo: break;
  }
  return body(std::integral_constant<RankBy, RankBy::Oinfo>{});
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
    root.scale = rankBy_ == RankBy::Tc ? 1.0 : 1.0 / var;  // Ω: Σ_tt / Σ_tt²; TC: Σ_tt / Σ_tt; DTC, S: 1 / Σ_tt
    for (int v = 0; v < n; ++v) {
      const double cv = problem_.at(0, problem_.compact(v));
      root.b[v] = cv / var;
      root.d2[v] = problem_.at(problem_.compact(v), problem_.compact(v)) - cv * root.b[v];
    }
  } else {
    root.logDet = 0;
    root.halfSumLogVariance = 0;
    root.scale = 1.0;
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
  child.scale = parent.scale * forRankBy([&](auto r) { return scaleFactor<decltype(r)::value>(uc, invDu2); });
  child.members.assign(parent.members.begin(), parent.members.end());
  child.members.push_back(uc);
  return true;
}

template <RankBy R>
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
  leaf_.scale = parent.scale * scaleFactor<R>(uc, leaf_.invDu2);
  leaf_.logsReady = false;
  return true;
}

template <RankBy R>
bool TreeEnumerator::leafRow(int vBegin, int vEnd) {
  const double* inverseVariance = problem_.inverseVariance.data() + rootRows_;
  const int n = problem_.n;
  if (k_ == 1) {  // the leaves hang off the root, whose B is stored
    const Level& root = levels_[0];
    if constexpr (R == RankBy::Oinfo) {
      leafProducts(rootRows_, n, vBegin, vEnd, root.b.data(), root.pdiag.data(), root.d2.data(), inverseVariance, inv_.data(),
                   q_.data());
    } else {
      for (int v = vBegin; v < vEnd; ++v) {
        const double d2 = root.d2[v], inv = 1.0 / d2;
        double p = 1.0;  // P_v over the root's rows (the target, if any)
        for (int j = 0; j < rootRows_; ++j) {
          const double bj = root.b[static_cast<std::size_t>(j) * n + v];
          p *= root.pdiag[j] + bj * bj * inv;
        }
        inv_[v] = inv;
        q_[v] = R == RankBy::Tc ? d2 * inverseVariance[v] : R == RankBy::Dtc ? p : p * (variance_[v] * inv);
      }
    }
    for (int v = vBegin; v < vEnd; ++v) {
      leafD2_[v] = root.d2[v];
      if (!(root.d2[v] > singularFloor_[v])) q_[v] = -1.0;
    }
    leaf_.scale = root.scale;
    leaf_.halfSumLogVariance = root.halfSumLogVariance;
    leaf_.logDet = root.logDet;
    leaf_.base = root.halfSumLogVariance - root.logDet;
    leaf_.tcBase = root.halfSumLogVariance - 0.5 * root.logDet;
    leaf_.logsReady = true;
    double low, high;
    screenBounds<R>(low, high);
    return anyCandidate(q_.data(), vBegin, vEnd, low, high);
  }
  const Level& parent = levels_[k_ - 2];
  const double* sigmaU = problem_.row(problem_.compact(leaf_.u)) + rootRows_;
  const int rows = k_ - 2 + rootRows_;
  double low, high;
  screenBounds<R>(low, high);
  if constexpr (R == RankBy::Oinfo)
    return fusedLeafRow(rows, n, vBegin, vEnd, cu_.data(), bu_.data(), childDiag_.data(), sigmaU, parent.b.data(), parent.d2.data(),
                 inverseVariance, singularFloor_.data(), leaf_.du2, leaf_.invDu2, g_.data(), leafD2_.data(), inv_.data(),
                 q_.data(), low, high);
  else if constexpr (R == RankBy::Tc)
    return fusedLeafRowTc(rows, n, vBegin, vEnd, cu_.data(), sigmaU, parent.b.data(), parent.d2.data(), inverseVariance,
                   singularFloor_.data(), leaf_.du2, leaf_.invDu2, g_.data(), leafD2_.data(), q_.data(), low, high);
  else
    return fusedLeafRowPartial(rows, n, vBegin, vEnd, cu_.data(), bu_.data(), childDiag_.data(), sigmaU, parent.b.data(),
                        parent.d2.data(), R == RankBy::Sinfo ? variance_.data() : nullptr, singularFloor_.data(), leaf_.du2,
                        leaf_.invDu2, g_.data(), leafD2_.data(), inv_.data(), q_.data(), low, high);
}

void TreeEnumerator::leafLogs() {
  if (leaf_.logsReady) return;  // only rows with an entrant pay for this logarithm
  const Level& parent = levels_[k_ - 2];
  const int uc = problem_.compact(leaf_.u);
  leaf_.halfSumLogVariance = parent.halfSumLogVariance + problem_.halfLogVariance[uc];
  leaf_.logDet = parent.logDet + std::log(leaf_.du2);
  leaf_.base = leaf_.halfSumLogVariance - leaf_.logDet;
  leaf_.tcBase = leaf_.halfSumLogVariance - 0.5 * leaf_.logDet;
  leaf_.logsReady = true;
}

// Q_v with exactly the operations (and their order) of leafProducts / fusedLeafRow, so that Ω does not
// depend on the measure ranked by. Also leaves 1/d²_v in inv_ for leafOmega's fallback.
double TreeEnumerator::leafQ(int v) {
  const int n = problem_.n;
  const double d2 = leafD2_[v];
  const double inv = 1.0 / d2;
  inv_[v] = inv;
  double q = d2 * problem_.inverseVariance[problem_.compact(v)];
  if (k_ == 1) {
    const Level& root = levels_[0];
    for (int j = 0; j < rootRows_; ++j) {
      const double bj = root.b[static_cast<std::size_t>(j) * n + v];
      q *= root.pdiag[j] + bj * bj * inv;
    }
    return q;
  }
  const Level& parent = levels_[k_ - 2];
  for (int j = 0; j < k_ - 2 + rootRows_; ++j) {
    const double bn = parent.b[static_cast<std::size_t>(j) * n + v] - bu_[j] * g_[v];
    q *= childDiag_[j] + bn * bn * inv;
  }
  q *= leaf_.invDu2 + g_[v] * g_[v] * inv;
  return q;
}

double TreeEnumerator::leafOmega(int v, double q) {
  leafLogs();
  const double base = leaf_.base;
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

template <RankBy R>
bool TreeEnumerator::leafScore(int v, LeafScore& score) {
  if constexpr (R == RankBy::Oinfo) {
    score.omega = leafOmega(v, q_[v]);
    score.key = score.omega;
    score.tc = std::numeric_limits<double>::quiet_NaN();
    return std::isfinite(score.omega);
  }
  score.omega = leafOmega(v, leafQ(v));
  score.tc = leaf_.tcBase - 0.5 * std::log(leafD2_[v] * problem_.inverseVariance[problem_.compact(v)]);
  score.key = rankKey(R, score.omega, score.tc);
  return std::isfinite(score.omega) && std::isfinite(score.tc) && std::isfinite(score.key);
}

template <RankBy R>
double TreeEnumerator::screenExp(double threshold) const {
  return std::exp((increasingKey(R) ? 2.0 : -2.0) * threshold);
}

// Key = c ∓ ½ ln x with e^{∓2c} = leaf_.scale. Falling keys (Ω, TC): key ≤ τ ⇔ x ≥ scale·e^{−2τ}, so the
// synergy list wants x ≥ low, the redundancy list x ≤ high. Rising keys (DTC, S): key ≤ τ ⇔ x ≤
// scale·e^{2τ}, so the synergy list wants x ≤ high, the redundancy list x ≥ low. The margins widen
// both sides so that round-off never rejects an entrant; NaN or degenerate bounds reject nothing.
template <RankBy R>
void TreeEnumerator::screenBounds(double& low, double& high) const {
  constexpr bool increasing = increasingKey(R);
  const double lowExp = increasing ? expRedundancy_ : expSynergy_, highExp = increasing ? expSynergy_ : expRedundancy_;
  low = leaf_.scale * lowExp * (1.0 - kFilterMargin);
  high = leaf_.scale * highExp * (1.0 + kFilterMargin);
}

// Ω of every non-singular leaf of the row into the histogram, as leafScore computes it (ranking by Ω).
// Ω = base − ½ ln Q_v with the fast logarithm, four leaves at a time; a Q_v that is not a positive normal
// number (singular, or a product that over- or underflowed) takes leafOmega's exact path.
void TreeEnumerator::histogramRow(int vBegin, int vEnd) {
  leafLogs();
  const double base = leaf_.base;
  double* omega = omegaRow_.data();
  fastOmegas(vBegin, vEnd, q_.data(), base, omega);
  for (int v = vBegin; v < vEnd; ++v) {
    const double q = q_[v];
    if (q < 0) continue;  // the singular mark
    if (std::isnormal(q)) {
      histogram_->addApproximate(omega[v], [&] { return leafOmega(v, q); });
    } else {
      const double exact = leafOmega(v, q);
      if (std::isfinite(exact)) histogram_->add(exact);
    }
  }
}

template <RankBy R>
void TreeEnumerator::evaluateLeafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy,
                                     ShardStats& stats) {
  const bool mayEnter = leafRow<R>(vBegin, vEnd);
  stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
  // The key is c − ½ ln x (or c + ½ ln x) with e^{∓2c} carried down the tree as a running product and
  // e^{∓2τ} changing only when a list does: no exp or log per row.
  double low, high;
  screenBounds<R>(low, high);
  // With a histogram every leaf's Ω is counted: ranking by Ω, straight from the row's Q_v (histogramRow);
  // by another measure, every leaf is scored. The lists still see only those the screen lets through.
  if constexpr (R == RankBy::Oinfo)
    if (histogram_) histogramRow(vBegin, vEnd);
  const bool scoreEvery = histogram_ && R != RankBy::Oinfo;
  if (!scoreEvery && !mayEnter) return;  // the common case
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  for (int v = vBegin; v < vEnd; ++v) {
    const double x = q_[v];
    const bool screenedOut = x < low && x > high;  // in neither list (NaN bounds send every leaf on: exact path)
    if (screenedOut && !scoreEvery) continue;
    if (x < 0) {  // the singular mark
      ++stats.singular;
      continue;
    }
    LeafScore score;
    if (!leafScore<R>(v, score)) {
      ++stats.singular;
      continue;
    }
    if (scoreEvery) {
      histogram_->add(score.omega);
      if (screenedOut) continue;
    }
    members_[k_ - 1] = v;
    bool changed = false;
    if (synergy.accepts(score.key, members_.data(), k_)) {
      synergy.offer(score.key, members_.data(), k_, score.omega, score.tc);
      expSynergy_ = screenExp<R>(synergy.threshold());
      changed = true;
    }
    if (redundancy.accepts(score.key, members_.data(), k_)) {
      redundancy.offer(score.key, members_.data(), k_, score.omega, score.tc);
      expRedundancy_ = screenExp<R>(redundancy.threshold());
      changed = true;
    }
    if (changed) screenBounds<R>(low, high);
  }
}

ShardStats TreeEnumerator::run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                               const std::atomic<bool>* cancel) {
  return forRankBy([&](auto r) { return runAs<decltype(r)::value>(from, to, synergy, redundancy, cancel); });
}

template <RankBy R>
ShardStats TreeEnumerator::runAs(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                                 const std::atomic<bool>* cancel) {
  expSynergy_ = screenExp<R>(synergy.threshold());
  expRedundancy_ = screenExp<R>(redundancy.threshold());
  return tree_walk::run(
      binomials_, from, to, cancel, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode<R>(u); },
      [&](int vBegin, int vEnd, const int* prefix, ShardStats& stats) {
        evaluateLeafRow<R>(vBegin, vEnd, prefix, synergy, redundancy, stats);
      });
}

ShardStats TreeEnumerator::scoreEvery(std::uint64_t from, std::uint64_t to, LeafRowVisitor& visitor, const std::atomic<bool>* cancel) {
  expSynergy_ = expRedundancy_ = 0;  // no lists: the rows' screen answers are not used
  omegaRow_.resize(static_cast<std::size_t>(problem_.n));
  tcRow_.resize(static_cast<std::size_t>(problem_.n));
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  return tree_walk::run(
      binomials_, from, to, cancel, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode<RankBy::Oinfo>(u); },
      [&](int vBegin, int vEnd, const int* prefix, ShardStats& stats) {
        leafRow<RankBy::Oinfo>(vBegin, vEnd);
        leafLogs();
        stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
        for (int v = vBegin; v < vEnd; ++v) {
          const double q = q_[v];
          double omega = kNaN, tc = kNaN;
          if (q >= 0) {  // not the singular mark; as leafScore: Ω from Q_v, TC as a search ranked by TC has it
            omega = leafOmega(v, q);
            tc = leaf_.tcBase - 0.5 * std::log(leafD2_[v] * problem_.inverseVariance[problem_.compact(v)]);
          }
          if (!std::isfinite(omega) || !std::isfinite(tc)) {
            ++stats.singular;
            omega = tc = kNaN;
          }
          omegaRow_[v] = omega;
          tcRow_[v] = tc;
        }
        visitor.row(prefix, vBegin, vEnd, omegaRow_.data(), tcRow_.data());
      });
}

bool TreeEnumerator::evaluate(const int* combination, LeafScore& score) {
  return forRankBy([&](auto r) { return evaluateAs<decltype(r)::value>(combination, score); });
}

template <RankBy R>
bool TreeEnumerator::evaluateAs(const int* combination, LeafScore& score) {
  const bool built = tree_walk::buildPath(
      k_, combination, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode<R>(u); });
  if (!built) return false;
  const int v = combination[k_ - 1];
  leafRow<R>(v, v + 1);
  if (q_[v] < 0) return false;
  return leafScore<R>(v, score);
}

}  // namespace oinfo
