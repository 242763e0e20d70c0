#include "search.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "combinations.hpp"
#include "annealing.hpp"
#include "enumerator.hpp"
#include "measure.hpp"
#include "problem.hpp"
#include "search_driver.hpp"
#include "top_k.hpp"

namespace oinfo {

namespace {

// The continuous target (or none) for the search driver (search_driver.hpp): the tree enumeration over
// the compact problem, ranked by o.rankBy.
class ContinuousKind {
 public:
  using Enumerator = TreeEnumerator;

  ContinuousKind(const CompactProblem& p, RankBy rankBy, bool naive)
      : p_(p), rankBy_(rankBy), view_{p.c.data(), p.q, p.nSamples}, naive_(naive) {}

  int candidates() const { return p_.n; }

  void validateSamples(const SearchOptions& o) const {
    const int m = o.maxSize + p_.hasTarget;
    if (p_.nSamples <= m + 1)
      throw std::invalid_argument("multiplets of " + std::to_string(m) + " variables need more than " + std::to_string(m + 1) +
                                  " samples, got " + std::to_string(p_.nSamples));
  }

  std::unique_ptr<TreeEnumerator> enumerator(int k) const { return std::make_unique<TreeEnumerator>(p_, k, rankBy_); }

  // measureNaive of the multiplet (the target first, then the candidates), keyed by the measure ranked by.
  void offerNaive(const int* c, int k, std::vector<int>& members, TopK& synergy, TopK& redundancy) const {
    members.resize(k + p_.hasTarget);
    for (int i = 0; i < k; ++i) members[i] = p_.compact(c[i]);
    if (p_.hasTarget) members[k] = 0;
    const Measures m = measureNaive(view_, members, EstimatorOptions{false, Units::Nats});
    search_driver::offerMeasures(rankBy_, m, c, k, synergy, redundancy);
  }

  bool offerExtension(TreeEnumerator& e, const int* c, int k, TopK& list) const {
    LeafScore score;
    if (!e.evaluate(c, score)) return false;
    list.offer(score.key, c, k, score.omega, score.tc);
    return true;
  }

  MeasureBias bias(int k) const { return measureBias(k + p_.hasTarget, p_.nSamples); }

  void describe(const ScoredMultiplet& item, std::vector<int>& variables, double& omega, double& tc) const {
    std::vector<int> members(p_.hasTarget, 0);  // the enumeration's order: the target first, then the candidates
    for (int v : item.members) {
      variables.push_back(p_.original[p_.compact(v)]);
      members.push_back(p_.compact(v));
    }
    // Ranked by Ω, the key is Ω; otherwise the key is rankKey(Ω, TC) of the Ω and TC carried with it.
    const bool byOmega = rankBy_ == RankBy::Oinfo;
    omega = byOmega ? item.value : item.omega;
    tc = byOmega ? treeTotalCorrelation(item.members, members) : item.tc;
  }

 private:
  // Ranked by Ω, the lists carry no TC: the tree's own, as a search ranked by TC (and `--all`) computes it,
  // so that a multiplet's TC does not depend on the measure ranked by. The naive oracle keeps its own
  // (a Cholesky of Σ_Z), independent of the tree.
  double treeTotalCorrelation(const std::vector<int>& positions, const std::vector<int>& compact) const {
    if (naive_) return totalCorrelationNats(view_, compact);
    const int k = static_cast<int>(positions.size());
    if (!tcEnumerator_ || tcSize_ != k) {
      tcEnumerator_ = std::make_unique<TreeEnumerator>(p_, k, RankBy::Tc);
      tcSize_ = k;
    }
    LeafScore score;
    return tcEnumerator_->evaluate(positions.data(), score) ? score.tc : totalCorrelationNats(view_, compact);
  }

  const CompactProblem& p_;
  RankBy rankBy_;
  CovarianceView view_;
  bool naive_;
  mutable std::unique_ptr<TreeEnumerator> tcEnumerator_;
  mutable int tcSize_ = 0;
};

std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) { return a >= kCountOverflow - b ? kCountOverflow : a + b; }

}  // namespace

std::uint64_t plannedMultiplets(int n, const SearchOptions& o) {
  if (o.useShard) return o.shardTo > o.shardFrom ? o.shardTo - o.shardFrom : 0;
  std::uint64_t total = 0;
  for (int k = search_driver::firstComputedSize(o); k <= o.maxSize; ++k) {
    if (k <= o.exhaustiveMax)
      total = saturatingAdd(total, binomial(n, k));
    else if (o.method == AboveMethod::Annealing)
      total = saturatingAdd(total, o.budgetSeconds > 0 ? annealing::timedProgressUnits(o.budgetSeconds) : 2 * o.budget);
    else
      total = saturatingAdd(total, 2ull * static_cast<std::uint64_t>(o.beam) * static_cast<std::uint64_t>(std::max(0, n - k + 1)));
  }
  return total;
}

SearchResult search(const CovarianceView& cov, const std::vector<int>& candidates, int target, const SearchOptions& o,
                    const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const CompactProblem p = makeProblem(cov, candidates, target);
  return search_driver::run(ContinuousKind(p, o.rankBy, o.naive), o, cancel, progress);
}

}  // namespace oinfo
