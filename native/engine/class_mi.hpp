// Mutual information between continuous variables and a discrete label (gcmi's single-variable
// baselines, SPEC §5), in bits. Conventions as gcmi 0.5:
//   - model comparison (mi_model_gd): I = H(X) − Σ_c p_c H(X | Y = c), p_c = N_c / N, Gaussian entropies
//     (½ ln det Σ; the ½ d ln 2πe terms cancel), the class covariances centred within the class
//     (divisor N_c − 1), each entropy bias-corrected with its own count when asked (entropyBias);
//     `demeaned`: the unconditional covariance is x·xᵀ / (N − 1), not re-centred.
//     gcmi_model_cd = copnorm over all samples, then mi_model_gd(biasCorrect, demeaned).
//   - Gaussian mixture (mi_mixture_gd): class Gaussians (mean, covariance), the mixture's entropy by the
//     unscented transform (sigma points μ_c ± √d · rows of L_c), no bias correction.
//     gcmi_mixture_cd = within every class and column, copnorm the class's values and rescale them to
//     the class's median and 1.482602218505602 · MAD (NumPy's median), then mi_mixture_gd.
// Failures the caller can act on throw ClassFitFailure, which names the class (−1: all samples), the
// column and the reason. Its what() is machine-readable — "class-fit-failure reason=<no-spread|zero-mad|
// singular> class=<c> column=<j>" — and src/mi words it for the user (naming the variable and method).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "copula.hpp"

namespace oinfo {

enum class ClassMiMethod { Model, Mixture };

struct ClassMiOptions {
  ClassMiMethod method = ClassMiMethod::Model;
  bool copula = true;       // the gcmi_*_cd variants
  bool biasCorrect = true;  // model only
  bool demeaned = false;    // model only
};

struct ClassFitFailure : std::invalid_argument {
  enum Reason { NoSpread, ZeroMad, Singular };
  ClassFitFailure(Reason reason_, int classIndex_, int column_);
  Reason reason;
  int classIndex;  // −1: the fit over all samples
  int column;      // −1 when not one column's fault (a singular covariance)
};

// MI (bits) of the d columns of x, jointly, with labels[i] ∈ 0..nClasses − 1. The caller has checked
// the labels and that every class has more than d samples.
double classMutualInformation(const ColumnMatrix& x, const std::vector<int>& labels, int nClasses, const ClassMiOptions& options);

}  // namespace oinfo
