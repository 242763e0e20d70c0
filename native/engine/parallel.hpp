// A minimal parallel-for over indices 0..count−1 with dynamic scheduling. Builds without threads
// (OINFO_NO_THREADS, used by the WASM build) by running the loop on the calling thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>
#ifndef OINFO_NO_THREADS
#include <thread>
#endif

namespace oinfo {

// Number of worker threads to use when the caller asks for `requested` (≤ 0 = all cores).
inline int resolveThreads(int requested) {
#ifdef OINFO_NO_THREADS
  (void)requested;
  return 1;
#else
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
#endif
}

// Calls body(i) for every i in [0, count), items taken dynamically by up to `threads` threads.
// body(i, worker) variants get the worker index for thread-local state. The first exception
// thrown by any worker is rethrown on the caller after all workers stop.
template <typename Body>
void parallelForWorker(std::size_t count, int threads, Body&& body) {
  threads = resolveThreads(threads);
  if (threads <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) body(i, 0);
    return;
  }
#ifdef OINFO_NO_THREADS
  for (std::size_t i = 0; i < count; ++i) body(i, 0);
#else
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex errorMutex;
  auto work = [&](int worker) {
    try {
      for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) body(i, worker);
    } catch (...) {
      std::lock_guard<std::mutex> lock(errorMutex);
      if (!error) error = std::current_exception();
      next.store(count);  // stop the others early
    }
  };
  const int nThreads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), count));
  std::vector<std::thread> pool;
  for (int w = 1; w < nThreads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
#endif
}

template <typename Body>
void parallelFor(std::size_t count, int threads, Body&& body) {
  parallelForWorker(count, threads, [&](std::size_t i, int) { body(i); });
}

}  // namespace oinfo
