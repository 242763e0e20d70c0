// The search over groups (multivariate variables, groups.hpp): the driver of search_driver.hpp with the
// groups' policy. Keys, Ω and TC are bias-corrected nats when bias correction is asked (the block
// dimensions of a multiplet set its bias, so a size no longer shares one constant); the policy's bias(k)
// is then zero and the report only converts units.
//
// Routes of the exhaustive sizes (SearchOptions::groupRoute; greedy, beam and annealing evaluate along
// the same route so that a multiplet has one value):
//   - every group a single column: today's scalar enumeration (search.cpp), exactly — the same lists,
//     bit for bit, as the search without groups;
//   - Tree: the block-bordered enumeration (group_enumerator.hpp), O(Σ_j d_j d_v (d_j + d_v)) per leaf;
//   - Direct: one Cholesky of every multiplet (groups.hpp BlockEvaluator), O(D³) per multiplet.
// Auto picks Tree, which was faster at every shape measured, unless one thread's tree would need more than
// 256 MB (then Direct): see chooseRoute.
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "group_enumerator.hpp"
#include "groups.hpp"
#include "search.hpp"
#include "search_driver.hpp"

namespace oinfo {

MeasureBias groupBias(const GroupProblem& problem, const int* dims, int m);  // group_enumerator.cpp

// Validates and lays out the problem; kept out of group_enumerator.cpp, which the WASM build compiles
// without exception support (wasm/build.mjs NO_CATCH_SOURCES).
GroupProblem makeGroupProblem(const CovarianceView& cov, const std::vector<int>& columns, const std::vector<int>& sizes, int target) {
  validateGroupSizes(sizes, columns.size());
  GroupProblem p;
  p.hasTarget = target >= 0 ? 1 : 0;
  p.n = static_cast<int>(sizes.size());
  p.columns = static_cast<int>(columns.size());
  p.q = p.columns + p.hasTarget;
  p.nSamples = cov.nSamples;
  if (target >= cov.dim) throw std::invalid_argument("target index " + std::to_string(target) + " is out of range");
  if (p.hasTarget) p.original.push_back(target);
  std::vector<char> seen(static_cast<std::size_t>(cov.dim), 0);
  for (int v : columns) {
    if (v < 0 || v >= cov.dim) throw std::invalid_argument("variable index " + std::to_string(v) + " is out of range");
    if (v == target) throw std::invalid_argument("the target cannot also be a column of a group");
    if (seen[v]) throw std::invalid_argument("column index " + std::to_string(v) + " is in more than one group");
    seen[v] = 1;
    p.original.push_back(v);
  }
  int offset = 0;
  for (int g = 0; g < p.n; ++g) {
    p.dim.push_back(sizes[g]);
    p.offset.push_back(offset);
    for (int a = 0; a < sizes[g]; ++a) p.groupOfColumn.push_back(g);
    offset += sizes[g];
    p.maxDim = std::max(p.maxDim, sizes[g]);
  }
  p.offset.push_back(offset);
  p.c.resize(static_cast<std::size_t>(p.q) * p.q);
  for (int a = 0; a < p.q; ++a) {
    for (int b = 0; b < p.q; ++b) p.c[static_cast<std::size_t>(a) * p.q + b] = cov(p.original[a], p.original[b]);
    const double var = p.at(a, a);
    if (!(var > 0) || !std::isfinite(var))
      throw std::invalid_argument("variable index " + std::to_string(p.original[a]) + " has zero or invalid variance");
  }
  const CovarianceView view = p.view();
  std::vector<int> members;
  for (int g = 0; g < p.n; ++g) {
    members.clear();
    for (int a = 0; a < p.dim[g]; ++a) members.push_back(p.offset[g] + a + p.hasTarget);
    p.groupLogDet.push_back(blockLogDet(view, members.data(), p.dim[g]));
  }
  for (int d = 0; d <= p.q; ++d) p.entropyBias.push_back(p.nSamples > d ? oinfo::entropyBias(d, p.nSamples) : 0.0);
  return p;
}

namespace {

class GroupKind {
 public:
  using Enumerator = GroupEnumerator;

  GroupKind(const GroupProblem& p, const SearchOptions& o, bool direct)
      : p_(p), rankBy_(o.rankBy), biasCorrect_(o.estimator.biasCorrect), direct_(direct), view_(p.view()) {}

  int candidates() const { return p_.n; }

  void validateSamples(const SearchOptions& o) const {
    const int d = p_.largestDimension(o.maxSize);
    if (p_.nSamples <= d + 1)
      throw std::invalid_argument("multiplets of up to " + std::to_string(d) + " columns need more than " + std::to_string(d + 1) +
                                  " samples, got " + std::to_string(p_.nSamples));
  }

  std::unique_ptr<GroupEnumerator> enumerator(int k) const {
    return std::make_unique<GroupEnumerator>(p_, k, rankBy_, biasCorrect_, !direct_);
  }

