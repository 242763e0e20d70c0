// The one driver of a search (SPEC §3 with a continuous target or none, SPEC §7 with a discrete one):
// sizes firstComputedSize..maxSize in order; each size up to exhaustiveMax exhaustive — its lexicographic
// ranks (or the one shard asked for) cut into shards that the workers take in any order, each worker
// with its own enumerator and its own two lists, merged at the end — and each size above greedy, the
// distinct one-candidate extensions of the previous size's best `beam` multiplets of each list, or
// simulated annealing (annealing.hpp: chains that the workers take, merged in chain order).
//
// The lists keep a total order (top_k.hpp) and every multiplet is scored along its own path with the
// same operations whatever the shard or the caller (enumerator.hpp, discrete_enumerator.hpp), so the
// result is bit-identical whatever the number of threads, the shard size or the order of the workers.
//
// What differs between the target kinds is a small policy, Kind:
//   using Enumerator;                          TreeEnumerator or DiscreteEnumerator
//   int candidates() const;                    n, the candidate variables
//   void validateSamples(const SearchOptions&) const;   throws std::invalid_argument
//   std::unique_ptr<Enumerator> enumerator(int k) const;
//   void offerNaive(const int* c, int k, std::vector<int>& scratch, TopK& synergy, TopK& redundancy) const;
//        the oracle's score of one combination, offered to both lists (throws SingularMultiplet)
//   bool offerExtension(Enumerator&, const int* c, int k, TopK& list) const;   false when singular
//   MeasureBias bias(int k) const;             the bias constants of a size (nats)
//   void describe(const ScoredMultiplet&, std::vector<int>& variables, double& omega, double& tc) const;
//        the caller's indices and the bias-free nats Ω and TC of a kept multiplet
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "annealing.hpp"
#include "combinations.hpp"
#include "conventions.hpp"
#include "enumerator.hpp"
#include "omega_histogram.hpp"
#include "parallel.hpp"
#include "progress_meter.hpp"
#include "search.hpp"
#include "top_k.hpp"

