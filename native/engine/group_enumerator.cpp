#include "group_enumerator.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

#include "groups.hpp"
#include "small_dense.hpp"

namespace oinfo {

// The hot loops get an AVX2 clone next to the portable one, as the scalar enumeration's (bordering.hpp);
// no FMA contraction anywhere in the engine, so both clones round identically.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define OINFO_GROUP_HOT __attribute__((target_clones("avx2", "default")))
#else
#define OINFO_GROUP_HOT
#endif

namespace {
// Margin on the screening bounds: exp/log round-off must never screen out a leaf that belongs in a list.
constexpr double kScreenMargin = 1e-9;

// R[a][w] = Σ_{u_a, w} − Σ_j Σ_{S_j, u_a} B_jw for the columns [wBegin, wEnd), a < du (R row-major, stride cols).
OINFO_GROUP_HOT void residualRows(int rows, int du, int cols, int wBegin, int wEnd, const double* const* __restrict sigma,
                                  const double* __restrict cu, const double* __restrict b, double* __restrict r) {
  for (int a = 0; a < du; ++a) {
    double* __restrict ra = r + static_cast<std::size_t>(a) * cols;
    const double* __restrict sa = sigma[a];
    for (int w = wBegin; w < wEnd; ++w) ra[w] = sa[w];
    for (int j = 0; j < rows; ++j) {
      const double c = cu[j * du + a];
      const double* __restrict bj = b + static_cast<std::size_t>(j) * cols;
      for (int w = wBegin; w < wEnd; ++w) ra[w] -= c * bj[w];
    }
  }
}

// B'_jw = B_jw − Σ_a B_{j,u_a} G_aw for the columns [wBegin, wEnd), j < rows (G: the child's rows rows..rows + du).
OINFO_GROUP_HOT void updateRows(int rows, int du, int cols, int ou, int wBegin, int wEnd, const double* __restrict b,
                                double* __restrict out) {
  const double* __restrict g = out + static_cast<std::size_t>(rows) * cols;
  for (int j = 0; j < rows; ++j) {
    const double* __restrict bj = b + static_cast<std::size_t>(j) * cols;
    double* __restrict nj = out + static_cast<std::size_t>(j) * cols;
    for (int w = wBegin; w < wEnd; ++w) nj[w] = bj[w];
    for (int a = 0; a < du; ++a) {
      const double c = bj[ou + a];
      const double* __restrict ga = g + static_cast<std::size_t>(a) * cols;
      for (int w = wBegin; w < wEnd; ++w) nj[w] -= c * ga[w];
    }
  }
}
}  // namespace

int GroupProblem::largestDimension(int k) const {
  std::vector<int> sorted(dim);
  std::sort(sorted.begin(), sorted.end(), std::greater<int>());
  int total = hasTarget;
  for (int i = 0; i < k && i < static_cast<int>(sorted.size()); ++i) total += sorted[i];
  return total;
}

MeasureBias groupBias(const GroupProblem& problem, const int* dims, int m) {
  int total = 0;
  for (int i = 0; i < m; ++i) total += dims[i];
  const double* c = problem.entropyBias.data();
  MeasureBias b;
  b.tc = c[total];
  b.dtc = (m - 1) * c[total];
  for (int i = 0; i < m; ++i) {
    b.tc -= c[dims[i]];
    b.dtc -= c[total - dims[i]];
  }
  b.oinfo = b.tc - b.dtc;
  return b;
}

GroupEnumerator::GroupEnumerator(const GroupProblem& problem, int k, RankBy rankBy, bool biasCorrect, bool tree)
    : problem_(problem), k_(k), rankBy_(rankBy), biasCorrect_(biasCorrect), binomials_(problem.n, k) {
  if (k < 1 || k > problem.n) throw std::invalid_argument("multiplet size out of range");
  if (!tree) return;
  const int n = problem.n, cols = problem.columns, dmax = problem.maxDim;
  rowsMax_ = problem.largestDimension(k - 1);
  int schur = 0;
  for (int g = 0; g < n; ++g) {
    schurOffset_.push_back(schur);
    schur += problem.dim[g] * problem.dim[g];
  }
  levels_.resize(k);
  for (Level& level : levels_) {
    level.b.assign(static_cast<std::size_t>(rowsMax_) * cols, 0.0);
    level.schur.assign(static_cast<std::size_t>(schur), 0.0);
    level.p.assign(static_cast<std::size_t>(rowsMax_) * rowsMax_, 0.0);
    level.m.assign(static_cast<std::size_t>(rowsMax_) * rowsMax_, 0.0);
  }
  lu_.assign(static_cast<std::size_t>(dmax) * dmax, 0.0);
  su_.assign(static_cast<std::size_t>(dmax) * dmax, 0.0);
  t_.assign(static_cast<std::size_t>(std::max(dmax, rowsMax_)) * std::max(dmax, rowsMax_), 0.0);
  y_.assign(static_cast<std::size_t>(dmax) * cols, 0.0);
  e_.assign(static_cast<std::size_t>(std::max(rowsMax_, 1)) * dmax, 0.0);
  w_.assign(static_cast<std::size_t>(std::max(rowsMax_, dmax)) * dmax, 0.0);
  mw_.assign(static_cast<std::size_t>(std::max(rowsMax_, dmax)) * dmax, 0.0);
  w_.resize(std::max(w_.size(), static_cast<std::size_t>(dmax) * dmax));
  cu_.assign(static_cast<std::size_t>(std::max(rowsMax_, 1)) * dmax, 0.0);
  sigmaRows_.assign(static_cast<std::size_t>(dmax), nullptr);
  floor_.resize(static_cast<std::size_t>(cols));
  for (int w = 0; w < cols; ++w) floor_[w] = kSingularTolerance * problem.at(w + problem.hasTarget, w + problem.hasTarget);
  members_.assign(k, 0);
  biasCache_.assign(static_cast<std::size_t>(dmax) + 1, MeasureBias{});
  biasReady_.assign(static_cast<std::size_t>(dmax) + 1, 0);
  screenLow_.assign(static_cast<std::size_t>(dmax) + 1, 0.0);
  screenHigh_.assign(static_cast<std::size_t>(dmax) + 1, 0.0);
  for (int g = 0; g < n; ++g) {
    groupDet_.push_back(std::exp(problem.groupLogDet[g]));
    if (std::find(distinctDims_.begin(), distinctDims_.end(), problem.dim[g]) == distinctDims_.end()) distinctDims_.push_back(problem.dim[g]);
  }
  initRoot();
}

void GroupEnumerator::initRoot() {
  Level& root = levels_[0];
  const GroupProblem& pr = problem_;
  const int cols = pr.columns, h = pr.hasTarget;
  root.members.clear();
  root.blocks.clear();
  root.dims.clear();
  root.rows = h;
  if (h) {
    const double var = pr.at(0, 0);
    for (int w = 0; w < cols; ++w) root.b[w] = pr.at(0, w + h) / var;
    root.p[0] = 1.0 / var;
    root.m[0] = var;
    root.members.push_back(0);
    root.blocks.push_back({0, 1});
    root.dims.push_back(1);
    root.logDet = std::log(var);
    root.halfSumLogDetBlocks = 0.5 * std::log(var);
    root.sumLogDetPrecision = -std::log(var);
  } else {
    root.logDet = root.halfSumLogDetBlocks = root.sumLogDetPrecision = 0;
  }
  for (int g = 0; g < pr.n; ++g) {
    const int d = pr.dim[g], o = pr.offset[g] + h;
    double* s = root.schur.data() + schurOffset_[g];
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) {
        double v = pr.at(o + a, o + b);
        if (h) v -= pr.at(0, o + a) * pr.at(0, o + b) / pr.at(0, 0);
        s[a * d + b] = v;
      }
  }
}

