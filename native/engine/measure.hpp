// TC, DTC, Ω and S-information of one multiplet, two ways.
#pragma once

#include <vector>

#include "conventions.hpp"
#include "covariance_view.hpp"

namespace oinfo {

// Direct evaluation: one Cholesky of Σ_Z gives ln det Σ_Z and the diagonal of Σ_Z⁻¹, and
// det Σ_{Z∖j} = det Σ_Z · (Σ_Z⁻¹)_jj gives every leave-one-out entropy (SPEC §2). O(m³).
// Throws SingularMultiplet when a Cholesky pivot d² ≤ 1e-12 Σ_vv.
Measures measureMultiplet(const CovarianceView& cov, const std::vector<int>& members, const EstimatorOptions& options);

// The naive oracle: every entropy from the definition — a Cholesky of Σ_Z and of each of its m
// leave-one-out minors, each entropy with its own ½ d ln(2πe) and bias term. O(m⁴). Kept as the
// independent reference for tests and the baseline of the benchmarks; never used by the search.
Measures measureNaive(const CovarianceView& cov, const std::vector<int>& members, const EstimatorOptions& options);

// TC in bias-free nats, ½ Σ_j ln Σ_jj − ½ ln det Σ_Z, of a multiplet already known to be non-singular
// (no singularity threshold: the search reports the other measures of multiplets it has scored).
double totalCorrelationNats(const CovarianceView& cov, const std::vector<int>& members);

// Gaussian entropy (nats) of the variables `members`, bias-corrected if asked: ½(d ln 2πe + ln det Σ_A) − c_N(d).
double gaussianEntropy(const CovarianceView& cov, const std::vector<int>& members, bool biasCorrect);

}  // namespace oinfo
