#include "discrete.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>
#include <string>

#include "cholesky.hpp"
#include "measure.hpp"
#include "parallel.hpp"

namespace oinfo {

namespace {

using cholesky::subMatrix;

// ln det and (optionally) diag(Σ⁻¹) from one Cholesky, with the engine's singularity rule.
double logDetOrThrow(const Eigen::MatrixXd& s, Eigen::VectorXd* inverseDiagonal) {
  const int m = static_cast<int>(s.rows());
  if (m == 0) return 0.0;
  const Eigen::MatrixXd l = cholesky::choleskyOrThrow(s);
  double logDet = 0;
  for (int i = 0; i < m; ++i) logDet += std::log(l(i, i));
  if (inverseDiagonal) {
    const Eigen::MatrixXd lInv = l.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(m, m));
    *inverseDiagonal = lInv.colwise().squaredNorm().transpose();
  }
  return 2.0 * logDet;
}

double weight(const ClassCovariances& classes, int c, long nSamples) {
  return static_cast<double>(classes.counts[c]) / static_cast<double>(nSamples);
}

void validateMembers(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members) {
  validateClasses(cov, classes);
  validateMultiplet(cov, members);  // indices, and N > k + 1
  const int k = static_cast<int>(members.size());
  for (int c = 0; c < classes.classes(); ++c)
    if (classes.counts[c] <= k + 1)
      throw std::invalid_argument("class " + std::to_string(c) + " has " + std::to_string(classes.counts[c]) +
                                  " samples; a multiplet of " + std::to_string(k) + " variables needs more than " +
                                  std::to_string(k + 1) + " in every class");
}

// Gaussian entropy (nats) of a d × d covariance estimated from n samples, bias-corrected if asked.
double entropyOf(const Eigen::MatrixXd& s, long n, bool biasCorrect) {
  const int d = static_cast<int>(s.rows());
  if (d == 0) return 0.0;
  double h = 0.5 * (d * std::log(2.0 * M_PI * M_E) + logDetOrThrow(s, nullptr));
  if (biasCorrect) h -= entropyBias(d, n);
  return h;
}

}  // namespace

std::vector<double> classCovariances(const ColumnMatrix& data, const std::vector<int>& labels, int nClasses, int threads) {
  if (nClasses < 1) throw std::invalid_argument("classCovariances needs at least one class");
  if (labels.size() != data.nSamples) throw std::invalid_argument("classCovariances needs one label per sample");
  std::vector<std::vector<std::size_t>> rows(nClasses);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int c = labels[i];
    if (c < 0 || c >= nClasses) throw std::invalid_argument("labels must lie in 0..nClasses − 1");
    rows[c].push_back(i);
  }
  for (int c = 0; c < nClasses; ++c)
    if (rows[c].size() < 2)
      throw std::invalid_argument("class " + std::to_string(c) + " has " + std::to_string(rows[c].size()) +
                                  " sample(s); a class covariance needs at least 2");
  const std::size_t p = data.nVars;
  std::vector<double> out(static_cast<std::size_t>(nClasses) * p * p);
  parallelFor(static_cast<std::size_t>(nClasses), threads, [&](std::size_t c) {
    const std::vector<std::size_t>& r = rows[c];
    std::vector<double> block(r.size() * p);  // the class's samples, column-major, in sample order
    for (std::size_t j = 0; j < p; ++j) {
      const double* column = data.column(j);
      double* dst = block.data() + j * r.size();
      for (std::size_t i = 0; i < r.size(); ++i) dst[i] = column[r[i]];
    }
    const std::vector<double> cov = covariance(ColumnMatrix{block.data(), r.size(), p});
    std::copy(cov.begin(), cov.end(), out.begin() + static_cast<std::ptrdiff_t>(c * p * p));
  });
  return out;
}

void validateClasses(const CovarianceView& cov, const ClassCovariances& classes) {
  if (classes.classes() < 1) throw std::invalid_argument("a discrete target needs at least one class");
  long total = 0;
  for (int c = 0; c < classes.classes(); ++c) {
    if (classes.counts[c] < 1) throw std::invalid_argument("class " + std::to_string(c) + " has no samples");
    total += classes.counts[c];
  }
  if (total != cov.nSamples)
    throw std::invalid_argument("the class counts add up to " + std::to_string(total) + " samples, the covariance has " +
                                std::to_string(cov.nSamples));
}

