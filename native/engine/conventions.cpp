#include "conventions.hpp"

#include <cmath>
#include <stdexcept>

#include "special_functions.hpp"

namespace oinfo {

double entropyBias(int d, long nSamples) {
  if (d <= 0) return 0.0;
  if (nSamples <= d) throw std::invalid_argument("bias correction needs more samples than dimensions");
  const double n = static_cast<double>(nSamples);
  double psiSum = 0.0;
  for (int i = 1; i <= d; ++i) psiSum += digamma((n - i) / 2.0);
  return d * (std::log(2.0) - std::log(n - 1.0)) / 2.0 + psiSum / 2.0;
}

double toUnits(double nats, Units units) { return units == Units::Bits ? nats / std::log(2.0) : nats; }

MeasureBias measureBias(int m, long nSamples) {
  // H_bc(A) = H(A) − c(|A|); TC = Σ H(Z_j) − H(Z); DTC = Σ H(Z∖Z_j) − (m − 1) H(Z).
  const double c1 = entropyBias(1, nSamples), cm = entropyBias(m, nSamples);
  const double cm1 = m >= 2 ? entropyBias(m - 1, nSamples) : 0.0;
  MeasureBias b;
  b.tc = -m * c1 + cm;
  b.dtc = -m * cm1 + (m - 1) * cm;
  b.oinfo = b.tc - b.dtc;
  return b;
}

Measures finishMeasures(double tcNats, double dtcNats, int m, long nSamples, const EstimatorOptions& options) {
  double tc = tcNats, dtc = dtcNats;
  if (options.biasCorrect) {
    const MeasureBias b = measureBias(m, nSamples);
    tc += b.tc;
    dtc += b.dtc;
  }
  return measuresInUnits(tc, dtc, options.units);
}

Measures measuresInUnits(double tcNats, double dtcNats, Units units) {
  Measures out;
  out.tc = toUnits(tcNats, units);
  out.dtc = toUnits(dtcNats, units);
  out.oinfo = toUnits(tcNats - dtcNats, units);
  out.sinfo = toUnits(tcNats + dtcNats, units);
  return out;
}

}  // namespace oinfo
