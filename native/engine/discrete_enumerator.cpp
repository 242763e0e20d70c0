#include "discrete_enumerator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "bordering.hpp"

namespace oinfo {

namespace {

// The covariance of X in a leaf row of the leaf node S' = S + u: the Schur complement d²_v of S' + v,
// G_v = d²_v / Σ_vv, the singular mark (1 or 0), and the class sums reset. ROWS = |S| (−1: any, given in rows).
template <int ROWS>
inline __attribute__((always_inline)) void globalLeafRowT(int rowsAny, int n, int vBegin, int vEnd, const double* __restrict cu,
                                                          const double* __restrict sigmaU, const double* __restrict b,
                                                          const double* __restrict d2Parent, const double* __restrict inverseVariance,
                                                          const double* __restrict floor, double du2, double invDu2,
                                                          double* __restrict gv, double* __restrict ok, double* __restrict am,
                                                          double* __restrict hm) {
  const int rows = ROWS >= 0 ? ROWS : rowsAny;
  for (int v = vBegin; v < vEnd; ++v) {
    double s = sigmaU[v];
    for (int j = 0; j < rows; ++j) s -= cu[j] * b[static_cast<std::size_t>(j) * n + v];
    const double g = s * invDu2;
    const double d2 = d2Parent[v] - g * g * du2;
    gv[v] = d2 * inverseVariance[v];
    ok[v] = d2 > floor[v] ? 1.0 : 0.0;
    am[v] = 0.0;
    hm[v] = 0.0;
  }
}

// One class in a leaf row: with d² = d²_v of S' + v and the border g_v (the same operations as
// DiscreteEnumerator::classLogQ), Q_v = num / d²^{ROWS+1} with num = (d²/d²_u + g²) Π_j (diag_j d² + (B_jv − bu_j g)²);
// adds amWeight · Q_v and hmWeight / Q_v to the sums (one division: 1 / (num · den)) and clears the mark of a
// singular pivot.
template <int ROWS>
inline __attribute__((always_inline)) void classLeafRowT(int rowsAny, int n, int vBegin, int vEnd, const double* __restrict cu,
                                                         const double* __restrict bu, const double* __restrict childDiag,
                                                         const double* __restrict sigmaU, const double* __restrict b,
                                                         const double* __restrict d2Parent, const double* __restrict floor,
                                                         double du2, double invDu2, double amWeight, double hmWeight,
                                                         double* __restrict am, double* __restrict hm, double* __restrict ok) {
  const int rows = ROWS >= 0 ? ROWS : rowsAny;
  for (int v = vBegin; v < vEnd; ++v) {
    double s = sigmaU[v];
    for (int j = 0; j < rows; ++j) s -= cu[j] * b[static_cast<std::size_t>(j) * n + v];
    const double g = s * invDu2;
    const double d2 = d2Parent[v] - g * g * du2;
    double num = invDu2 * d2 + g * g, den = d2;
    for (int j = 0; j < rows; ++j) {
      const double bn = b[static_cast<std::size_t>(j) * n + v] - bu[j] * g;
      num *= childDiag[j] * d2 + bn * bn;
      den *= d2;
    }
    const double r = 1.0 / (num * den);
    am[v] += amWeight * (num * num * r);
    hm[v] += hmWeight * (den * den * r);
    ok[v] = d2 > floor[v] ? ok[v] : 0.0;
  }
}

OINFO_HOT void globalLeafRow(int rows, int n, int vBegin, int vEnd, const double* cu, const double* sigmaU, const double* b,
                             const double* d2Parent, const double* inverseVariance, const double* floor, double du2,
                             double invDu2, double* gv, double* ok, double* am, double* hm) {
  switch (rows) {
#define OINFO_CASE(R) \
  case R:             \
    return globalLeafRowT<R>(rows, n, vBegin, vEnd, cu, sigmaU, b, d2Parent, inverseVariance, floor, du2, invDu2, gv, ok, am, hm);
    OINFO_CASE(0) OINFO_CASE(1) OINFO_CASE(2) OINFO_CASE(3) OINFO_CASE(4) OINFO_CASE(5) OINFO_CASE(6)
#undef OINFO_CASE
    default:
      return globalLeafRowT<-1>(rows, n, vBegin, vEnd, cu, sigmaU, b, d2Parent, inverseVariance, floor, du2, invDu2, gv, ok, am, hm);
  }
}

OINFO_HOT void classLeafRow(int rows, int n, int vBegin, int vEnd, const double* cu, const double* bu, const double* childDiag,
                            const double* sigmaU, const double* b, const double* d2Parent, const double* floor, double du2,
                            double invDu2, double amWeight, double hmWeight, double* am, double* hm, double* ok) {
  switch (rows) {
#define OINFO_CASE(R) \
  case R:             \
    return classLeafRowT<R>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am, \
                            hm, ok);
    OINFO_CASE(0) OINFO_CASE(1) OINFO_CASE(2) OINFO_CASE(3) OINFO_CASE(4) OINFO_CASE(5) OINFO_CASE(6)
#undef OINFO_CASE
    default:
      return classLeafRowT<-1>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am,
                               hm, ok);
  }
}