bool GroupEnumerator::buildChild(int s, int u, const ColumnSpan* spans, int spanCount) {
  const Level& parent = levels_[s];
  Level& child = levels_[s + 1];
  const GroupProblem& pr = problem_;
  const int cols = pr.columns, h = pr.hasTarget, rows = parent.rows, du = pr.dim[u], ou = pr.offset[u];
  const int stride = rowsMax_;
  // L_u L_uᵀ = Sc_u, under the singularity rule on its pivots.
  double* lu = lu_.data();
  std::copy(parent.schur.begin() + schurOffset_[u], parent.schur.begin() + schurOffset_[u] + du * du, lu);
  if (!small_dense::cholesky(lu, du, du, floor_.data() + ou)) return false;

  // Every column w of the spans, element-wise over w (each column on its own, in a fixed order).
  double* y = y_.data();
  const double* pb = parent.b.data();
  double* cb = child.b.data();
  double* cu = cu_.data();  // Σ_{S_j, u_a}, rows × du
  for (int j = 0; j < rows; ++j)
    for (int a = 0; a < du; ++a) cu[j * du + a] = pr.at(parent.members[j], ou + a + h);
  for (int a = 0; a < du; ++a) sigmaRows_[a] = pr.row(ou + a + h) + h;
  for (int i = 0; i < spanCount; ++i) {
    const int wBegin = pr.offset[spans[i].begin], wEnd = pr.offset[spans[i].end];
    residualRows(rows, du, cols, wBegin, wEnd, sigmaRows_.data(), cu, pb, y);
    // Y = L_u⁻¹ R (in place), then G = L_u⁻ᵀ Y into the child's new rows.
    for (int a = 0; a < du; ++a) {
      double* ya = y + static_cast<std::size_t>(a) * cols;
      for (int t = 0; t < a; ++t) {
        const double l = lu[a * du + t];
        const double* yt = y + static_cast<std::size_t>(t) * cols;
        for (int w = wBegin; w < wEnd; ++w) ya[w] -= l * yt[w];
      }
      const double inv = 1.0 / lu[a * du + a];
      for (int w = wBegin; w < wEnd; ++w) ya[w] *= inv;
    }
    for (int a = du - 1; a >= 0; --a) {
      const double* ya = y + static_cast<std::size_t>(a) * cols;
      double* ga = cb + static_cast<std::size_t>(rows + a) * cols;
      for (int w = wBegin; w < wEnd; ++w) ga[w] = ya[w];
      for (int t = a + 1; t < du; ++t) {
        const double l = lu[t * du + a];
        const double* gt = cb + static_cast<std::size_t>(rows + t) * cols;
        for (int w = wBegin; w < wEnd; ++w) ga[w] -= l * gt[w];
      }
      const double inv = 1.0 / lu[a * du + a];
      for (int w = wBegin; w < wEnd; ++w) ga[w] *= inv;
    }
    // B'[:, w] = B[:, w] − B[:, u] G.
    updateRows(rows, du, cols, ou, wBegin, wEnd, pb, cb);
    // Sc'_v = Sc_v − Y_vᵀ Y_v for every group v of the span.
    for (int v = spans[i].begin; v < spans[i].end; ++v) {
      const int dv = pr.dim[v], ov = pr.offset[v];
      const double* sv = parent.schur.data() + schurOffset_[v];
      double* nv = child.schur.data() + schurOffset_[v];
      for (int a = 0; a < dv; ++a)
        for (int b = 0; b <= a; ++b) {
          double x = sv[a * dv + b];
          for (int t = 0; t < du; ++t) x -= y[static_cast<std::size_t>(t) * cols + ov + a] * y[static_cast<std::size_t>(t) * cols + ov + b];
          nv[a * dv + b] = x;
          nv[b * dv + a] = x;
        }
    }
  }

  // P_{S+u} from P_S: Sc_u⁻¹ = L_u⁻ᵀ L_u⁻¹, E = B_u Sc_u⁻¹.
  double* su = su_.data();
  small_dense::inverseFromFactor(lu, du, du, su, t_.data());
  double* e = e_.data();
  for (int j = 0; j < rows; ++j)
    for (int a = 0; a < du; ++a) {
      double x = 0;
      for (int t = 0; t < du; ++t) x += pb[static_cast<std::size_t>(j) * cols + ou + t] * su[t * du + a];
      e[j * du + a] = x;
    }
  const double* pp = parent.p.data();
  double* cp = child.p.data();
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j <= i; ++j) {
      double x = pp[i * stride + j];
      for (int a = 0; a < du; ++a) x += e[i * du + a] * pb[static_cast<std::size_t>(j) * cols + ou + a];
      cp[i * stride + j] = x;
      cp[j * stride + i] = x;
    }
    for (int a = 0; a < du; ++a) {
      cp[i * stride + rows + a] = -e[i * du + a];
      cp[(rows + a) * stride + i] = -e[i * du + a];
    }
  }
  for (int a = 0; a < du; ++a)
    for (int b = 0; b < du; ++b) cp[(rows + a) * stride + rows + b] = su[a * du + b];

  child.rows = rows + du;
  child.blocks.assign(parent.blocks.begin(), parent.blocks.end());
  child.blocks.push_back({rows, du});
  child.dims.assign(parent.dims.begin(), parent.dims.end());
  child.dims.push_back(du);
  child.members.assign(parent.members.begin(), parent.members.end());
  for (int a = 0; a < du; ++a) child.members.push_back(ou + a + h);
  // ln det and inverse of every diagonal block of P_{S+u}.
  double sumLogDet = 0;
  double* m = child.m.data();
  for (const Block& blk : child.blocks) {
    const int d = blk.dim;
    double* block = w_.data();
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) block[a * d + b] = cp[(blk.row + a) * stride + blk.row + b];
    if (!small_dense::cholesky(block, d, d, nullptr)) return false;
    sumLogDet += small_dense::logDetFromFactor(block, d, d);
    small_dense::inverseFromFactor(block, d, d, m, t_.data());
    m += d * d;
  }
  child.sumLogDetPrecision = sumLogDet;
  child.logDet = parent.logDet + small_dense::logDetFromFactor(lu, du, du);
  child.halfSumLogDetBlocks = parent.halfSumLogDetBlocks + 0.5 * pr.groupLogDet[u];
  if (s + 1 == k_ - 1) std::fill(biasReady_.begin(), biasReady_.end(), 0);  // a new leaf node
  return true;
}

