// The O(k)-per-multiplet enumeration of SPEC §2.
//
// Multiplets of size k are the leaves of the lexicographic combination tree. Each tree node S (the
// target, if any, then the chosen candidates) keeps, for every later candidate v:
//   B[:, v] = Σ_S⁻¹ Σ_{S,v}     and     d²_v = Σ_vv − Σ_{S,v}ᵀ B[:, v]   (the Schur complement),
// plus diag(Σ_S⁻¹) and ln det Σ_S. Adding u to S is a rank-one update of these, O(|S|) per column:
//   g_v = (Σ_uv − Σ_{S,u}ᵀ B[:, v]) / d²_u,   B'[:, v] = [B[:, v] − B[:, u] g_v ; g_v],
//   d²'_v = d²_v − g_v² d²_u,   diag' = [diag + B[:, u]² / d²_u ; 1 / d²_u],   ln det' = ln det + ln d²_u.
// A leaf S+v then costs O(k): with Q_v = d²_v Π_j (diag_j + B_jv² / d²_v) / Σ_vv,
//   Ω(S+v) = (½ Σ_{j∈S} ln Σ_jj − ln det Σ_S) − ½ ln Q_v    (bias-free, nats).
// Q_v is monotone in Ω, so the top-K filter compares Q_v against exp(·) of the thresholds and takes
// a logarithm only for the few leaves that may enter a list.
//
// Every multiplet is always evaluated along its own sorted path with the same operations in the same
// order, so its Ω is bit-identical whatever the shard, the thread or the caller (search or greedy).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "combinations.hpp"
#include "problem.hpp"
#include "top_k.hpp"

namespace oinfo {

struct ShardStats {
  std::uint64_t evaluated = 0;  // leaves visited, singular ones included
  std::uint64_t singular = 0;   // leaves skipped because d² ≤ 1e-12 Σ_vv somewhere on their path
  bool cancelled = false;
};

class TreeEnumerator {
 public:
  TreeEnumerator(const CompactProblem& problem, int k);

  // Visits the multiplets of lexicographic rank [from, to) and offers each to both lists.
  ShardStats run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                 const std::atomic<bool>* cancel = nullptr);

  // Ω (bias-free nats) of one sorted combination of candidate positions, along the same path the
  // enumeration takes; false when the multiplet is singular.
  bool evaluate(const int* combination, double& omega);

  std::uint64_t count() const { return binomials_(problem_.n, k_); }
  const BinomialTable& binomials() const { return binomials_; }

 private:
  struct Level {
    std::vector<double> b;        // rows × n, row j contiguous over candidate positions
    std::vector<double> d2;       // n
    std::vector<double> pdiag;    // rows
    std::vector<int> members;     // compact indices of the node's variables
    double logDet = 0;
    double halfSumLogVariance = 0;
    double dependence = 1;  // e^{2(½ Σ ln Σ_jj − ln det Σ)} = Π Σ_jj / (det Σ)², as a running product
  };

  struct ColumnSpan {
    int begin, end;
  };
  // levels_[s + 1] = levels_[s] with candidate u added, for the candidate columns in the spans.
  // False (and nothing usable built) when the new node is singular.
  bool buildChild(int s, int u, const ColumnSpan* spans, int spanCount);
  // For k ≥ 2: the leaf node is levels_[k − 2] plus candidate u; false when that node is singular.
  bool prepareLeafNode(int u);
  // Q_v (−1 for a singular leaf) of the leaves v in [vBegin, vEnd) of the prepared leaf node.
  void leafRow(int vBegin, int vEnd);
  double leafBase();                // ½ Σ ln Σ_jj − ln det Σ of the leaf node (computed on first use)
  double leafOmega(int v);          // Ω of leaf v; needs leafRow over v first
  void evaluateLeafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats);
  void initRoot();

  const CompactProblem& problem_;
  int k_;
  int rootRows_;  // hasTarget
  BinomialTable binomials_;
  std::vector<Level> levels_;  // levels_[s]: node with s chosen candidates
  std::vector<double> inv_, q_, g_, leafD2_;  // a leaf row: 1/d², Q, border, d²
  std::vector<double> childDiag_;               // diag(Σ⁻¹) of the leaf node (its first rows)
  std::vector<double> singularFloor_;           // 1e-12 Σ_vv per candidate
  struct {
    int u = 0;
    double du2 = 0, invDu2 = 0;
    double base = 0;  // ½ Σ ln Σ_jj − ln det Σ over the leaf node: Ω = base − ½ ln Q
    bool baseReady = false;
    double dependence = 1;  // e^{2 base}
  } leaf_;
  double expSynergy_ = 0, expRedundancy_ = 0;  // e^{−2τ} of the lists' current thresholds
  std::vector<double> cu_, bu_;  // scratch for buildChild: Σ_{S,u} and B[:, u]
  std::vector<int> members_;     // scratch: the multiplet offered to the lists
};

}  // namespace oinfo
