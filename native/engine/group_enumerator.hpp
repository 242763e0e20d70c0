// The enumeration of multiplets of blocks (groups.hpp) as a tree, SPEC §2 with blocks instead of columns.
//
// The candidates are n groups laid out column after column (group g: columns [off_g, off_g + d_g) of
// the P candidate columns); the target, if any, is a 1-column block joining every multiplet. A tree node
// S (the target, then the chosen groups) keeps, for every later candidate column w and every later group v:
//   B[:, w] = Σ_S⁻¹ Σ_{S,w},    Sc_v = Σ_vv − Σ_{S,v}ᵀ B[:, v]   (the d_v × d_v Schur complement),
// plus P_S = Σ_S⁻¹ in full, ln det Σ_S, and for each of its blocks j the inverse M_j = (P_S)_jj⁻¹ and
// ln det (P_S)_jj. Adding group u (L_u L_uᵀ = Sc_u, its pivots checked by the singularity rule) is a
// rank-d_u update, O(|S| d_u) per column:
//   R = Σ_{u,w} − Σ_{S,u}ᵀ B[:, w],  Y = L_u⁻¹ R,  G = L_u⁻ᵀ Y,  B'[:, w] = [B[:, w] − B[:, u] G ; G],
//   Sc'_v = Sc_v − Y_vᵀ Y_v,   ln det Σ_{S+u} = ln det Σ_S + ln det Sc_u,
//   P_{S+u} = [[P_S + B_u Sc_u⁻¹ B_uᵀ, −B_u Sc_u⁻¹], [−Sc_u⁻¹ B_uᵀ, Sc_u⁻¹]].
// A leaf L+v of the leaf node L costs O(Σ_j d_j d_v (d_j + d_v)): with L_v L_vᵀ = Sc_v, for each block j
// of L, W_j = B_jv L_v⁻ᵀ and T_j = W_jᵀ M_j W_j give det (P_{L+v})_jj = det (P_L)_jj · det(I + T_j)
// (the matrix determinant lemma), and (P_{L+v})_vv = Sc_v⁻¹, so with x_v = det Sc_v · Π_j det(I + T_j):
//   Ω(L+v)  = [½ Σ_{j∈L} ln det Σ_jj − ln det Σ_L − ½ Σ_{j∈L} ln det (P_L)_jj] + ½ ln det Σ_vv − ½ ln x_v
//   TC(L+v) = [½ Σ_{j∈L} ln det Σ_jj − ½ ln det Σ_L] + ½ ln det Σ_vv − ½ ln det Sc_v
// (bias-free nats), to which the bias constants of the leaf's block dimensions are added (when asked):
// the key a leaf is ranked by is a corrected value, because two multiplets of one size may differ in
// their block dimensions. Every column of a node is computed on its own, in a fixed order, so a
// multiplet scored along its own path (evaluate) is bit-identical to the same leaf of the whole walk,
// whatever the shard or the thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "combinations.hpp"
#include "conventions.hpp"
#include "covariance_view.hpp"
#include "enumerator.hpp"
#include "omega_histogram.hpp"
#include "top_k.hpp"
#include "tree_walk.hpp"

namespace oinfo {

// A search problem over groups in the layout the enumeration wants: the optional target first (compact
// index 0), then the candidate columns group after group, in one compact row-major covariance.
struct GroupProblem {
  int hasTarget = 0;
  int n = 0;        // candidate groups
  int columns = 0;  // P: candidate columns
  int q = 0;        // P + hasTarget
  long nSamples = 0;
  std::vector<int> dim, offset;      // per group: its columns are candidate columns [offset, offset + dim)
  std::vector<int> groupOfColumn;    // per candidate column
  std::vector<int> original;         // compact index → index in the caller's covariance
  std::vector<double> c;             // q × q
  std::vector<double> groupLogDet;   // ln det Σ_gg per group (NaN when the group alone is singular)
  std::vector<double> entropyBias;   // c_N(d) for d = 0..q (0 where N ≤ d: such sizes are refused first)
  int maxDim = 0;

