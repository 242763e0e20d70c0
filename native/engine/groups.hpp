// Multivariate variables (groups): a multiplet whose variables are blocks of columns, as hoi and gcmi
// allow for a multivariate X. Each column is copula-normalised on its own (gcmi's copnorm of a
// multivariate variable); the entropy of a block of d columns is the Gaussian entropy of their
// covariance, bias-corrected with ent_g's term for d dimensions. For a multiplet of m blocks X_1..X_m
// of dimensions d_1..d_m (D = Σ d_i), with P = Σ_X⁻¹ and P_ii its diagonal block of X_i:
//   TC  = Σ_i H(X_i) − H(X)          = ½ Σ_i ln det Σ_ii − ½ ln det Σ_X                (+ bias)
//   DTC = Σ_i H(X_{−i}) − (m − 1) H(X) = ½ ln det Σ_X + ½ Σ_i ln det P_ii              (+ bias)
//   Ω = TC − DTC,  S = TC + DTC,
// since det Σ_{X−i} = det Σ_X · det P_ii (the Schur complement of the block). ½ d ln 2πe cancels from
// all four. The bias terms of gcmi's ent_g (conventions.hpp, c_N(d)) now depend on the block dimensions:
//   TC_bc  = TC  + c_N(D) − Σ_i c_N(d_i)
//   DTC_bc = DTC + (m − 1) c_N(D) − Σ_i c_N(D − d_i)
// which with every d_i = 1 are measureBias(m). So within a size (a number of blocks) two multiplets
// can carry different bias constants: a search ranks by the corrected values (group_search.cpp).
#pragma once

#include <vector>

#include "conventions.hpp"
#include "covariance_view.hpp"

namespace oinfo {

// The bias constants (nats, to be added) of TC, DTC and Ω of a multiplet of blocks of dimensions dims[0..m).
MeasureBias groupMeasureBias(const int* dims, int m, long nSamples);

// The direct evaluation of one multiplet of blocks: one Cholesky of Σ_X (the engine's singularity rule on
// its pivots, in the members' order), the diagonal blocks of Σ_X⁻¹ from L⁻¹, one small Cholesky per block.
// O(D³). Keeps its scratch between calls.
class BlockEvaluator {
 public:
  // members: D covariance indices, block after block; sizes: the m block dimensions (Σ = D). blockLogDet:
  // ln det Σ_ii of each block, or null to compute them. Bias-free nats; false when Σ_X is singular.
  bool evaluate(const CovarianceView& cov, const int* members, const int* sizes, int m, const double* blockLogDet, double& tcNats,
                double& dtcNats);

 private:
  std::vector<double> a_, floor_, inv_, block_;
};

// ln det Σ_A of the covariance indices members[0..d), or NaN when that block is singular.
double blockLogDet(const CovarianceView& cov, const int* members, int d);

// The four measures of a multiplet of blocks (members block after block, sizes their dimensions), directly.
// Throws SingularMultiplet when Σ_X is singular, std::invalid_argument on bad indices or sizes.
Measures measureGroups(const CovarianceView& cov, const std::vector<int>& members, const std::vector<int>& sizes,
                       const EstimatorOptions& options);

// The naive oracle: every entropy from the definition, each with its own Cholesky and its own bias term —
// H(X), each H(X_i) and each H(X_{−i}). Kept as the independent reference of the tests.
Measures measureGroupsNaive(const CovarianceView& cov, const std::vector<int>& members, const std::vector<int>& sizes,
                            const EstimatorOptions& options);

// Checks a block layout: every size ≥ 1, adding up to `columns`.
void validateGroupSizes(const std::vector<int>& sizes, std::size_t columns);

}  // namespace oinfo