// One class in a leaf row when ranking by TC, DTC or S-information (MODE 1, 2, 3): with d² = d²_v of S' + v
// and Q_v as in classLeafRowT, the ratio R_v whose weighted log mean the key holds (TC: d², DTC: Q / d²,
// S: Q / d⁴); adds amWeight · R_v and hmWeight / R_v to the sums and clears the mark of a singular pivot.
template <int ROWS, int MODE>
inline __attribute__((always_inline)) void classKeyLeafRowT(int rowsAny, int n, int vBegin, int vEnd, const double* __restrict cu,
                                                            const double* __restrict bu, const double* __restrict childDiag,
                                                            const double* __restrict sigmaU, const double* __restrict b,
                                                            const double* __restrict d2Parent, const double* __restrict floor,
                                                            double du2, double invDu2, double amWeight, double hmWeight,
                                                            double* __restrict am,
                                                            double* __restrict hm, double* __restrict ok) {
  const int rows = ROWS >= 0 ? ROWS : rowsAny;
  for (int v = vBegin; v < vEnd; ++v) {
    double s = sigmaU[v];
    for (int j = 0; j < rows; ++j) s -= cu[j] * b[static_cast<std::size_t>(j) * n + v];
    const double g = s * invDu2;
    const double d2 = d2Parent[v] - g * g * du2;
    double r;
    if (MODE == 1) {
      r = d2;
    } else {
      double num = invDu2 * d2 + g * g, den = d2 * d2;
      for (int j = 0; j < rows; ++j) {
        const double bn = b[static_cast<std::size_t>(j) * n + v] - bu[j] * g;
        num *= childDiag[j] * d2 + bn * bn;
        den *= d2;
      }
      if (MODE == 3) den *= d2;
      r = num / den;
    }
    am[v] += amWeight * r;
    hm[v] += hmWeight / r;
    ok[v] = d2 > floor[v] ? ok[v] : 0.0;
  }
}

template <int MODE>
void classKeyLeafRowMode(int rows, int n, int vBegin, int vEnd, const double* cu, const double* bu, const double* childDiag,
                         const double* sigmaU, const double* b, const double* d2Parent, const double* floor, double du2,
                         double invDu2, double amWeight, double hmWeight, double* am, double* hm, double* ok) {
  switch (rows) {
#define OINFO_CASE(R) \
  case R:             \
    return classKeyLeafRowT<R, MODE>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am, hm, ok);
    OINFO_CASE(0) OINFO_CASE(1) OINFO_CASE(2) OINFO_CASE(3) OINFO_CASE(4) OINFO_CASE(5) OINFO_CASE(6)
#undef OINFO_CASE
    default:
      return classKeyLeafRowT<-1, MODE>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am, hm,
                                        ok);
  }
}

OINFO_HOT void classKeyLeafRow(RankBy rankBy, int rows, int n, int vBegin, int vEnd, const double* cu, const double* bu,
                               const double* childDiag, const double* sigmaU, const double* b, const double* d2Parent,
                               const double* floor, double du2, double invDu2, double amWeight, double hmWeight, double* am, double* hm, double* ok) {
  switch (rankBy) {
    case RankBy::Tc:
      return classKeyLeafRowMode<1>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am, hm, ok);
    case RankBy::Dtc:
      return classKeyLeafRowMode<2>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am, hm, ok);
    default:
      return classKeyLeafRowMode<3>(rows, n, vBegin, vEnd, cu, bu, childDiag, sigmaU, b, d2Parent, floor, du2, invDu2, amWeight, hmWeight, am, hm, ok);
  }
}

// True when some leaf in [vBegin, vEnd) may enter a list, is singular, or meets a NaN — or a product of the
// screen over- or underflowed (class scales far apart), which must not drop a leaf: it goes on to the
// exact path.
OINFO_HOT bool anyCandidate(const double* __restrict gv, const double* __restrict am, const double* __restrict hm,
                            const double* __restrict ok, int vBegin, int vEnd, double floorSynergy, double ceilRedundancy) {
  int hits = 0;
  for (int v = vBegin; v < vEnd; ++v)
    hits |= !(ok[v] != 0.0 && gv[v] * am[v] < floorSynergy && gv[v] > ceilRedundancy * hm[v] && std::isnormal(gv[v] * am[v]) &&
              std::isnormal(ceilRedundancy * hm[v]));
  return hits != 0;
}

}  // namespace

