// The direct (Cholesky) evaluation's helpers, shared by the continuous measures (measure.cpp) and the
// discrete target's (discrete.cpp): the submatrix Σ_A of a multiplet, its lower Cholesky factor L under
// the engine's singularity rule (every pivot d² = L_ii² > 1e-12 Σ_ii, else SingularMultiplet), and
// ln det Σ_A = 2 Σ_i ln L_ii.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "covariance_view.hpp"

namespace oinfo {
namespace cholesky {

inline Eigen::MatrixXd subMatrix(const CovarianceView& cov, const std::vector<int>& members) {
  const int m = static_cast<int>(members.size());
  Eigen::MatrixXd s(m, m);
  for (int a = 0; a < m; ++a)
    for (int b = 0; b < m; ++b) s(a, b) = cov(members[a], members[b]);
  return s;
}

// Cholesky with the engine's singularity rule; returns the lower factor.
inline Eigen::MatrixXd choleskyOrThrow(const Eigen::MatrixXd& s) {
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  const Eigen::MatrixXd l = llt.matrixL();
  for (int i = 0; i < s.rows(); ++i) {
    const double pivot = l(i, i) * l(i, i);
    if (llt.info() != Eigen::Success || !(pivot > kSingularTolerance * s(i, i)))
      throw SingularMultiplet("the multiplet is singular: one variable is (numerically) a linear function of the others");
  }
  return l;
}

inline double logDetFromCholesky(const Eigen::MatrixXd& l) { return 2.0 * l.diagonal().array().log().sum(); }

// ln det Σ_A of a multiplet already known to be non-singular (no singularity rule).
inline double logDetUnchecked(const Eigen::MatrixXd& s) {
  const Eigen::LLT<Eigen::MatrixXd> llt(s);
  const Eigen::MatrixXd l = llt.matrixL();
  return logDetFromCholesky(l);
}

}  // namespace cholesky
}  // namespace oinfo
