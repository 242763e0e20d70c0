#include "combinations.hpp"

#include <stdexcept>

namespace oinfo {

std::uint64_t binomial(int n, int k) {
  if (k < 0 || n < 0 || k > n) return 0;
  if (k > n - k) k = n - k;
  unsigned __int128 c = 1;
  for (int i = 1; i <= k; ++i) {
    c = c * static_cast<unsigned>(n - k + i) / static_cast<unsigned>(i);  // exact at every step
    if (c >= kCountOverflow) return kCountOverflow;
  }
  return static_cast<std::uint64_t>(c);
}

BinomialTable::BinomialTable(int n, int k) : n_(n), k_(k), table_(static_cast<std::size_t>(n + 1) * (k + 1), 0) {
  if (n < 0 || k < 0) throw std::invalid_argument("BinomialTable: negative size");
  for (int a = 0; a <= n; ++a) {
    table_[static_cast<std::size_t>(a) * (k + 1)] = 1;
    for (int b = 1; b <= k && b <= a; ++b) {
      const std::uint64_t x = (*this)(a - 1, b - 1), y = (*this)(a - 1, b);
      table_[static_cast<std::size_t>(a) * (k + 1) + b] = (x >= kCountOverflow - y) ? kCountOverflow : x + y;
    }
  }
}

std::uint64_t BinomialTable::rank(const int* c) const {
  // Count the combinations that come first: at position i, those with a smaller value there.
  std::uint64_t r = 0;
  int start = 0;
  for (int i = 0; i < k_; ++i) {
    for (int x = start; x < c[i]; ++x) r += (*this)(n_ - x - 1, k_ - i - 1);
    start = c[i] + 1;
  }
  return r;
}

void BinomialTable::unrank(std::uint64_t r, int* c) const {
  int x = 0;
  for (int i = 0; i < k_; ++i) {
    for (;; ++x) {
      const std::uint64_t below = (*this)(n_ - x - 1, k_ - i - 1);
      if (r < below) break;
      r -= below;
    }
    c[i] = x++;
  }
}

}  // namespace oinfo
