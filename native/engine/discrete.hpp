// A discrete target (SPEC §7): y is a class label, treated as gcmi's mi_model_gd treats it.
//
// X is copula-normalised over all samples. For a subset S of X (|S| = k):
//   H(S)     = ½ (k ln 2πe + ln det Σ_S)                 − c_N(k)      (Σ: covariance over all samples)
//   H(S | y) = Σ_c p_c [½ (k ln 2πe + ln det Σ_{c,S}) − c_{N_c}(k)]    (Σ_c: within class c, divisor N_c − 1)
// with p_c = N_c / N, and for Z = X_S ∪ {y} (H(y) cancels; H(∅ | y) = 0):
//   TC = Σ_i H(X_i) − H(S | y),   DTC = H(S) + Σ_i H(S∖i | y) − k H(S | y),   Ω = TC − DTC,   S = TC + DTC.
// Without bias terms, in nats, with P_c = Σ_{c,S}⁻¹ (det Σ_{c,S∖i} = det Σ_{c,S} · (P_c)_ii):
//   TC  = ½ Σ_i ln Σ_ii − ½ Σ_c p_c ln det Σ_{c,S}
//   DTC = ½ ln det Σ_S + ½ Σ_c p_c Σ_i ln (P_c)_ii
//   Ω   = ½ Σ_i ln Σ_ii − ½ ln det Σ_S − ½ Σ_c p_c (ln det Σ_{c,S} + Σ_i ln (P_c)_ii)
// The bias corrections are constants of (k, N, N_c) (discreteBias).
//
// Classes are numbered 0..C − 1 by the caller (the API numbers them by first appearance in the data,
// so that relabelling the classes changes no bit of any result).
#pragma once

#include <cstddef>
#include <vector>

#include "conventions.hpp"
#include "copula.hpp"
#include "covariance_view.hpp"

namespace oinfo {

// The class-conditional side of a discrete target: C covariance matrices with the layout of the
// covariance of X they go with (row-major dim × dim each, class after class) and the class counts.
struct ClassCovariances {
  const double* values = nullptr;  // C × dim × dim
  std::vector<long> counts;        // N_c, C of them; Σ N_c = N
  int classes() const { return static_cast<int>(counts.size()); }
  CovarianceView view(int c, int dim) const {
    return CovarianceView{values + static_cast<std::size_t>(c) * dim * dim, dim, counts[c]};
  }
};

// Per-class covariances of the columns of data (already copula-normalised over all samples): for each
// class, the samples with that label, demeaned within the class, divisor N_c − 1. labels ∈ 0..nClasses − 1;
// every class needs at least 2 samples. Returns nClasses × nVars × nVars (row-major blocks).
std::vector<double> classCovariances(const ColumnMatrix& data, const std::vector<int>& labels, int nClasses, int threads = 1);

// Checks the class counts against the covariance of X: C ≥ 1, every N_c ≥ 1, Σ N_c = N (the values are
// the caller's to check: the protocol does, once per call).
void validateClasses(const CovarianceView& cov, const ClassCovariances& classes);

// The bias constants (nats) that ent_g's correction of every entropy adds to TC and DTC of a multiplet
// of k variables of X with a discrete target: TC += −k c_N(1) + Σ p_c c_{N_c}(k),
// DTC += −c_N(k) − k Σ p_c c_{N_c}(k − 1) + k Σ p_c c_{N_c}(k). Needs N_c > k.
MeasureBias discreteBias(int k, long nSamples, const std::vector<long>& counts);

// The four measures of X_members ∪ {y}, directly: one Cholesky of Σ_S and one per class (ln det and the
// diagonal of the inverse). Throws SingularMultiplet when a pivot d² ≤ 1e-12 Σ_vv in any of them.
Measures measureDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members,
                         const EstimatorOptions& options);

// The naive oracle: every entropy of the definition from its own Cholesky — H(X_i), H(S), and H_c(S) and
// H_c(S∖i) of every class — each with its own ½ d ln 2πe and bias term. Tests and benchmarks only.
Measures measureDiscreteNaive(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members,
                              const EstimatorOptions& options);

// TC in bias-free nats, ½ Σ_i ln Σ_ii − ½ Σ_c p_c ln det Σ_{c,S}, of a multiplet known to be non-singular.
double discreteTotalCorrelationNats(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& members);

}  // namespace oinfo
