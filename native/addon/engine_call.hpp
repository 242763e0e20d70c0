// A long engine call (a search, `--all`'s rows) on a worker thread, the same for each: the JavaScript
// thread gets { promise, cancel } — a Promise of the call's encoded result (a Float64Array, protocol.hpp)
// or of its failure, throttled progress callbacks, and a cancel() that sets the flag the engine polls.
// A call is a subclass that keeps copies of its inputs and says how to run (run()).
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "wire.hpp"

namespace oinfo::addon {

struct ProgressTick {
  double done, total;
};

class EngineCall : public Napi::AsyncProgressWorker<ProgressTick> {
 public:
  EngineCall(Napi::Env env, const char* name, const Napi::Value& onProgress)
      : Napi::AsyncProgressWorker<ProgressTick>(env, name), deferred_(Napi::Promise::Deferred::New(env)) {
    if (onProgress.IsFunction()) onProgress_ = Napi::Persistent(onProgress.As<Napi::Function>());
  }

  // { promise, cancel } for JavaScript; queues the call.
  Napi::Object start(Napi::Env env) {
    Napi::Object handle = Napi::Object::New(env);
    handle.Set("promise", deferred_.Promise());
    handle.Set("cancel", Napi::Function::New(env, [cancel = cancel_](const Napi::CallbackInfo&) { cancel->store(true); }, "cancel"));
    Queue();
    return handle;
  }

 protected:
  // The call itself, on the worker thread: its result, or a throw (reported as the protocol does).
  virtual std::vector<double> run(const std::atomic<bool>* cancel, const ProgressCallback& progress) = 0;

 private:
  void Execute(const ExecutionProgress& progress) override {
    const ProgressCallback report = [&progress](std::uint64_t done, std::uint64_t total) {
      const ProgressTick tick{static_cast<double>(done), static_cast<double>(total)};
      progress.Send(&tick, 1);
    };
    status_ = protocol::guarded([&] { result_ = run(cancel_.get(), onProgress_.IsEmpty() ? nullptr : report); }, message_);
  }

  void OnProgress(const ProgressTick* data, size_t count) override {
    if (count == 0 || onProgress_.IsEmpty()) return;
    Napi::HandleScope scope(Env());
    // Never throws: src/backend/engine.ts wraps the user's callback (one that throws cancels the call).
    onProgress_.Call({Napi::Number::New(Env(), data[count - 1].done), Napi::Number::New(Env(), data[count - 1].total)});
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (status_ != protocol::kOk)
      deferred_.Reject(failure(env, status_, message_).Value());
    else
      deferred_.Resolve(toJs(env, std::move(result_)));
  }

  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference onProgress_;
  std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
  std::vector<double> result_;
  protocol::Status status_ = protocol::kOk;
  std::string message_;
};

// The problem a search and `--all` share, copied from their first eight arguments, in the order both
// take them (src/backend/protocol.ts): cov, dim, nSamples, candidates, target, options, classCovs,
// classCounts. Copied because the JavaScript arrays may change or be collected while the call runs.
struct CopiedProblem {
  explicit CopiedProblem(const Napi::CallbackInfo& i)
      : cov(owned(doubles(i[0]))),
        candidates(owned(ints(i[3]))),
        options(owned(doubles(i[5]))),
        classCovs(owned(doubles(i[6]))),
        classCounts(owned(doubles(i[7]))),
        dim(number(i[1])),
        nSamples(number(i[2])),
        target(number(i[4])) {}

  std::vector<double> cov;
  std::vector<int> candidates;
  std::vector<double> options, classCovs, classCounts;
  double dim, nSamples, target;
};

// Makes the call (make() reads the arguments, which may throw) and starts it; a bad argument throws the
// protocol's error to JavaScript.
template <typename Make>
Napi::Value startEngineCall(const Napi::CallbackInfo& info, Make&& make) {
  std::string message;
  EngineCall* call = nullptr;
  const protocol::Status status = protocol::guarded([&] { call = make(); }, message);
  if (status != protocol::kOk) throw failure(info.Env(), status, message);
  return call->start(info.Env());
}

}  // namespace oinfo::addon
