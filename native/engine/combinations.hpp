// Counting, ranking and unranking k-combinations of {0..n−1} in lexicographic order. Ranks let any
// C(n, k) enumeration be cut into shards [from, to) for threads, processes or machines (SPEC §2).
#pragma once

#include <cstdint>
#include <vector>

namespace oinfo {

// Saturates at kCountOverflow instead of wrapping: a count that large is never enumerated anyway.
constexpr std::uint64_t kCountOverflow = UINT64_MAX;

// C(n, k), saturating.
std::uint64_t binomial(int n, int k);

// Table of C(a, b) for 0 ≤ a ≤ n, 0 ≤ b ≤ k, for fast rank/unrank.
class BinomialTable {
 public:
  BinomialTable(int n, int k);
  std::uint64_t operator()(int a, int b) const {
    return (a < 0 || b < 0 || b > a) ? 0 : table_[static_cast<std::size_t>(a) * (k_ + 1) + b];
  }
  int n() const { return n_; }
  int k() const { return k_; }

  // Lexicographic rank of a sorted combination of {0..n−1} of size k.
  std::uint64_t rank(const int* combination) const;
  // The combination of the given rank (rank < C(n, k)).
  void unrank(std::uint64_t rank, int* combination) const;

 private:
  int n_, k_;
  std::vector<std::uint64_t> table_;
};

}  // namespace oinfo