DiscreteEnumerator::DiscreteEnumerator(const DiscreteProblem& problem, int k, RankBy rankBy)
    : problem_(problem), k_(k), tracks_(problem.tracks()), rankBy_(rankBy), binomials_(problem.n, k) {
  if (k < 1 || k > problem.n) throw std::invalid_argument("multiplet size out of range");
  const int n = problem.n;
  levels_.resize(k);
  for (int s = 0; s < k; ++s) {
    levels_[s].tracks.resize(tracks_);
    for (int t = 0; t < tracks_; ++t) {
      Track& track = levels_[s].tracks[t];
      track.b.assign(static_cast<std::size_t>(s + 1) * n, 0.0);  // +1: the row a child appends
      track.d2.assign(n, 0.0);
      if (t > 0) track.pdiag.assign(s, 0.0);
    }
  }
  leafTracks_.resize(tracks_);
  for (LeafTrack& l : leafTracks_) {
    l.cu.assign(k, 0.0);
    l.bu.assign(k, 0.0);
    l.childDiag.assign(k, 0.0);
  }
  singularFloor_.resize(static_cast<std::size_t>(tracks_) * n);
  for (int t = 0; t < tracks_; ++t)
    for (int v = 0; v < n; ++v) singularFloor_[static_cast<std::size_t>(t) * n + v] = kSingularTolerance * problem.at(t, v, v);
  for (std::vector<double>* a : {&g0_, &am_, &hm_, &ok_}) a->assign(n, 0.0);
  // k = 1: the leaves hang off the root (S' = ∅, base 0, no pivot of u); set once here.
  amWeights_.assign(problem.weights.begin(), problem.weights.end());
  hmWeights_.assign(problem.weights.begin(), problem.weights.end());
  leafBaseReady_ = k == 1;
  leafTcBaseReady_ = k == 1;  // tcBase(∅) = 0
  cu_.assign(k, 0.0);
  bu_.assign(k, 0.0);
  members_.assign(k, 0);
  initRoot();
}

void DiscreteEnumerator::initRoot() {
  Level& root = levels_[0];
  const int n = problem_.n;
  root.members.clear();
  root.halfSumLogVariance = 0;
  root.base = 0;
  root.tcBase = 0;
  for (int t = 0; t < tracks_; ++t) {
    Track& track = root.tracks[t];
    track.logDet = 0;
    for (int v = 0; v < n; ++v) track.d2[v] = problem_.at(t, v, v);
  }
}

bool DiscreteEnumerator::buildChild(int s, int u, const ColumnSpan* spans, int spanCount) {
  const Level& parent = levels_[s];
  Level& child = levels_[s + 1];
  const int n = problem_.n;
  const int rows = s;
  for (int t = 0; t < tracks_; ++t)
    if (!(parent.tracks[t].d2[u] > singularFloor_[static_cast<std::size_t>(t) * n + u])) return false;
  for (int t = 0; t < tracks_; ++t) {
    const Track& from = parent.tracks[t];
    Track& to = child.tracks[t];
    const double du2 = from.d2[u];
    const double invDu2 = 1.0 / du2;
    const double* sigmaU = problem_.row(t, u);
    for (int j = 0; j < rows; ++j) {
      cu_[j] = problem_.at(t, parent.members[j], u);
      bu_[j] = from.b[static_cast<std::size_t>(j) * n + u];
    }
    double* g = to.b.data() + static_cast<std::size_t>(rows) * n;
    for (int i = 0; i < spanCount; ++i) {
      borderRow(rows, n, spans[i].begin, spans[i].end, cu_.data(), sigmaU, from.b.data(), invDu2, g);
      rankOneUpdate(rows, n, spans[i].begin, spans[i].end, bu_.data(), g, from.b.data(), to.b.data(), from.d2.data(),
                    to.d2.data(), du2);
    }
    if (t > 0) {
      for (int j = 0; j < rows; ++j) to.pdiag[j] = from.pdiag[j] + bu_[j] * bu_[j] * invDu2;
      to.pdiag[rows] = invDu2;
    }
    to.logDet = from.logDet + std::log(du2);
  }
  child.halfSumLogVariance = parent.halfSumLogVariance + problem_.halfLogVariance[u];
  double classLogDet = 0;
  for (int c = 0; c < problem_.classes; ++c) classLogDet += problem_.weights[c] * child.tracks[c + 1].logDet;
  child.base = child.halfSumLogVariance - 0.5 * child.tracks[0].logDet - 0.5 * classLogDet;
  child.tcBase = child.halfSumLogVariance - 0.5 * classLogDet;
  if (s + 1 == k_ - 2) parentStale_ = true;
  child.members.assign(parent.members.begin(), parent.members.end());
  child.members.push_back(u);
  return true;
}

