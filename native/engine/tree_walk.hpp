// The walk of the lexicographic combination tree shared by both enumerations (TreeEnumerator,
// enumerator.hpp; DiscreteEnumerator, discrete_enumerator.hpp).
//
// The multiplets of size k are the leaves of the tree; levels 0..k − 2 of the current prefix c[0..k−2] are
// kept (level s + 1 = level s with candidate c[s] added), the deepest one, the leaf node, only as the
// border of its parent (prepareLeafNode), and the leaves c[0..k−2] + v for v in a row [vBegin, vEnd) are
// evaluated together. A node that is singular makes its whole subtree singular: those leaves are counted
// (evaluated and singular) and skipped. Moving to the next prefix rebuilds only the levels that changed.
// The walk is the same whatever the shard [from, to) it starts and ends at, so every multiplet is built
// along its own sorted path with the same operations in the same order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "combinations.hpp"

namespace oinfo {

struct ShardStats {
  std::uint64_t evaluated = 0;  // leaves visited, singular ones included
  std::uint64_t singular = 0;   // leaves skipped because d² ≤ 1e-12 Σ_vv somewhere on their path
  bool cancelled = false;
};

// The candidate columns [begin, end) a node is built for.
struct ColumnSpan {
  int begin, end;
};

namespace tree_walk {

// Visits the leaves of lexicographic rank [from, to) (to capped at C(n, k)) with
//   buildChild(s, u, spans, spanCount) → bool   level s + 1 = level s with candidate u, for the columns
//                                               in the spans; false when the new node is singular
//   prepareLeafNode(u) → bool                   (k ≥ 2) the leaf node = level k − 2 with u; false when singular
//   leafRow(vBegin, vEnd, c, stats)             evaluates the leaves c[0..k−2] + v, v in [vBegin, vEnd)
template <class BuildChild, class PrepareLeafNode, class LeafRow>
ShardStats run(const BinomialTable& binomials, std::uint64_t from, std::uint64_t to, const std::atomic<bool>* cancel,
               BuildChild&& buildChild, PrepareLeafNode&& prepareLeafNode, LeafRow&& leafRow) {
  ShardStats stats;
  const int n = binomials.n(), k = binomials.k();
  const int deepest = std::max(0, k - 2);  // the deepest level kept; the leaf node's row is fused
  to = std::min<std::uint64_t>(to, binomials(n, k));
  if (from >= to) return stats;
  std::vector<int> c(k);
  binomials.unrank(from, c.data());
  std::uint64_t cur = from;
  int built = 0;  // levels 0..built match the prefix c[0..built−1]
  while (cur < to) {
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      stats.cancelled = true;
      return stats;
    }
    int t = built;
    while (t < deepest) {
      const ColumnSpan span{c[t] + 1, n};
      if (!buildChild(t, c[t], &span, 1)) break;
      ++t;
    }
    const bool singular = t < deepest || (k >= 2 && !prepareLeafNode(c[k - 2]));
    if (singular) {
      // Σ of the prefix c[0..t] is singular, and so is every leaf below it: skip the subtree.
      std::vector<int> last(c.begin(), c.begin() + t + 1);
      for (int i = t + 1; i < k; ++i) last.push_back(n - k + i);
      const std::uint64_t end = std::min<std::uint64_t>(binomials.rank(last.data()) + 1, to);
      stats.evaluated += end - cur;
      stats.singular += end - cur;
      cur = end;
      if (cur >= to) break;
      std::vector<int> next(k);
      binomials.unrank(cur, next.data());
      int same = 0;
      while (same < k && next[same] == c[same]) ++same;
      built = std::min(same, t);
      c = next;
      continue;
    }
    built = deepest;
    const int vBegin = c[k - 1];
    const int vEnd = static_cast<int>(std::min<std::uint64_t>(n, vBegin + (to - cur)));
    leafRow(vBegin, vEnd, static_cast<const int*>(c.data()), stats);
    cur += static_cast<std::uint64_t>(vEnd - vBegin);
    if (cur >= to) break;
    // The row ran to v = n − 1: move to the next prefix in lexicographic order.
    int s = k - 2;
    while (s >= 0 && c[s] == n - k + s) --s;
    if (s < 0) break;
    ++c[s];
    for (int i = s + 1; i < k; ++i) c[i] = c[i - 1] + 1;
    built = std::min(built, s);
  }
  return stats;
}

// Builds the path of one sorted combination down to its leaf node, only the columns it needs (each
// computed exactly as the whole walk computes it); false when a node on the path is singular.
template <class BuildChild, class PrepareLeafNode>
bool buildPath(int k, const int* combination, BuildChild&& buildChild, PrepareLeafNode&& prepareLeafNode) {
  std::vector<ColumnSpan> spans;
  for (int t = 0; t < k - 2; ++t) {
    spans.clear();
    for (int i = t + 1; i < k; ++i) spans.push_back({combination[i], combination[i] + 1});
    if (!buildChild(t, combination[t], spans.data(), static_cast<int>(spans.size()))) return false;
  }
  return !(k >= 2 && !prepareLeafNode(combination[k - 2]));
}

}  // namespace tree_walk
}  // namespace oinfo
