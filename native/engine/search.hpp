// Search for the most synergistic and most redundant multiplets of each size (SPEC §3):
// exhaustive up to exhaustiveMax with the tree enumeration, greedy (beam) above.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "conventions.hpp"
#include "covariance_view.hpp"

namespace oinfo {

// No defaults here: the API (src/api/searchOptions.ts) resolves every field and the protocol decodes
// them all; search() asserts what it relies on.
// How sizes above exhaustiveMax are searched: greedy extension of the previous size's best `beam`
// (beam 1 is the paper's greedy), or simulated annealing (annealing.hpp).
enum class AboveMethod { Greedy, Annealing };

// How a search over groups (multivariate variables, groups.hpp) evaluates its exhaustive sizes: chosen by
// the rule of group_search.cpp (Auto), one Cholesky of each multiplet (Direct), or the block-bordered tree
// (Tree, group_enumerator.hpp). Searches without groups ignore it.
enum class GroupRoute { Auto, Direct, Tree };

struct SearchOptions {
  int minSize = 0;
  int maxSize = 0;
  int exhaustiveMax = 0;  // sizes up to this are exhaustive, `method` above
  AboveMethod method = AboveMethod::Greedy;
  int beam = 0;           // greedy: 1 = the paper's greedy
  // annealing: evaluations per list and size, split over `restarts` chains; `seed` makes it repeatable.
  std::uint64_t budget = 0;
  // annealing: > 0, a budget in seconds of wall time per size instead (both lists' chains share it; see
  // annealing.hpp). The number of evaluations then depends on the machine: not repeatable.
  double budgetSeconds = 0;
  int restarts = 0;
  std::uint64_t seed = 0;
  int top = 0;            // length of each reported list
  int threads = 0;        // ≤ 0: all cores
  EstimatorOptions estimator;
  // The measure the lists rank by: synergy keeps its lowest values, redundancy its highest.
  RankBy rankBy = RankBy::Oinfo;
  // Evaluate exhaustive sizes with the naive oracle (measureNaive per multiplet) instead of the tree
  // enumeration: the baseline of the benchmarks, and an independent check in tests.
  bool naive = false;
  // > 0: per exhaustive size, the histogram of Ω over all its multiplets in this many bins
  // (omega_histogram.hpp); either target kind, tree enumeration only.
  int histogramBins = 0;
  // Groups only: the route of the exhaustive sizes.
  GroupRoute groupRoute = GroupRoute::Auto;
  // Optional single shard [shardFrom, shardTo) of the lexicographic ranks; needs minSize == maxSize ≤ exhaustiveMax.
  bool useShard = false;
  std::uint64_t shardFrom = 0, shardTo = 0;
};

struct ReportedMultiplet {
  std::vector<int> variables;  // indices into the caller's covariance, ascending; the target is not repeated
  // The four measures in the requested units, bias-corrected if asked; DTC = TC − Ω, S = TC + DTC.
  // Ranked by Ω, Ω is the key (bit-identical whatever the thread or shard) and TC comes from ln det Σ_Z;
  // ranked by another measure, Ω and TC are those the enumeration computed the key from, so the
  // ranked measure is the key (plus its bias constant, in the units), bit-identical likewise.
  double oinfo = 0, tc = 0, dtc = 0, sinfo = 0;
};

struct SizeResult {
  int size = 0;
  std::string method;  // "exhaustive", "greedy" or "annealing"
  std::uint64_t evaluated = 0;
  std::uint64_t singular = 0;
  std::vector<ReportedMultiplet> synergy;     // the ranked measure ascending
  std::vector<ReportedMultiplet> redundancy;  // the ranked measure descending
  // With histogramBins, exhaustive sizes: counts of Ω in equal bins over [histogramMin, histogramMax]
  // (the reported units, bias-corrected if asked); empty otherwise.
  std::vector<std::uint64_t> histogram;
  double histogramMin = 0, histogramMax = 0;
};

struct SearchResult {
  std::vector<SizeResult> sizes;  // minSize..maxSize
  bool cancelled = false;
};

// Called with (multiplets done, multiplets planned). May be called from any worker thread, at most
// every ~50 ms and once at the end; it must be thread-safe.
using ProgressCallback = std::function<void(std::uint64_t, std::uint64_t)>;

// candidates: ascending indices into cov; target: index or −1. Throws std::invalid_argument on bad options.
SearchResult search(const CovarianceView& cov, const std::vector<int>& candidates, int target, const SearchOptions& options,
                    const std::atomic<bool>* cancel = nullptr, const ProgressCallback& progress = nullptr);

// The search over groups: the candidates are groups of columns (columns: indices into cov, group after
// group; sizes: each group's column count), each a variable of the multiplet (groups.hpp); target: index or
// −1 (a 1-column variable of every multiplet). The reported variables are group positions (0..sizes − 1).
// Ranked on bias-corrected values when bias correction is asked (the block dimensions set the bias).
SearchResult searchGroups(const CovarianceView& cov, const std::vector<int>& columns, const std::vector<int>& sizes, int target,
                          const SearchOptions& options, const std::atomic<bool>* cancel = nullptr,
                          const ProgressCallback& progress = nullptr);

// Multiplets the search will evaluate (exhaustive sizes exactly, greedy sizes as an upper bound);
// kCountOverflow when it does not fit in 64 bits.
std::uint64_t plannedMultiplets(int nCandidates, const SearchOptions& options);

}  // namespace oinfo