bool DiscreteEnumerator::prepareLeafNode(int u) {
  const Level& parent = levels_[k_ - 2];
  const int n = problem_.n;
  const int rows = k_ - 2;
  for (int t = 0; t < tracks_; ++t)
    if (!(parent.tracks[t].d2[u] > singularFloor_[static_cast<std::size_t>(t) * n + u])) return false;
  leafU_ = u;
  for (int t = 0; t < tracks_; ++t) {
    const Track& from = parent.tracks[t];
    LeafTrack& leaf = leafTracks_[t];
    leaf.du2 = from.d2[u];
    leaf.invDu2 = 1.0 / leaf.du2;
    for (int j = 0; j < rows; ++j) {
      leaf.cu[j] = problem_.at(t, parent.members[j], u);
      leaf.bu[j] = from.b[static_cast<std::size_t>(j) * n + u];
      if (t > 0) leaf.childDiag[j] = from.pdiag[j] + leaf.bu[j] * leaf.bu[j] * leaf.invDu2;
    }
  }
  // The screen works with the parent's base: base(S') = base(S) + ½ ln Σ_uu − ½ ln d²_{0,u} − ½ Σ_c p_c ln d²_{c,u},
  // so the class terms join the sums as weights (p_c d²_{c,u} for Σ p Q, p_c / d²_{c,u} for Σ p / Q) and
  // X's as a scale of the thresholds. The exact base is only computed for a leaf that passes (leafBase()).
  for (int c = 0; c < problem_.classes; ++c) {
    amWeights_[c] = problem_.weights[c] * leafTracks_[c + 1].du2;
    hmWeights_[c] = problem_.weights[c] * leafTracks_[c + 1].invDu2;
  }
  leafScale_ = problem_.at(0, u, u) * leafTracks_[0].invDu2;
  leafBaseReady_ = false;
  leafTcBaseReady_ = false;
  return true;
}

double DiscreteEnumerator::leafBase() {
  if (!leafBaseReady_) {
    const Level& parent = levels_[k_ - 2];
    double classLogDet = 0;  // Σ_c p_c ln det Σ_{c,S'}
    for (int c = 0; c < problem_.classes; ++c)
      classLogDet += problem_.weights[c] * (parent.tracks[c + 1].logDet + std::log(leafTracks_[c + 1].du2));
    const double logDet = parent.tracks[0].logDet + std::log(leafTracks_[0].du2);
    leafBase_ = (parent.halfSumLogVariance + problem_.halfLogVariance[leafU_]) - 0.5 * logDet - 0.5 * classLogDet;
    leafBaseReady_ = true;
  }
  return leafBase_;
}

void DiscreteEnumerator::refreshParentThresholds(const TopK& synergy, const TopK& redundancy) {
  const double base = k_ >= 2 ? levels_[k_ - 2].base : 0.0;
  parentFloor_ = std::exp(2.0 * (base - synergy.threshold())) * (1.0 - kFilterMargin);
  parentCeil_ = std::exp(2.0 * (base - redundancy.threshold())) * (1.0 + kFilterMargin);
  parentStale_ = false;
}

// A bound whose factors or product over- or underflowed (class scales far apart: e^{2(base − τ)} of
// 0 or ∞ against a leaf scale of the opposite extreme) screens nothing: NaN sends every leaf on to the
// exact path, where a 0 would have dropped the redundant ones.
static double screenBound(double parent, double scale) {
  const double bound = parent * scale;
  return std::isnormal(parent) && std::isnormal(scale) && std::isnormal(bound) ? bound : std::numeric_limits<double>::quiet_NaN();
}

void DiscreteEnumerator::refreshLeafThresholds() {
  floorSynergy_ = screenBound(parentFloor_, leafScale_);
  ceilRedundancy_ = screenBound(parentCeil_, leafScale_);
}

