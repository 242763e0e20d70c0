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

int GroupProblem::largestDimension(int k) const {
  std::vector<int> sorted(dim);
  std::sort(sorted.begin(), sorted.end(), std::greater<int>());
  int total = hasTarget;
  for (int i = 0; i < k && i < static_cast<int>(sorted.size()); ++i) total += sorted[i];
  return total;
}

GroupProblem makeGroupProblem(const CovarianceView& cov, const std::vector<int>& columns, const std::vector<int>& sizes, int target) {
  validateGroupSizes(sizes, columns.size());
  GroupProblem p;
  p.hasTarget = target >= 0 ? 1 : 0;
  p.n = static_cast<int>(sizes.size());
  p.columns = static_cast<int>(columns.size());
  p.q = p.columns + p.hasTarget;
  p.nSamples = cov.nSamples;
  if (target >= cov.dim) throw std::invalid_argument("target index " + std::to_string(target) + " is out of range");
  if (p.hasTarget) p.original.push_back(target);
  std::vector<char> seen(static_cast<std::size_t>(cov.dim), 0);
  for (int v : columns) {
    if (v < 0 || v >= cov.dim) throw std::invalid_argument("variable index " + std::to_string(v) + " is out of range");
    if (v == target) throw std::invalid_argument("the target cannot also be a column of a group");
    if (seen[v]) throw std::invalid_argument("column index " + std::to_string(v) + " is in more than one group");
    seen[v] = 1;
    p.original.push_back(v);
  }
  int offset = 0;
  for (int g = 0; g < p.n; ++g) {
    p.dim.push_back(sizes[g]);
    p.offset.push_back(offset);
    for (int a = 0; a < sizes[g]; ++a) p.groupOfColumn.push_back(g);
    offset += sizes[g];
    p.maxDim = std::max(p.maxDim, sizes[g]);
  }
  p.offset.push_back(offset);
  p.c.resize(static_cast<std::size_t>(p.q) * p.q);
  for (int a = 0; a < p.q; ++a) {
    for (int b = 0; b < p.q; ++b) p.c[static_cast<std::size_t>(a) * p.q + b] = cov(p.original[a], p.original[b]);
    const double var = p.at(a, a);
    if (!(var > 0) || !std::isfinite(var))
      throw std::invalid_argument("variable index " + std::to_string(p.original[a]) + " has zero or invalid variance");
  }
  const CovarianceView view = p.view();
  std::vector<int> members;
  for (int g = 0; g < p.n; ++g) {
    members.clear();
    for (int a = 0; a < p.dim[g]; ++a) members.push_back(p.offset[g] + a + p.hasTarget);
    p.groupLogDet.push_back(blockLogDet(view, members.data(), p.dim[g]));
  }
  for (int d = 0; d <= p.q; ++d) p.entropyBias.push_back(p.nSamples > d ? oinfo::entropyBias(d, p.nSamples) : 0.0);
  return p;
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

GroupEnumerator::GroupEnumerator(const GroupProblem& problem, int k, RankBy rankBy, bool biasCorrect)
    : problem_(problem), k_(k), rankBy_(rankBy), biasCorrect_(biasCorrect), binomials_(problem.n, k) {
  if (k < 1 || k > problem.n) throw std::invalid_argument("multiplet size out of range");
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
  floor_.assign(static_cast<std::size_t>(dmax), 0.0);
  members_.assign(k, 0);
  biasCache_.assign(static_cast<std::size_t>(dmax) + 1, MeasureBias{});
  biasReady_.assign(static_cast<std::size_t>(dmax) + 1, 0);
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
  for (int a = 0; a < du; ++a) floor_[a] = kSingularTolerance * pr.at(ou + a + h, ou + a + h);
  if (!small_dense::cholesky(lu, du, du, floor_.data())) return false;

  // Every column w of the spans, element-wise over w (each column on its own, in a fixed order).
  double* y = y_.data();
  const double* pb = parent.b.data();
  double* cb = child.b.data();
  for (int i = 0; i < spanCount; ++i) {
    const int wBegin = pr.offset[spans[i].begin], wEnd = pr.offset[spans[i].end];
    for (int a = 0; a < du; ++a) {
      const int ca = ou + a + h;
      const double* sigma = pr.row(ca) + h;
      double* ya = y + static_cast<std::size_t>(a) * cols;
      for (int w = wBegin; w < wEnd; ++w) ya[w] = sigma[w];
      for (int j = 0; j < rows; ++j) {
        const double c = pr.at(parent.members[j], ca);
        const double* bj = pb + static_cast<std::size_t>(j) * cols;
        for (int w = wBegin; w < wEnd; ++w) ya[w] -= c * bj[w];
      }
    }
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
    for (int j = 0; j < rows; ++j) {
      const double* bj = pb + static_cast<std::size_t>(j) * cols;
      double* nj = cb + static_cast<std::size_t>(j) * cols;
      for (int w = wBegin; w < wEnd; ++w) nj[w] = bj[w];
      for (int a = 0; a < du; ++a) {
        const double c = bj[ou + a];
        const double* ga = cb + static_cast<std::size_t>(rows + a) * cols;
        for (int w = wBegin; w < wEnd; ++w) nj[w] -= c * ga[w];
      }
    }
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
    std::vector<int> dims(leaf.dims);
    dims.push_back(dv);
    biasCache_[dv] = groupBias(problem_, dims.data(), static_cast<int>(dims.size()));
    biasReady_[dv] = 1;
  }
  return biasCache_[dv];
}

bool GroupEnumerator::scoreLeaf(const Level& leaf, int v, LeafScore& score, bool wantTc) {
  const GroupProblem& pr = problem_;
  const int cols = pr.columns, h = pr.hasTarget, dv = pr.dim[v], ov = pr.offset[v];
  double* lv = lu_.data();
  std::copy(leaf.schur.begin() + schurOffset_[v], leaf.schur.begin() + schurOffset_[v] + dv * dv, lv);
  for (int a = 0; a < dv; ++a) floor_[a] = kSingularTolerance * pr.at(ov + a + h, ov + a + h);
  if (!small_dense::cholesky(lv, dv, dv, floor_.data())) return false;
  const double detS = small_dense::detFromFactor(lv, dv, dv);
  // x_v = det Sc_v · Π_j det(I + T_j), T_j = W_jᵀ M_j W_j, W_j = B_jv L_v⁻ᵀ.
  double x = detS;
  const double* m = leaf.m.data();
  const double* b = leaf.b.data();
  bool finite = true;
  double logX = 0;  // used when the product leaves the normal range
  auto factor = [&](double f) {
    const double next = x * f;
    if (finite && std::isnormal(next)) {
      x = next;
    } else {
      if (finite) logX = std::log(x);
      finite = false;
      logX += std::log(f);
    }
  };
  for (const Block& blk : leaf.blocks) {
    const int dj = blk.dim;
    if (dv == 1) {
      // T_j = B_jvᵀ M_j B_jv / Sc_v, a scalar.
      double t = 0;
      for (int i = 0; i < dj; ++i) {
        const double bi = b[static_cast<std::size_t>(blk.row + i) * cols + ov];
        double mi = 0;
        for (int i2 = 0; i2 < dj; ++i2) mi += m[i * dj + i2] * b[static_cast<std::size_t>(blk.row + i2) * cols + ov];
        t += bi * mi;
      }
      factor(1.0 + t / lv[0] / lv[0]);
    } else {
      double* w = w_.data();
      for (int i = 0; i < dj; ++i) {
        const double* bi = b + static_cast<std::size_t>(blk.row + i) * cols + ov;
        for (int a = 0; a < dv; ++a) w[i * dv + a] = bi[a];
        small_dense::forwardSolve(lv, dv, dv, w + i * dv, 1);
      }
      double* mw = mw_.data();
      for (int i = 0; i < dj; ++i)
        for (int a = 0; a < dv; ++a) {
          double s = 0;
          for (int i2 = 0; i2 < dj; ++i2) s += m[i * dj + i2] * w[i2 * dv + a];
          mw[i * dv + a] = s;
        }
      double* t = t_.data();
      for (int a = 0; a < dv; ++a)
        for (int c = 0; c <= a; ++c) {
          double s = a == c ? 1.0 : 0.0;
          for (int i = 0; i < dj; ++i) s += w[i * dv + a] * mw[i * dv + c];
          t[a * dv + c] = s;
          t[c * dv + a] = s;
        }
      if (!small_dense::cholesky(t, dv, dv, nullptr)) return false;
      factor(small_dense::detFromFactor(t, dv, dv));
    }
    m += dj * dj;
  }
  const double lnX = finite ? std::log(x) : logX;
  double omega = leaf.halfSumLogDetBlocks - leaf.logDet - 0.5 * leaf.sumLogDetPrecision + 0.5 * pr.groupLogDet[v] - 0.5 * lnX;
  double tc = std::numeric_limits<double>::quiet_NaN();
  const bool needTc = wantTc || rankBy_ != RankBy::Oinfo;
  if (needTc) tc = leaf.halfSumLogDetBlocks - 0.5 * leaf.logDet + 0.5 * pr.groupLogDet[v] - 0.5 * small_dense::logDetFromFactor(lv, dv, dv);
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

void GroupEnumerator::leafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats) {
  const Level& leaf = levels_[k_ - 1];
  std::copy(prefix, prefix + k_ - 1, members_.begin());
  for (int v = vBegin; v < vEnd; ++v) {
    ++stats.evaluated;
    LeafScore score;
    if (!scoreLeaf(leaf, v, score, false)) {
      ++stats.singular;
      continue;
    }
    if (histogram_) histogram_->add(score.omega);
    members_[k_ - 1] = v;
    const bool toSynergy = synergy.accepts(score.key, members_.data(), k_);
    const bool toRedundancy = redundancy.accepts(score.key, members_.data(), k_);
    if (!toSynergy && !toRedundancy) continue;
    if (std::isnan(score.tc) && !scoreLeaf(leaf, v, score, true)) continue;  // TC for the report (same Ω, same key)
    if (toSynergy) synergy.offer(score.key, members_.data(), k_, score.omega, score.tc);
    if (toRedundancy) redundancy.offer(score.key, members_.data(), k_, score.omega, score.tc);
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
  std::vector<ColumnSpan> spans;
  for (int t = 0; t + 1 < k_; ++t) {
    spans.clear();
    for (int i = t + 1; i < k_; ++i) spans.push_back({combination[i], combination[i] + 1});
    if (!buildChild(t, combination[t], spans.data(), static_cast<int>(spans.size()))) return false;
  }
  return scoreLeaf(levels_[k_ - 1], combination[k_ - 1], score, true);
}

}  // namespace oinfo