const MeasureBias& GroupEnumerator::leafBias(const Level& leaf, int dv) {
  if (!biasReady_[dv]) {
    dims_.assign(leaf.dims.begin(), leaf.dims.end());
    dims_.push_back(dv);
    biasCache_[dv] = groupBias(problem_, dims_.data(), static_cast<int>(dims_.size()));
    biasReady_[dv] = 1;
  }
  return biasCache_[dv];
}

bool GroupEnumerator::leafProduct(const Level& leaf, int v, LeafProduct& out) {
  const GroupProblem& pr = problem_;
  const int cols = pr.columns, dv = pr.dim[v], ov = pr.offset[v];
  const double* sc = leaf.schur.data() + schurOffset_[v];
  const double* floor = floor_.data() + ov;
  const double* m = leaf.m.data();
  const double* b = leaf.b.data();
  // x_v = det Sc_v · Π_j det(I + Sc_v⁻¹ K_j) = det Sc_v · Π_j det(Sc_v + K_j) / det Sc_v, K_j = B_jvᵀ M_j B_jv
  // (d_v × d_v). Determinants by the Cholesky pivots (closed forms for d_v ≤ 2); Sc_v's pivots under the
  // singularity rule.
  double& detS = out.detS;
  double& logDetS = out.logDetS;
  double& x = out.x;
  bool& normal = out.normal;
  double& logX = out.logX;  // used once the product leaves the normal range
  normal = true;
  logX = 0;
  auto factor = [&](double f) {
    const double next = x * f;
    if (normal && std::isnormal(next)) {
      x = next;
    } else {
      if (normal) logX = std::log(x);
      normal = false;
      logX += std::log(f);
    }
  };
  if (dv == 1) {
    const double s0 = sc[0];
    if (!(s0 > floor[0])) return false;
    detS = s0;
    x = s0;
    const double inv = 1.0 / s0;
    for (const Block& blk : leaf.blocks) {
      const int dj = blk.dim;
      const double* bcol = b + static_cast<std::size_t>(blk.row) * cols + ov;  // B_jv, stride cols
      double k = 0;
      if (dj == 1) {
        k = m[0] * bcol[0] * bcol[0];
      } else {
        for (int i = 0; i < dj; ++i) {
          double mi = 0;
          for (int i2 = 0; i2 < dj; ++i2) mi += m[i * dj + i2] * bcol[static_cast<std::size_t>(i2) * cols];
          k += bcol[static_cast<std::size_t>(i) * cols] * mi;
        }
      }
      factor(1.0 + k * inv);
      m += dj * dj;
    }
    logDetS = std::log(s0);
  } else if (dv == 2) {
    const double a = sc[0], c = sc[1], d = sc[3];
    if (!(a > floor[0])) return false;
    const double pivot = d - c * c / a;
    if (!(pivot > floor[1])) return false;
    detS = a * pivot;
    x = detS;
    const double invDet = 1.0 / detS;
    for (const Block& blk : leaf.blocks) {
      const int dj = blk.dim;
      const double* b0 = b + static_cast<std::size_t>(blk.row) * cols + ov;
      double k00 = 0, k01 = 0, k11 = 0;
      for (int i = 0; i < dj; ++i) {
        double m0 = 0, m1 = 0;
        for (int i2 = 0; i2 < dj; ++i2) {
          const double mij = m[i * dj + i2];
          const double* bi2 = b0 + static_cast<std::size_t>(i2) * cols;
          m0 += mij * bi2[0];
          m1 += mij * bi2[1];
        }
        const double* bi = b0 + static_cast<std::size_t>(i) * cols;
        k00 += bi[0] * m0;
        k01 += bi[0] * m1;
        k11 += bi[1] * m1;
      }
      const double a2 = a + k00, c2 = c + k01, d2 = d + k11;
      factor(a2 * (d2 - c2 * c2 / a2) * invDet);
      m += dj * dj;
    }
    logDetS = std::log(detS);
  } else {
    double* ls = lu_.data();
    std::copy(sc, sc + dv * dv, ls);
    if (!small_dense::cholesky(ls, dv, dv, floor)) return false;
    detS = small_dense::detFromFactor(ls, dv, dv);
    logDetS = small_dense::logDetFromFactor(ls, dv, dv);
    x = detS;
    const double invDet = 1.0 / detS;
    double* mb = mw_.data();  // M_j B_jv, dj × dv
    double* t = t_.data();
    for (const Block& blk : leaf.blocks) {
      const int dj = blk.dim;
      const double* b0 = b + static_cast<std::size_t>(blk.row) * cols + ov;
      for (int i = 0; i < dj; ++i)
        for (int a = 0; a < dv; ++a) {
          double sum = 0;
          for (int i2 = 0; i2 < dj; ++i2) sum += m[i * dj + i2] * b0[static_cast<std::size_t>(i2) * cols + a];
          mb[i * dv + a] = sum;
        }
      for (int a = 0; a < dv; ++a)
        for (int c = 0; c <= a; ++c) {
          double sum = sc[a * dv + c];
          for (int i = 0; i < dj; ++i) sum += b0[static_cast<std::size_t>(i) * cols + a] * mb[i * dv + c];
          t[a * dv + c] = sum;
        }
      if (!small_dense::cholesky(t, dv, dv, nullptr)) return false;
      factor(small_dense::detFromFactor(t, dv, dv) * invDet);
      m += dj * dj;
    }
  }
  return true;
}