  // The direct route: one Cholesky of the multiplet (the target first, then the groups in order).
  bool direct(const int* c, int k, LeafScore& score) const {
    thread_local BlockEvaluator evaluator;
    thread_local std::vector<int> members, sizes;
    thread_local std::vector<double> logDets;
    members.clear();
    sizes.clear();
    logDets.clear();
    if (p_.hasTarget) {
      members.push_back(0);
      sizes.push_back(1);
      logDets.push_back(std::log(p_.at(0, 0)));
    }
    for (int i = 0; i < k; ++i) {
      const int g = c[i];
      for (int a = 0; a < p_.dim[g]; ++a) members.push_back(p_.offset[g] + a + p_.hasTarget);
      sizes.push_back(p_.dim[g]);
      logDets.push_back(p_.groupLogDet[g]);
    }
    double tc, dtc;
    if (!evaluator.evaluate(view_, members.data(), sizes.data(), static_cast<int>(sizes.size()), logDets.data(), tc, dtc)) return false;
    double omega = tc - dtc;
    if (biasCorrect_) {
      const MeasureBias b = groupBias(p_, sizes.data(), static_cast<int>(sizes.size()));
      omega += b.oinfo;
      tc += b.tc;
    }
    score.omega = omega;
    score.tc = tc;
    score.key = rankKey(rankBy_, omega, tc);
    return std::isfinite(score.key) && std::isfinite(omega) && std::isfinite(tc);
  }

  void offerNaive(const int* c, int k, std::vector<int>&, TopK& synergy, TopK& redundancy) const {
    LeafScore s;
    if (!direct(c, k, s)) throw SingularMultiplet("singular");
    synergy.offer(s.key, c, k, s.omega, s.tc);
    redundancy.offer(s.key, c, k, s.omega, s.tc);
  }

  bool offerExtension(GroupEnumerator& e, const int* c, int k, TopK& list) const {
    LeafScore s;
    if (!(direct_ ? direct(c, k, s) : e.evaluate(c, s))) return false;
    list.offer(s.key, c, k, s.omega, s.tc);
    return true;
  }

  MeasureBias bias(int) const { return MeasureBias{}; }  // already in the keys, Ω and TC

  void describe(const ScoredMultiplet& item, std::vector<int>& variables, double& omega, double& tc) const {
    variables.assign(item.members.begin(), item.members.end());  // group positions
    omega = item.omega;
    tc = item.tc;
  }

 private:
  const GroupProblem& p_;
  RankBy rankBy_;
  bool biasCorrect_;
  bool direct_;
  CovarianceView view_;
};

// The working memory of one thread's tree for size k (bytes): per level B (rows × P), P_S and the M_j
// (rows² each) and the Schur blocks (Σ_g d_g²).
double treeBytes(const GroupProblem& p, int k) {
  const double rows = p.largestDimension(k - 1);
  double schur = 0;
  for (int d : p.dim) schur += static_cast<double>(d) * d;
  return 8.0 * k * (rows * p.columns + 2 * rows * rows + schur);
}

// Auto: the tree, unless one thread's tree would need more than kTreeMemoryLimit. Measured (bench/groups.ts,
// README "Multivariate variables"): the tree is faster than the direct route at every shape tried, from
// one-column groups (6.5×) through many small groups (13–17×) to groups of 40 columns (1.6×) — its leaf costs
// O(Σ_j d_j d_v (d_j + d_v)) against the direct O(D³), and its node costs spread over the node's leaves —
// so the direct route is the fallback for memory only (a very wide problem searched at a large size).
constexpr double kTreeMemoryLimit = 256.0 * 1024 * 1024;

GroupRoute chooseRoute(const GroupProblem& p, const SearchOptions& o) {
  if (o.groupRoute != GroupRoute::Auto) return o.groupRoute;
  if (o.naive) return GroupRoute::Direct;
  for (int k = 1; k <= o.maxSize && k <= p.n; ++k)
    if (treeBytes(p, k) > kTreeMemoryLimit && o.histogramBins == 0) return GroupRoute::Direct;
  return GroupRoute::Tree;
}

}  // namespace

SearchResult searchGroups(const CovarianceView& cov, const std::vector<int>& columns, const std::vector<int>& sizes, int target,
                          const SearchOptions& options, const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const bool singletons = std::all_of(sizes.begin(), sizes.end(), [](int s) { return s == 1; });
  if (singletons && options.groupRoute == GroupRoute::Auto && std::is_sorted(columns.begin(), columns.end())) {
    // Every group one column: the scalar enumeration, whose lists are those of the search without groups.
    validateGroupSizes(sizes, columns.size());
    SearchResult r = search(cov, columns, target, options, cancel, progress);
    for (auto& size : r.sizes)
      for (auto* list : {&size.synergy, &size.redundancy})
        for (auto& m : *list)
          for (int& v : m.variables) v = static_cast<int>(std::lower_bound(columns.begin(), columns.end(), v) - columns.begin());
    return r;
  }
  const GroupProblem p = makeGroupProblem(cov, columns, sizes, target);
  const GroupRoute route = chooseRoute(p, options);
  SearchOptions o = options;
  o.naive = route == GroupRoute::Direct;
  if (o.naive && o.histogramBins > 0) throw std::invalid_argument("an Ω histogram of groups needs the tree route");
  return search_driver::run(GroupKind(p, o, o.naive), o, cancel, progress);
}

}  // namespace oinfo
