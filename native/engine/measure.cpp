#include "measure.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <string>

#include "cholesky.hpp"

namespace oinfo {

using cholesky::choleskyOrThrow;
using cholesky::logDetFromCholesky;
using cholesky::subMatrix;

void validateMultiplet(const CovarianceView& cov, const std::vector<int>& members) {
  const int m = static_cast<int>(members.size());
  if (m < 1) throw std::invalid_argument("a multiplet needs at least one variable");
  for (int a = 0; a < m; ++a) {
    if (members[a] < 0 || members[a] >= cov.dim)
      throw std::invalid_argument("variable index " + std::to_string(members[a]) + " is out of range");
    for (int b = 0; b < a; ++b)
      if (members[a] == members[b]) throw std::invalid_argument("variable index " + std::to_string(members[a]) + " is repeated");
  }
  if (cov.nSamples <= m + 1)
    throw std::invalid_argument("a multiplet of " + std::to_string(m) + " variables needs more than " + std::to_string(m + 1) +
                                " samples, got " + std::to_string(cov.nSamples));
}

Measures measureMultiplet(const CovarianceView& cov, const std::vector<int>& members, const EstimatorOptions& options) {
  validateMultiplet(cov, members);
  const int m = static_cast<int>(members.size());
  const Eigen::MatrixXd s = subMatrix(cov, members);
  const Eigen::MatrixXd l = choleskyOrThrow(s);
  const double logDet = logDetFromCholesky(l);
  // diag(Σ⁻¹)_j = Σ_i (L⁻¹)_ij²
  const Eigen::MatrixXd lInv = l.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(m, m));
  double sumLogSigma = 0, sumLogPrecision = 0;
  for (int j = 0; j < m; ++j) {
    sumLogSigma += std::log(s(j, j));
    sumLogPrecision += std::log(lInv.col(j).squaredNorm());
  }
  const double tc = 0.5 * sumLogSigma - 0.5 * logDet;
  const double dtc = 0.5 * logDet + 0.5 * sumLogPrecision;
  return finishMeasures(tc, dtc, m, cov.nSamples, options);
}

double totalCorrelationNats(const CovarianceView& cov, const std::vector<int>& members) {
  const Eigen::MatrixXd s = subMatrix(cov, members);
  return 0.5 * s.diagonal().array().log().sum() - 0.5 * cholesky::logDetUnchecked(s);
}

double gaussianEntropy(const CovarianceView& cov, const std::vector<int>& members, bool biasCorrect) {
  const int d = static_cast<int>(members.size());
  if (d == 0) return 0.0;
  const double logDet = logDetFromCholesky(choleskyOrThrow(subMatrix(cov, members)));
  double h = 0.5 * (d * std::log(2.0 * M_PI * M_E) + logDet);
  if (biasCorrect) h -= entropyBias(d, cov.nSamples);
  return h;
}

Measures measureNaive(const CovarianceView& cov, const std::vector<int>& members, const EstimatorOptions& options) {
  validateMultiplet(cov, members);
  const int m = static_cast<int>(members.size());
  const double hJoint = gaussianEntropy(cov, members, options.biasCorrect);
  double sumSingles = 0, sumLeaveOneOut = 0;
  for (int j = 0; j < m; ++j) {
    sumSingles += gaussianEntropy(cov, {members[j]}, options.biasCorrect);
    std::vector<int> rest;
    for (int i = 0; i < m; ++i)
      if (i != j) rest.push_back(members[i]);
    sumLeaveOneOut += gaussianEntropy(cov, rest, options.biasCorrect);
  }
  const double tc = sumSingles - hJoint;
  const double dtc = sumLeaveOneOut - (m - 1) * hJoint;
  return measuresInUnits(tc, dtc, options.units);
}

}  // namespace oinfo
