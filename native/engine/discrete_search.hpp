// Search with a discrete target (SPEC §7): the same contract as search() (search.hpp) — exhaustive sizes
// up to exhaustiveMax with the tree enumeration (DiscreteEnumerator), greedy (beam) above, shards,
// deterministic merges, cancellation and progress — over X's covariance and the class covariances.
#pragma once

#include <atomic>
#include <vector>

#include "discrete.hpp"
#include "search.hpp"

namespace oinfo {

// candidates: ascending indices into cov (and every class covariance). The target is not a variable of
// cov: it joins every multiplet through the classes. The size k counts the candidates of a multiplet;
// every class needs more than maxSize + 1 samples. Throws std::invalid_argument on bad options.
SearchResult searchDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates,
                            const SearchOptions& options, const std::atomic<bool>* cancel = nullptr,
                            const ProgressCallback& progress = nullptr);

}  // namespace oinfo
