// The C ABI of the WASM build: the same engine sources as the Node addon (native/engine/*.cpp),
// compiled with Emscripten, behind a handful of extern "C" entry points that src/backend/wasm.ts and
// wasm/worker.mjs call. It mirrors native/addon/*.cpp argument by argument, so both backends accept
// and reject the same inputs with the same messages.
//
// Conventions:
//   - Every entry point returns a status: 0 ok, 1 bad input (std::invalid_argument → OINFO_BAD_INPUT),
//     2 singular multiplet (SingularMultiplet → OINFO_SINGULAR), 3 anything else (OINFO_INTERNAL).
//     oinfo_error_message() holds the message of the last failure (the exception's what()).
//   - Buffers are allocated and freed by the caller (malloc/free exported), outputs written to
//     caller-provided pointers; a search result is serialised into a buffer owned here
//     (oinfo_result_data / oinfo_result_length), valid until the next search.
//   - Search options travel as an array of doubles (kOpt* below), decoded exactly as the addon's
//     searchOptions() decodes the JavaScript object (static_cast of the number).
//   - Cancellation: oinfo_cancel_flag() is the address of the std::atomic<bool> handed to
//     oinfo::search(). The module is built with shared memory, so the thread that started a search
//     in a worker can set this byte from outside (Atomics.store) while the search runs; the
//     enumeration reads it once per leaf row, as it reads the addon's flag.
//   - Progress: the engine's throttled callback calls the imported JS function oinfo_js_progress
//     (Module.oinfoProgress), at most every ~50 ms and once at the end.
#include <emscripten.h>
#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "conventions.hpp"
#include "copula.hpp"
#include "covariance_view.hpp"
#include "measure.hpp"
#include "search.hpp"

namespace {

enum Status : int { kOk = 0, kBadInput = 1, kSingular = 2, kInternal = 3 };

std::string g_errorMessage;
std::atomic<bool> g_cancel{false};
std::vector<double> g_result;

// Runs body(); maps what it throws the way native/addon/convert.cpp's toJsError does.
template <typename F>
int guarded(F&& body) {
  try {
    body();
    g_errorMessage.clear();
    return kOk;
  } catch (const oinfo::SingularMultiplet& e) {
    g_errorMessage = e.what();
    return kSingular;
  } catch (const std::invalid_argument& e) {
    g_errorMessage = e.what();
    return kBadInput;
  } catch (const std::exception& e) {
    g_errorMessage = e.what();
    return kInternal;
  } catch (...) {
    g_errorMessage = "unknown error in the oinfo engine";
    return kInternal;
  }
}

oinfo::EstimatorOptions estimator(int biasCorrect, int units) {
  oinfo::EstimatorOptions e;
  e.biasCorrect = biasCorrect != 0;
  e.units = units == 1 ? oinfo::Units::Nats : oinfo::Units::Bits;
  return e;
}

// Layout of the options array (doubles).
enum OptionIndex {
  kOptMinSize,
  kOptMaxSize,
  kOptExhaustiveMax,
  kOptBeam,
  kOptTop,
  kOptThreads,
  kOptBiasCorrect,
  kOptUnits,  // 0 bits, 1 nats
  kOptNaive,
  kOptUseShard,
  kOptShardFrom,
  kOptShardTo,
  kOptCount
};

oinfo::SearchOptions searchOptions(const double* o) {
  oinfo::SearchOptions s;
  s.minSize = static_cast<int>(o[kOptMinSize]);
  s.maxSize = static_cast<int>(o[kOptMaxSize]);
  s.exhaustiveMax = static_cast<int>(o[kOptExhaustiveMax]);
  s.beam = static_cast<int>(o[kOptBeam]);
  s.top = static_cast<int>(o[kOptTop]);
  s.threads = static_cast<int>(o[kOptThreads]);
  s.estimator = estimator(o[kOptBiasCorrect] != 0, static_cast<int>(o[kOptUnits]));
  s.naive = o[kOptNaive] != 0;
  if (o[kOptUseShard] != 0) {
    s.useShard = true;
    s.shardFrom = static_cast<std::uint64_t>(o[kOptShardFrom]);
    s.shardTo = static_cast<std::uint64_t>(o[kOptShardTo]);
  }
  return s;
}

oinfo::ColumnMatrix columns(const double* data, double length, double nSamples, double nVars) {
  const auto n = static_cast<std::size_t>(nSamples);
  const auto p = static_cast<std::size_t>(nVars);
  if (static_cast<std::size_t>(length) != n * p) throw std::invalid_argument("data must hold nSamples × nVars values");
  return oinfo::ColumnMatrix{data, n, p};
}

void checkCov(double covLength, int dim) {
  if (dim <= 0 || static_cast<std::size_t>(covLength) != static_cast<std::size_t>(dim) * dim)
    throw std::invalid_argument("cov must hold dim × dim values");
}

void copyOut(const std::vector<double>& values, double* out) { std::copy(values.begin(), values.end(), out); }

void appendList(const std::vector<oinfo::ReportedMultiplet>& list) {
  g_result.push_back(static_cast<double>(list.size()));
  for (const auto& m : list) {
    g_result.push_back(m.oinfo);
    g_result.push_back(static_cast<double>(m.variables.size()));
    for (int v : m.variables) g_result.push_back(static_cast<double>(v));
  }
}

}  // namespace

// The engine's progress callback lands here (in the worker that runs the search).
EM_JS(void, oinfo_js_progress, (double done, double total), {
  if (Module["oinfoProgress"]) Module["oinfoProgress"](done, total);
});

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* oinfo_error_message() { return g_errorMessage.c_str(); }

