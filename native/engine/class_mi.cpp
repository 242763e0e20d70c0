// gcmi's single-variable MI baselines (class_mi.hpp). The numerics follow gcmi's formulas term by term,
// with sequential sums over the samples and a plain d × d Cholesky (the order of operations of the
// TypeScript implementation this replaces), so that the values agree with gcmi to rounding.
#include "class_mi.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "conventions.hpp"
#include "covariance_view.hpp"

namespace oinfo {

namespace {

const char* reasonName(ClassFitFailure::Reason reason) {
  switch (reason) {
    case ClassFitFailure::NoSpread:
      return "no-spread";
    case ClassFitFailure::ZeroMad:
      return "zero-mad";
    case ClassFitFailure::Singular:
      return "singular";
  }
  return "unknown";
}

std::string failureText(ClassFitFailure::Reason reason, int classIndex, int column) {
  return std::string("class-fit-failure reason=") + reasonName(reason) + " class=" + std::to_string(classIndex) +
         " column=" + std::to_string(column);
}

// The scale that turns a MAD into a standard deviation for Gaussian data (gcmi's constant).
constexpr double kMadToSd = 1.482602218505602;
constexpr double kPi = 3.141592653589793;

// The samples of one group (a class, or all samples): d columns of n values each, column-major.
struct Block {
  std::size_t n = 0;
  int d = 0;
  std::vector<double> values;
  double* column(int j) { return values.data() + static_cast<std::size_t>(j) * n; }
  const double* column(int j) const { return values.data() + static_cast<std::size_t>(j) * n; }
  ColumnMatrix matrix() const { return ColumnMatrix{values.data(), n, static_cast<std::size_t>(d)}; }
};

// A Gaussian fitted to a block: mean, lower Cholesky factor of Σ (row-major d × d), ½ ln det Σ.
struct GaussianFit {
  int d = 0;
  std::size_t n = 0;
  std::vector<double> mean;
  std::vector<double> chol;
  double halfLogDet = 0;  // Σ ln L_ii: nats, without the ½ d ln 2πe constant
};

// Index of the first column whose values are all equal, or −1.
int constantColumn(const double* values, std::size_t n, int d) {
  for (int j = 0; j < d; ++j) {
    const double* c = values + static_cast<std::size_t>(j) * n;
    bool constant = true;
    for (std::size_t i = 1; i < n && constant; ++i) constant = c[i] == c[0];
    if (constant) return j;
  }
  return -1;
}

// Lower Cholesky factor (row-major) of the symmetric d × d matrix a, or false when a is not
// (numerically) positive definite: a pivot ≤ 1e-12 × its diagonal entry, or a non-positive diagonal.
bool cholesky(const std::vector<double>& a, int d, std::vector<double>& l) {
  l.assign(static_cast<std::size_t>(d) * d, 0.0);
  for (int j = 0; j < d; ++j) {
    const double ajj = a[j * d + j];
    double s = ajj;
    for (int k = 0; k < j; ++k) s -= l[j * d + k] * l[j * d + k];
    if (!(s > kSingularTolerance * ajj) || !(ajj > 0)) return false;
    const double pivot = std::sqrt(s);
    l[j * d + j] = pivot;
    for (int i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (int k = 0; k < j; ++k) t -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = t / pivot;
    }
  }
  return true;
}

// |L⁻¹ v|² by forward substitution (L lower, row-major); work holds d scratch values.
double mahalanobis2(const std::vector<double>& l, int d, const double* v, double* work) {
  double q = 0;
  for (int i = 0; i < d; ++i) {
    double t = v[i];
    for (int k = 0; k < i; ++k) t -= l[i * d + k] * work[k];
    const double z = t / l[i * d + i];
    work[i] = z;
    q += z * z;
  }
  return q;
}

// Fits a Gaussian to a block: the centred covariance (divisor n − 1), or with `center` false the raw
// second moments x·xᵀ / (n − 1) (gcmi's demeaned). No spread (a constant column; when not centring,
// only a constant 0) or a singular covariance throw ClassFitFailure naming classIndex.
GaussianFit fitGaussian(const Block& block, bool center, int classIndex) {
  const int d = block.d;
  const std::size_t n = block.n;
  const int flat = constantColumn(block.values.data(), n, d);
  if (flat >= 0 && (center || block.column(flat)[0] == 0)) throw ClassFitFailure(ClassFitFailure::NoSpread, classIndex, flat);

  GaussianFit fit;
  fit.d = d;
  fit.n = n;
  fit.mean.assign(d, 0.0);
  std::vector<double> centred;
  if (center) {
    centred.resize(block.values.size());
    for (int j = 0; j < d; ++j) {
      const double* c = block.column(j);
      double s = 0;
      for (std::size_t t = 0; t < n; ++t) s += c[t];
      const double m = s / static_cast<double>(n);
      fit.mean[j] = m;
      double* dst = centred.data() + static_cast<std::size_t>(j) * n;
      for (std::size_t t = 0; t < n; ++t) dst[t] = c[t] - m;
    }
  }
  const double* x = center ? centred.data() : block.values.data();
  std::vector<double> cov(static_cast<std::size_t>(d) * d);
  const double divisor = static_cast<double>(n) - 1.0;
  for (int i = 0; i < d; ++i)
    for (int j = 0; j <= i; ++j) {
      const double* a = x + static_cast<std::size_t>(i) * n;
      const double* b = x + static_cast<std::size_t>(j) * n;
      double s = 0;
      for (std::size_t t = 0; t < n; ++t) s += a[t] * b[t];
      cov[i * d + j] = cov[j * d + i] = s / divisor;
    }
  if (!cholesky(cov, d, fit.chol)) throw ClassFitFailure(ClassFitFailure::Singular, classIndex, -1);
  double h = 0;
  for (int i = 0; i < d; ++i) h += std::log(fit.chol[i * d + i]);
  fit.halfLogDet = h;
  return fit;
}

// NumPy's median: the middle value, or the mean of the two middle values for an even count.
double median(std::vector<double> values) {
  const std::size_t n = values.size();
  const std::size_t h = n / 2;
  std::nth_element(values.begin(), values.begin() + h, values.end());
  if (n % 2 == 1) return values[h];
  const double below = *std::max_element(values.begin(), values.begin() + h);
  return (below + values[h]) / 2;
}

// Median absolute deviation around `center` (unscaled): median(|x − center|).
double medianAbsoluteDeviation(const double* values, std::size_t n, double center) {
  std::vector<double> dev(n);
  for (std::size_t i = 0; i < n; ++i) dev[i] = std::fabs(values[i] - center);
  return median(std::move(dev));
}

// The columns of x split by class, each in sample order.
std::vector<Block> splitByClass(const ColumnMatrix& x, const std::vector<int>& labels, int nClasses) {
  const int d = static_cast<int>(x.nVars);
  std::vector<std::size_t> counts(nClasses, 0);
  for (int c : labels) ++counts[c];
  std::vector<Block> out(nClasses);
  for (int c = 0; c < nClasses; ++c) {
    out[c].n = counts[c];
    out[c].d = d;
    out[c].values.resize(counts[c] * static_cast<std::size_t>(d));
  }
  std::vector<std::size_t> fill(nClasses, 0);
  for (std::size_t i = 0; i < x.nSamples; ++i) {
    const int c = labels[i];
    const std::size_t at = fill[c]++;
    Block& b = out[c];
    for (int j = 0; j < d; ++j) b.column(j)[at] = x.column(j)[i];
  }
  return out;
}

// gcmi's mi_model_gd (nats): H(X) − Σ_c (N_c / N) H(X | Y = c), each entropy ½ ln det Σ, bias-corrected
// with its own count when asked; `demeaned`: the unconditional covariance is not re-centred.
double modelMi(const ColumnMatrix& x, const std::vector<int>& labels, int nClasses, bool biasCorrect, bool demeaned) {
  const int d = static_cast<int>(x.nVars);
  const double n = static_cast<double>(x.nSamples);
  const std::vector<Block> classes = splitByClass(x, labels, nClasses);
  double conditional = 0;
  for (int c = 0; c < nClasses; ++c) {
    const GaussianFit fit = fitGaussian(classes[c], true, c);
    const long count = static_cast<long>(classes[c].n);
    const double h = fit.halfLogDet - (biasCorrect ? entropyBias(d, count) : 0.0);
    conditional += (static_cast<double>(count) / n) * h;
  }
  Block all;
  all.n = x.nSamples;
  all.d = d;
  all.values.assign(x.values, x.values + x.nSamples * x.nVars);
  const GaussianFit fit = fitGaussian(all, !demeaned, -1);
  const double unconditional = fit.halfLogDet - (biasCorrect ? entropyBias(d, static_cast<long>(x.nSamples)) : 0.0);
  return unconditional - conditional;
}

// gcmi's mi_mixture_gd (nats) on data split by class: H(X | Y) = Σ_c w_c H_c with the class Gaussians'
// entropies H_c = ½ ln det Σ_c + ½ d (ln 2π + 1), w_c = N_c / N; H(X) of the mixture Σ_c w_c N(μ_c, Σ_c)
// by the unscented transform: −1/(2d) Σ_c w_c Σ_{s ∈ S_c} ln p(s), S_c the 2d sigma points
// μ_c ± √d · (k-th row of L_c), p the mixture density.
double mixtureMi(const std::vector<Block>& classes) {
  const int k = static_cast<int>(classes.size());
  std::vector<GaussianFit> fits;
  fits.reserve(k);
  for (int c = 0; c < k; ++c) fits.push_back(fitGaussian(classes[c], true, c));
  const int d = fits[0].d;
  double n = 0;
  for (const GaussianFit& f : fits) n += static_cast<double>(f.n);
  const double lnTwoPi = std::log(2 * kPi);
  std::vector<double> w(k), hcond(k);
  for (int c = 0; c < k; ++c) {
    w[c] = static_cast<double>(fits[c].n) / n;
    hcond[c] = fits[c].halfLogDet + 0.5 * d * (lnTwoPi + 1);
  }
  const double scale = std::sqrt(static_cast<double>(d));
  std::vector<double> point(d), diff(d), work(d), logLik(k);
  double hmix = 0;
  for (int c = 0; c < k; ++c) {
    const std::vector<double>& mean = fits[c].mean;
    const std::vector<double>& chol = fits[c].chol;
    double sum = 0;
    for (const double sign : {1.0, -1.0})
      for (int r = 0; r < d; ++r) {
        for (int i = 0; i < d; ++i) point[i] = mean[i] + sign * scale * chol[r * d + i];
        double max = -std::numeric_limits<double>::infinity();
        for (int m = 0; m < k; ++m) {
          for (int i = 0; i < d; ++i) diff[i] = point[i] - fits[m].mean[i];
          logLik[m] = -0.5 * mahalanobis2(fits[m].chol, d, diff.data(), work.data()) - hcond[m] + 0.5 * d;
          if (logLik[m] > max) max = logLik[m];
        }
        double s = 0;
        for (int m = 0; m < k; ++m) s += w[m] * std::exp(logLik[m] - max);
        sum += max + std::log(s);
      }
    hmix += w[c] * sum;
  }
  hmix = -hmix / (2 * d);
  double conditional = 0;
  for (int c = 0; c < k; ++c) conditional += w[c] * hcond[c];
  return hmix - conditional;
}

// gcmi_mixture_cd's preprocessing: within every class and column, copnorm the class's values and rescale
// them to the class's median and 1.482602218505602 · MAD. Every class's MAD is checked before any fit.
void rescaleWithinClasses(std::vector<Block>& classes) {
  for (int c = 0; c < static_cast<int>(classes.size()); ++c) {
    Block& b = classes[c];
    std::vector<double> location(b.d), spread(b.d);
    for (int j = 0; j < b.d; ++j) {
      location[j] = median(std::vector<double>(b.column(j), b.column(j) + b.n));
      spread[j] = medianAbsoluteDeviation(b.column(j), b.n, location[j]);
    }
    for (int j = 0; j < b.d; ++j)
      if (spread[j] == 0) throw ClassFitFailure(ClassFitFailure::ZeroMad, c, j);
    const std::vector<double> z = copnorm(b.matrix());
    for (int j = 0; j < b.d; ++j) {
      const double s = kMadToSd * spread[j];
      const double* zj = z.data() + static_cast<std::size_t>(j) * b.n;
      double* dst = b.column(j);
      for (std::size_t i = 0; i < b.n; ++i) dst[i] = zj[i] * s + location[j];
    }
  }
}

[[noreturn]] void precondition(const std::string& message) {
  throw std::invalid_argument("classMutualInformation: " + message);
}

void checkPreconditions(const ColumnMatrix& x, const std::vector<int>& labels, int nClasses) {
  if (x.nVars < 1) precondition("x needs at least one column");
  if (nClasses < 1) precondition("nClasses must be at least 1");
  if (labels.size() != x.nSamples) precondition("labels must hold one value per sample");
  std::vector<std::size_t> counts(nClasses, 0);
  for (int v : labels) {
    if (v < 0 || v >= nClasses) precondition("labels must lie in 0..nClasses - 1");
    ++counts[v];
  }
  for (int c = 0; c < nClasses; ++c)
    if (counts[c] <= x.nVars) precondition("class " + std::to_string(c) + " needs more samples than dimensions");
  for (std::size_t j = 0; j < x.nVars; ++j)
    for (std::size_t i = 0; i < x.nSamples; ++i)
      if (!std::isfinite(x.column(j)[i])) precondition("x has a non-finite value (NaN or Inf)");
}

}  // namespace

ClassFitFailure::ClassFitFailure(Reason reason_, int classIndex_, int column_)
    : std::invalid_argument(failureText(reason_, classIndex_, column_)), reason(reason_), classIndex(classIndex_), column(column_) {}

double classMutualInformation(const ColumnMatrix& x, const std::vector<int>& labels, int nClasses, const ClassMiOptions& options) {
  checkPreconditions(x, labels, nClasses);
  double nats = 0;
  if (options.method == ClassMiMethod::Model) {
    if (options.copula) {
      const std::vector<double> z = copnorm(x);
      nats = modelMi(ColumnMatrix{z.data(), x.nSamples, x.nVars}, labels, nClasses, options.biasCorrect, options.demeaned);
    } else {
      nats = modelMi(x, labels, nClasses, options.biasCorrect, options.demeaned);
    }
  } else {
    std::vector<Block> classes = splitByClass(x, labels, nClasses);
    if (options.copula) rescaleWithinClasses(classes);
    nats = mixtureMi(classes);
  }
  return toUnits(nats, Units::Bits);
}

}  // namespace oinfo
