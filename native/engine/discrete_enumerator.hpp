// The O(k·C)-per-multiplet enumeration with a discrete target (SPEC §7; discrete.hpp has the measures).
//
// The same lexicographic combination tree as TreeEnumerator (enumerator.hpp), with one bordered inverse
// per "track": track 0 is the covariance of X over all samples, track 1 + c the covariance within class c.
// At a node S every track keeps, for each later candidate v, B[:, v] = Σ_S⁻¹ Σ_{S,v} and the Schur
// complement d²_v = Σ_vv − Σ_{S,v}ᵀ B[:, v], plus ln det Σ_S, and the class tracks diag(Σ_S⁻¹); adding u
// is the same rank-one update as in the continuous case, track by track.
//
// A leaf S' + v (S' = the leaf node, k − 1 candidates) then costs O(k) per track. With
//   base  = ½ Σ_{j∈S'} ln Σ_jj − ½ ln det Σ_{S'} − ½ Σ_c p_c ln det Σ_{c,S'}    (per leaf node)
//   G_v   = d²_{0,v} / Σ_vv                                                      (the covariance of X)
//   Q_c,v = Π_{j∈S'} (Σ_{c,S'+v}⁻¹)_jj = Π_j (diag_c,j + B_c,jv² / d²_c,v)        (class c)
// Ω(S' + v) = base − ½ ln G_v − ½ Σ_c p_c ln Q_c,v (bias-free nats), since ln det Σ_{c,S'+v} +
// Σ_{i∈S'+v} ln (Σ_{c,S'+v}⁻¹)_ii = ln det Σ_{c,S'} + ln Q_c,v (the factors d²_c,v and 1/d²_c,v cancel).
//
// Screening without logarithms: by Jensen, ln HM_v ≤ Σ_c p_c ln Q_c,v ≤ ln AM_v with the weighted
// arithmetic and harmonic means AM_v = Σ_c p_c Q_c,v and HM_v = 1 / Σ_c p_c / Q_c,v, so
//   base − ½ ln (G_v AM_v) ≤ Ω ≤ base − ½ ln (G_v HM_v).
// A leaf can enter the synergy list only if G_v AM_v ≥ e^{2(base − τ_syn)}, the redundancy list only if
// G_v HM_v ≤ e^{2(base − τ_red)} (compared with a safety margin), and only the few leaves that pass pay for
// the C logarithms of their exact Ω. No logarithm per leaf node either: with S' = S + u,
// base(S') = base(S) + ½ ln Σ_uu − ½ ln d²_{0,u} − ½ Σ_c p_c ln d²_{c,u}, so the screen uses base(S) (once per
// parent S), scales its thresholds by Σ_uu / d²_{0,u}, and weighs the class terms by p_c d²_{c,u} (in AM)
// and p_c / d²_{c,u} (in HM): Jensen's bounds on Σ_c p_c ln (d²_{c,u} Q_c,v).
//
// Ranked by another measure than Ω (rankBy tc, dtc or sinfo), a leaf that passes its screen gets its exact
// Ω as above and its exact TC(S' + v) = tcBase + ½ ln Σ_vv − ½ Σ_c p_c ln d²_{c,v}, with
// tcBase = ½ Σ_{j∈S'} ln Σ_jj − ½ Σ_c p_c ln det Σ_{c,S'} (per leaf node), and is offered with the key
// rankKey(rankBy, Ω, TC) (conventions.hpp) and the Ω and TC it came from. The screen: with d_c = d²_{c,v},
// d_0 = d²_{0,v}, every key is K + ½ ln A_v + s ½ Σ_c p_c ln R_c,v per leaf node:
//   TC:  K = tcBase,          A = Σ_vv,       R = d_c,        s = −1
//   DTC: K = tcBase − base,   A = d_0,        R = Q_c / d_c,  s = +1
//   S:   K = 2 tcBase − base, A = Σ_vv d_0,   R = Q_c / d_c², s = +1
// and Jensen bounds Σ_c p_c ln R between ln HM and ln AM as for Ω, compared without logarithms with the
// thresholds e^{2(τ − K)} (the same margin). As for Ω, K is the parent's (S, kept per level): the leaf node's
// u scales A by M_u = Σ_uu (TC), d²_{0,u} (DTC) or Σ_uu d²_{0,u} (S) and, for TC and S, folds
// ∓ ½ Σ_c p_c ln d²_{c,u} into the weights of the means (R d²_{c,u} for TC, R / d²_{c,u} for S).
// Leaves of size 1 are all evaluated exactly.
//
// Every multiplet is evaluated along its own sorted path with the same operations in the same order,
// so its Ω is bit-identical whatever the shard, the thread or the caller (exhaustive search or greedy).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "combinations.hpp"
#include "discrete.hpp"
#include "enumerator.hpp"
#include "omega_histogram.hpp"
#include "top_k.hpp"

