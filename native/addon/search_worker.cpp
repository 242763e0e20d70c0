#include "search_worker.hpp"

#include <atomic>
#include <memory>

#include "protocol.hpp"
#include "wire.hpp"

namespace oinfo::addon {

namespace {

struct ProgressTick {
  double done, total;
};

class SearchWorker : public Napi::AsyncProgressWorker<ProgressTick> {
 public:
  // The inputs are copied: the JavaScript arrays may change or be collected while the search runs.
  SearchWorker(Napi::Env env, Napi::Function onProgress, protocol::Doubles cov, double dim, double nSamples,
               protocol::Ints candidates, double target, protocol::Doubles options, protocol::Doubles classCovs,
               protocol::Doubles classCounts, protocol::Ints groupSizes, std::shared_ptr<std::atomic<bool>> cancel)
      : Napi::AsyncProgressWorker<ProgressTick>(env, "oinfo.search"),
        deferred_(Napi::Promise::Deferred::New(env)),
        cov_(cov.data, cov.data + cov.length),
        candidates_(candidates.data, candidates.data + candidates.length),
        options_(options.data, options.data + options.length),
        classCovs_(classCovs.data, classCovs.data + classCovs.length),
        classCounts_(classCounts.data, classCounts.data + classCounts.length),
        groupSizes_(groupSizes.data, groupSizes.data + groupSizes.length),
        dim_(dim),
        nSamples_(nSamples),
        target_(target),
        cancel_(std::move(cancel)) {
    if (!onProgress.IsEmpty()) onProgress_ = Napi::Persistent(onProgress);
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    ProgressCallback report = [&progress](std::uint64_t done, std::uint64_t total) {
      const ProgressTick tick{static_cast<double>(done), static_cast<double>(total)};
      progress.Send(&tick, 1);
    };
    status_ = protocol::guarded(
        [&] {
          result_ = protocol::search({cov_.data(), cov_.size()}, dim_, nSamples_, {candidates_.data(), candidates_.size()},
                                     target_, {options_.data(), options_.size()}, {classCovs_.data(), classCovs_.size()},
                                     {classCounts_.data(), classCounts_.size()}, {groupSizes_.data(), groupSizes_.size()},
                                     cancel_.get(),
                                     onProgress_.IsEmpty() ? nullptr : report);
        },
        message_);
  }

  void OnProgress(const ProgressTick* data, size_t count) override {
    if (count == 0 || onProgress_.IsEmpty()) return;
    Napi::HandleScope scope(Env());
    // Never throws: src/backend/engine.ts wraps the user's callback (one that throws cancels the search).
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
  std::vector<double> options_;
  std::vector<double> classCovs_, classCounts_;
  std::vector<int> groupSizes_;
  double dim_, nSamples_, target_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::vector<double> result_;
  protocol::Status status_ = protocol::kOk;
  std::string message_;
};

}  // namespace

Napi::Value startSearch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string message;
  SearchWorker* worker = nullptr;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  const protocol::Status status = protocol::guarded(
      [&] {
        Napi::Function onProgress;
        if (info[9].IsFunction()) onProgress = info[9].As<Napi::Function>();
        worker = new SearchWorker(env, onProgress, doubles(info[0]), number(info[1]), number(info[2]), ints(info[3]),
                                  number(info[4]), doubles(info[5]), doubles(info[6]), doubles(info[7]), ints(info[8]), cancel);
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
