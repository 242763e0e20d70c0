// Gaussian-copula normalisation and the covariance of the normalised data (SPEC §1).
#pragma once

#include <cstddef>
#include <vector>

namespace oinfo {

// A data matrix of nSamples × nVars doubles stored column by column (each variable contiguous).
struct ColumnMatrix {
  const double* values;
  std::size_t nSamples;
  std::size_t nVars;
  const double* column(std::size_t j) const { return values + j * nSamples; }
};

// Copula-normalises every column: rank r ∈ {1..N} (ties broken by sample order, a stable sort),
// u = r / (N + 1), z = Φ⁻¹(u). Equals gcmi's copnorm. Output has the input's column layout.
// Throws std::invalid_argument on NaN/±Inf (naming the column index) or N < 2.
std::vector<double> copnorm(const ColumnMatrix& data, int threads = 1);

// Covariance (demeaned, divisor N − 1) of already normalised columns; nVars × nVars, row-major.
std::vector<double> covariance(const ColumnMatrix& data);

// The covariances (demeaned, divisor N − 1) of `column` (nSamples values) with every column of data:
// one row of the covariance matrix, e.g. of a permuted variable against the others, without the rest.
std::vector<double> covarianceWith(const ColumnMatrix& data, const double* column);

// copnorm followed by covariance: the one pass over the samples a data set needs.
std::vector<double> copulaCovariance(const ColumnMatrix& data, int threads = 1);

}  // namespace oinfo
