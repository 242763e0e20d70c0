#include "discrete_search.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

#include "combinations.hpp"
#include "discrete_enumerator.hpp"
#include "parallel.hpp"
#include "progress_meter.hpp"
#include "top_k.hpp"

namespace oinfo {

namespace {

bool isCancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

int firstComputedSize(const SearchOptions& o) { return std::min(o.minSize, std::max(1, o.exhaustiveMax)); }

void validate(const DiscreteProblem& p, const SearchOptions& o) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  if (o.minSize < 1) fail("the minimum size must be at least 1");
  if (o.maxSize < o.minSize) fail("the maximum size must not be below the minimum size");
  if (o.maxSize > p.n)
    fail("the maximum size " + std::to_string(o.maxSize) + " exceeds the " + std::to_string(p.n) + " candidate variables");
  if (o.exhaustiveMax < 1) fail("exhaustiveMax must be at least 1");
  if (o.beam < 1) fail("beam must be at least 1");
  if (o.top < 1) fail("top must be at least 1");
  for (int c = 0; c < p.classes; ++c)
    if (p.counts[c] <= o.maxSize + 1)
      fail("class " + std::to_string(c) + " has " + std::to_string(p.counts[c]) + " samples; multiplets of size " +
           std::to_string(o.maxSize) + " need more than " + std::to_string(o.maxSize + 1) + " in every class");
  if (p.nSamples <= o.maxSize + 1)
    fail("multiplets of " + std::to_string(o.maxSize) + " variables need more than " + std::to_string(o.maxSize + 1) +
         " samples, got " + std::to_string(p.nSamples));
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
  const std::uint64_t target = total / (static_cast<std::uint64_t>(threads) * 64 + 1);
  return std::clamp<std::uint64_t>(target, 256, std::uint64_t(1) << 22);
}

// The oracle's way through ranks [from, to): every multiplet from scratch with measureDiscreteNaive.
ShardStats naiveShard(const DiscreteProblem& p, const BinomialTable& binomials, std::uint64_t from, std::uint64_t to,
                      TopK& synergy, TopK& redundancy, const std::atomic<bool>* cancel) {
  ShardStats stats;
  const int k = binomials.k(), n = binomials.n();
  const CovarianceView view = p.view(0);
  const ClassCovariances classes{p.c.data() + static_cast<std::size_t>(p.n) * p.n, p.counts};
  const EstimatorOptions plainNats{false, Units::Nats};
  std::vector<int> c(k);
  binomials.unrank(from, c.data());
  for (std::uint64_t r = from; r < to; ++r) {
    if ((r & 255) == 0 && isCancelled(cancel)) {
      stats.cancelled = true;
      return stats;
    }
    ++stats.evaluated;
    try {
      const double omega = measureDiscreteNaive(view, classes, std::vector<int>(c.begin(), c.end()), plainNats).oinfo;
      synergy.offer(omega, c.data(), k);
      redundancy.offer(omega, c.data(), k);
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

Raw exhaustiveSize(const DiscreteProblem& p, int k, const SearchOptions& o, std::size_t capacity, std::uint64_t from,
                   std::uint64_t to, const std::atomic<bool>* cancel, ProgressMeter& meter, bool& cancelled) {
  const std::uint64_t shard = shardSizeFor(to - from, resolveThreads(o.threads));
  const std::uint64_t shards = (to - from + shard - 1) / shard;
  const int threads = static_cast<int>(std::min<std::uint64_t>(resolveThreads(o.threads), std::max<std::uint64_t>(shards, 1)));
  std::vector<std::unique_ptr<DiscreteEnumerator>> enumerators(threads);
  std::vector<SizeLists> lists(threads, SizeLists(capacity));
  std::vector<ShardStats> stats(threads);
  std::atomic<bool> stop{false};
  parallelForWorker(shards, threads, [&](std::size_t i, int w) {
    if (stop.load() || isCancelled(cancel)) {
      stop = true;
      return;
    }
    if (!enumerators[w]) enumerators[w] = std::make_unique<DiscreteEnumerator>(p, k);
    const std::uint64_t a = from + i * shard, b = std::min(to, a + shard);
    const ShardStats s = o.naive ? naiveShard(p, enumerators[w]->binomials(), a, b, lists[w].synergy, lists[w].redundancy, cancel)
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

std::vector<ScoredMultiplet> greedyStep(const DiscreteProblem& p, int k, const std::vector<ScoredMultiplet>& beam,
                                        Direction direction, std::size_t capacity, int threadsWanted,
                                        const std::atomic<bool>* cancel, Raw& raw, ProgressMeter& meter, bool& cancelled) {
  const std::vector<std::vector<int>> candidates = extensions(beam, p.n);
  const int threads = static_cast<int>(std::min<std::size_t>(resolveThreads(threadsWanted), std::max<std::size_t>(candidates.size(), 1)));
  const std::size_t chunk = 256;
  const std::size_t chunks = (candidates.size() + chunk - 1) / chunk;
  std::vector<std::unique_ptr<DiscreteEnumerator>> enumerators(threads);
  std::vector<TopK> lists(threads, TopK(capacity, direction));
  std::vector<std::uint64_t> singular(threads, 0);
  std::atomic<bool> stop{false};
  parallelForWorker(chunks, threads, [&](std::size_t c, int w) {
    if (stop.load() || isCancelled(cancel)) {
      stop = true;
      return;
    }
    if (!enumerators[w]) enumerators[w] = std::make_unique<DiscreteEnumerator>(p, k);
    const std::size_t end = std::min(candidates.size(), (c + 1) * chunk);
    for (std::size_t i = c * chunk; i < end; ++i) {
      double omega;
      if (enumerators[w]->evaluate(candidates[i].data(), omega))
        lists[w].offer(omega, candidates[i].data(), k);
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

std::vector<ReportedMultiplet> report(const std::vector<ScoredMultiplet>& items, const DiscreteProblem& p, int k,
                                      const SearchOptions& o) {
  const MeasureBias bias = o.estimator.biasCorrect ? discreteBias(k, p.nSamples, p.counts) : MeasureBias{};
  const CovarianceView view = p.view(0);
  const ClassCovariances classes{p.c.data() + static_cast<std::size_t>(p.n) * p.n, p.counts};
  const Units units = o.estimator.units;
  std::vector<ReportedMultiplet> out;
  for (std::size_t i = 0; i < items.size() && i < static_cast<std::size_t>(o.top); ++i) {
    ReportedMultiplet r;
    for (int v : items[i].members) r.variables.push_back(p.original[v]);
    const double omega = items[i].value, tc = discreteTotalCorrelationNats(view, classes, items[i].members), dtc = tc - omega;
    r.oinfo = toUnits(omega + bias.oinfo, units);
    r.tc = toUnits(tc + bias.tc, units);
    r.dtc = toUnits(dtc + bias.dtc, units);
    r.sinfo = toUnits(tc + dtc + bias.tc + bias.dtc, units);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

// Here rather than in discrete_enumerator.cpp, which the WASM build compiles without exception support.
DiscreteProblem makeDiscreteProblem(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates) {
  validateClasses(cov, classes);
  DiscreteProblem p;
  p.n = static_cast<int>(candidates.size());
  p.classes = classes.classes();
  p.nSamples = cov.nSamples;
  p.counts = classes.counts;
  for (long nc : p.counts) p.weights.push_back(static_cast<double>(nc) / static_cast<double>(p.nSamples));
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const int v = candidates[i];
    if (v < 0 || v >= cov.dim) throw std::invalid_argument("variable index " + std::to_string(v) + " is out of range");
    if (i > 0 && v <= candidates[i - 1]) throw std::invalid_argument("candidate variables must be distinct and ascending");
    p.original.push_back(v);
  }
  const int n = p.n;
  p.c.resize(static_cast<std::size_t>(p.tracks()) * n * n);
  for (int t = 0; t < p.tracks(); ++t) {
    const CovarianceView view = t == 0 ? cov : classes.view(t - 1, cov.dim);
    double* m = p.c.data() + static_cast<std::size_t>(t) * n * n;
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b) m[static_cast<std::size_t>(a) * n + b] = view(p.original[a], p.original[b]);
  }
  p.inverseVariance.resize(n);
  p.halfLogVariance.resize(n);
  for (int a = 0; a < n; ++a) {
    const double var = p.at(0, a, a);
    if (!(var > 0) || !std::isfinite(var))
      throw std::invalid_argument("variable index " + std::to_string(p.original[a]) + " has zero or invalid variance");
    p.inverseVariance[a] = 1.0 / var;
    p.halfLogVariance[a] = 0.5 * std::log(var);
  }
  return p;
}

SearchResult searchDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates,
                            const SearchOptions& o, const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const DiscreteProblem p = makeDiscreteProblem(cov, classes, candidates);
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
      raw.synergy = greedyStep(p, k, beamOf(previous.synergy), Direction::Lowest, capacity, o.threads, cancel, raw, meter,
                               result.cancelled);
      raw.redundancy = greedyStep(p, k, beamOf(previous.redundancy), Direction::Highest, capacity, o.threads, cancel, raw,
                                  meter, result.cancelled);
    }
    if (k >= o.minSize) {
      SizeResult s;
      s.size = k;
      s.method = raw.greedy ? "greedy" : "exhaustive";
      s.evaluated = raw.evaluated;
      s.singular = raw.singular;
      s.synergy = report(raw.synergy, p, k, o);
      s.redundancy = report(raw.redundancy, p, k, o);
      result.sizes.push_back(std::move(s));
    }
    previous = std::move(raw);
  }
  meter.finish();
  return result;
}

}  // namespace oinfo
