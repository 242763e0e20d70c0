// Throttled progress reports of a search, shared by the continuous and the discrete-target drivers.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "search.hpp"

namespace oinfo {

// Throttles progress reports to one per interval; safe to call from any thread.
class ProgressMeter {
 public:
  ProgressMeter(std::uint64_t total, const ProgressCallback& callback) : total_(total), callback_(callback) {}
  void add(std::uint64_t count) {
    const std::uint64_t done = done_.fetch_add(count) + count;
    if (!callback_) return;
    const std::int64_t now = nowMs();
    std::int64_t last = lastMs_.load();
    if (now - last >= 50 && lastMs_.compare_exchange_strong(last, now)) {
      std::lock_guard<std::mutex> lock(mutex_);
      callback_(std::min(done, total_), total_);
    }
  }
  void finish() {
    if (callback_) callback_(std::min(done_.load(), total_), total_);
  }

 private:
  static std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  std::uint64_t total_;
  const ProgressCallback& callback_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::int64_t> lastMs_{0};
  std::mutex mutex_;
};

}  // namespace oinfo
