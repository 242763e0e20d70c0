// The distribution of Ω over every multiplet of a size (`--histogram BINS`, hoi's "landscape"), in
// constant memory at the enumeration's speed: each leaf adds one count to a fine grid of width
// kFineWidth nats (bias-free), grown as values arrive; the exact min and max are kept beside it.
// At the end the fine counts are gathered into BINS equal bins between min and max, each fine bin
// going whole to the bin that holds its centre — so a bin edge is exact to kFineWidth / 2 nats.
//
// Ranking by Ω, the enumeration gives Ω from a fast logarithm (fast_log.hpp) and the exact one only where
// it may be the min or max (addApproximate): a value may land in a neighbouring fine cell when within
// ~1e-13 nats of its edge, well inside the half-width the bins are exact to.
//
// Invariants: counts add up to the multiplets that were not singular; merging histograms (threads,
// shards) is adding their fine counts, so the result does not depend on how the work was split.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace oinfo {

class OmegaHistogram {
 public:
  static constexpr double kFineWidth = 1e-4;  // nats
  static constexpr double kApproximation = 1e-9;  // nats: far above fast_log.hpp's error

  void add(double omega) {
    count(omega);
    min_ = std::min(min_, omega);
    max_ = std::max(max_, omega);
  }

  // A value from a fast logarithm (fast_log.hpp, within kApproximation of the exact one): counted as it
  // is, unless it may be a new min or max, whose exact value `exact()` gives.
  template <class Exact>
  void addApproximate(double omega, Exact&& exact) {
    if (omega > min_ + kApproximation && omega < max_ - kApproximation)
      count(omega);  // inside the extremes: they stay as they are
    else
      add(exact());
  }

  void merge(const OmegaHistogram& other) {
    if (other.counts_.empty()) return;
    reach(other.first_, other.first_ + static_cast<std::int64_t>(other.counts_.size()) - 1);
    for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[static_cast<std::size_t>(other.first_ - first_) + i] += other.counts_[i];
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }

  // Not kept as a running count: in the hot loop its store would be a second memory increment per leaf.
  std::uint64_t total() const {
    std::uint64_t sum = 0;
    for (const std::uint64_t c : counts_) sum += c;
    return sum;
  }
  double min() const { return min_; }
  double max() const { return max_; }

  // `bins` equal bins over [min, max] (all in the first when min == max).
  std::vector<std::uint64_t> bins(int bins) const {
    std::vector<std::uint64_t> out(static_cast<std::size_t>(bins), 0);
    if (counts_.empty()) return out;
    const double width = (max_ - min_) / bins;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] == 0) continue;
      const double centre = (static_cast<double>(first_ + static_cast<std::int64_t>(i)) + 0.5) * kFineWidth;
      int b = width > 0 ? static_cast<int>(std::floor((centre - min_) / width)) : 0;
      b = std::clamp(b, 0, bins - 1);
      out[static_cast<std::size_t>(b)] += counts_[i];
    }
    return out;
  }

 private:
  // One more in omega's fine cell.
  void count(double omega) {
    const double scaled = omega / kFineWidth;
    auto cell = static_cast<std::int64_t>(scaled);  // floor, without a call
    if (static_cast<double>(cell) > scaled) --cell;
    reach(cell, cell);
    ++counts_[static_cast<std::size_t>(cell - first_)];
  }

  // Makes cells [lo, hi] addressable.
  void reach(std::int64_t lo, std::int64_t hi) {
    if (counts_.empty()) {
      first_ = lo;
      counts_.assign(static_cast<std::size_t>(hi - lo + 1), 0);
      return;
    }
    const std::int64_t last = first_ + static_cast<std::int64_t>(counts_.size()) - 1;
    if (lo < first_) {
      counts_.insert(counts_.begin(), static_cast<std::size_t>(first_ - lo), 0);
      first_ = lo;
    }
    if (hi > last) counts_.resize(counts_.size() + static_cast<std::size_t>(hi - last), 0);
  }

  std::int64_t first_ = 0;
  std::vector<std::uint64_t> counts_;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace oinfo