bool GroupEnumerator::scoreLeaf(const Level& leaf, int v, LeafScore& score, bool wantTc) {
  LeafProduct product;
  if (!leafProduct(leaf, v, product)) return false;
  return finishLeaf(leaf, v, product, score, wantTc);
}

bool GroupEnumerator::finishLeaf(const Level& leaf, int v, const LeafProduct& product, LeafScore& score, bool wantTc) {
  const GroupProblem& pr = problem_;
  const int dv = pr.dim[v];
  const double lnX = product.normal ? std::log(product.x) : product.logX;
  const double logDetS = product.logDetS;
  double omega = leaf.halfSumLogDetBlocks - leaf.logDet - 0.5 * leaf.sumLogDetPrecision + 0.5 * pr.groupLogDet[v] - 0.5 * lnX;
  double tc = std::numeric_limits<double>::quiet_NaN();
  const bool needTc = wantTc || rankBy_ != RankBy::Oinfo;
  if (needTc) tc = leaf.halfSumLogDetBlocks - 0.5 * leaf.logDet + 0.5 * pr.groupLogDet[v] - 0.5 * logDetS;
  if (biasCorrect_) {
    const MeasureBias& bias = leafBias(leaf, dv);
    omega += bias.oinfo;
    tc += bias.tc;
  }
  score.omega = omega;
  score.tc = tc;
  score.key = needTc ? rankKey(rankBy_, omega, tc) : omega;
  return std::isfinite(score.omega) && std::isfinite(score.key) && (!needTc || std::isfinite(score.tc));
}

