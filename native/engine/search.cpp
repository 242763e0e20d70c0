#include "search.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

#include "combinations.hpp"
#include "enumerator.hpp"
#include "measure.hpp"
#include "parallel.hpp"
#include "problem.hpp"
#include "progress_meter.hpp"
#include "top_k.hpp"

namespace oinfo {

namespace {

bool isCancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

int firstComputedSize(const SearchOptions& o) { return std::min(o.minSize, std::max(1, o.exhaustiveMax)); }

void validate(const CompactProblem& p, const SearchOptions& o) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  if (o.minSize < 1) fail("the minimum size must be at least 1");
  if (o.maxSize < o.minSize) fail("the maximum size must not be below the minimum size");
  if (o.maxSize > p.n)
    fail("the maximum size " + std::to_string(o.maxSize) + " exceeds the " + std::to_string(p.n) + " candidate variables");
  if (o.exhaustiveMax < 1) fail("exhaustiveMax must be at least 1");
  if (o.beam < 1) fail("beam must be at least 1");
  if (o.top < 1) fail("top must be at least 1");
  const int m = o.maxSize + p.hasTarget;
  if (p.nSamples <= m + 1)
    fail("multiplets of " + std::to_string(m) + " variables need more than " + std::to_string(m + 1) + " samples, got " +
         std::to_string(p.nSamples));
  if (o.useShard && (o.minSize != o.maxSize || o.maxSize > o.exhaustiveMax))
    fail("a shard needs a single exhaustive size (minSize == maxSize ≤ exhaustiveMax)");
}

struct SizeLists {
  TopK synergy, redundancy;
  SizeLists(std::size_t capacity) : synergy(capacity, Direction::Lowest), redundancy(capacity, Direction::Highest) {}
};

struct Raw {  // one size's result in internal units (bias-free nats, candidate positions)
  Raw(int size_, bool greedy_) : size(size_), greedy(greedy_) {}
  int size;
  bool greedy;
  std::uint64_t evaluated = 0, singular = 0;
  std::vector<ScoredMultiplet> synergy, redundancy;  // best first, up to max(top, beam)
};

std::uint64_t shardSizeFor(std::uint64_t total, int threads) {
  // Enough shards to balance the threads and report progress often; each still long enough to be cheap.
  const std::uint64_t target = total / (static_cast<std::uint64_t>(threads) * 64 + 1);
  return std::clamp<std::uint64_t>(target, 256, std::uint64_t(1) << 22);
}

// The oracle's way through ranks [from, to): every multiplet from scratch with measureNaive.
ShardStats naiveShard(const CompactProblem& p, const BinomialTable& binomials, RankBy rankBy, std::uint64_t from,
                      std::uint64_t to, TopK& synergy, TopK& redundancy, const std::atomic<bool>* cancel) {
  ShardStats stats;
  const int k = binomials.k(), n = binomials.n();
  const CovarianceView view{p.c.data(), p.q, p.nSamples};
  const EstimatorOptions plainNats{false, Units::Nats};
  std::vector<int> c(k), members(k + p.hasTarget);
  binomials.unrank(from, c.data());
  for (std::uint64_t r = from; r < to; ++r) {
    if ((r & 255) == 0 && isCancelled(cancel)) {
      stats.cancelled = true;
      return stats;
    }
    for (int i = 0; i < k; ++i) members[i] = p.compact(c[i]);
    if (p.hasTarget) members[k] = 0;
    ++stats.evaluated;
    try {
      const Measures m = measureNaive(view, members, plainNats);
      if (rankBy == RankBy::Oinfo) {
        synergy.offer(m.oinfo, c.data(), k);
        redundancy.offer(m.oinfo, c.data(), k);
      } else {
        const double key = rankKey(rankBy, m.oinfo, m.tc);
        synergy.offer(key, c.data(), k, m.oinfo, m.tc);
        redundancy.offer(key, c.data(), k, m.oinfo, m.tc);
      }
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

Raw exhaustiveSize(const CompactProblem& p, int k, const SearchOptions& o, std::size_t capacity, std::uint64_t from,
                   std::uint64_t to, const std::atomic<bool>* cancel, ProgressMeter& meter, bool& cancelled) {
  const std::uint64_t shard = shardSizeFor(to - from, resolveThreads(o.threads));
  const std::uint64_t shards = (to - from + shard - 1) / shard;
  const int threads = static_cast<int>(std::min<std::uint64_t>(resolveThreads(o.threads), std::max<std::uint64_t>(shards, 1)));
  std::vector<std::unique_ptr<TreeEnumerator>> enumerators(threads);
  std::vector<SizeLists> lists(threads, SizeLists(capacity));
  std::vector<ShardStats> stats(threads);
  std::atomic<bool> stop{false};
  parallelForWorker(shards, threads, [&](std::size_t i, int w) {
    if (stop.load() || isCancelled(cancel)) {
      stop = true;
      return;
    }
    if (!enumerators[w]) enumerators[w] = std::make_unique<TreeEnumerator>(p, k, o.rankBy);
    const std::uint64_t a = from + i * shard, b = std::min(to, a + shard);
    const ShardStats s = o.naive ? naiveShard(p, enumerators[w]->binomials(), o.rankBy, a, b, lists[w].synergy, lists[w].redundancy, cancel)
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
  raw.synergy = merged.synergy.sorted();
  raw.redundancy = merged.redundancy.sorted();
  if (stop.load()) cancelled = true;
  return raw;
}

// All distinct sorted extensions by one candidate of the multiplets in the beam.
std::vector<std::vector<int>> extensions(const std::vector<ScoredMultiplet>& beam, int n) {
  std::set<std::vector<int>> out;
  for (const auto& item : beam) {
    for (int v = 0; v < n; ++v) {
      if (std::binary_search(item.members.begin(), item.members.end(), v)) continue;
      std::vector<int> next = item.members;
      next.insert(std::upper_bound(next.begin(), next.end(), v), v);
      out.insert(std::move(next));
    }
  }
  return {out.begin(), out.end()};
}

// Evaluates the extensions of one beam and keeps the best `capacity` of them.
std::vector<ScoredMultiplet> greedyStep(const CompactProblem& p, int k, const std::vector<ScoredMultiplet>& beam,
                                        Direction direction, RankBy rankBy, std::size_t capacity, int threadsWanted,
                                        const std::atomic<bool>* cancel, Raw& raw, ProgressMeter& meter, bool& cancelled) {
  const std::vector<std::vector<int>> candidates = extensions(beam, p.n);
  const int threads = static_cast<int>(std::min<std::size_t>(resolveThreads(threadsWanted), std::max<std::size_t>(candidates.size(), 1)));
  const std::size_t chunk = 256;
  const std::size_t chunks = (candidates.size() + chunk - 1) / chunk;
  std::vector<std::unique_ptr<TreeEnumerator>> enumerators(threads);
  std::vector<TopK> lists(threads, TopK(capacity, direction));
  std::vector<std::uint64_t> singular(threads, 0);
  std::atomic<bool> stop{false};
  parallelForWorker(chunks, threads, [&](std::size_t c, int w) {
    if (stop.load() || isCancelled(cancel)) {
      stop = true;
      return;
    }
    if (!enumerators[w]) enumerators[w] = std::make_unique<TreeEnumerator>(p, k, rankBy);
    const std::size_t end = std::min(candidates.size(), (c + 1) * chunk);
    for (std::size_t i = c * chunk; i < end; ++i) {
      LeafScore score;
      if (enumerators[w]->evaluate(candidates[i].data(), score))
        lists[w].offer(score.key, candidates[i].data(), k, score.omega, score.tc);
      else
        ++singular[w];
    }
    meter.add(end - c * chunk);
  });
  if (stop.load()) cancelled = true;
  TopK merged(capacity, direction);
  for (int w = 0; w < threads; ++w) {
    merged.merge(lists[w]);
    raw.singular += singular[w];
  }
  raw.evaluated += candidates.size();
  return merged.sorted();
}

std::vector<ReportedMultiplet> report(const std::vector<ScoredMultiplet>& items, const CompactProblem& p, int m,
                                      const SearchOptions& o) {
  const MeasureBias bias = o.estimator.biasCorrect ? measureBias(m, p.nSamples) : MeasureBias{};
  const CovarianceView view{p.c.data(), p.q, p.nSamples};
  const Units units = o.estimator.units;
  std::vector<ReportedMultiplet> out;
  std::vector<int> members;
  for (std::size_t i = 0; i < items.size() && i < static_cast<std::size_t>(o.top); ++i) {
    ReportedMultiplet r;
    members.assign(p.hasTarget, 0);  // the enumeration's order: the target first, then the candidates
    for (int v : items[i].members) {
      r.variables.push_back(p.original[p.compact(v)]);
      members.push_back(p.compact(v));
    }
    // Ranked by Ω, the key is Ω; otherwise the key is rankKey(Ω, TC) of the Ω and TC carried with it.
    const bool byOmega = o.rankBy == RankBy::Oinfo;
    const double omega = byOmega ? items[i].value : items[i].omega;
    const double tc = byOmega ? totalCorrelationNats(view, members) : items[i].tc, dtc = tc - omega;
    r.oinfo = toUnits(omega + bias.oinfo, units);
    r.tc = toUnits(tc + bias.tc, units);
    r.dtc = toUnits(dtc + bias.dtc, units);
    r.sinfo = toUnits(tc + dtc + bias.tc + bias.dtc, units);
    out.push_back(std::move(r));
  }
  return out;
}

std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) { return a >= kCountOverflow - b ? kCountOverflow : a + b; }

}  // namespace

std::uint64_t plannedMultiplets(int n, const SearchOptions& o) {
  if (o.useShard) return o.shardTo > o.shardFrom ? o.shardTo - o.shardFrom : 0;
  std::uint64_t total = 0;
  for (int k = firstComputedSize(o); k <= o.maxSize; ++k) {
    if (k <= o.exhaustiveMax)
      total = saturatingAdd(total, binomial(n, k));
    else
      total = saturatingAdd(total, 2ull * static_cast<std::uint64_t>(o.beam) * static_cast<std::uint64_t>(std::max(0, n - k + 1)));
  }
  return total;
}

SearchResult search(const CovarianceView& cov, const std::vector<int>& candidates, int target, const SearchOptions& o,
                    const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const CompactProblem p = makeProblem(cov, candidates, target);
  validate(p, o);
  ProgressMeter meter(plannedMultiplets(p.n, o), progress);
  const std::size_t capacity = static_cast<std::size_t>(std::max(o.top, o.beam));
  SearchResult result;
  Raw previous(0, false);
  for (int k = firstComputedSize(o); k <= o.maxSize && !result.cancelled; ++k) {
    Raw raw(k, k > o.exhaustiveMax);
    if (!raw.greedy) {
      const std::uint64_t total = binomial(p.n, k);
      if (total == kCountOverflow)
        throw std::invalid_argument("C(" + std::to_string(p.n) + ", " + std::to_string(k) + ") multiplets are too many to enumerate");
      const std::uint64_t from = o.useShard ? std::min(o.shardFrom, total) : 0;
      const std::uint64_t to = o.useShard ? std::min(o.shardTo, total) : total;
      raw = exhaustiveSize(p, k, o, capacity, from, to, cancel, meter, result.cancelled);
    } else {
      auto beamOf = [&](const std::vector<ScoredMultiplet>& list) {
        return std::vector<ScoredMultiplet>(list.begin(), list.begin() + std::min<std::size_t>(list.size(), o.beam));
      };
      raw.synergy = greedyStep(p, k, beamOf(previous.synergy), Direction::Lowest, o.rankBy, capacity, o.threads, cancel, raw,
                               meter, result.cancelled);
      raw.redundancy = greedyStep(p, k, beamOf(previous.redundancy), Direction::Highest, o.rankBy, capacity, o.threads, cancel,
                                  raw, meter, result.cancelled);
    }
    if (k >= o.minSize) {
      SizeResult s;
      s.size = k;
      s.method = raw.greedy ? "greedy" : "exhaustive";
      s.evaluated = raw.evaluated;
      s.singular = raw.singular;
      const int m = k + p.hasTarget;
      s.synergy = report(raw.synergy, p, m, o);
      s.redundancy = report(raw.redundancy, p, m, o);
      result.sizes.push_back(std::move(s));
    }
    previous = std::move(raw);
  }
  meter.finish();
  return result;
}

}  // namespace oinfo
