// The O(k)-per-multiplet enumeration of SPEC §2.
//
// Multiplets of size k are the leaves of the lexicographic combination tree. Each tree node S (the
// target, if any, then the chosen candidates) keeps, for every later candidate v:
//   B[:, v] = Σ_S⁻¹ Σ_{S,v}     and     d²_v = Σ_vv − Σ_{S,v}ᵀ B[:, v]   (the Schur complement),
// plus diag(Σ_S⁻¹) and ln det Σ_S. Adding u to S is a rank-one update of these, O(|S|) per column:
//   g_v = (Σ_uv − Σ_{S,u}ᵀ B[:, v]) / d²_u,   B'[:, v] = [B[:, v] − B[:, u] g_v ; g_v],
//   d²'_v = d²_v − g_v² d²_u,   diag' = [diag + B[:, u]² / d²_u ; 1 / d²_u],   ln det' = ln det + ln d²_u.
// A leaf L+v (L = S+u, the leaf node) then costs O(k): with R_v = d²_v / Σ_vv,
// P_v = Π_{j∈L} (diag'_j + B'_jv² / d²_v) (the diagonal of Σ_{L+v}⁻¹ over L) and Q_v = R_v P_v,
//   Ω(L+v)   = (½ Σ_{j∈L} ln Σ_jj − ln det Σ_L) − ½ ln Q_v           (bias-free, nats)
//   TC(L+v)  = (½ Σ_{j∈L} ln Σ_jj − ½ ln det Σ_L) − ½ ln R_v
//   DTC(L+v) = ½ ln det Σ_L + ½ ln P_v                               (= TC − Ω)
//   S(L+v)   = ½ Σ_{j∈L} ln Σ_jj + ½ ln (P_v / R_v)                   (= TC + DTC).
// Whatever the measure ranked by (RankBy), its key is c_L ∓ ½ ln x_v for one per-leaf product x_v
// (Q, R, P or P/R) and a per-node constant c_L, so the top-K filter compares x_v against e^{±2(c_L − τ)}
// — e^{∓2 c_L} carried down the tree as a running product, e^{∓2τ} updated only when a list changes —
// and takes logarithms only for the few leaves that may enter a list. Those get their exact Ω and TC
// (rankBy ≠ Ω: Q_v recomputed for that leaf with the row's own operations) and the key from them
// (rankKey), which is what the report shows.
//
// Every multiplet is always evaluated along its own sorted path with the same operations in the same
// order, so its key, Ω and TC are bit-identical whatever the shard, the thread or the caller (search
// or greedy), and its Ω whatever the measure ranked by.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "combinations.hpp"
#include "conventions.hpp"
#include "problem.hpp"
#include "omega_histogram.hpp"
#include "top_k.hpp"
#include "tree_walk.hpp"

namespace oinfo {

// One scored leaf, bias-free nats: the key it is ranked by, and the Ω and TC the key comes from
// (tc is NaN when ranking by Ω: nothing needs it then, and the report computes it).
struct LeafScore {
  double key = 0, omega = 0, tc = 0;
};

// Receives every multiplet's Ω and TC from scoreEvery (`--all`, all_rows.hpp), a leaf row at a time: the
// leaves prefix[0..k−2] + v for v in [vBegin, vEnd), omega[v] and tc[v] in bias-free nats (arrays indexed by
// candidate position), NaN for a singular leaf. Rows arrive in lexicographic order; the rows of a singular
// subtree are skipped (counted in the stats).
class LeafRowVisitor {
 public:
  virtual void row(const int* prefix, int vBegin, int vEnd, const double* omega, const double* tc) = 0;

 protected:
  ~LeafRowVisitor() = default;
};

class TreeEnumerator {
 public:
  TreeEnumerator(const CompactProblem& problem, int k, RankBy rankBy = RankBy::Oinfo);

  // Visits the multiplets of lexicographic rank [from, to) and offers each to both lists, keyed by
  // the measure ranked by (with its Ω and TC when that is not Ω).
  ShardStats run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                 const std::atomic<bool>* cancel = nullptr);

  // The score of one sorted combination of candidate positions, along the same path the enumeration
  // takes; false when the multiplet is singular.
  bool evaluate(const int* combination, LeafScore& score);

  // Visits the multiplets of lexicographic rank [from, to) and hands every one's Ω and TC to the visitor
  // (no lists, no screen): Ω from the Ω row (fusedLeafRow) exactly as a search ranked by Ω reports it, TC as
  // one ranked by TC does — so the values are those of a search's lists, bit for bit.
  ShardStats scoreEvery(std::uint64_t from, std::uint64_t to, LeafRowVisitor& visitor, const std::atomic<bool>* cancel = nullptr);

