#include "copula.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
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

// An unsigned key in the order of the finite doubles, −0 and +0 equal (they compare equal).
std::uint64_t orderKey(double v) {
  if (v == 0) v = 0;
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : u | (std::uint64_t{1} << 63);
}

// The sample indices in ascending order of value, ties in sample order: the ranks of copnorm. An LSD
// radix sort of the keys, byte by byte (a byte all keys share is skipped): stable, so equal values keep
// their sample order — the order std::sort gives (value, index) pairs, ~5× faster at N = 10 000.
std::vector<std::size_t> stableOrder(const double* values, std::size_t n) {
  std::vector<std::uint64_t> keys(n), keysOut(n);
  std::vector<std::size_t> order(n), orderOut(n);
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = orderKey(values[i]);
    order[i] = i;
  }
  for (int shift = 0; shift < 64; shift += 8) {
    std::size_t start[257] = {};
    for (std::size_t i = 0; i < n; ++i) ++start[((keys[i] >> shift) & 0xff) + 1];
    if (std::find(start + 1, start + 257, n) != start + 257) continue;  // one byte value for all
    for (int b = 0; b < 256; ++b) start[b + 1] += start[b];
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t to = start[(keys[i] >> shift) & 0xff]++;
      keysOut[to] = keys[i];
      orderOut[to] = order[i];
    }
    keys.swap(keysOut);
    order.swap(orderOut);
  }
  return order;
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
    const std::vector<std::size_t> order = stableOrder(data.column(j), n);
    double* dst = out.data() + j * n;
    for (std::size_t r = 0; r < n; ++r) dst[order[r]] = scores[r];
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
