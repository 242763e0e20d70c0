#include "copula.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "parallel.hpp"
#include "special_functions.hpp"

namespace oinfo {

namespace {

// Φ⁻¹(r / (N + 1)) for r = 1..N, computed once per N: a column then costs a sort, not N ndtri calls.
// The table is antisymmetric by construction (z_r = −z_{N+1−r}), as the exact values are.
std::vector<double> normalScores(std::size_t n) {
  std::vector<double> z(n);
  const double denom = static_cast<double>(n) + 1.0;
  for (std::size_t r = 1; 2 * r <= n + 1; ++r) {
    const double v = ndtri(static_cast<double>(r) / denom);
    z[r - 1] = v;
    z[n - r] = -v;
  }
  if (n % 2 == 1) z[n / 2] = 0.0;  // the median rank maps to exactly 0
  return z;
}

void checkFinite(const ColumnMatrix& data) {
  for (std::size_t j = 0; j < data.nVars; ++j) {
    const double* col = data.column(j);
    for (std::size_t i = 0; i < data.nSamples; ++i) {
      if (!std::isfinite(col[i])) {
        throw std::invalid_argument("column " + std::to_string(j) + " has a non-finite value (NaN or Inf) at sample " +
                                    std::to_string(i));
      }
    }
  }
}

}  // namespace

std::vector<double> copnorm(const ColumnMatrix& data, int threads) {
  if (data.nSamples < 2) throw std::invalid_argument("copnorm needs at least 2 samples");
  checkFinite(data);
  const std::size_t n = data.nSamples;
  const std::vector<double> scores = normalScores(n);
  std::vector<double> out(n * data.nVars);
  parallelFor(data.nVars, threads, [&](std::size_t j) {
    const double* col = data.column(j);
    // Sorting (value, sample index) pairs orders ties by sample index: a stable ranking.
    std::vector<std::pair<double, std::size_t>> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = {col[i], i};
    std::sort(order.begin(), order.end());
    double* dst = out.data() + j * n;
    for (std::size_t r = 0; r < n; ++r) dst[order[r].second] = scores[r];
  });
  return out;
}

std::vector<double> covariance(const ColumnMatrix& data) {
  if (data.nSamples < 2) throw std::invalid_argument("covariance needs at least 2 samples");
  using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  Eigen::Map<const Mat> x(data.values, static_cast<Eigen::Index>(data.nSamples), static_cast<Eigen::Index>(data.nVars));
  const Mat centered = x.rowwise() - x.colwise().mean();
  Mat cov = Mat::Zero(x.cols(), x.cols());
  cov.selfadjointView<Eigen::Lower>().rankUpdate(centered.adjoint(), 1.0 / (static_cast<double>(data.nSamples) - 1.0));
  cov.triangularView<Eigen::StrictlyUpper>() = cov.adjoint();
  std::vector<double> out(data.nVars * data.nVars);
  // Symmetric, so column-major and row-major storage coincide.
  Eigen::Map<Mat>(out.data(), x.cols(), x.cols()) = cov;
  return out;
}

std::vector<double> covarianceWith(const ColumnMatrix& data, const double* column) {
  if (data.nSamples < 2) throw std::invalid_argument("covariance needs at least 2 samples");
  using Vec = Eigen::Matrix<double, Eigen::Dynamic, 1>;
  using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  const auto n = static_cast<Eigen::Index>(data.nSamples);
  Eigen::Map<const Mat> x(data.values, n, static_cast<Eigen::Index>(data.nVars));
  const Vec y = Eigen::Map<const Vec>(column, n).array() - Eigen::Map<const Vec>(column, n).mean();
  const Vec row = (x.rowwise() - x.colwise().mean()).transpose() * y / (static_cast<double>(data.nSamples) - 1.0);
  return std::vector<double>(row.data(), row.data() + row.size());
}

std::vector<double> copulaCovariance(const ColumnMatrix& data, int threads) {
  const std::vector<double> z = copnorm(data, threads);
  return covariance(ColumnMatrix{z.data(), data.nSamples, data.nVars});
}

}  // namespace oinfo