namespace oinfo {

// A search problem with a discrete target in the enumeration's layout: per track a compact row-major
// n × n matrix over the candidates (track 0: the covariance of X, track 1 + c: class c).
struct DiscreteProblem {
  int n = 0;        // candidate variables
  int classes = 0;  // C
  long nSamples = 0;
  std::vector<long> counts;       // N_c
  std::vector<double> weights;    // p_c = N_c / N
  std::vector<int> original;      // candidate position → index in the caller's covariance
  std::vector<double> c;          // (C + 1) × n × n
  std::vector<double> inverseVariance;  // 1 / Σ_vv of X per candidate
  std::vector<double> halfLogVariance;  // ½ ln Σ_vv of X per candidate
  std::vector<double> variance;         // Σ_vv of X per candidate

  int tracks() const { return classes + 1; }
  const double* matrix(int t) const { return c.data() + static_cast<std::size_t>(t) * n * n; }
  double at(int t, int a, int b) const { return matrix(t)[static_cast<std::size_t>(a) * n + b]; }
  const double* row(int t, int a) const { return matrix(t) + static_cast<std::size_t>(a) * n; }
  // The views of the original layout's compact copy (for the report and the oracle): dim n.
  CovarianceView view(int t) const { return CovarianceView{matrix(t), n, t == 0 ? nSamples : counts[t - 1]}; }
};

// candidates: distinct ascending indices into cov (and into every class covariance).
DiscreteProblem makeDiscreteProblem(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates);

class DiscreteEnumerator {
 public:
  DiscreteEnumerator(const DiscreteProblem& problem, int k, RankBy rankBy = RankBy::Oinfo);

  // Visits the multiplets of lexicographic rank [from, to) and offers each to both lists.
  ShardStats run(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy,
                 const std::atomic<bool>* cancel = nullptr);

  // Ω (bias-free nats) of one sorted combination of candidate positions along the enumeration's own
  // path; false when the multiplet is singular (in X or in any class).
  // From now on, run() also adds the Ω (bias-free nats) of every non-singular leaf to `histogram`
  // (every leaf is then scored: the screening's shortcut is lost).
  void collectHistogram(OmegaHistogram* histogram) { histogram_ = histogram; }

  bool evaluate(const int* combination, double& omega);

  // Visits the multiplets of lexicographic rank [from, to) and hands every one's Ω and TC to the visitor
  // (enumerator.hpp; `--all`): the singular marks of the Ω row, then the exact Ω and TC of each leaf — Ω as
  // a search ranked by Ω reports it, TC as one ranked by TC does, bit for bit. k ≥ 2.
  ShardStats scoreEvery(std::uint64_t from, std::uint64_t to, LeafRowVisitor& visitor, const std::atomic<bool>* cancel = nullptr);
  // The key of the measure ranked by, and the Ω and TC (bias-free nats) it comes from (rankBy ≠ Ω: TC is
  // the enumeration's own; rankBy = Ω: key = Ω and TC is not computed, NaN).
  bool evaluate(const int* combination, LeafScore& score);

  std::uint64_t count() const { return binomials_(problem_.n, k_); }
  const BinomialTable& binomials() const { return binomials_; }

 private:
  struct Track {
    std::vector<double> b;      // rows × n (+1 row a child appends), row j contiguous over candidates
    std::vector<double> d2;     // n
    std::vector<double> pdiag;  // rows: diag(Σ_S⁻¹) (class tracks only)
    double logDet = 0;
  };
  struct Level {
    std::vector<Track> tracks;
    std::vector<int> members;  // candidate positions
    double halfSumLogVariance = 0;
    double base = 0;  // ½ Σ ln Σ_jj − ½ ln det Σ_S − ½ Σ_c p_c ln det Σ_{c,S}
    double tcBase = 0;  // ½ Σ ln Σ_jj − ½ Σ_c p_c ln det Σ_{c,S}
  };
  // Per track, the leaf node S' = levels_[k − 2] + u (its border, for the fused leaf rows).
  struct LeafTrack {
    double du2 = 0, invDu2 = 0;
    std::vector<double> cu, bu, childDiag;  // Σ_{S,u}, B[:, u], diag(Σ_{S'}⁻¹) without u's entry
  };

