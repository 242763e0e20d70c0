// Special functions the estimator needs, written out so that the native addon and the WASM build
// compute bit-identical values (no dependence on a platform's libm beyond log/exp/erfc).
#pragma once

namespace oinfo {

// Digamma ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series (error < 1e-15).
double digamma(double x);

// Inverse of the standard normal CDF, Φ⁻¹(p) for 0 < p < 1 (scipy's ndtri). Acklam's rational
// approximation (relative error 1e-9) polished by one Halley step on erfc: full double precision.
double ndtri(double p);

}  // namespace oinfo
