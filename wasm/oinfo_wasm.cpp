// The WASM build's transport: the engine (native/engine) and the protocol (native/protocol), the same
// sources as the Node addon, behind a C ABI that src/backend/wasmTransport.ts and wasm/worker.mjs call.
//
// Conventions:
//   - Every entry point runs one protocol operation and returns its status (protocol::Status); the
//     result (doubles) is kept here until the next call: oinfo_result_data / oinfo_result_length; on
//     failure oinfo_error_message() holds the message.
//   - Arrays are allocated and freed by the caller (malloc/free exported); lengths travel as doubles.
//   - Cancellation: oinfo_cancel_flag() is the address of the std::atomic<bool> handed to the search.
//     The module is built with shared memory, so the thread that started a search in a worker sets
//     this byte from outside (Atomics.store) while the search runs; the enumeration reads it once per
//     leaf row, as it reads the addon's flag.
//   - Progress: the engine's throttled callback calls the imported JS function oinfo_js_progress
//     (Module.oinfoProgress), at most every ~50 ms and once at the end.
#include <emscripten.h>
#include <malloc.h>

#include <atomic>
#include <string>
#include <vector>

#include "protocol.hpp"

namespace {

namespace p = oinfo::protocol;

std::string g_message;
std::atomic<bool> g_cancel{false};
std::vector<double> g_result;

template <typename F>
int run(F&& operation) {
  g_result.clear();
  g_result.shrink_to_fit();  // a large result of an earlier call is not kept alive
  return p::guarded([&] { g_result = operation(); }, g_message);
}

p::Doubles doubles(const double* data, double length) { return {data, static_cast<std::size_t>(length)}; }
p::Ints ints(const int* data, double length) { return {data, static_cast<std::size_t>(length)}; }

}  // namespace

// The engine's progress callback lands here (in the worker that runs the search).
EM_JS(void, oinfo_js_progress, (double done, double total), {
  if (Module["oinfoProgress"]) Module["oinfoProgress"](done, total);
});

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* oinfo_layout() { return p::layout().c_str(); }
EMSCRIPTEN_KEEPALIVE const char* oinfo_error_message() { return g_message.c_str(); }
EMSCRIPTEN_KEEPALIVE const double* oinfo_result_data() { return g_result.data(); }
EMSCRIPTEN_KEEPALIVE double oinfo_result_length() { return static_cast<double>(g_result.size()); }
EMSCRIPTEN_KEEPALIVE void* oinfo_cancel_flag() { return &g_cancel; }

// Bytes malloc has handed out and not taken back (the heap check of the tests).
EMSCRIPTEN_KEEPALIVE double oinfo_heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

EMSCRIPTEN_KEEPALIVE int oinfo_copnorm(const double* data, double length, double nSamples, double nVars) {
  return run([&] { return p::copnorm(doubles(data, length), nSamples, nVars, 1); });
}

EMSCRIPTEN_KEEPALIVE int oinfo_copula_covariance(const double* data, double length, double nSamples, double nVars) {
  return run([&] { return p::copulaCovariance(doubles(data, length), nSamples, nVars, 1); });
}

EMSCRIPTEN_KEEPALIVE int oinfo_covariance(const double* data, double length, double nSamples, double nVars) {
  return run([&] { return p::covariance(doubles(data, length), nSamples, nVars); });
}

EMSCRIPTEN_KEEPALIVE int oinfo_covariance_with(const double* data, double length, double nSamples, double nVars,
                                               const double* column, double columnLength) {
  return run([&] { return p::covarianceWith(doubles(data, length), nSamples, nVars, doubles(column, columnLength)); });
}

EMSCRIPTEN_KEEPALIVE int oinfo_entropy(const double* cov, double covLength, double dim, double nSamples, const int* members,
                                       double nMembers, const double* options, double nOptions) {
  return run([&] {
    return p::entropy(doubles(cov, covLength), dim, nSamples, ints(members, nMembers), doubles(options, nOptions));
  });
}

EMSCRIPTEN_KEEPALIVE int oinfo_measure(const double* cov, double covLength, double dim, double nSamples, const int* members,
                                       double nMembers, const double* options, double nOptions, const double* classCovs,
                                       double classCovsLength, const double* classCounts, double nClasses) {
  return run([&] {
    return p::measure(doubles(cov, covLength), dim, nSamples, ints(members, nMembers), doubles(options, nOptions),
                      doubles(classCovs, classCovsLength), doubles(classCounts, nClasses));
  });
}

EMSCRIPTEN_KEEPALIVE int oinfo_class_covariances(const double* data, double length, double nSamples, double nVars,
                                                 const int* labels, double nLabels, double nClasses) {
  return run([&] { return p::classCovariances(doubles(data, length), nSamples, nVars, ints(labels, nLabels), nClasses, 1); });
}

EMSCRIPTEN_KEEPALIVE int oinfo_planned(double nCandidates, const double* options, double nOptions) {
  return run([&] { return p::plannedMultiplets(nCandidates, doubles(options, nOptions)); });
}

EMSCRIPTEN_KEEPALIVE int oinfo_class_mi(const double* data, double length, double nSamples, double nVars, const int* labels,
                                        double nLabels, double nClasses, const double* options,
                                        double nOptions) {
  return run([&] {
    return p::classMi(doubles(data, length), nSamples, nVars, ints(labels, nLabels), nClasses, doubles(options, nOptions));
  });
}

// Runs to the end (or until the cancel flag is set) on the calling thread.
EMSCRIPTEN_KEEPALIVE int oinfo_search(const double* cov, double covLength, double dim, double nSamples, const int* candidates,
                                      double nCandidates, double target, const double* options, double nOptions,
                                      const double* classCovs, double classCovsLength, const double* classCounts,
                                      double nClasses, int wantProgress) {
  oinfo::ProgressCallback report = [](std::uint64_t done, std::uint64_t total) {
    oinfo_js_progress(static_cast<double>(done), static_cast<double>(total));
  };
  return run([&] {
    return p::search(doubles(cov, covLength), dim, nSamples, ints(candidates, nCandidates), target, doubles(options, nOptions),
                     doubles(classCovs, classCovsLength), doubles(classCounts, nClasses), &g_cancel,
                     wantProgress ? report : nullptr);
  });
}

}  // extern "C"
