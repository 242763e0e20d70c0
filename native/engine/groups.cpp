#include "groups.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "measure.hpp"
#include "small_dense.hpp"

namespace oinfo {

MeasureBias groupMeasureBias(const int* dims, int m, long nSamples) {
  int total = 0;
  for (int i = 0; i < m; ++i) total += dims[i];
  const double cTotal = entropyBias(total, nSamples);
  MeasureBias b;
  b.tc = cTotal;
  b.dtc = (m - 1) * cTotal;
  for (int i = 0; i < m; ++i) {
    b.tc -= entropyBias(dims[i], nSamples);
    b.dtc -= entropyBias(total - dims[i], nSamples);
  }
  b.oinfo = b.tc - b.dtc;
  return b;
}

double blockLogDet(const CovarianceView& cov, const int* members, int d) {
  std::vector<double> a(static_cast<std::size_t>(d) * d), floor(d);
  for (int i = 0; i < d; ++i) {
    for (int j = 0; j < d; ++j) a[static_cast<std::size_t>(i) * d + j] = cov(members[i], members[j]);
    floor[i] = kSingularTolerance * cov(members[i], members[i]);
  }
  if (!small_dense::cholesky(a.data(), d, d, floor.data())) return std::numeric_limits<double>::quiet_NaN();
  return small_dense::logDetFromFactor(a.data(), d, d);
}

bool BlockEvaluator::evaluate(const CovarianceView& cov, const int* members, const int* sizes, int m, const double* logDets,
                              double& tcNats, double& dtcNats) {
  int d = 0;
  for (int g = 0; g < m; ++g) d += sizes[g];
  const std::size_t dd = static_cast<std::size_t>(d) * d;
  if (a_.size() < dd) {
    a_.resize(dd);
    inv_.resize(dd);
    block_.resize(dd);
  }
  if (floor_.size() < static_cast<std::size_t>(d)) floor_.resize(d);
  double* a = a_.data();
  for (int i = 0; i < d; ++i) {
    for (int j = 0; j <= i; ++j) a[static_cast<std::size_t>(i) * d + j] = cov(members[i], members[j]);
    floor_[i] = kSingularTolerance * cov(members[i], members[i]);
  }
  if (!small_dense::cholesky(a, d, d, floor_.data())) return false;
  const double logDet = small_dense::logDetFromFactor(a, d, d);
  // inv = L⁻¹ (lower), column by column.
  double* w = inv_.data();
  for (int c = 0; c < d; ++c) {
    w[static_cast<std::size_t>(c) * d + c] = 1.0 / a[static_cast<std::size_t>(c) * d + c];
    for (int r = c + 1; r < d; ++r) {
      const double* lr = a + static_cast<std::size_t>(r) * d;
      double s = 0;
      for (int t = c; t < r; ++t) s -= lr[t] * w[static_cast<std::size_t>(t) * d + c];
      w[static_cast<std::size_t>(r) * d + c] = s / lr[r];
    }
  }
  double sumLogDetBlocks = 0, sumLogDetPrecision = 0;
  int offset = 0;
  for (int g = 0; g < m; ++g) {
    const int dg = sizes[g];
    // P_gg = Σ_t (L⁻¹)_{t,i} (L⁻¹)_{t,j} over the block's columns i, j (rows t ≥ max(i, j)).
    double* p = block_.data();
    for (int i = 0; i < dg; ++i)
      for (int j = 0; j <= i; ++j) {
        const int ci = offset + i, cj = offset + j;
        double s = 0;
        for (int t = ci; t < d; ++t) s += w[static_cast<std::size_t>(t) * d + ci] * w[static_cast<std::size_t>(t) * d + cj];
        p[static_cast<std::size_t>(i) * dg + j] = s;
      }
    if (!small_dense::cholesky(p, dg, dg, nullptr)) return false;
    sumLogDetPrecision += small_dense::logDetFromFactor(p, dg, dg);
    sumLogDetBlocks += logDets ? logDets[g] : blockLogDet(cov, members + offset, dg);
    offset += dg;
  }
  tcNats = 0.5 * sumLogDetBlocks - 0.5 * logDet;
  dtcNats = 0.5 * logDet + 0.5 * sumLogDetPrecision;
  return true;
}

void validateGroupSizes(const std::vector<int>& sizes, std::size_t columns) {
  std::size_t total = 0;
  for (int s : sizes) {
    if (s < 1) throw std::invalid_argument("every group needs at least one column");
    total += static_cast<std::size_t>(s);
  }
  if (total != columns)
    throw std::invalid_argument("the group sizes add up to " + std::to_string(total) + " columns, but " + std::to_string(columns) +
                                " are given");
}

Measures measureGroups(const CovarianceView& cov, const std::vector<int>& members, const std::vector<int>& sizes,
                       const EstimatorOptions& options) {
  validateMultiplet(cov, members);
  validateGroupSizes(sizes, members.size());
  BlockEvaluator evaluator;
  double tc, dtc;
  if (!evaluator.evaluate(cov, members.data(), sizes.data(), static_cast<int>(sizes.size()), nullptr, tc, dtc))
    throw SingularMultiplet("the multiplet is singular: one column is (numerically) a linear function of the others");
  if (options.biasCorrect) {
    const MeasureBias b = groupMeasureBias(sizes.data(), static_cast<int>(sizes.size()), cov.nSamples);
    tc += b.tc;
    dtc += b.dtc;
  }
  return measuresInUnits(tc, dtc, options.units);
}

Measures measureGroupsNaive(const CovarianceView& cov, const std::vector<int>& members, const std::vector<int>& sizes,
                            const EstimatorOptions& options) {
  validateMultiplet(cov, members);
  validateGroupSizes(sizes, members.size());
  const int m = static_cast<int>(sizes.size());
  const double hJoint = gaussianEntropy(cov, members, options.biasCorrect);
  double sumBlocks = 0, sumLeaveOneOut = 0;
  int offset = 0;
  for (int g = 0; g < m; ++g) {
    std::vector<int> block, rest;
    for (int i = 0; i < static_cast<int>(members.size()); ++i)
      (i >= offset && i < offset + sizes[g] ? block : rest).push_back(members[i]);
    sumBlocks += gaussianEntropy(cov, block, options.biasCorrect);
    sumLeaveOneOut += gaussianEntropy(cov, rest, options.biasCorrect);
    offset += sizes[g];
  }
  const double tc = sumBlocks - hJoint;
  const double dtc = sumLeaveOneOut - (m - 1) * hJoint;
  return measuresInUnits(tc, dtc, options.units);
}

}  // namespace oinfo
