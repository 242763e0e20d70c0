#include "problem.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace oinfo {

CompactProblem makeProblem(const CovarianceView& cov, const std::vector<int>& candidates, int target) {
  CompactProblem p;
  p.hasTarget = target >= 0 ? 1 : 0;
  p.n = static_cast<int>(candidates.size());
  p.q = p.n + p.hasTarget;
  p.nSamples = cov.nSamples;
  if (target >= cov.dim) throw std::invalid_argument("target index " + std::to_string(target) + " is out of range");
  if (p.hasTarget) p.original.push_back(target);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const int v = candidates[i];
    if (v < 0 || v >= cov.dim) throw std::invalid_argument("variable index " + std::to_string(v) + " is out of range");
    if (v == target) throw std::invalid_argument("the target cannot also be a candidate variable");
    if (i > 0 && v <= candidates[i - 1]) throw std::invalid_argument("candidate variables must be distinct and ascending");
    p.original.push_back(v);
  }
  p.c.resize(static_cast<std::size_t>(p.q) * p.q);
  p.inverseVariance.resize(p.q);
  p.halfLogVariance.resize(p.q);
  for (int a = 0; a < p.q; ++a) {
    for (int b = 0; b < p.q; ++b) p.c[static_cast<std::size_t>(a) * p.q + b] = cov(p.original[a], p.original[b]);
    const double var = p.at(a, a);
    if (!(var > 0) || !std::isfinite(var))
      throw std::invalid_argument("variable index " + std::to_string(p.original[a]) + " has zero or invalid variance");
    p.inverseVariance[a] = 1.0 / var;
    p.halfLogVariance[a] = 0.5 * std::log(var);
  }
  return p;
}

}  // namespace oinfo
