#include "search_worker.hpp"

#include <atomic>
#include <memory>

#include "convert.hpp"
#include "search.hpp"

namespace oinfo::addon {

namespace {

struct ProgressTick {
  double done, total;
};

class SearchWorker : public Napi::AsyncProgressWorker<ProgressTick> {
 public:
  SearchWorker(Napi::Env env, Napi::Function onProgress, std::vector<double> cov, int dim, long nSamples,
               std::vector<int> candidates, int target, SearchOptions options, std::shared_ptr<std::atomic<bool>> cancel)
      : Napi::AsyncProgressWorker<ProgressTick>(env, "oinfo.search"),
        deferred_(Napi::Promise::Deferred::New(env)),
        cov_(std::move(cov)),
        dim_(dim),
        nSamples_(nSamples),
        candidates_(std::move(candidates)),
        target_(target),
        options_(options),
        cancel_(std::move(cancel)) {
    if (!onProgress.IsEmpty()) onProgress_ = Napi::Persistent(onProgress);
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    try {
      const CovarianceView view{cov_.data(), dim_, nSamples_};
      ProgressCallback report = [&progress](std::uint64_t done, std::uint64_t total) {
        const ProgressTick tick{static_cast<double>(done), static_cast<double>(total)};
        progress.Send(&tick, 1);
      };
      result_ = search(view, candidates_, target_, options_, cancel_.get(), onProgress_.IsEmpty() ? nullptr : report);
    } catch (...) {
      error_ = std::current_exception();
      SetError("engine error");  // replaced by the mapped error in OnError
    }
  }

  void OnProgress(const ProgressTick* data, size_t count) override {
    if (count == 0 || onProgress_.IsEmpty()) return;
    Napi::HandleScope scope(Env());
    onProgress_.Call({Napi::Number::New(Env(), data[count - 1].done), Napi::Number::New(Env(), data[count - 1].total)});
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (result_.cancelled) {
      Napi::Error abort = Napi::Error::New(env, "the search was aborted");
      abort.Set("name", "AbortError");
      abort.Set("code", "ABORT_ERR");
      deferred_.Reject(abort.Value());
      return;
    }
    deferred_.Resolve(searchResultToJs(env, result_));
  }

  void OnError(const Napi::Error&) override { deferred_.Reject(toJsError(Env(), error_).Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference onProgress_;
  std::vector<double> cov_;
  int dim_;
  long nSamples_;
  std::vector<int> candidates_;
  int target_;
  SearchOptions options_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  SearchResult result_;
  std::exception_ptr error_;
};

}  // namespace

Napi::Value startSearch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    if (info.Length() < 6) throw std::invalid_argument("search(cov, dim, nSamples, candidates, target, options, onProgress?)");
    std::vector<double> cov = toDoubles(info[0], "cov");
    const int dim = info[1].As<Napi::Number>().Int32Value();
    const long nSamples = static_cast<long>(info[2].As<Napi::Number>().Int64Value());
    if (dim <= 0 || cov.size() != static_cast<std::size_t>(dim) * dim)
      throw std::invalid_argument("cov must hold dim × dim values");
    std::vector<int> candidates = toInts(info[3], "candidates");
    const int target = info[4].As<Napi::Number>().Int32Value();
    if (!info[5].IsObject()) throw std::invalid_argument("options must be an object");
    const SearchOptions options = searchOptions(info[5].As<Napi::Object>());
    Napi::Function onProgress;
    if (info.Length() > 6 && info[6].IsFunction()) onProgress = info[6].As<Napi::Function>();

    auto cancel = std::make_shared<std::atomic<bool>>(false);
    auto* worker = new SearchWorker(env, onProgress, std::move(cov), dim, nSamples, std::move(candidates), target, options, cancel);
    Napi::Object handle = Napi::Object::New(env);
    handle.Set("promise", worker->promise());
    handle.Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo&) { cancel->store(true); }, "cancel"));
    worker->Queue();
    return handle;
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    throw toJsError(env, std::current_exception());
  }
}

}  // namespace oinfo::addon
