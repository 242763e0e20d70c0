#include "measure.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <string>

namespace oinfo {

namespace {

Eigen::MatrixXd subMatrix(const CovarianceView& cov, const std::vector<int>& members) {
  const int m = static_cast<int>(members.size());
  Eigen::MatrixXd s(m, m);
  for (int a = 0; a < m; ++a)
    for (int b = 0; b < m; ++b) s(a, b) = cov(members[a], members[b]);
  return s;
}

// Cholesky with the engine's singularity rule; returns the lower factor.
Eigen::MatrixXd choleskyOrThrow(const Eigen::MatrixXd& s) {
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  const Eigen::MatrixXd l = llt.matrixL();
  for (int i = 0; i < s.rows(); ++i) {
    const double pivot = l(i, i) * l(i, i);
    if (llt.info() != Eigen::Success || !(pivot > kSingularTolerance * s(i, i)))
      throw SingularMultiplet("the multiplet is singular: one variable is (numerically) a linear function of the others");
  }
  return l;
}

double logDetFromCholesky(const Eigen::MatrixXd& l) { return 2.0 * l.diagonal().array().log().sum(); }

}  // namespace

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
  const Eigen::LLT<Eigen::MatrixXd> llt(s);
  const Eigen::MatrixXd l = llt.matrixL();
  return 0.5 * s.diagonal().array().log().sum() - 0.5 * logDetFromCholesky(l);
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
  Measures out;
  out.tc = toUnits(tc, options.units);
  out.dtc = toUnits(dtc, options.units);
  out.oinfo = toUnits(tc - dtc, options.units);
  out.sinfo = toUnits(tc + dtc, options.units);
  return out;
}

}  // namespace oinfo
