// A read-only view of a covariance matrix (row-major, dim × dim) and the sample count it came from.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <vector>

namespace oinfo {

struct CovarianceView {
  const double* values;
  int dim;
  long nSamples;  // N, needed by the bias correction
  double operator()(int a, int b) const { return values[static_cast<std::size_t>(a) * dim + b]; }
};

// Relative pivot below which a multiplet counts as singular: d² ≤ kSingularTolerance · Σ_vv (SPEC §2).
constexpr double kSingularTolerance = 1e-12;

// Thrown when a multiplet's covariance is (numerically) singular.
struct SingularMultiplet : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks that indices are distinct, in range, and that N > m + 1 (SPEC §1).
void validateMultiplet(const CovarianceView& cov, const std::vector<int>& members);

}  // namespace oinfo