// Ranked by Ω without a histogram, a leaf whose product cannot reach either list skips its logarithm:
// Ω = c_L + b(d_v) + ½ ln det Σ_vv − ½ ln x_v, so Ω > τ_synergy ⇔ x_v < e^{2(c_L + b(d_v) − τ)} det Σ_vv and
// Ω < τ_redundancy ⇔ x_v > e^{2(c_L + b(d_v) − τ')} det Σ_vv. The factors e^{…} are kept per block dimension
// of the leaf node (a few exp per node, again when a list changes), with a margin that round-off never
// crosses; bounds that are not normal numbers screen nothing.
void GroupEnumerator::screenFactors(const Level& leaf, const TopK& synergy, const TopK& redundancy) {
  const double c = leaf.halfSumLogDetBlocks - leaf.logDet - 0.5 * leaf.sumLogDetPrecision;
  const double tauS = synergy.threshold(), tauR = redundancy.threshold();
  for (int d : distinctDims_) {
    const double base = c + (biasCorrect_ ? leafBias(leaf, d).oinfo : 0.0);
    const double eS = std::exp(2.0 * (base - tauS)), eR = std::exp(2.0 * (base - tauR));
    screenLow_[d] = std::isnormal(eS) ? eS * (1.0 - kScreenMargin) : 0.0;
    screenHigh_[d] = std::isnormal(eR) ? eR * (1.0 + kScreenMargin) : std::numeric_limits<double>::infinity();
  }
}