namespace oinfo {
namespace search_driver {

inline bool isCancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

// Greedy extends the last exhaustive size, so that size is computed even below minSize; annealing needs no start.
inline int firstComputedSize(const SearchOptions& o) {
  if (o.method == AboveMethod::Annealing) return o.minSize;
  return std::min(o.minSize, std::max(1, o.exhaustiveMax));
}

// Offers a multiplet whose measures the naive oracle computed (bias-free nats) to both lists, keyed by the
// measure ranked by: Ω alone as the key, any other measure with the Ω and TC it came from.
inline void offerMeasures(RankBy rankBy, const Measures& m, const int* c, int k, TopK& synergy, TopK& redundancy) {
  if (rankBy == RankBy::Oinfo) {
    synergy.offer(m.oinfo, c, k);
    redundancy.offer(m.oinfo, c, k);
  } else {
    const double key = rankKey(rankBy, m.oinfo, m.tc);
    synergy.offer(key, c, k, m.oinfo, m.tc);
    redundancy.offer(key, c, k, m.oinfo, m.tc);
  }
}

// The checks of the options, the target kind's own (its samples) between the sizes and the shard.
template <class Kind>
void validate(const Kind& kind, const SearchOptions& o) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  const int n = kind.candidates();
  if (o.minSize < 1) fail("the minimum size must be at least 1");
  if (o.maxSize < o.minSize) fail("the maximum size must not be below the minimum size");
  if (o.maxSize > n)
    fail("the maximum size " + std::to_string(o.maxSize) + " exceeds the " + std::to_string(n) + " candidate variables");
  if (o.exhaustiveMax < 1) fail("exhaustiveMax must be at least 1");
  if (o.beam < 1) fail("beam must be at least 1");
  if (o.method == AboveMethod::Annealing && (o.restarts < 1 || (o.budgetSeconds <= 0 && o.budget < static_cast<std::uint64_t>(o.restarts))))
    fail("annealing needs restarts ≥ 1 and a budget of at least one evaluation per restart");
  if (o.method == AboveMethod::Annealing && !(o.budgetSeconds >= 0 && o.budgetSeconds <= 1e7))
    fail("annealing's budget in seconds must lie in [0, 1e7]");
  if (o.top < 1) fail("top must be at least 1");
  kind.validateSamples(o);
  if (o.histogramBins < 0) fail("histogramBins must not be negative");
  if (o.histogramBins > 0 && o.naive) fail("an Ω histogram comes from the tree enumeration, not the naive oracle");
  if (o.useShard && (o.minSize != o.maxSize || o.maxSize > o.exhaustiveMax))
    fail("a shard needs a single exhaustive size (minSize == maxSize ≤ exhaustiveMax)");
}

struct SizeLists {
  TopK synergy, redundancy;
  SizeLists(std::size_t capacity) : synergy(capacity, Direction::Lowest), redundancy(capacity, Direction::Highest) {}
};

struct Raw {  // one size's result in internal units (bias-free nats, candidate positions)
  Raw(int size_, bool above_) : size(size_), above(above_) {}
  int size;
  bool above;  // above exhaustiveMax: greedy or annealing
  std::uint64_t evaluated = 0, singular = 0;
  std::vector<ScoredMultiplet> synergy, redundancy;  // best first, up to max(top, beam)
  OmegaHistogram histogram;                          // exhaustive sizes, with histogramBins
};

inline std::uint64_t shardSizeFor(std::uint64_t total, int threads) {
  // Enough shards to balance the threads and report progress often; each still long enough to be cheap.
  const std::uint64_t target = total / (static_cast<std::uint64_t>(threads) * 64 + 1);
  return std::clamp<std::uint64_t>(target, 256, std::uint64_t(1) << 22);
}

// The oracle's way through ranks [from, to): every multiplet from scratch (Kind::offerNaive).
template <class Kind>
ShardStats naiveShard(const Kind& kind, const BinomialTable& binomials, std::uint64_t from, std::uint64_t to, TopK& synergy,
                      TopK& redundancy, const std::atomic<bool>* cancel) {
  ShardStats stats;
  const int k = binomials.k(), n = binomials.n();
  std::vector<int> c(k), scratch;
  binomials.unrank(from, c.data());
  for (std::uint64_t r = from; r < to; ++r) {
    if ((r & 255) == 0 && isCancelled(cancel)) {
      stats.cancelled = true;
      return stats;
    }
    ++stats.evaluated;
    try {
      kind.offerNaive(c.data(), k, scratch, synergy, redundancy);
    } catch (const SingularMultiplet&) {
      ++stats.singular;
    }
    int s = k - 1;  // next combination in lexicographic order
    while (s >= 0 && c[s] == n - k + s) --s;
    if (s < 0) break;
    ++c[s];
    for (int i = s + 1; i < k; ++i) c[i] = c[i - 1] + 1;
  }
  return stats;
}

template <class Kind>
Raw exhaustiveSize(const Kind& kind, int k, const SearchOptions& o, std::size_t capacity, std::uint64_t from, std::uint64_t to,
                   const std::atomic<bool>* cancel, ProgressMeter& meter, bool& cancelled) {
  const std::uint64_t shard = shardSizeFor(to - from, resolveThreads(o.threads));
  const std::uint64_t shards = (to - from + shard - 1) / shard;
  const int threads = static_cast<int>(std::min<std::uint64_t>(resolveThreads(o.threads), std::max<std::uint64_t>(shards, 1)));
  std::vector<std::unique_ptr<typename Kind::Enumerator>> enumerators(threads);
  std::vector<SizeLists> lists(threads, SizeLists(capacity));
  std::vector<ShardStats> stats(threads);
  std::vector<OmegaHistogram> histograms(o.histogramBins > 0 ? threads : 0);
  std::atomic<bool> stop{false};
  parallelForWorker(shards, threads, [&](std::size_t i, int w) {
    if (stop.load() || isCancelled(cancel)) {
      stop = true;
      return;
    }
    if (!enumerators[w]) {
      enumerators[w] = kind.enumerator(k);
      if (o.histogramBins > 0) enumerators[w]->collectHistogram(&histograms[w]);
    }
    const std::uint64_t a = from + i * shard, b = std::min(to, a + shard);
    const ShardStats s = o.naive ? naiveShard(kind, enumerators[w]->binomials(), a, b, lists[w].synergy, lists[w].redundancy, cancel)
                                 : enumerators[w]->run(a, b, lists[w].synergy, lists[w].redundancy, cancel);
    stats[w].evaluated += s.evaluated;
    stats[w].singular += s.singular;
    if (s.cancelled) stop = true;
    meter.add(s.evaluated);
  });
  Raw raw(k, false);
  SizeLists merged(capacity);
  for (int w = 0; w < threads; ++w) {
    merged.synergy.merge(lists[w].synergy);
    merged.redundancy.merge(lists[w].redundancy);
    raw.evaluated += stats[w].evaluated;
    raw.singular += stats[w].singular;
  }
  for (const auto& h : histograms) raw.histogram.merge(h);
  raw.synergy = merged.synergy.sorted();
  raw.redundancy = merged.redundancy.sorted();
  if (stop.load()) cancelled = true;
  return raw;
}

// All distinct sorted extensions by one candidate of the multiplets in the beam, in lexicographic order,
// k ints each in one flat vector; false when cancelled on the way. A wide beam makes beam × n raw
// extensions, mostly repeats: where C(n, k) is countable they are deduplicated as lexicographic ranks —
// marked in a bitset over all ranks when that is no larger than the raw ranks, else sorted — and only a
// size too large to count falls back to a set of vectors.
inline bool extensions(const std::vector<ScoredMultiplet>& beam, int n, int k, const std::atomic<bool>* cancel,
                       std::vector<int>& out) {
  out.clear();
  const std::uint64_t all = binomial(n, k);
  const std::uint64_t raw = static_cast<std::uint64_t>(beam.size()) * static_cast<std::uint64_t>(n);
  std::vector<int> next(static_cast<std::size_t>(k));
  auto forEach = [&](auto&& take) {
    for (std::size_t b = 0; b < beam.size(); ++b) {
      if ((b & 1023) == 0 && isCancelled(cancel)) return false;
      const std::vector<int>& members = beam[b].members;
      for (int v = 0; v < n; ++v) {
        if (std::binary_search(members.begin(), members.end(), v)) continue;
        const auto at = std::upper_bound(members.begin(), members.end(), v) - members.begin();
        std::copy(members.begin(), members.begin() + at, next.begin());
        next[static_cast<std::size_t>(at)] = v;
        std::copy(members.begin() + at, members.end(), next.begin() + at + 1);
        take(next);
      }
    }
    return true;
  };
  if (all == kCountOverflow) {
    std::set<std::vector<int>> distinct;
    if (!forEach([&](const std::vector<int>& c) { distinct.insert(c); })) return false;
    for (const std::vector<int>& c : distinct) out.insert(out.end(), c.begin(), c.end());
    return true;
  }
  const BinomialTable binomials(n, k);
  std::vector<std::uint64_t> ranks;
  if (all / 64 <= raw) {  // the bitset is no larger than the raw ranks
    std::vector<std::uint64_t> seen(static_cast<std::size_t>(all / 64 + 1), 0);
    if (!forEach([&](const std::vector<int>& c) {
          const std::uint64_t r = binomials.rank(c.data());
          seen[r / 64] |= std::uint64_t{1} << (r % 64);
        }))
      return false;
    for (std::size_t w = 0; w < seen.size(); ++w)
      for (std::uint64_t bits = seen[w]; bits != 0; bits &= bits - 1)
        ranks.push_back(w * 64 + static_cast<std::uint64_t>(__builtin_ctzll(bits)));
  } else {
    ranks.reserve(static_cast<std::size_t>(raw));
    if (!forEach([&](const std::vector<int>& c) { ranks.push_back(binomials.rank(c.data())); })) return false;
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  }
  if (isCancelled(cancel)) return false;
  out.resize(ranks.size() * static_cast<std::size_t>(k));
  for (std::size_t i = 0; i < ranks.size(); ++i) binomials.unrank(ranks[i], out.data() + i * static_cast<std::size_t>(k));
  return true;
}

// Evaluates the extensions of one beam and keeps the best `capacity` of them.
template <class Kind>
std::vector<ScoredMultiplet> greedyStep(const Kind& kind, int k, const std::vector<ScoredMultiplet>& beam, Direction direction,
                                        std::size_t capacity, int threadsWanted, const std::atomic<bool>* cancel, Raw& raw,
                                        ProgressMeter& meter, bool& cancelled) {
  std::vector<int> flat;
  if (!extensions(beam, kind.candidates(), k, cancel, flat)) {
    cancelled = true;
    return {};
  }
  const std::size_t count = flat.size() / static_cast<std::size_t>(k);
  const int threads = static_cast<int>(std::min<std::size_t>(resolveThreads(threadsWanted), std::max<std::size_t>(count, 1)));
  const std::size_t chunk = 256;
  const std::size_t chunks = (count + chunk - 1) / chunk;
  std::vector<std::unique_ptr<typename Kind::Enumerator>> enumerators(threads);
  std::vector<TopK> lists(threads, TopK(capacity, direction));
  std::vector<std::uint64_t> singular(threads, 0);
  std::atomic<bool> stop{false};
  parallelForWorker(chunks, threads, [&](std::size_t c, int w) {
    if (stop.load() || isCancelled(cancel)) {
      stop = true;
      return;
    }
    if (!enumerators[w]) enumerators[w] = kind.enumerator(k);
    const std::size_t end = std::min(count, (c + 1) * chunk);
    for (std::size_t i = c * chunk; i < end; ++i)
      if (!kind.offerExtension(*enumerators[w], flat.data() + i * static_cast<std::size_t>(k), k, lists[w])) ++singular[w];
    meter.add(end - c * chunk);
  });
  if (stop.load()) cancelled = true;
  TopK merged(capacity, direction);
  for (int w = 0; w < threads; ++w) {
    merged.merge(lists[w]);
    raw.singular += singular[w];
  }
  raw.evaluated += count;
  return merged.sorted();
}

// Annealing at size k: `restarts` chains per list, taken by the workers in any order; each chain has
// its own generator and list, merged in chain order, so the result does not depend on the threads.
template <class Kind>
void annealSize(const Kind& kind, int k, const SearchOptions& o, std::size_t capacity, const std::atomic<bool>* cancel,
                Raw& raw, ProgressMeter& meter, bool& cancelled) {
  const int n = kind.candidates();
  const std::size_t chains = 2 * static_cast<std::size_t>(o.restarts);  // synergy chains, then redundancy chains
  const int threads = static_cast<int>(std::min<std::size_t>(resolveThreads(o.threads), chains));
  std::vector<std::unique_ptr<typename Kind::Enumerator>> enumerators(threads);
  std::vector<TopK> lists;
  for (std::size_t c = 0; c < chains; ++c)
    lists.emplace_back(capacity, c < static_cast<std::size_t>(o.restarts) ? Direction::Lowest : Direction::Highest);
  std::vector<annealing::ChainStats> stats(chains);
  // A time budget: the chains run in waves of `threads`, each chain its share of the size's seconds; progress
  // counts time, in the units plannedMultiplets planned for the size.
  const std::uint64_t waves = (chains + static_cast<std::size_t>(threads) - 1) / static_cast<std::size_t>(threads);
  const double chainSeconds = o.budgetSeconds > 0 ? o.budgetSeconds / static_cast<double>(waves) : 0.0;
  const std::uint64_t units = o.budgetSeconds > 0 ? annealing::timedProgressUnits(o.budgetSeconds) : 0;
  parallelForWorker(chains, threads, [&](std::size_t c, int w) {
    if (isCancelled(cancel)) {
      stats[c].cancelled = true;
      return;
    }
    if (!enumerators[w]) enumerators[w] = kind.enumerator(k);
    const int list = c < static_cast<std::size_t>(o.restarts) ? 0 : 1;
    const int index = static_cast<int>(c % o.restarts);
    // The budget split evenly; the first budget mod restarts chains take one more evaluation.
    const std::uint64_t steps = o.budget / o.restarts + (static_cast<std::uint64_t>(index) < o.budget % o.restarts ? 1 : 0);
    annealing::Generator rng(annealing::chainSeed(o.seed, k, list, index));
    auto score = [&](const int* combination, LeafScore& leaf) { return enumerators[w]->evaluate(combination, leaf); };
    const annealing::Schedule schedule{steps, chainSeconds, units / chains + (c < units % chains ? 1 : 0)};
    stats[c] = annealing::chain(n, k, schedule, lists[c].direction(), rng, score, lists[c], cancel, meter);
  });
  TopK synergy(capacity, Direction::Lowest), redundancy(capacity, Direction::Highest);
  for (std::size_t c = 0; c < chains; ++c) {
    (c < static_cast<std::size_t>(o.restarts) ? synergy : redundancy).mergeDistinct(lists[c]);
    raw.evaluated += stats[c].evaluated;
    raw.singular += stats[c].singular;
    if (stats[c].cancelled) cancelled = true;
  }
  raw.synergy = synergy.sorted();
  raw.redundancy = redundancy.sorted();
}

// The first `top` kept multiplets in the requested units, bias-corrected if asked: DTC = TC − Ω, S = TC + DTC.
template <class Kind>
std::vector<ReportedMultiplet> report(const Kind& kind, const std::vector<ScoredMultiplet>& items, int k, const SearchOptions& o) {
  const MeasureBias bias = o.estimator.biasCorrect ? kind.bias(k) : MeasureBias{};
  const Units units = o.estimator.units;
  std::vector<ReportedMultiplet> out;
  for (std::size_t i = 0; i < items.size() && i < static_cast<std::size_t>(o.top); ++i) {
    ReportedMultiplet r;
    double omega, tc;
    kind.describe(items[i], r.variables, omega, tc);
    const double dtc = tc - omega;
    r.oinfo = toUnits(omega + bias.oinfo, units);
    r.tc = toUnits(tc + bias.tc, units);
    r.dtc = toUnits(dtc + bias.dtc, units);
    r.sinfo = toUnits(tc + dtc + bias.tc + bias.dtc, units);
    out.push_back(std::move(r));
  }
  return out;
}

// The search itself: validation, then the sizes in order, until done or cancelled.
template <class Kind>
SearchResult run(const Kind& kind, const SearchOptions& o, const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  validate(kind, o);
  const int n = kind.candidates();
  ProgressMeter meter(plannedMultiplets(n, o), progress);
  const std::size_t capacity = static_cast<std::size_t>(std::max(o.top, o.beam));
  SearchResult result;
  Raw previous(0, false);
  for (int k = firstComputedSize(o); k <= o.maxSize && !result.cancelled; ++k) {
    Raw raw(k, k > o.exhaustiveMax);
    if (raw.above && o.method == AboveMethod::Annealing) {
      annealSize(kind, k, o, capacity, cancel, raw, meter, result.cancelled);
    } else if (!raw.above) {
      const std::uint64_t total = binomial(n, k);
      if (total == kCountOverflow)
        throw std::invalid_argument("C(" + std::to_string(n) + ", " + std::to_string(k) + ") multiplets are too many to enumerate");
      const std::uint64_t from = o.useShard ? std::min(o.shardFrom, total) : 0;
      const std::uint64_t to = o.useShard ? std::min(o.shardTo, total) : total;
      raw = exhaustiveSize(kind, k, o, capacity, from, to, cancel, meter, result.cancelled);
    } else {
      auto beamOf = [&](const std::vector<ScoredMultiplet>& list) {
        return std::vector<ScoredMultiplet>(list.begin(), list.begin() + std::min<std::size_t>(list.size(), o.beam));
      };
      raw.synergy = greedyStep(kind, k, beamOf(previous.synergy), Direction::Lowest, capacity, o.threads, cancel, raw, meter,
                               result.cancelled);
      raw.redundancy = greedyStep(kind, k, beamOf(previous.redundancy), Direction::Highest, capacity, o.threads, cancel, raw,
                                  meter, result.cancelled);
    }
    if (k >= o.minSize) {
      SizeResult s;
      s.size = k;
      s.method = !raw.above ? "exhaustive" : o.method == AboveMethod::Annealing ? "annealing" : "greedy";
      s.evaluated = raw.evaluated;
      s.singular = raw.singular;
      s.synergy = report(kind, raw.synergy, k, o);
      s.redundancy = report(kind, raw.redundancy, k, o);
      if (o.histogramBins > 0 && !raw.above) {
        // Bins in the reported units: the bias correction is a constant shift, the units a positive scale.
        const double shift = o.estimator.biasCorrect ? kind.bias(k).oinfo : 0.0;
        s.histogram = raw.histogram.bins(o.histogramBins);
        s.histogramMin = raw.histogram.total() ? toUnits(raw.histogram.min() + shift, o.estimator.units) : 0;
        s.histogramMax = raw.histogram.total() ? toUnits(raw.histogram.max() + shift, o.estimator.units) : 0;
      }
      result.sizes.push_back(std::move(s));
    }
    previous = std::move(raw);
  }
  meter.finish();
  return result;
}

}  // namespace search_driver
}  // namespace oinfo
