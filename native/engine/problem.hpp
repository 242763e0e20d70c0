// A search problem in the layout the enumeration wants: the optional target first, then the
// candidate variables, in one compact row-major covariance matrix.
#pragma once

#include <vector>

#include "covariance_view.hpp"

namespace oinfo {

struct CompactProblem {
  int hasTarget = 0;          // 1 when a target variable joins every multiplet
  int n = 0;                  // number of candidate variables
  int q = 0;                  // n + hasTarget: dimension of the compact matrix
  long nSamples = 0;
  std::vector<int> original;  // compact index → index in the caller's covariance
  std::vector<double> c;      // q × q covariance, row-major
  std::vector<double> inverseVariance;  // 1 / Σ_vv per compact index
  std::vector<double> halfLogVariance;  // ½ ln Σ_vv per compact index

  double at(int a, int b) const { return c[static_cast<std::size_t>(a) * q + b]; }
  const double* row(int a) const { return c.data() + static_cast<std::size_t>(a) * q; }
  // Compact index of candidate position v.
  int compact(int v) const { return v + hasTarget; }
};

// candidates: indices into `cov` (distinct, ascending); target: an index not among them, or −1.
CompactProblem makeProblem(const CovarianceView& cov, const std::vector<int>& candidates, int target);

}  // namespace oinfo
