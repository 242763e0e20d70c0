#include "all_worker.hpp"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "engine_call.hpp"

namespace oinfo::addon {

namespace {

// Writes to a file descriptor the caller opened (and closes): a file, a device, a pipe. A pipe may be
// non-blocking (Node's stdout): a full one is waited for with poll(), checking the cancel flag.
class FdSink final : public ByteSink {
 public:
  FdSink(int fd, const std::atomic<bool>* cancel) : fd_(fd), cancel_(cancel) {}

  int write(const char* data, std::size_t size) override {
    while (size > 0) {
      const ssize_t n = ::write(fd_, data, size);
      if (n >= 0) {
        data += n;
        size -= static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return errno;
      pollfd p{fd_, POLLOUT, 0};
      while (::poll(&p, 1, 100) == 0)
        if (cancel_->load(std::memory_order_relaxed)) return ECANCELED;
    }
    return 0;
  }

 private:
  int fd_;
  const std::atomic<bool>* cancel_;
};

// The rows' file descriptor, checked: the caller's (it closes it).
int fileDescriptor(const Napi::Value& value) {
  const double fd = number(value);
  if (!(fd >= 0 && fd <= 1e9) || fd != static_cast<int>(fd)) throw std::invalid_argument("oinfo protocol: fd must be a file descriptor");
  return static_cast<int>(fd);
}

class AllCall final : public EngineCall {
 public:
  // The inputs are copied (CopiedProblem, and the labels): the rows are written after this returns.
  AllCall(const Napi::CallbackInfo& i)
      : EngineCall(i.Env(), "oinfo.searchAll", i[12]),
        p_(i),
        labels_(owned(bytes(i[8]))),
        labelEnds_(owned(ints(i[9]))),
        labelQuote_(owned(ints(i[10]))),
        fd_(fileDescriptor(i[11])) {}

 private:
  std::vector<double> run(const std::atomic<bool>* cancel, const ProgressCallback& progress) override {
    FdSink sink(fd_, cancel);
    return protocol::searchAll({p_.cov.data(), p_.cov.size()}, p_.dim, p_.nSamples, {p_.candidates.data(), p_.candidates.size()}, p_.target,
                               {p_.options.data(), p_.options.size()}, {p_.classCovs.data(), p_.classCovs.size()},
                               {p_.classCounts.data(), p_.classCounts.size()}, {labels_.data(), labels_.size()},
                               {labelEnds_.data(), labelEnds_.size()}, {labelQuote_.data(), labelQuote_.size()}, sink, cancel, progress);
  }

  CopiedProblem p_;
  std::vector<char> labels_;
  std::vector<int> labelEnds_, labelQuote_;
  int fd_;
};

}  // namespace

Napi::Value startSearchAll(const Napi::CallbackInfo& info) {
  return startEngineCall(info, [&] { return new AllCall(info); });
}

}  // namespace oinfo::addon