void DiscreteEnumerator::leafRow(int vBegin, int vEnd) {
  const int n = problem_.n;
  const int classes = problem_.classes;
  if (k_ == 1) {  // the leaves hang off the root: S' = ∅, G = 1 in exact arithmetic, every Q_c = 1
    const Level& root = levels_[0];
    for (int v = vBegin; v < vEnd; ++v) {
      const double d2 = root.tracks[0].d2[v];
      g0_[v] = d2 * problem_.inverseVariance[v];
      ok_[v] = d2 > singularFloor_[v] ? 1.0 : 0.0;
      am_[v] = 0.0;
      hm_[v] = 0.0;
    }
    for (int c = 0; c < classes; ++c) {
      const double* d2 = root.tracks[c + 1].d2.data();
      const double* floor = singularFloor_.data() + static_cast<std::size_t>(c + 1) * n;
      for (int v = vBegin; v < vEnd; ++v) {
        am_[v] += amWeights_[c];
        hm_[v] += hmWeights_[c];
        ok_[v] = d2[v] > floor[v] ? ok_[v] : 0.0;
      }
    }
    return;
  }
  const Level& parent = levels_[k_ - 2];
  const int rows = k_ - 2;
  {
    const Track& from = parent.tracks[0];
    const LeafTrack& leaf = leafTracks_[0];
    globalLeafRow(rows, n, vBegin, vEnd, leaf.cu.data(), problem_.row(0, leafU_), from.b.data(), from.d2.data(),
                  problem_.inverseVariance.data(), singularFloor_.data(), leaf.du2, leaf.invDu2, g0_.data(), ok_.data(),
                  am_.data(), hm_.data());
  }
  for (int c = 0; c < classes; ++c) {
    const Track& from = parent.tracks[c + 1];
    const LeafTrack& leaf = leafTracks_[c + 1];
    classLeafRow(rows, n, vBegin, vEnd, leaf.cu.data(), leaf.bu.data(), leaf.childDiag.data(), problem_.row(c + 1, leafU_),
                 from.b.data(), from.d2.data(), singularFloor_.data() + static_cast<std::size_t>(c + 1) * n, leaf.du2,
                 leaf.invDu2, amWeights_[c], hmWeights_[c], am_.data(), hm_.data(), ok_.data());
  }
}

// The Schur complement d²_v of S' + v in track t and the border g_v, with the operations of the leaf kernels.
double DiscreteEnumerator::leafSchur(int t, int v, double& g) const {
  const int n = problem_.n;
  const Track& from = levels_[k_ - 2].tracks[t];
  const LeafTrack& leaf = leafTracks_[t];
  double s = problem_.row(t, leafU_)[v];
  for (int j = 0; j < k_ - 2; ++j) s -= leaf.cu[j] * from.b[static_cast<std::size_t>(j) * n + v];
  g = s * leaf.invDu2;
  return from.d2[v] - g * g * leaf.du2;
}

// ln Q_c,v of class c (track c + 1), Q = Π over S' of the diagonal of Σ_{c,S'+v}⁻¹ (see the header).
double DiscreteEnumerator::classLogQ(int c, int v) const {
  if (k_ == 1) return 0.0;  // S' = ∅
  double g;
  const double d2 = leafSchur(c + 1, v, g);
  return classLogQFrom(c, v, d2, g);
}

double DiscreteEnumerator::classLogQFrom(int c, int v, double d2, double g) const {
  const int n = problem_.n;
  const Track& from = levels_[k_ - 2].tracks[c + 1];
  const LeafTrack& leaf = leafTracks_[c + 1];
  const double inv = 1.0 / d2;
  double q = leaf.invDu2 + g * g * inv;
  for (int j = 0; j < k_ - 2; ++j) {
    const double bn = from.b[static_cast<std::size_t>(j) * n + v] - leaf.bu[j] * g;
    q *= leaf.childDiag[j] + bn * bn * inv;
  }
  if (std::isnormal(q)) return std::log(q);
  // The product over- or underflowed: sum the logarithms of the same factors instead.
  double logQ = std::log(leaf.invDu2 + g * g * inv);
  for (int j = 0; j < k_ - 2; ++j) {
    const double bn = from.b[static_cast<std::size_t>(j) * n + v] - leaf.bu[j] * g;
    logQ += std::log(leaf.childDiag[j] + bn * bn * inv);
  }
  return logQ;
}

double DiscreteEnumerator::leafOmega(int v) {
  double weighted = 0;  // Σ_c p_c ln Q_c,v
  for (int c = 0; c < problem_.classes; ++c) weighted += problem_.weights[c] * classLogQ(c, v);
  double d2;  // of X
  if (k_ == 1) {
    d2 = levels_[0].tracks[0].d2[v];
  } else {
    double g;
    d2 = leafSchur(0, v, g);
  }
  return (leafBase() + problem_.halfLogVariance[v]) - 0.5 * std::log(d2) - 0.5 * weighted;
}

