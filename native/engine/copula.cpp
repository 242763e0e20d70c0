#include "copula.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
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

// The sample indices in ascending order of value, ties in sample order: the ranks of copnorm (what
// std::stable_sort of the values gives). Two steps, exact for any data:
//  1. an LSD radix sort of (high 32 bits of the key, index) pairs packed in one word, in 11-bit digits
//     (one counting pass for all three; a digit all keys share is skipped): stable, so pairs with equal
//     high halves stay in sample order;
//  2. each run of equal high halves is stable-sorted by the low halves. For continuous data the runs
//     are a few pairs (20 mantissa bits and the exponent already tell 10 000 samples apart), for a
//     column of labels they are the classes, whose values are equal: already in order, left as they are.
// Three passes over the pairs instead of eight byte passes over (key, index): ~2.5× faster at N = 10 000.
std::vector<std::uint32_t> stableOrder(const double* values, std::size_t n) {
  constexpr int kDigitBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  constexpr int kDigits = 3;  // 11 + 11 + 10 bits of the high half
  std::vector<std::uint64_t> pairs(n), other(n);
  std::vector<std::array<std::uint32_t, kBuckets + 1>> counts(kDigits, std::array<std::uint32_t, kBuckets + 1>{});
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t high = orderKey(values[i]) >> 32;
    pairs[i] = high << 32 | i;
    for (int d = 0; d < kDigits; ++d) ++counts[d][((high >> (d * kDigitBits)) & (kBuckets - 1)) + 1];
  }
  for (int d = 0; d < kDigits; ++d) {
    std::array<std::uint32_t, kBuckets + 1>& start = counts[d];
    if (std::find(start.begin() + 1, start.end(), n) != start.end()) continue;  // one digit value for all
    for (std::size_t b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
    const int shift = 32 + d * kDigitBits;
    for (std::size_t i = 0; i < n; ++i) other[start[(pairs[i] >> shift) & (kBuckets - 1)]++] = pairs[i];
    pairs.swap(other);
  }
  std::vector<std::uint32_t> order(n);
  const auto low = [values](std::uint32_t i) { return static_cast<std::uint32_t>(orderKey(values[i])); };
  for (std::size_t a = 0, b; a < n; a = b) {
    for (b = a + 1; b < n && (pairs[b] >> 32) == (pairs[a] >> 32);) ++b;
    for (std::size_t i = a; i < b; ++i) order[i] = static_cast<std::uint32_t>(pairs[i]);
    if (b - a > 1) std::stable_sort(order.begin() + a, order.begin() + b, [&](std::uint32_t x, std::uint32_t y) { return low(x) < low(y); });
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
  if (data.nSamples > UINT32_MAX) throw std::invalid_argument("copnorm takes at most 2^32 - 1 samples");
  checkFinite(data);
  const std::size_t n = data.nSamples;
  const std::vector<double> scores = normalScores(n);
  std::vector<double> out(n * data.nVars);
  parallelFor(data.nVars, threads, [&](std::size_t j) {
    const std::vector<std::uint32_t> order = stableOrder(data.column(j), n);
    double* dst = out.data() + j * n;
    for (std::size_t r = 0; r < n; ++r) dst[order[r]] = scores[r];
  });
  return out;
}

namespace {

// The covariance (divisor N − 1) of the n × p column-major values, centred in place: the copula step
// owns its scores, so it skips a copy of the data (8 MB of fresh pages at N = 10 000, p = 100).
// The products are summed in two fixed halves of the samples, each one rank update, and the halves
// added in order: on two threads the halves run side by side (the rank update is most of the step),
// on one they run in turn, with the same bits — the covariance does not depend on the threads. Below
// ~1 ms of products (a bootstrap resample of a few columns) a second thread costs more than it saves.
std::vector<double> covarianceCentring(double* values, std::size_t n, std::size_t p, int threads) {
  using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  Eigen::Map<Mat> x(values, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p));
  const Eigen::RowVectorXd mean = x.colwise().mean();
  x.rowwise() -= mean;
  const Eigen::Index half = static_cast<Eigen::Index>(n / 2);
  Mat halves[2] = {Mat::Zero(x.cols(), x.cols()), Mat::Zero(x.cols(), x.cols())};
  constexpr double kMinProductsForTwoThreads = 1 << 20;
  const bool large = static_cast<double>(n) * static_cast<double>(p) * static_cast<double>(p) / 2 >= kMinProductsForTwoThreads;
  parallelFor(2, large ? threads : 1, [&](std::size_t h) {
    const Eigen::Index begin = h == 0 ? 0 : half, rows = h == 0 ? half : x.rows() - half;
    halves[h].selfadjointView<Eigen::Lower>().rankUpdate(x.middleRows(begin, rows).adjoint(), 1.0 / (static_cast<double>(n) - 1.0));
  });
  Mat cov = halves[0] + halves[1];
  cov.triangularView<Eigen::StrictlyUpper>() = cov.adjoint();
  std::vector<double> out(p * p);
  // Symmetric, so column-major and row-major storage coincide.
  Eigen::Map<Mat>(out.data(), x.cols(), x.cols()) = cov;
  return out;
}

}  // namespace

std::vector<double> covariance(const ColumnMatrix& data) {
  if (data.nSamples < 2) throw std::invalid_argument("covariance needs at least 2 samples");
  std::vector<double> copy(data.values, data.values + data.nSamples * data.nVars);
  return covarianceCentring(copy.data(), data.nSamples, data.nVars, 1);
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
  std::vector<double> z = copnorm(data, threads);
  return covarianceCentring(z.data(), data.nSamples, data.nVars, threads);
}

}  // namespace oinfo
