// `--all` (SPEC §9): every multiplet of sizes minSize..maxSize, with its four measures, streamed as CSV or
// NDJSON (all_rows.hpp) in rank order — size by size, each in lexicographic order — to a ByteSink, by the
// engine's threads, in constant memory.
//
// The ranks are cut into chunks of a fixed number of ranks (whatever the threads), taken by the workers
// in order; each worker formats its chunk into a buffer of a reorder window of `window` slots, and a
// chunk is written as soon as every chunk before it is: whoever finishes the chunk next in line writes it
// and then every chunk behind it that is ready. A worker waits for its slot only when it is `window`
// chunks ahead of the writer. So the output is the same bytes for any number of threads (each chunk's
// text depends on its ranks alone), the memory is window × chunk bytes whatever the number of
// multiplets, and the writes happen on the engine's threads (a sink's write may block: the disk, a pipe).
//
// A failed write (its errno) stops the run; so does the cancel flag (within one leaf row). Either way
// what was written stays written: the caller (src/api/searchAll.ts) removes its temporary file.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "all_rows.hpp"
#include "covariance_view.hpp"
#include "discrete.hpp"
#include "search.hpp"

namespace oinfo {

// Where the rows go: write() returns 0, or the errno of a failure (then nothing more is written).
// Called by one thread at a time, chunks in order.
class ByteSink {
 public:
  virtual int write(const char* data, std::size_t size) = 0;

 protected:
  ~ByteSink() = default;
};

struct AllOptions {
  int minSize = 0, maxSize = 0;
  int threads = 0;  // ≤ 0: all cores
  EstimatorOptions estimator;
  RowFormat format = RowFormat::Csv;
  std::uint64_t chunkRanks = 0;  // 0: rows of about kChunkBytes, at most kDefaultChunkRanks
  int window = 0;                // chunks in flight; 0: 2 × threads + 2, at most kMaxWindow
};

constexpr std::uint64_t kDefaultChunkRanks = 16384;
constexpr std::uint64_t kChunkBytes = std::uint64_t{2} << 20;
constexpr int kMaxWindow = 64;

struct AllSizeStats {
  int size = 0;
  std::uint64_t rows = 0, singular = 0;  // rows written, singular multiplets skipped (rows + singular = C(n, k))
};

struct AllResult {
  std::vector<AllSizeStats> sizes;
  std::uint64_t bytes = 0;  // written
  bool cancelled = false;
  int writeError = 0;  // the sink's errno; 0: every write succeeded
};

// candidates: ascending indices into cov; target: index or −1 (a continuous target, in every multiplet);
// labels: one per candidate. Throws std::invalid_argument on bad options.
AllResult searchAll(const CovarianceView& cov, const std::vector<int>& candidates, int target, const AllOptions& options,
                    const RowLabels& labels, ByteSink& sink, const std::atomic<bool>* cancel = nullptr,
                    const ProgressCallback& progress = nullptr);

// With a discrete target (SPEC §7): the classes' covariances beside X's.
AllResult searchAllDiscrete(const CovarianceView& cov, const ClassCovariances& classes, const std::vector<int>& candidates,
                            const AllOptions& options, const RowLabels& labels, ByteSink& sink,
                            const std::atomic<bool>* cancel = nullptr, const ProgressCallback& progress = nullptr);

}  // namespace oinfo