double DiscreteEnumerator::leafTcBase() {
  if (!leafTcBaseReady_) {
    const Level& parent = levels_[k_ - 2];
    double classLogDet = 0;  // Σ_c p_c ln det Σ_{c,S'}
    for (int c = 0; c < problem_.classes; ++c)
      classLogDet += problem_.weights[c] * (parent.tracks[c + 1].logDet + std::log(leafTracks_[c + 1].du2));
    leafTcBase_ = (parent.halfSumLogVariance + problem_.halfLogVariance[leafU_]) - 0.5 * classLogDet;
    leafTcBaseReady_ = true;
  }
  return leafTcBase_;
}

bool DiscreteEnumerator::leafExact(int v, double& omega, double& tc) {
  const int n = problem_.n;
  double weightedQ = 0, weightedD2 = 0;  // Σ_c p_c ln Q_c,v, Σ_c p_c ln d²_{c,v}
  for (int c = 0; c < problem_.classes; ++c) {
    double d2, g = 0;
    if (k_ == 1)
      d2 = levels_[0].tracks[c + 1].d2[v];
    else
      d2 = leafSchur(c + 1, v, g);
    if (k_ == 1 && !(d2 > singularFloor_[static_cast<std::size_t>(c + 1) * n + v])) return false;
    if (k_ > 1) weightedQ += problem_.weights[c] * classLogQFrom(c, v, d2, g);
    weightedD2 += problem_.weights[c] * std::log(d2);
  }
  double d2;  // of X
  if (k_ == 1) {
    d2 = levels_[0].tracks[0].d2[v];
  } else {
    double g;
    d2 = leafSchur(0, v, g);
  }
  if (k_ == 1 && !(d2 > singularFloor_[v])) return false;
  omega = (leafBase() + problem_.halfLogVariance[v]) - 0.5 * std::log(d2) - 0.5 * weightedQ;
  tc = (leafTcBase() + problem_.halfLogVariance[v]) - 0.5 * weightedD2;
  return std::isfinite(omega) && std::isfinite(tc);
}

void DiscreteEnumerator::evaluateLeafRowExact(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy,
                                              ShardStats& stats) {
  stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  for (int v = vBegin; v < vEnd; ++v) {
    double omega, tc;
    if (!leafExact(v, omega, tc)) {
      ++stats.singular;
      continue;
    }
    if (histogram_) histogram_->add(omega);
    members_[k_ - 1] = v;
    const double key = rankKey(rankBy_, omega, tc);
    synergy.offer(key, members_.data(), k_, omega, tc);
    redundancy.offer(key, members_.data(), k_, omega, tc);
  }
}

void DiscreteEnumerator::keyLeafRow(int vBegin, int vEnd) {
  const int n = problem_.n;
  const Level& parent = levels_[k_ - 2];
  const int rows = k_ - 2;
  {
    const Track& from = parent.tracks[0];
    const LeafTrack& leaf = leafTracks_[0];
    globalLeafRow(rows, n, vBegin, vEnd, leaf.cu.data(), problem_.row(0, leafU_), from.b.data(), from.d2.data(),
                  problem_.inverseVariance.data(), singularFloor_.data(), leaf.du2, leaf.invDu2, g0_.data(), ok_.data(),
                  am_.data(), hm_.data());
  }
  for (int c = 0; c < problem_.classes; ++c) {
    const Track& from = parent.tracks[c + 1];
    const LeafTrack& leaf = leafTracks_[c + 1];
    // The parent's K and the leaf node's ratios (see refreshKeyLeafThresholds): TC weighs R by p_c d²_{c,u} (and
    // 1 / R by p_c / d²_{c,u}), S the other way round, DTC by p_c.
    const double amKey = rankBy_ == RankBy::Tc ? amWeights_[c] : rankBy_ == RankBy::Dtc ? problem_.weights[c] : hmWeights_[c];
    const double hmKey = rankBy_ == RankBy::Tc ? hmWeights_[c] : rankBy_ == RankBy::Dtc ? problem_.weights[c] : amWeights_[c];
    classKeyLeafRow(rankBy_, rows, n, vBegin, vEnd, leaf.cu.data(), leaf.bu.data(), leaf.childDiag.data(), problem_.row(c + 1, leafU_),
                    from.b.data(), from.d2.data(), singularFloor_.data() + static_cast<std::size_t>(c + 1) * n, leaf.du2,
                    leaf.invDu2, amKey, hmKey, am_.data(), hm_.data(), ok_.data());
  }
}

