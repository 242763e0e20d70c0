#include "all_search.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "combinations.hpp"
#include "discrete_enumerator.hpp"
#include "enumerator.hpp"
#include "parallel.hpp"
#include "problem.hpp"
#include "progress_meter.hpp"

namespace oinfo {

namespace {

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

// The continuous target (or none): the tree enumeration of the compact problem.
struct ContinuousRows {
  using Enumerator = TreeEnumerator;
  const CompactProblem& p;
  int candidates() const { return p.n; }
  void validateSamples(int maxSize) const {
    const int m = maxSize + p.hasTarget;
    if (p.nSamples <= m + 1)
      fail("multiplets of " + std::to_string(m) + " variables need more than " + std::to_string(m + 1) + " samples, got " +
           std::to_string(p.nSamples));
  }
  std::unique_ptr<TreeEnumerator> enumerator(int k) const { return std::make_unique<TreeEnumerator>(p, k, RankBy::Oinfo); }
  MeasureBias bias(int k) const { return measureBias(k + p.hasTarget, p.nSamples); }
};

// A discrete target: the enumeration with one bordered inverse per class.
struct DiscreteRows {
  using Enumerator = DiscreteEnumerator;
  const DiscreteProblem& p;
  int candidates() const { return p.n; }
  void validateSamples(int maxSize) const {
    for (int c = 0; c < p.classes; ++c)
      if (p.counts[c] <= maxSize + 1)
        fail("class " + std::to_string(c) + " has " + std::to_string(p.counts[c]) + " samples; multiplets of size " +
             std::to_string(maxSize) + " need more than " + std::to_string(maxSize + 1) + " in every class");
    if (p.nSamples <= maxSize + 1)
      fail("multiplets of " + std::to_string(maxSize) + " variables need more than " + std::to_string(maxSize + 1) +
           " samples, got " + std::to_string(p.nSamples));
  }
  std::unique_ptr<DiscreteEnumerator> enumerator(int k) const { return std::make_unique<DiscreteEnumerator>(p, k, RankBy::Oinfo); }
  MeasureBias bias(int k) const { return discreteBias(k, p.nSamples, p.counts); }
};

constexpr std::uint64_t kMaxExactRanks = (std::uint64_t{1} << 53) - 1;  // counts cross to JavaScript as doubles

// One worker's state: an enumerator for the size it last worked on.
template <class Kind>
struct Worker {
  int size = 0;
  std::unique_ptr<typename Kind::Enumerator> enumerator;
};

template <class Kind>
AllResult run(const Kind& kind, const AllOptions& o, const RowLabels& labels, ByteSink& sink, const std::atomic<bool>* cancel,
              const ProgressCallback& progress) {
  const int n = kind.candidates();
  if (o.minSize < 1) fail("the minimum size must be at least 1");
  if (o.maxSize < o.minSize) fail("the maximum size must not be below the minimum size");
  if (o.maxSize > n) fail("the maximum size " + std::to_string(o.maxSize) + " exceeds the " + std::to_string(n) + " candidate variables");
  if (labels.text.size() != static_cast<std::size_t>(n) || labels.quote.size() != static_cast<std::size_t>(n))
    fail("one label per candidate variable is needed");
  kind.validateSamples(o.maxSize);
  // A chunk of about kChunkBytes of text (at most kDefaultChunkRanks rows), whatever the names' lengths, and
  // a window of at most kMaxWindow chunks: the memory stays within a few tens of MB for any threads.
  std::size_t longest = 0;
  for (const auto& text : labels.text) longest = std::max(longest, text.size());
  const std::uint64_t rowBytes = 100 + static_cast<std::uint64_t>(o.maxSize) * (longest + 1);
  const std::uint64_t chunkRanks =
      o.chunkRanks > 0 ? o.chunkRanks : std::clamp<std::uint64_t>(kChunkBytes / rowBytes, 64, kDefaultChunkRanks);
  const int threads = resolveThreads(o.threads);
  const int window = o.window > 0 ? o.window : std::min(2 * threads + 2, kMaxWindow);

  // The chunks of every size, in order: chunk c belongs to sizes[s] with firstChunk[s] ≤ c < firstChunk[s + 1].
  std::vector<int> sizes;
  std::vector<std::uint64_t> firstChunk{0}, total;
  std::uint64_t ranks = 0;
  for (int k = o.minSize; k <= o.maxSize; ++k) {
    const std::uint64_t count = binomial(n, k);
    if (count == kCountOverflow || count > kMaxExactRanks || ranks + count > kMaxExactRanks)
      fail("C(" + std::to_string(n) + ", " + std::to_string(k) + ") multiplets are too many to write");
    ranks += count;
    sizes.push_back(k);
    total.push_back(count);
    firstChunk.push_back(firstChunk.back() + (count + chunkRanks - 1) / chunkRanks);
  }
  const std::uint64_t chunks = firstChunk.back();
  std::vector<MeasureBias> biases;
  for (int k : sizes) biases.push_back(kind.bias(k));
  const RowStyle style{o.format, &labels, o.estimator};

  AllResult result;
  for (int k : sizes) result.sizes.push_back(AllSizeStats{k, 0, 0});
  ProgressMeter meter(ranks, progress);

  // The reorder window: slot c % window holds chunk c from when its worker takes it until it is written.
  struct Slot {
    ByteBuffer text;
    bool ready = false;
  };
  std::vector<Slot> slots(static_cast<std::size_t>(window));
  std::mutex mutex;
  std::condition_variable slotFreed;
  std::uint64_t nextToWrite = 0;
  bool writing = false, stop = false;
  std::exception_ptr error;
  std::vector<Worker<Kind>> workers(static_cast<std::size_t>(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(chunks, 1))));

