#include "all_worker.hpp"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <memory>

#include "protocol.hpp"
#include "wire.hpp"

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

struct ProgressTick {
  double done, total;
};

class AllWorker : public Napi::AsyncProgressWorker<ProgressTick> {
 public:
  // The inputs are copied: the JavaScript arrays may change or be collected while the rows are written.
  AllWorker(Napi::Env env, Napi::Function onProgress, protocol::Doubles cov, double dim, double nSamples, protocol::Ints candidates,
            double target, protocol::Doubles options, protocol::Doubles classCovs, protocol::Doubles classCounts, protocol::Bytes labels,
            protocol::Ints labelEnds, protocol::Ints labelQuote, int fd, std::shared_ptr<std::atomic<bool>> cancel)
      : Napi::AsyncProgressWorker<ProgressTick>(env, "oinfo.searchAll"),
        deferred_(Napi::Promise::Deferred::New(env)),
        cov_(cov.data, cov.data + cov.length),
        candidates_(candidates.data, candidates.data + candidates.length),
        options_(options.data, options.data + options.length),
        classCovs_(classCovs.data, classCovs.data + classCovs.length),
        classCounts_(classCounts.data, classCounts.data + classCounts.length),
        labels_(labels.data, labels.data + labels.length),
        labelEnds_(labelEnds.data, labelEnds.data + labelEnds.length),
        labelQuote_(labelQuote.data, labelQuote.data + labelQuote.length),
        dim_(dim),
        nSamples_(nSamples),
        target_(target),
        fd_(fd),
        cancel_(std::move(cancel)) {
    if (!onProgress.IsEmpty()) onProgress_ = Napi::Persistent(onProgress);
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    ProgressCallback report = [&progress](std::uint64_t done, std::uint64_t total) {
      const ProgressTick tick{static_cast<double>(done), static_cast<double>(total)};
      progress.Send(&tick, 1);
    };
    FdSink sink(fd_, cancel_.get());
    status_ = protocol::guarded(
        [&] {
          result_ = protocol::searchAll({cov_.data(), cov_.size()}, dim_, nSamples_, {candidates_.data(), candidates_.size()}, target_,
                                        {options_.data(), options_.size()}, {classCovs_.data(), classCovs_.size()},
                                        {classCounts_.data(), classCounts_.size()}, {labels_.data(), labels_.size()},
                                        {labelEnds_.data(), labelEnds_.size()}, {labelQuote_.data(), labelQuote_.size()}, sink,
                                        cancel_.get(), onProgress_.IsEmpty() ? nullptr : report);
        },
        message_);
  }

  void OnProgress(const ProgressTick* data, size_t count) override {
    if (count == 0 || onProgress_.IsEmpty()) return;
    Napi::HandleScope scope(Env());
    onProgress_.Call({Napi::Number::New(Env(), data[count - 1].done), Napi::Number::New(Env(), data[count - 1].total)});
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (status_ != protocol::kOk)
      deferred_.Reject(failure(env, status_, message_).Value());
    else
      deferred_.Resolve(toJs(env, result_));
  }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference onProgress_;
  std::vector<double> cov_;
  std::vector<int> candidates_;
  std::vector<double> options_, classCovs_, classCounts_;
  std::vector<char> labels_;
  std::vector<int> labelEnds_, labelQuote_;
  double dim_, nSamples_, target_;
  int fd_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::vector<double> result_;
  protocol::Status status_ = protocol::kOk;
  std::string message_;
};

}  // namespace

Napi::Value startSearchAll(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string message;
  AllWorker* worker = nullptr;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  const protocol::Status status = protocol::guarded(
      [&] {
        Napi::Function onProgress;
        if (info[12].IsFunction()) onProgress = info[12].As<Napi::Function>();
        const double fd = number(info[11]);
        if (!(fd >= 0 && fd <= 1e9) || fd != static_cast<int>(fd)) throw std::invalid_argument("oinfo protocol: fd must be a file descriptor");
        worker = new AllWorker(env, onProgress, doubles(info[0]), number(info[1]), number(info[2]), ints(info[3]), number(info[4]),
                               doubles(info[5]), doubles(info[6]), doubles(info[7]), bytes(info[8]), ints(info[9]), ints(info[10]),
                               static_cast<int>(fd), cancel);
      },
      message);
  if (status != protocol::kOk) throw failure(env, status, message);
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("promise", worker->promise());
  handle.Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo&) { cancel->store(true); }, "cancel"));
  worker->Queue();
  return handle;
}

}  // namespace oinfo::addon
