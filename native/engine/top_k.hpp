// The K best multiplets seen so far, under a total order: the key (Ω, or the measure ranked by) first,
// then the lexicographic order of the members, so that the kept set never depends on the order in
// which multiplets arrive (threads).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace oinfo {

struct ScoredMultiplet {
  double value;              // the ranking key (Ω or the measure ranked by) in bias-free nats until reported
  std::vector<int> members;  // sorted positions in the candidate list
  // When ranking by another measure than Ω: the Ω and TC (bias-free nats) the key was computed from
  // (rankKey), carried to the report so that the reported values are the ranked ones. NaN otherwise.
  double omega = std::numeric_limits<double>::quiet_NaN();
  double tc = std::numeric_limits<double>::quiet_NaN();
};

// Synergy keeps the lowest keys, redundancy the highest (whatever measure the key is).
enum class Direction { Lowest, Highest };

class TopK {
 public:
  TopK(std::size_t capacity, Direction direction) : capacity_(capacity), direction_(direction) {}

  // True when a multiplet with this key would enter the list.
  bool accepts(double value, const int* members, int size) const {
    if (capacity_ == 0) return false;
    if (items_.size() < capacity_) return true;
    return better(value, members, size, items_.front());
  }

  void offer(double value, const int* members, int size, double omega = std::numeric_limits<double>::quiet_NaN(),
             double tc = std::numeric_limits<double>::quiet_NaN()) {
    if (!accepts(value, members, size)) return;
    ScoredMultiplet item{value, std::vector<int>(members, members + size), omega, tc};
    auto worseFirst = [this](const ScoredMultiplet& a, const ScoredMultiplet& b) { return isBetter(a, b); };
    if (items_.size() == capacity_) {
      std::pop_heap(items_.begin(), items_.end(), worseFirst);
      items_.back() = std::move(item);
    } else {
      items_.push_back(std::move(item));
    }
    std::push_heap(items_.begin(), items_.end(), worseFirst);
  }

  // offer() for searches that may meet a multiplet more than once (annealing): one that is already
  // kept is not kept twice. The scan runs only for entrants, which are rare once the list is full.
  void offerDistinct(double value, const int* members, int size, double omega = std::numeric_limits<double>::quiet_NaN(),
                     double tc = std::numeric_limits<double>::quiet_NaN()) {
    if (!accepts(value, members, size)) return;
    for (const auto& item : items_)
      if (std::equal(item.members.begin(), item.members.end(), members, members + size)) return;
    offer(value, members, size, omega, tc);
  }

  void mergeDistinct(const TopK& other) {
    for (const auto& item : other.items_)
      offerDistinct(item.value, item.members.data(), static_cast<int>(item.members.size()), item.omega, item.tc);
  }

  void merge(const TopK& other) {
    for (const auto& item : other.items_)
      offer(item.value, item.members.data(), static_cast<int>(item.members.size()), item.omega, item.tc);
  }

  // The value a candidate must beat (or tie) to enter; ±∞ while the list is not full.
  double threshold() const {
    if (items_.size() < capacity_ || capacity_ == 0)
      return direction_ == Direction::Lowest ? std::numeric_limits<double>::infinity()
                                             : -std::numeric_limits<double>::infinity();
    return items_.front().value;
  }

  // Best first.
  std::vector<ScoredMultiplet> sorted() const {
    std::vector<ScoredMultiplet> out = items_;
    std::sort(out.begin(), out.end(), [this](const ScoredMultiplet& a, const ScoredMultiplet& b) { return isBetter(a, b); });
    return out;
  }

  std::size_t capacity() const { return capacity_; }
  Direction direction() const { return direction_; }
  std::size_t size() const { return items_.size(); }

 private:
  bool better(double value, const int* members, int size, const ScoredMultiplet& than) const {
    if (value != than.value) return direction_ == Direction::Lowest ? value < than.value : value > than.value;
    return std::lexicographical_compare(members, members + size, than.members.begin(), than.members.end());
  }
  bool isBetter(const ScoredMultiplet& a, const ScoredMultiplet& b) const {
    return better(a.value, a.members.data(), static_cast<int>(a.members.size()), b);
  }

  std::size_t capacity_;
  Direction direction_;
  std::vector<ScoredMultiplet> items_;  // a heap with the worst kept item at the front
};

}  // namespace oinfo
