// The oinfo Node addon: a thin transport over native/protocol. Synchronous operations run here;
// the search runs on a worker thread (search_worker.cpp).
#include <napi.h>

#include "all_worker.hpp"
#include "csv_job.hpp"
#include "nn_kernels.hpp"
#include "protocol.hpp"
#include "search_worker.hpp"
#include "wire.hpp"

namespace oinfo::addon {

namespace {

// Runs a protocol operation; its result becomes a Float64Array, its failure a JavaScript Error with a status.
template <typename F>
Napi::Value call(const Napi::CallbackInfo& info, F&& operation) {
  std::vector<double> result;
  std::string message;
  const protocol::Status status = protocol::guarded([&] { result = operation(); }, message);
  if (status != protocol::kOk) throw failure(info.Env(), status, message);
  return toJs(info.Env(), std::move(result));
}

// copnorm(data, nSamples, nVars, threads)
Napi::Value Copnorm(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::copnorm(doubles(i[0]), number(i[1]), number(i[2]), number(i[3])); });
}

// copulaCovariance(data, nSamples, nVars, threads)
Napi::Value CopulaCovariance(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::copulaCovariance(doubles(i[0]), number(i[1]), number(i[2]), number(i[3])); });
}

// covariance(data, nSamples, nVars)
Napi::Value Covariance(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::covariance(doubles(i[0]), number(i[1]), number(i[2])); });
}

// covarianceWith(data, nSamples, nVars, column)
Napi::Value CovarianceWith(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::covarianceWith(doubles(i[0]), number(i[1]), number(i[2]), doubles(i[3])); });
}

// entropy(cov, dim, nSamples, members, options)
Napi::Value Entropy(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::entropy(doubles(i[0]), number(i[1]), number(i[2]), ints(i[3]), doubles(i[4])); });
}

// measure(cov, dim, nSamples, members, options, classCovs, classCounts, groupSizes)
Napi::Value Measure(const Napi::CallbackInfo& i) {
  return call(i, [&] {
    return protocol::measure(doubles(i[0]), number(i[1]), number(i[2]), ints(i[3]), doubles(i[4]), doubles(i[5]), doubles(i[6]),
                             ints(i[7]));
  });
}

// classCovariances(data, nSamples, nVars, labels, nClasses, threads)
Napi::Value ClassCovariances(const Napi::CallbackInfo& i) {
  return call(i, [&] {
    return protocol::classCovariances(doubles(i[0]), number(i[1]), number(i[2]), ints(i[3]), number(i[4]), number(i[5]));
  });
}

// plannedMultiplets(nCandidates, options)
Napi::Value Planned(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::plannedMultiplets(number(i[0]), doubles(i[1])); });
}

// classMi(data, nSamples, nVars, labels, nClasses, options)
Napi::Value ClassMi(const Napi::CallbackInfo& i) {
  return call(i, [&] {
    return protocol::classMi(doubles(i[0]), number(i[1]), number(i[2]), ints(i[3]), number(i[4]), doubles(i[5]));
  });
}

// csvNumbers(text, fields, crlf, threads)
Napi::Value CsvNumbers(const Napi::CallbackInfo& i) {
  return call(i, [&] { return protocol::csvNumbers(bytes(i[0]), number(i[1]), number(i[2]), number(i[3])); });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("layout", Napi::String::New(env, protocol::layout()));
  exports.Set("copnorm", Napi::Function::New(env, Copnorm, "copnorm"));
  exports.Set("copulaCovariance", Napi::Function::New(env, CopulaCovariance, "copulaCovariance"));
  exports.Set("covariance", Napi::Function::New(env, Covariance, "covariance"));
  exports.Set("covarianceWith", Napi::Function::New(env, CovarianceWith, "covarianceWith"));
  exports.Set("entropy", Napi::Function::New(env, Entropy, "entropy"));
  exports.Set("measure", Napi::Function::New(env, Measure, "measure"));
  exports.Set("plannedMultiplets", Napi::Function::New(env, Planned, "plannedMultiplets"));
  exports.Set("classMi", Napi::Function::New(env, ClassMi, "classMi"));
  exports.Set("classCovariances", Napi::Function::New(env, ClassCovariances, "classCovariances"));
  exports.Set("csvNumbers", Napi::Function::New(env, CsvNumbers, "csvNumbers"));
  exports.Set("csvFileStart", Napi::Function::New(env, CsvFileStart, "csvFileStart"));
  exports.Set("csvFileFinish", Napi::Function::New(env, CsvFileFinish, "csvFileFinish"));
  exports.Set("search", Napi::Function::New(env, startSearch, "search"));
  exports.Set("searchAll", Napi::Function::New(env, startSearchAll, "searchAll"));
  exports.Set("nn", nnKernels(env));
  return exports;
}

}  // namespace

}  // namespace oinfo::addon

static Napi::Object InitOinfo(Napi::Env env, Napi::Object exports) { return oinfo::addon::Init(env, exports); }

NODE_API_MODULE(oinfo, InitOinfo)