  // From now on, run() also adds the Ω (bias-free nats) of every non-singular leaf to `histogram`,
  // which costs the screening's shortcut: every leaf's logarithm is taken.
  void collectHistogram(OmegaHistogram* histogram) { histogram_ = histogram; }

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
    double scale = 1;  // e^{∓2 c} of the node as a running product (see scaleFactor)
  };

  // levels_[s + 1] = levels_[s] with candidate u added, for the candidate columns in the spans.
  // False (and nothing usable built) when the new node is singular.
  bool buildChild(int s, int u, const ColumnSpan* spans, int spanCount);
  // The members below marked <R> are instantiated per measure ranked by, so that each hot loop is
  // compiled for its own key (run and evaluate pick the instantiation once, forRankBy).
  template <typename F>
  decltype(auto) forRankBy(F&& body);
  template <RankBy R>
  ShardStats runAs(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy, const std::atomic<bool>* cancel);
  template <RankBy R>
  bool evaluateAs(const int* combination, LeafScore& score);
  // For k ≥ 2: the leaf node is levels_[k − 2] plus candidate u; false when that node is singular.
  template <RankBy R>
  bool prepareLeafNode(int u);
  // The screening product x_v of the measure ranked by (Q, R, P or P/R; −1 for a singular leaf) of
  // the leaves v in [vBegin, vEnd) of the prepared leaf node, in q_; also d²_v in leafD2_. True when
  // some leaf may enter a list (screenBounds) or is singular: the common false skips the row.
  template <RankBy R>
  bool leafRow(int vBegin, int vEnd);
  void leafLogs();                    // the leaf node's ½ Σ ln Σ_jj and ln det Σ (computed on first use)
  double leafQ(int v);                // Q_v of leaf v, as the Ω row computes it; needs leafRow over v first
  double leafOmega(int v, double q);  // Ω of leaf v from its Q_v
  void histogramRow(int vBegin, int vEnd);  // Ω of the row's leaves into histogram_ (ranking by Ω)
  template <RankBy R>
  bool leafScore(int v, LeafScore& score);  // false when singular; needs leafRow over v first
  template <RankBy R>
  double scaleFactor(int uc, double invDu2) const;  // the node's running product gains this with u
  template <RankBy R>
  double screenExp(double threshold) const;  // e^{∓2τ} of a list threshold τ
  template <RankBy R>
  void screenBounds(double& low, double& high) const;  // a leaf is skipped iff low > x_v > high
  template <RankBy R>
  void evaluateLeafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats);
  void initRoot();

  const CompactProblem& problem_;
  int k_;
  RankBy rankBy_;
  int rootRows_;  // hasTarget
  BinomialTable binomials_;
  std::vector<Level> levels_;  // levels_[s]: node with s chosen candidates
  std::vector<double> inv_, q_, g_, leafD2_;  // a leaf row: 1/d², x (Q when ranking by Ω), border, d²
  std::vector<double> omegaRow_;              // a leaf row's Ω for the histogram (histogramRow) and scoreEvery
  std::vector<double> tcRow_;                 // a leaf row's TC (scoreEvery)
  std::vector<double> childDiag_;               // diag(Σ⁻¹) of the leaf node (its first rows)
  std::vector<double> singularFloor_;           // 1e-12 Σ_vv per candidate
  std::vector<double> variance_;                // Σ_vv per candidate
  struct {
    int u = 0;
    double du2 = 0, invDu2 = 0;
    double halfSumLogVariance = 0, logDet = 0;  // over the leaf node
    double base = 0;    // ½ Σ ln Σ_jj − ln det Σ over the leaf node: Ω = base − ½ ln Q
    double tcBase = 0;  // ½ Σ ln Σ_jj − ½ ln det Σ over the leaf node: TC = tcBase − ½ ln R
    bool logsReady = false;
    double scale = 1;  // e^{∓2 c_L} of the measure ranked by (Ω: e^{2 base})
  } leaf_;
  double expSynergy_ = 0, expRedundancy_ = 0;  // e^{∓2τ} of the lists' current thresholds
  std::vector<double> cu_, bu_;  // scratch for buildChild: Σ_{S,u} and B[:, u]
  std::vector<int> members_;     // scratch: the multiplet offered to the lists
  OmegaHistogram* histogram_ = nullptr;
};

}  // namespace oinfo
