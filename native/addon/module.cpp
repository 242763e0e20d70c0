// The oinfo Node addon: synchronous primitives (copnorm, covariance, measure) and the asynchronous search.
#include <napi.h>

#include "convert.hpp"
#include "copula.hpp"
#include "measure.hpp"
#include "search_worker.hpp"

namespace oinfo::addon {

namespace {

// Guards a synchronous entry point: engine exceptions become JavaScript errors with a code.
template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F&& body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    throw toJsError(info.Env(), std::current_exception());
  }
}

ColumnMatrix columns(const Napi::CallbackInfo& info, std::vector<double>& storage) {
  storage = toDoubles(info[0], "data");
  const auto nSamples = static_cast<std::size_t>(info[1].As<Napi::Number>().Int64Value());
  const auto nVars = static_cast<std::size_t>(info[2].As<Napi::Number>().Int64Value());
  if (storage.size() != nSamples * nVars) throw std::invalid_argument("data must hold nSamples × nVars values");
  return ColumnMatrix{storage.data(), nSamples, nVars};
}

Napi::Float64Array toJs(Napi::Env env, const std::vector<double>& values) {
  Napi::Float64Array out = Napi::Float64Array::New(env, values.size());
  std::copy(values.begin(), values.end(), out.Data());
  return out;
}

// copnorm(data: Float64Array (column-major), nSamples, nVars, threads?) → Float64Array
Napi::Value Copnorm(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    std::vector<double> storage;
    const ColumnMatrix data = columns(info, storage);
    const int threads = info.Length() > 3 && info[3].IsNumber() ? info[3].As<Napi::Number>().Int32Value() : 0;
    return toJs(info.Env(), copnorm(data, threads));
  });
}

// copulaCovariance(data, nSamples, nVars, threads?) → Float64Array (nVars × nVars)
Napi::Value CopulaCovariance(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    std::vector<double> storage;
    const ColumnMatrix data = columns(info, storage);
    const int threads = info.Length() > 3 && info[3].IsNumber() ? info[3].As<Napi::Number>().Int32Value() : 0;
    return toJs(info.Env(), copulaCovariance(data, threads));
  });
}

// covariance(data, nSamples, nVars) → Float64Array: plain covariance (divisor N − 1), no copula step
Napi::Value Covariance(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    std::vector<double> storage;
    return toJs(info.Env(), covariance(columns(info, storage)));
  });
}

// The arguments (cov, dim, nSamples, members: Int32Array, options?) shared by entropy and measure.
struct MultipletArgs {
  std::vector<double> cov;
  int dim;
  long nSamples;
  std::vector<int> members;
  Napi::Object options;
  CovarianceView view() const { return CovarianceView{cov.data(), dim, nSamples}; }
};

MultipletArgs multipletArgs(const Napi::CallbackInfo& info) {
  MultipletArgs a{toDoubles(info[0], "cov"), info[1].As<Napi::Number>().Int32Value(),
                  static_cast<long>(info[2].As<Napi::Number>().Int64Value()), {}, Napi::Object()};
  if (a.dim <= 0 || a.cov.size() != static_cast<std::size_t>(a.dim) * a.dim)
    throw std::invalid_argument("cov must hold dim × dim values");
  a.members = toInts(info[3], "members");
  a.options = info[4].IsObject() ? info[4].As<Napi::Object>() : Napi::Object::New(info.Env());
  return a;
}

// entropy(cov, dim, nSamples, members: Int32Array, options { biasCorrect, units }) → Gaussian entropy
Napi::Value Entropy(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    const MultipletArgs a = multipletArgs(info);
    validateMultiplet(a.view(), a.members);
    const EstimatorOptions est = estimatorOptions(a.options);
    return Napi::Number::New(info.Env(), toUnits(gaussianEntropy(a.view(), a.members, est.biasCorrect), est.units));
  });
}

// measure(cov, dim, nSamples, members: Int32Array, options { biasCorrect, units, naive }) → Measures
Napi::Value Measure(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    const MultipletArgs a = multipletArgs(info);
    const bool naive = a.options.Has("naive") && a.options.Get("naive").ToBoolean().Value();
    const EstimatorOptions est = estimatorOptions(a.options);
    return measuresToJs(info.Env(), naive ? measureNaive(a.view(), a.members, est) : measureMultiplet(a.view(), a.members, est));
  });
}

// plannedMultiplets(nCandidates, options) → number (may exceed 2^53: an estimate for display)
Napi::Value Planned(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    const int n = info[0].As<Napi::Number>().Int32Value();
    const SearchOptions options = searchOptions(info[1].As<Napi::Object>());
    return Napi::Number::New(info.Env(), static_cast<double>(plannedMultiplets(n, options)));
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("copnorm", Napi::Function::New(env, Copnorm, "copnorm"));
  exports.Set("copulaCovariance", Napi::Function::New(env, CopulaCovariance, "copulaCovariance"));
  exports.Set("covariance", Napi::Function::New(env, Covariance, "covariance"));
  exports.Set("entropy", Napi::Function::New(env, Entropy, "entropy"));
  exports.Set("measure", Napi::Function::New(env, Measure, "measure"));
  exports.Set("plannedMultiplets", Napi::Function::New(env, Planned, "plannedMultiplets"));
  exports.Set("search", Napi::Function::New(env, startSearch, "search"));
  exports.Set("backend", Napi::String::New(env, "native"));
  return exports;
}

}  // namespace

}  // namespace oinfo::addon

static Napi::Object InitOinfo(Napi::Env env, Napi::Object exports) { return oinfo::addon::Init(env, exports); }

NODE_API_MODULE(oinfo, InitOinfo)
