#include "discrete_search.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "discrete_enumerator.hpp"
#include "search_driver.hpp"
#include "top_k.hpp"

namespace oinfo {

namespace {

// The discrete target for the search driver (search_driver.hpp): over X's covariance and the class
// covariances, ranked by o.rankBy (Ω with the enumeration's screen; TC, DTC or S-information exactly at
// every leaf, the key rankKey(Ω, TC) carried with its Ω and TC as in ContinuousKind).
class DiscreteKind {
 public:
  using Enumerator = DiscreteEnumerator;

  DiscreteKind(const DiscreteProblem& p, RankBy rankBy, bool naive)
      : p_(p), rankBy_(rankBy), view_(p.view(0)), classes_{p.c.data() + static_cast<std::size_t>(p.n) * p.n, p.counts}, naive_(naive) {}

  int candidates() const { return p_.n; }

  void validateSamples(const SearchOptions& o) const {
    auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
    for (int c = 0; c < p_.classes; ++c)
      if (p_.counts[c] <= o.maxSize + 1)
        fail("class " + std::to_string(c) + " has " + std::to_string(p_.counts[c]) + " samples; multiplets of size " +
             std::to_string(o.maxSize) + " need more than " + std::to_string(o.maxSize + 1) + " in every class");
    if (p_.nSamples <= o.maxSize + 1)
      fail("multiplets of " + std::to_string(o.maxSize) + " variables need more than " + std::to_string(o.maxSize + 1) +
           " samples, got " + std::to_string(p_.nSamples));
  }

  std::unique_ptr<DiscreteEnumerator> enumerator(int k) const { return std::make_unique<DiscreteEnumerator>(p_, k, rankBy_); }

  void offerNaive(const int* c, int k, std::vector<int>&, TopK& synergy, TopK& redundancy) const {
    const Measures m = measureDiscreteNaive(view_, classes_, std::vector<int>(c, c + k), EstimatorOptions{false, Units::Nats});
    search_driver::offerMeasures(rankBy_, m, c, k, synergy, redundancy);
  }

  bool offerExtension(DiscreteEnumerator& e, const int* c, int k, TopK& list) const {
    if (rankBy_ == RankBy::Oinfo) {
      double omega;
      if (!e.evaluate(c, omega)) return false;
      list.offer(omega, c, k);
      return true;
    }
    LeafScore score;
    if (!e.evaluate(c, score)) return false;
    list.offer(score.key, c, k, score.omega, score.tc);
    return true;
  }

  MeasureBias bias(int k) const { return discreteBias(k, p_.nSamples, p_.counts); }

  void describe(const ScoredMultiplet& item, std::vector<int>& variables, double& omega, double& tc) const {
    for (int v : item.members) variables.push_back(p_.original[v]);
    // Ranked by Ω, the key is Ω; otherwise the key is rankKey(Ω, TC) of the Ω and TC carried with it.
    const bool byOmega = rankBy_ == RankBy::Oinfo;
    omega = byOmega ? item.value : item.omega;
    tc = byOmega ? treeTotalCorrelation(item.members) : item.tc;
  }

 private:
  // Ranked by Ω, the lists carry no TC: the enumeration's own, as a search ranked by TC (and `--all`)
  // computes it, so that a multiplet's TC does not depend on the measure ranked by. The naive oracle keeps
  // its own (Choleskys of the covariances), independent of the enumeration.
  double treeTotalCorrelation(const std::vector<int>& positions) const {
    if (naive_) return discreteTotalCorrelationNats(view_, classes_, positions);
    const int k = static_cast<int>(positions.size());
    if (!tcEnumerator_ || tcSize_ != k) {
      tcEnumerator_ = std::make_unique<DiscreteEnumerator>(p_, k, RankBy::Tc);
      tcSize_ = k;
    }
    LeafScore score;
    return tcEnumerator_->evaluate(positions.data(), score) ? score.tc : discreteTotalCorrelationNats(view_, classes_, positions);
  }

  const DiscreteProblem& p_;
  RankBy rankBy_;
  CovarianceView view_;
  ClassCovariances classes_;
  bool naive_;
  mutable std::unique_ptr<DiscreteEnumerator> tcEnumerator_;
  mutable int tcSize_ = 0;
};

}  // namespace

// Here rather than in discrete_enumerator.cpp, which the WASM build compiles without exception support.
DiscreteProblem makeDiscreteProblem(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates) {
  validateClasses(cov, classes);
  DiscreteProblem p;
  p.n = static_cast<int>(candidates.size());
  p.classes = classes.classes();
  p.nSamples = cov.nSamples;
  p.counts = classes.counts;
  for (long nc : p.counts) p.weights.push_back(static_cast<double>(nc) / static_cast<double>(p.nSamples));
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const int v = candidates[i];
    if (v < 0 || v >= cov.dim) throw std::invalid_argument("variable index " + std::to_string(v) + " is out of range");
    if (i > 0 && v <= candidates[i - 1]) throw std::invalid_argument("candidate variables must be distinct and ascending");
    p.original.push_back(v);
  }
  const int n = p.n;
  p.c.resize(static_cast<std::size_t>(p.tracks()) * n * n);
  for (int t = 0; t < p.tracks(); ++t) {
    const CovarianceView view = t == 0 ? cov : classes.view(t - 1, cov.dim);
    double* m = p.c.data() + static_cast<std::size_t>(t) * n * n;
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b) m[static_cast<std::size_t>(a) * n + b] = view(p.original[a], p.original[b]);
  }
  p.inverseVariance.resize(n);
  p.halfLogVariance.resize(n);
  p.variance.resize(n);
  for (int a = 0; a < n; ++a) {
    const double var = p.at(0, a, a);
    if (!(var > 0) || !std::isfinite(var))
      throw std::invalid_argument("variable index " + std::to_string(p.original[a]) + " has zero or invalid variance");
    p.inverseVariance[a] = 1.0 / var;
    p.halfLogVariance[a] = 0.5 * std::log(var);
    p.variance[a] = var;
  }
  return p;
}

SearchResult searchDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates,
                            const SearchOptions& o, const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const DiscreteProblem p = makeDiscreteProblem(cov, classes, candidates);
  return search_driver::run(DiscreteKind(p, o.rankBy, o.naive), o, cancel, progress);
}

}  // namespace oinfo