EMSCRIPTEN_KEEPALIVE void* oinfo_cancel_flag() { return &g_cancel; }

EMSCRIPTEN_KEEPALIVE int oinfo_options_length() { return kOptCount; }

// Bytes malloc has handed out and not taken back (the heap check of the tests).
EMSCRIPTEN_KEEPALIVE double oinfo_heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

// copnorm(data, nSamples, nVars) → out (nSamples × nVars, column by column)
EMSCRIPTEN_KEEPALIVE int oinfo_copnorm(const double* data, double length, double nSamples, double nVars, double* out) {
  return guarded([&] { copyOut(oinfo::copnorm(columns(data, length, nSamples, nVars), 1), out); });
}

// copulaCovariance(data, nSamples, nVars) → out (nVars × nVars, row-major)
EMSCRIPTEN_KEEPALIVE int oinfo_copula_covariance(const double* data, double length, double nSamples, double nVars,
                                                 double* out) {
  return guarded([&] { copyOut(oinfo::copulaCovariance(columns(data, length, nSamples, nVars), 1), out); });
}

// covariance(data, nSamples, nVars) → out (nVars × nVars): divisor N − 1, no copula step
EMSCRIPTEN_KEEPALIVE int oinfo_covariance(const double* data, double length, double nSamples, double nVars, double* out) {
  return guarded([&] { copyOut(oinfo::covariance(columns(data, length, nSamples, nVars)), out); });
}

// entropy(cov, dim, nSamples, members, biasCorrect, units) → *out
EMSCRIPTEN_KEEPALIVE int oinfo_entropy(const double* cov, double covLength, int dim, double nSamples, const int* members,
                                       int nMembers, int biasCorrect, int units, double* out) {
  return guarded([&] {
    checkCov(covLength, dim);
    const std::vector<int> m(members, members + nMembers);
    const oinfo::CovarianceView view{cov, dim, static_cast<long>(nSamples)};
    oinfo::validateMultiplet(view, m);
    const oinfo::EstimatorOptions est = estimator(biasCorrect, units);
    *out = oinfo::toUnits(oinfo::gaussianEntropy(view, m, est.biasCorrect), est.units);
  });
}

// measure(cov, dim, nSamples, members, biasCorrect, units, naive) → out[4] = tc, dtc, oinfo, sinfo
EMSCRIPTEN_KEEPALIVE int oinfo_measure(const double* cov, double covLength, int dim, double nSamples, const int* members,
                                       int nMembers, int biasCorrect, int units, int naive, double* out) {
  return guarded([&] {
    checkCov(covLength, dim);
    const std::vector<int> m(members, members + nMembers);
    const oinfo::CovarianceView view{cov, dim, static_cast<long>(nSamples)};
    const oinfo::EstimatorOptions est = estimator(biasCorrect, units);
    const oinfo::Measures r = naive ? oinfo::measureNaive(view, m, est) : oinfo::measureMultiplet(view, m, est);
    out[0] = r.tc;
    out[1] = r.dtc;
    out[2] = r.oinfo;
    out[3] = r.sinfo;
  });
}

// plannedMultiplets(nCandidates, options) → *out (may exceed 2^53: an estimate for display)
EMSCRIPTEN_KEEPALIVE int oinfo_planned(int nCandidates, const double* options, double* out) {
  return guarded([&] { *out = static_cast<double>(oinfo::plannedMultiplets(nCandidates, searchOptions(options))); });
}

// search(cov, dim, nSamples, candidates, target, options, wantProgress): runs to the end (or until the
// cancel flag is set) on the calling thread and serialises the result:
//   [cancelled, nSizes, per size: size, method (0 exhaustive, 1 greedy), evaluated, singular,
//    nSynergy, per multiplet: oinfo, nVars, vars…, nRedundancy, per multiplet: …]
EMSCRIPTEN_KEEPALIVE int oinfo_search(const double* cov, double covLength, int dim, double nSamples, const int* candidates,
                                      int nCandidates, int target, const double* options, int wantProgress) {
  return guarded([&] {
    g_result.clear();
    g_result.shrink_to_fit();
    checkCov(covLength, dim);
    const oinfo::SearchOptions o = searchOptions(options);
    const std::vector<int> c(candidates, candidates + nCandidates);
    const oinfo::CovarianceView view{cov, dim, static_cast<long>(nSamples)};
    oinfo::ProgressCallback report = [](std::uint64_t done, std::uint64_t total) {
      oinfo_js_progress(static_cast<double>(done), static_cast<double>(total));
    };
    const oinfo::SearchResult r = oinfo::search(view, c, target, o, &g_cancel, wantProgress ? report : nullptr);
    g_result.push_back(r.cancelled ? 1.0 : 0.0);
    g_result.push_back(static_cast<double>(r.sizes.size()));
    for (const auto& s : r.sizes) {
      g_result.push_back(s.size);
      g_result.push_back(s.method == "greedy" ? 1.0 : 0.0);
      g_result.push_back(static_cast<double>(s.evaluated));
      g_result.push_back(static_cast<double>(s.singular));
      appendList(s.synergy);
      appendList(s.redundancy);
    }
  });
}

EMSCRIPTEN_KEEPALIVE const double* oinfo_result_data() { return g_result.data(); }
EMSCRIPTEN_KEEPALIVE int oinfo_result_length() { return static_cast<int>(g_result.size()); }

}  // extern "C"