  auto work = [&](std::size_t c, int w) {
    try {
      {
        std::unique_lock<std::mutex> lock(mutex);
        slotFreed.wait(lock, [&] { return stop || c < nextToWrite + static_cast<std::uint64_t>(window); });
        if (stop) return;
      }
      if (cancel && cancel->load(std::memory_order_relaxed)) {
        std::lock_guard<std::mutex> lock(mutex);
        stop = true;
        result.cancelled = true;
        slotFreed.notify_all();
        return;
      }
      // The slot is this worker's alone now: chunk c − window was written and released it.
      const std::size_t s = static_cast<std::size_t>(std::upper_bound(firstChunk.begin(), firstChunk.end(), c) - firstChunk.begin() - 1);
      const int k = sizes[s];
      const std::uint64_t from = (c - firstChunk[s]) * chunkRanks, to = std::min(total[s], from + chunkRanks);
      Worker<Kind>& worker = workers[static_cast<std::size_t>(w)];
      if (!worker.enumerator || worker.size != k) {
        worker.enumerator = kind.enumerator(k);
        worker.size = k;
      }
      Slot& slot = slots[c % static_cast<std::size_t>(window)];
      slot.text.clear();
      const RowStats stats = appendRows(*worker.enumerator, k, biases[s], style, from, to, slot.text, cancel);
      meter.add(to - from);

      std::unique_lock<std::mutex> lock(mutex);
      if (stats.cancelled) {
        stop = true;
        result.cancelled = true;
        slotFreed.notify_all();
        return;
      }
      result.sizes[s].rows += stats.rows;
      result.sizes[s].singular += stats.singular;
      slot.ready = true;
      if (writing) return;  // the worker writing now gets to this chunk in its turn
      writing = true;
      while (!stop && nextToWrite < chunks) {
        Slot& next = slots[nextToWrite % static_cast<std::size_t>(window)];
        if (!next.ready) break;
        lock.unlock();
        const int failed = sink.write(next.text.data(), next.text.size());
        lock.lock();
        if (failed) {
          result.writeError = failed;
          stop = true;
        } else {
          result.bytes += next.text.size();
        }
        next.ready = false;
        ++nextToWrite;
        slotFreed.notify_all();
      }
      writing = false;
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!error) error = std::current_exception();
      stop = true;
      slotFreed.notify_all();
    }
  };
  parallelForWorker(chunks, static_cast<int>(workers.size()), work);
  if (error) std::rethrow_exception(error);
  if (cancel && cancel->load(std::memory_order_relaxed) && nextToWrite < chunks) result.cancelled = true;
  meter.finish();
  return result;
}

}  // namespace

AllResult searchAll(const CovarianceView& cov, const std::vector<int>& candidates, int target, const AllOptions& options,
                    const RowLabels& labels, ByteSink& sink, const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const CompactProblem p = makeProblem(cov, candidates, target);
  return run(ContinuousRows{p}, options, labels, sink, cancel, progress);
}

AllResult searchAllDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates,
                            const AllOptions& options, const RowLabels& labels, ByteSink& sink, const std::atomic<bool>* cancel,
                            const ProgressCallback& progress) {
  const DiscreteProblem p = makeDiscreteProblem(cov, classes, candidates);
  return run(DiscreteRows{p}, options, labels, sink, cancel, progress);
}

}  // namespace oinfo