// K of the parent S = levels_[k − 2] (key = K(S) + ½ ln A'_v ± ½ Σ_c p_c ln R'_c,v, the leaf node's u folded into
// A' and R', see the header) and e^{2(τ − K(S))} of each list with the margin; outside [1e-280, 1e280] no
// conclusion is drawn for that list (no leaf is skipped).
void DiscreteEnumerator::refreshKeyParentThresholds(const TopK& synergy, const TopK& redundancy) {
  const Level& parent = levels_[k_ - 2];
  const double constant = rankBy_ == RankBy::Tc    ? parent.tcBase
                          : rankBy_ == RankBy::Dtc ? parent.tcBase - parent.base
                                                   : 2.0 * parent.tcBase - parent.base;
  const double es = std::exp(2.0 * (synergy.threshold() - constant));
  const double er = std::exp(2.0 * (redundancy.threshold() - constant));
  keyParentSynergy_ = es >= 1e-280 && es <= 1e280 ? es * (1.0 + kFilterMargin) : std::numeric_limits<double>::infinity();
  keyParentRedundancy_ = er >= 1e-280 && er <= 1e280 ? er * (1.0 - kFilterMargin) : 0.0;
  parentStale_ = false;
}

// The leaf node's factor of A: K(S') − K(S) = ½ ln M_u − (TC, S) ½ Σ_c p_c ln d²_{c,u}, with M_u = Σ_uu (TC),
// d²_{0,u} (DTC), Σ_uu d²_{0,u} (S); the class terms are in the weights of the sums (keyLeafRow).
void DiscreteEnumerator::refreshKeyLeafThresholds() {
  const double varianceU = problem_.variance[leafU_], d0u = leafTracks_[0].du2;
  const double m = rankBy_ == RankBy::Tc ? varianceU : rankBy_ == RankBy::Dtc ? d0u : varianceU * d0u;
  keySynergy_ = keyParentSynergy_ / m;
  keyRedundancy_ = keyParentRedundancy_ / m;
}

void DiscreteEnumerator::evaluateLeafRowScreened(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy,
                                                 ShardStats& stats) {
  keyLeafRow(vBegin, vEnd);
  stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
  if (parentStale_) refreshKeyParentThresholds(synergy, redundancy);
  refreshKeyLeafThresholds();
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  const bool byTc = rankBy_ == RankBy::Tc;
  for (int v = vBegin; v < vEnd; ++v) {
    if (ok_[v] == 0.0) {
      ++stats.singular;
      continue;
    }
    const double am = am_[v], hm = hm_[v];
    // A_v: TC Σ_vv, DTC d²_{0,v}, S Σ_vv d²_{0,v}; the bounds: ln HM ≤ Σ_c p_c ln R_c,v ≤ ln AM (Jensen).
    const double variance = problem_.variance[v];
    const double a = rankBy_ == RankBy::Tc ? variance : rankBy_ == RankBy::Dtc ? g0_[v] * variance : g0_[v] * variance * variance;
    const double lowerSide = byTc ? am : hm;  // the key's lower bound is K + ½ ln (A / AM) (TC) or K + ½ ln (A HM)
    const double upperSide = byTc ? hm : am;  // its upper bound K + ½ ln (A HM) (TC) or K + ½ ln (A AM)
    const bool sane = am > 1e-150 && am < 1e150 && hm > 1e-150 && hm < 1e150;
    const bool inNeither = sane && a > keySynergy_ * lowerSide && a * upperSide < keyRedundancy_;
    if (inNeither && !histogram_) continue;
    double omega, tc;
    if (!leafExact(v, omega, tc)) {
      ++stats.singular;
      continue;
    }
    if (histogram_) {  // every leaf scored; the lists still see only those the screen lets through
      histogram_->add(omega);
      if (inNeither) continue;
    }
    members_[k_ - 1] = v;
    const double key = rankKey(rankBy_, omega, tc);
    const bool intoSynergy = synergy.accepts(key, members_.data(), k_);
    const bool intoRedundancy = redundancy.accepts(key, members_.data(), k_);
    if (intoSynergy) synergy.offer(key, members_.data(), k_, omega, tc);
    if (intoRedundancy) redundancy.offer(key, members_.data(), k_, omega, tc);
    if (intoSynergy || intoRedundancy) {
      refreshKeyParentThresholds(synergy, redundancy);
      refreshKeyLeafThresholds();
    }
  }
}

