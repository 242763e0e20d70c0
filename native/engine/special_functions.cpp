#include "special_functions.hpp"

#include <cmath>
#include <stdexcept>

namespace oinfo {

double digamma(double x) {
  if (!(x > 0.0)) throw std::invalid_argument("digamma: argument must be positive");
  double shift = 0.0;
  while (x < 6.0) {  // ψ(x) = ψ(x + 1) − 1/x
    shift -= 1.0 / x;
    x += 1.0;
  }
  const double f = 1.0 / (x * x);
  // Bernoulli-number series: −1/12x² + 1/120x⁴ − 1/252x⁶ + 1/240x⁸ − 1/132x¹⁰ + 691/32760x¹² − 1/12x¹⁴
  const double series =
      f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132 + f * (691.0 / 32760 + f * (-1.0 / 12)))))));
  return shift + std::log(x) - 0.5 / x + series;
}

namespace {

// Acklam's approximation for the lower half (p ≤ 0.5).
double acklamLower(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  if (p < 0.02425) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace

double ndtri(double p) {
  if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("ndtri: probability must lie in (0, 1)");
  // Work in the lower tail, where Φ(x) = erfc(−x/√2)/2 keeps full relative precision.
  const bool upper = p > 0.5;
  const double pl = upper ? 1.0 - p : p;
  double x = acklamLower(pl);
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - pl;
  const double u = e * std::sqrt(2.0 * M_PI) * std::exp(0.5 * x * x);
  x = x - u / (1.0 + 0.5 * x * u);  // one Halley step
  return upper ? -x : x;
}

}  // namespace oinfo