void GroupEnumerator::leafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats) {
  const Level& leaf = levels_[k_ - 1];
  const bool screen = rankBy_ == RankBy::Oinfo && !histogram_;
  if (screen) screenFactors(leaf, synergy, redundancy);
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  for (int v = vBegin; v < vEnd; ++v) {
    ++stats.evaluated;
    LeafProduct product;
    if (!leafProduct(leaf, v, product)) {
      ++stats.singular;
      continue;
    }
    if (screen && product.normal && std::isnormal(groupDet_[v])) {
      const int dv = problem_.dim[v];
      const double det = groupDet_[v];
      if (product.x < screenLow_[dv] * det && product.x > screenHigh_[dv] * det) continue;  // in neither list
    }
    LeafScore score;
    if (!finishLeaf(leaf, v, product, score, false)) {
      ++stats.singular;
      continue;
    }
    if (histogram_) histogram_->add(score.omega);
    members_[k_ - 1] = v;
    const bool toSynergy = synergy.accepts(score.key, members_.data(), k_);
    const bool toRedundancy = redundancy.accepts(score.key, members_.data(), k_);
    if (!toSynergy && !toRedundancy) continue;
    if (std::isnan(score.tc) && !finishLeaf(leaf, v, product, score, true)) continue;  // TC for the report (same Ω, same key)
    if (toSynergy) synergy.offer(score.key, members_.data(), k_, score.omega, score.tc);
    if (toRedundancy) redundancy.offer(score.key, members_.data(), k_, score.omega, score.tc);
    if (screen) screenFactors(leaf, synergy, redundancy);
  }
}

ShardStats GroupEnumerator::run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy, const std::atomic<bool>* cancel) {
  const int n = problem_.n;
  return tree_walk::run(
      binomials_, from, to, cancel, [this](int s, int u, const ColumnSpan* spans, int count) { return buildChild(s, u, spans, count); },
      [this, n](int u) {
        const ColumnSpan span{u + 1, n};
        return buildChild(k_ - 2, u, &span, 1);
      },
      [&](int vBegin, int vEnd, const int* prefix, ShardStats& stats) { leafRow(vBegin, vEnd, prefix, synergy, redundancy, stats); });
}

bool GroupEnumerator::evaluate(const int* combination, LeafScore& score) {
  std::vector<ColumnSpan>& spans = spans_;
  for (int t = 0; t + 1 < k_; ++t) {
    spans.clear();
    for (int i = t + 1; i < k_; ++i) spans.push_back({combination[i], combination[i] + 1});
    if (!buildChild(t, combination[t], spans.data(), static_cast<int>(spans.size()))) return false;
  }
  return scoreLeaf(levels_[k_ - 1], combination[k_ - 1], score, true);
}

}  // namespace oinfo