void DiscreteEnumerator::evaluateLeafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy,
                                         ShardStats& stats) {
  leafRow(vBegin, vEnd);
  stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
  if (!histogram_ && !anyCandidate(g0_.data(), am_.data(), hm_.data(), ok_.data(), vBegin, vEnd, floorSynergy_, ceilRedundancy_)) return;
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  for (int v = vBegin; v < vEnd; ++v) {
    const double gv = g0_[v];
    const bool inNeither = ok_[v] != 0.0 && gv * am_[v] < floorSynergy_ && gv > ceilRedundancy_ * hm_[v] && std::isnormal(gv * am_[v]) &&
                           std::isnormal(ceilRedundancy_ * hm_[v]);
    if (inNeither && !histogram_) continue;
    if (ok_[v] == 0.0) {
      ++stats.singular;
      continue;
    }
    const double omega = leafOmega(v);
    if (!std::isfinite(omega)) {
      ++stats.singular;
      continue;
    }
    if (histogram_) {  // every leaf scored; the lists still see only those the screen lets through
      histogram_->add(omega);
      if (inNeither) continue;
    }
    members_[k_ - 1] = v;
    const bool intoSynergy = synergy.accepts(omega, members_.data(), k_);
    const bool intoRedundancy = redundancy.accepts(omega, members_.data(), k_);
    if (intoSynergy) synergy.offer(omega, members_.data(), k_);
    if (intoRedundancy) redundancy.offer(omega, members_.data(), k_);
    if (intoSynergy || intoRedundancy) {
      refreshParentThresholds(synergy, redundancy);
      refreshLeafThresholds();
    }
  }
}

// Ranked by TC, DTC or S-information: the same walk, its own leaf rows (kept apart from Ω's run).
ShardStats DiscreteEnumerator::runKeyed(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                                        const std::atomic<bool>* cancel) {
  return tree_walk::run(
      binomials_, from, to, cancel, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode(u); },
      [&](int vBegin, int vEnd, const int* prefix, ShardStats& stats) {
        if (k_ == 1)
          evaluateLeafRowExact(vBegin, vEnd, prefix, synergy, redundancy, stats);
        else
          evaluateLeafRowScreened(vBegin, vEnd, prefix, synergy, redundancy, stats);
      });
}

ShardStats DiscreteEnumerator::run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                                   const std::atomic<bool>* cancel) {
  parentStale_ = true;  // the lists may have changed since the last shard
  if (rankBy_ != RankBy::Oinfo) return runKeyed(from, to, synergy, redundancy, cancel);
  return tree_walk::run(
      binomials_, from, to, cancel, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode(u); },
      [&](int vBegin, int vEnd, const int* prefix, ShardStats& stats) {
        if (parentStale_) refreshParentThresholds(synergy, redundancy);
        refreshLeafThresholds();
        evaluateLeafRow(vBegin, vEnd, prefix, synergy, redundancy, stats);
      });
}

ShardStats DiscreteEnumerator::scoreEvery(std::uint64_t from, std::uint64_t to, LeafRowVisitor& visitor,
                                          const std::atomic<bool>* cancel) {
  omegaRow_.resize(static_cast<std::size_t>(problem_.n));
  tcRow_.resize(static_cast<std::size_t>(problem_.n));
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  return tree_walk::run(
      binomials_, from, to, cancel, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode(u); },
      [&](int vBegin, int vEnd, const int* prefix, ShardStats& stats) {
        leafRow(vBegin, vEnd);  // the singular marks, as the search ranked by Ω has them
        stats.evaluated += static_cast<std::uint64_t>(vEnd - vBegin);
        for (int v = vBegin; v < vEnd; ++v) {
          double omega = kNaN, tc = kNaN;
          if (ok_[v] == 0.0 || !leafExact(v, omega, tc)) {
            ++stats.singular;
            omega = tc = kNaN;
          }
          omegaRow_[v] = omega;
          tcRow_[v] = tc;
        }
        visitor.row(prefix, vBegin, vEnd, omegaRow_.data(), tcRow_.data());
      });
}

bool DiscreteEnumerator::evaluate(const int* combination, double& omega) {
  const bool built = tree_walk::buildPath(
      k_, combination, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode(u); });
  if (!built) return false;
  const int v = combination[k_ - 1];
  leafRow(v, v + 1);
  if (ok_[v] == 0.0) return false;
  omega = leafOmega(v);
  return std::isfinite(omega);
}

bool DiscreteEnumerator::evaluate(const int* combination, LeafScore& score) {
  if (rankBy_ == RankBy::Oinfo) {
    score.tc = std::numeric_limits<double>::quiet_NaN();
    if (!evaluate(combination, score.omega)) return false;
    score.key = score.omega;
    return true;
  }
  const bool built = tree_walk::buildPath(
      k_, combination, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this](int u) { return prepareLeafNode(u); });
  if (!built) return false;
  const int v = combination[k_ - 1];
  if (k_ > 1) {  // the singular mark of the screened rows
    keyLeafRow(v, v + 1);
    if (ok_[v] == 0.0) return false;
  }
  if (!leafExact(v, score.omega, score.tc)) return false;
  score.key = rankKey(rankBy_, score.omega, score.tc);
  return true;
}

}  // namespace oinfo