  double at(int a, int b) const { return c[static_cast<std::size_t>(a) * q + b]; }
  const double* row(int a) const { return c.data() + static_cast<std::size_t>(a) * q; }
  CovarianceView view() const { return CovarianceView{c.data(), q, nSamples}; }
  // The largest multiplet dimension of k groups (the k widest), the target included.
  int largestDimension(int k) const;
};

// columns: the candidate columns (indices into cov, distinct), group after group; sizes: the groups'
// column counts; target: an index not among them, or −1.
GroupProblem makeGroupProblem(const CovarianceView& cov, const std::vector<int>& columns, const std::vector<int>& sizes,
                              int target);

// One scored leaf of blocks: the key it is ranked by, and its Ω and TC, all in nats, bias-corrected when
// the enumerator was asked to.
class GroupEnumerator {
 public:
  // tree false: only the binomial table (the direct route walks the ranks itself); run and evaluate must not be called.
  GroupEnumerator(const GroupProblem& problem, int k, RankBy rankBy, bool biasCorrect, bool tree = true);

  ShardStats run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy, const std::atomic<bool>* cancel = nullptr);
  bool evaluate(const int* combination, LeafScore& score);
  void collectHistogram(OmegaHistogram* histogram) { histogram_ = histogram; }
  const BinomialTable& binomials() const { return binomials_; }

 private:
  struct Block {
    int row, dim;  // the node's rows [row, row + dim)
  };
  struct Level {
    int rows = 0;
    std::vector<double> b;      // rowsMax × P
    std::vector<double> schur;  // per group g: dim_g² values at schurOffset_[g]
    std::vector<double> p;      // rowsMax × rowsMax: P_S (rows × rows used, stride rowsMax)
    std::vector<double> m;      // per block: (P_S)_jj⁻¹, dim_j² values, blocks in order
    std::vector<int> members;   // compact indices of the node's rows
    std::vector<Block> blocks;
    std::vector<int> dims;      // the blocks' dimensions (the target's 1 first)
    double logDet = 0, halfSumLogDetBlocks = 0, sumLogDetPrecision = 0;
  };

  void initRoot();
  // levels_[s + 1] = levels_[s] with group u, for the candidate groups in the spans; false when singular.
  bool buildChild(int s, int u, const ColumnSpan* spans, int spanCount);
  // The product x_v of leaf v of the leaf node L (levels_[k − 1]) and det Sc_v; false when singular.
  struct LeafProduct {
    double x = 0, detS = 0, logDetS = 0, logX = 0;
    bool normal = true;  // x is a normal number (else logX holds ln x_v)
  };
  bool leafProduct(const Level& leaf, int v, LeafProduct& out);
  // Ω, TC and the key of leaf v from its product (TC when wanted or needed by the key); false when singular.
  bool finishLeaf(const Level& leaf, int v, const LeafProduct& product, LeafScore& score, bool wantTc);
  bool scoreLeaf(const Level& leaf, int v, LeafScore& score, bool wantTc);
  // The screening bounds of the leaf node under the lists' thresholds (ranked by Ω, no histogram).
  void screenFactors(const Level& leaf, const TopK& synergy, const TopK& redundancy);
  void leafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats);
  // The bias constants of the leaf node's blocks plus one block of dimension dv (cached per leaf node).
  const MeasureBias& leafBias(const Level& leaf, int dv);

  const GroupProblem& problem_;
  int k_;
  RankBy rankBy_;
  bool biasCorrect_;
  int rowsMax_;
  BinomialTable binomials_;
  std::vector<int> schurOffset_;
  std::vector<Level> levels_;  // levels_[s]: s chosen groups; levels_[k − 1] is the leaf node
  std::vector<double> lu_, y_, su_, e_, w_, mw_, t_, cu_, floor_;  // scratch
  std::vector<const double*> sigmaRows_;
  std::vector<int> members_, dims_;
  std::vector<ColumnSpan> spans_;
  std::vector<MeasureBias> biasCache_;
  std::vector<char> biasReady_;
  std::vector<int> distinctDims_;                 // the block dimensions among the candidates
  std::vector<double> groupDet_;                  // det Σ_vv per group
  std::vector<double> screenLow_, screenHigh_;    // per dimension: e^{2(c + b − τ)} of each list, with margins
  OmegaHistogram* histogram_ = nullptr;
};

}  // namespace oinfo
