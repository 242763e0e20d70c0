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
#include "wide_layers.hpp"

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
p::Bytes bytes(const char* data, double length) { return {data, static_cast<std::size_t>(length)}; }

}  // namespace

// `--all`'s rows land here (in the worker that runs it), a chunk at a time in order: Module.oinfoWrite
// writes the bytes (fs.writeSync to the caller's file descriptor) and returns 0 or an errno.
EM_JS(int, oinfo_js_write, (const char* data, double length), {
  return Module["oinfoWrite"] ? Module["oinfoWrite"](data, length) : 5;  // EIO: nowhere to write
});

class JsSink final : public oinfo::ByteSink {
 public:
  int write(const char* data, std::size_t size) override { return oinfo_js_write(data, static_cast<double>(size)); }
};

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
                                       double classCovsLength, const double* classCounts, double nClasses, const int* groupSizes,
                                       double nGroups) {
  return run([&] {
    return p::measure(doubles(cov, covLength), dim, nSamples, ints(members, nMembers), doubles(options, nOptions),
                      doubles(classCovs, classCovsLength), doubles(classCounts, nClasses), ints(groupSizes, nGroups));
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

EMSCRIPTEN_KEEPALIVE int oinfo_csv_numbers(const char* text, double length, double fields, double crlf) {
  return run([&] { return p::csvNumbers(bytes(text, length), fields, crlf, 1); });
}

// Runs to the end (or until the cancel flag is set) on the calling thread.
EMSCRIPTEN_KEEPALIVE int oinfo_search(const double* cov, double covLength, double dim, double nSamples, const int* candidates,
                                      double nCandidates, double target, const double* options, double nOptions,
                                      const double* classCovs, double classCovsLength, const double* classCounts,
                                      double nClasses, const int* groupSizes, double nGroups, int wantProgress) {
  oinfo::ProgressCallback report = [](std::uint64_t done, std::uint64_t total) {
    oinfo_js_progress(static_cast<double>(done), static_cast<double>(total));
  };
  return run([&] {
    return p::search(doubles(cov, covLength), dim, nSamples, ints(candidates, nCandidates), target, doubles(options, nOptions),
                     doubles(classCovs, classCovsLength), doubles(classCounts, nClasses), ints(groupSizes, nGroups), &g_cancel,
                     wantProgress ? report : nullptr);
  });
}

// Every multiplet's row (protocol.hpp searchAll), written through Module.oinfoWrite, on the calling thread.
EMSCRIPTEN_KEEPALIVE int oinfo_search_all(const double* cov, double covLength, double dim, double nSamples, const int* candidates,
                                          double nCandidates, double target, const double* options, double nOptions,
                                          const double* classCovs, double classCovsLength, const double* classCounts, double nClasses,
                                          const char* labels, double labelsLength, const int* labelEnds, const int* labelQuote,
                                          int wantProgress) {
  oinfo::ProgressCallback report = [](std::uint64_t done, std::uint64_t total) {
    oinfo_js_progress(static_cast<double>(done), static_cast<double>(total));
  };
  JsSink sink;
  return run([&] {
    return p::searchAll(doubles(cov, covLength), dim, nSamples, ints(candidates, nCandidates), target, doubles(options, nOptions),
                        doubles(classCovs, classCovsLength), doubles(classCounts, nClasses), bytes(labels, labelsLength),
                        ints(labelEnds, nCandidates), ints(labelQuote, nCandidates), sink, &g_cancel, wantProgress ? report : nullptr);
  });
}

// The training kernels (native/nn/wide_layers.hpp), for TF.js where the addon is missing
// (src/nn/kernels/wasmNnMath.ts copies the tensors in and out). shape: [batch, networks, in, out,
// sharedInput, reluInput]; dims: [batch, networks, classes].
namespace {
oinfo::nn::WideShape wideShape(const int* s) { return oinfo::nn::WideShape{s[0], s[1], s[2], s[3], s[4] != 0, s[5] != 0}; }
}  // namespace

EMSCRIPTEN_KEEPALIVE void oinfo_nn_dense_forward(const int* shape, const float* a, const float* w, const float* bias, float* z) {
  oinfo::nn::wideDenseForward(wideShape(shape), a, w, bias, z);
}
EMSCRIPTEN_KEEPALIVE void oinfo_nn_dense_input_gradient(const int* shape, const float* dz, const float* w, const float* a, float* da) {
  oinfo::nn::wideDenseInputGradient(wideShape(shape), dz, w, a, da);
}
// trainable: 0 (null) when every column trains.
EMSCRIPTEN_KEEPALIVE void oinfo_nn_dense_weight_gradient(const int* shape, const float* a, const float* dz, const float* trainable, float* dw) {
  oinfo::nn::wideDenseWeightGradient(wideShape(shape), a, dz, trainable, dw);
}
EMSCRIPTEN_KEEPALIVE void oinfo_nn_dense_bias_gradient(const int* shape, const float* dz, float* db) {
  oinfo::nn::wideDenseBiasGradient(wideShape(shape), dz, db);
}
EMSCRIPTEN_KEEPALIVE void oinfo_nn_softmax_cross_entropy(const int* dims, const float* logits, const int* labels, float* lossSum, float* correct) {
  oinfo::nn::softmaxCrossEntropy(dims[0], dims[1], dims[2], logits, labels, lossSum, correct);
}
EMSCRIPTEN_KEEPALIVE void oinfo_nn_softmax_cross_entropy_gradient(const int* dims, const float* logits, const int* labels, const float* dLossSum,
                                                                  float* dLogits) {
  oinfo::nn::softmaxCrossEntropyGradient(dims[0], dims[1], dims[2], logits, labels, dLossSum, dLogits);
}

}  // extern "C"