MeasureBias discreteBias(int k, long nSamples, const std::vector<long>& counts) {
  MeasureBias b;
  double classK = 0, classK1 = 0;  // Σ p_c c_{N_c}(k), Σ p_c c_{N_c}(k − 1)
  for (long nc : counts) {
    const double p = static_cast<double>(nc) / static_cast<double>(nSamples);
    classK += p * entropyBias(k, nc);
    classK1 += p * entropyBias(k - 1, nc);
  }
  b.tc = -k * entropyBias(1, nSamples) + classK;
  b.dtc = -entropyBias(k, nSamples) - k * classK1 + k * classK;
  b.oinfo = b.tc - b.dtc;
  return b;
}

double discreteTotalCorrelationNats(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members) {
  double halfSumLogVariance = 0;
  for (int v : members) halfSumLogVariance += 0.5 * std::log(cov(v, v));
  double classLogDet = 0;  // Σ_c p_c ln det Σ_{c,S}
  for (int c = 0; c < classes.classes(); ++c) {
    classLogDet += weight(classes, c, cov.nSamples) * cholesky::logDetUnchecked(subMatrix(classes.view(c, cov.dim), members));
  }
  return halfSumLogVariance - 0.5 * classLogDet;
}

Measures measureDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members,
                         const EstimatorOptions& options) {
  validateMembers(cov, classes, members);
  const int k = static_cast<int>(members.size());
  double sumLogVariance = 0;
  for (int v : members) sumLogVariance += std::log(cov(v, v));
  const double logDet = logDetOrThrow(subMatrix(cov, members), nullptr);
  double classLogDet = 0, classLogPrecision = 0;  // Σ_c p_c ln det Σ_{c,S}, Σ_c p_c Σ_i ln (P_c)_ii
  for (int c = 0; c < classes.classes(); ++c) {
    Eigen::VectorXd precision;
    const double p = weight(classes, c, cov.nSamples);
    classLogDet += p * logDetOrThrow(subMatrix(classes.view(c, cov.dim), members), &precision);
    classLogPrecision += p * precision.array().log().sum();
  }
  double tc = 0.5 * sumLogVariance - 0.5 * classLogDet;
  double dtc = 0.5 * logDet + 0.5 * classLogPrecision;
  if (options.biasCorrect) {
    const MeasureBias b = discreteBias(k, cov.nSamples, classes.counts);
    tc += b.tc;
    dtc += b.dtc;
  }
  return measuresInUnits(tc, dtc, options.units);
}

Measures measureDiscreteNaive(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members,
                              const EstimatorOptions& options) {
  validateMembers(cov, classes, members);
  const int k = static_cast<int>(members.size());
  const bool bc = options.biasCorrect;
  // H(S | y) = Σ_c p_c H_c(S), each class entropy with its own N_c.
  auto conditional = [&](const std::vector<int>& subset) {
    double h = 0;
    for (int c = 0; c < classes.classes(); ++c)
      h += weight(classes, c, cov.nSamples) * entropyOf(subMatrix(classes.view(c, cov.dim), subset), classes.counts[c], bc);
    return h;
  };
  double sumSingles = 0, sumLeaveOneOut = 0;
  for (int i = 0; i < k; ++i) {
    sumSingles += entropyOf(subMatrix(cov, {members[i]}), cov.nSamples, bc);
    std::vector<int> rest;
    for (int j = 0; j < k; ++j)
      if (j != i) rest.push_back(members[j]);
    sumLeaveOneOut += conditional(rest);
  }
  const double hJoint = entropyOf(subMatrix(cov, members), cov.nSamples, bc);
  const double hConditional = conditional(members);
  const double tc = sumSingles - hConditional;
  const double dtc = hJoint + sumLeaveOneOut - k * hConditional;
  return measuresInUnits(tc, dtc, options.units);
}

}  // namespace oinfo