  bool buildChild(int s, int u, const ColumnSpan* spans, int spanCount);
  bool prepareLeafNode(int u);
  void leafRow(int vBegin, int vEnd);  // G and the sums Σ p_c Q_c, Σ p_c / Q_c, the singular marks
  // Exact Ω of leaf v of the prepared leaf node, from scratch (the leaves that pass the screen only).
  double leafOmega(int v);
  double leafTcBase();  // tcBase of the prepared leaf node (computed on first use)
  ShardStats runKeyed(std::uint64_t from, std::uint64_t to, TopK& synergy, TopK& redundancy, const std::atomic<bool>* cancel);
  void keyLeafRow(int vBegin, int vEnd);  // rankBy ≠ Ω, k ≥ 2: g0_, the sums Σ p_c R_c, Σ p_c / R_c, the marks
  void refreshKeyParentThresholds(const TopK& synergy, const TopK& redundancy);
  void refreshKeyLeafThresholds();
  void evaluateLeafRowScreened(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats);
  void evaluateLeafRowExact(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats);
  double leafSchur(int t, int v, double& g) const;
  double classLogQ(int c, int v) const;
  double classLogQFrom(int c, int v, double d2, double g) const;  // with d²_v and g_v of track c + 1 (k ≥ 2)
  // Exact Ω and TC of leaf v of the prepared leaf node, singular marks included (rankBy ≠ Ω); false when singular.
  bool leafExact(int v, double& omega, double& tc);
  void evaluateLeafRow(int vBegin, int vEnd, const int* prefix, TopK& synergy, TopK& redundancy, ShardStats& stats);
  double leafBase();  // base of the prepared leaf node (computed on first use)
  void refreshParentThresholds(const TopK& synergy, const TopK& redundancy);
  void refreshLeafThresholds();
  void initRoot();

  const DiscreteProblem& problem_;
  int k_, tracks_;
  RankBy rankBy_;
  BinomialTable binomials_;
  std::vector<Level> levels_;
  std::vector<LeafTrack> leafTracks_;
  int leafU_ = 0;
  double leafBase_ = 0;  // base of the leaf node, once leafBaseReady_
  bool leafBaseReady_ = false;
  double leafTcBase_ = 0;  // tcBase of the leaf node, once leafTcBaseReady_
  bool leafTcBaseReady_ = false;
  double leafScale_ = 1;  // Σ_uu / d²_{0,u}: the thresholds of the leaf node are the parent's times this
  std::vector<double> amWeights_, hmWeights_;  // per class: p_c d²_{c,u}, p_c / d²_{c,u}
  std::vector<double> singularFloor_;  // tracks × n: 1e-12 Σ_vv of each track
  // A leaf row, per candidate v: G_v, Σ_c p_c Q_c,v, Σ_c p_c / Q_c,v and 1 or 0 (singular in some track).
  std::vector<double> g0_, am_, hm_, ok_;
  std::vector<double> omegaRow_, tcRow_;  // scoreEvery's rows
  // The screen's thresholds: e^{2(base(S) − τ)} (with the margin) of the parent S = levels_[k − 2], recomputed
  // when S or a list changes, and those of the leaf node.
  double parentFloor_ = 0, parentCeil_ = 0;
  bool parentStale_ = true;
  double floorSynergy_ = 0, ceilRedundancy_ = 0;
  // rankBy ≠ Ω: e^{2(τ − K(S))} of each list with the margin, and the leaf node's (divided by M_u).
  double keyParentSynergy_ = 0, keyParentRedundancy_ = 0, keySynergy_ = 0, keyRedundancy_ = 0;
  std::vector<double> cu_, bu_;  // scratch for buildChild
  std::vector<int> members_;     // scratch: the multiplet offered to the lists
  OmegaHistogram* histogram_ = nullptr;
};

}  // namespace oinfo
