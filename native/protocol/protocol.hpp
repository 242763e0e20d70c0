// The one wire protocol between JavaScript and the engine. Both transports — the Node addon
// (native/addon) and the WASM module (wasm/oinfo_wasm.cpp) — are thin: they move flat arrays in and
// out and call the operations below; decoding options, checking the arrays' shapes, encoding results
// and mapping exceptions to a status happen here, once. The TypeScript side of the same contract is
// src/backend/protocol.ts; layout() is compared with its copy when a backend loads, so a binary built
// from other sources is a clear error rather than silently misread numbers.
//
// Conventions:
//   - Numbers cross as doubles (JavaScript numbers); integers are checked to be exact and in range.
//   - Data are column-major (each variable contiguous), covariances row-major dim × dim.
//   - Options are Float64Arrays whose layout is fixed by the field lists below (kSearchOptionNames…).
//     The API (src/api) owns defaults and validation; what is checked here are the engine's
//     assertions, reported as kBadInput so that a caller bypassing the API still gets a clear error.
//   - Every operation returns its result as doubles (a scalar is a 1-element vector).
//   - A discrete target (SPEC §7) travels as two arrays beside the covariance of X (measure, search):
//     classCovs, the C class covariances in the covariance's layout (C × dim × dim, class after class),
//     and classCounts, the C class sizes N_c (integers ≥ 1 adding up to nSamples). Both empty: no
//     discrete target (a continuous one, if any, is a variable of the covariance: `target`). With
//     classes, `target` must be −1 and the members / candidates are variables of X only.
//   - Groups (multivariate variables, groups.hpp) travel as groupSizes beside the members / candidates
//     (measure, search): the column count of each group, the members / candidates then being the groups'
//     columns group after group. Empty: every member / candidate is its own variable. With groups a
//     search reports group positions (0..groups − 1) as its variables; groups take no discrete target.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "all_search.hpp"
#include "search.hpp"

namespace oinfo::protocol {

// Bumped whenever any layout below changes.
constexpr int kVersion = 8;

// Status of a call: what the transports hand to JavaScript with the exception's message.
enum Status : int { kOk = 0, kBadInput = 1, kSingular = 2, kInternal = 3 };

// Search options, in this order.
enum SearchOption : int {
  kMinSize,
  kMaxSize,
  kExhaustiveMax,
  kBeam,
  kTop,
  kThreads,
  kBiasCorrect,  // 0 or 1
  kUnits,        // 0 bits, 1 nats
  kNaive,        // 0 or 1: the naive oracle instead of the tree enumeration (benchmarks, tests)
  kUseShard,     // 0 or 1
  kShardFrom,
  kShardTo,
  kRankBy,  // 0 oinfo, 1 tc, 2 dtc, 3 sinfo: the measure the lists rank by
  kMethod,    // above exhaustiveMax: 0 greedy (beam), 1 annealing
  kBudget,    // annealing: evaluations per list and size
  kRestarts,  // annealing: chains per list and size
  kSeed,      // annealing: the generators' seed (an integer < 2^53)
  kHistogramBins,  // 0, or the bins of each exhaustive size's Ω histogram
  kGroupRoute,     // groups only: 0 auto, 1 direct (a Cholesky per multiplet), 2 the block-bordered tree
  kBudgetSeconds,  // annealing: > 0, a budget in seconds per size instead of kBudget evaluations (0: none)
  kSearchOptionCount
};

// Options of searchAll (`--all`: every multiplet streamed to a sink), in this order.
enum AllOption : int {
  kAllMinSize,
  kAllMaxSize,
  kAllThreads,
  kAllBiasCorrect,  // 0 or 1
  kAllUnits,        // 0 bits, 1 nats
  kAllFormat,       // 0 csv, 1 ndjson
  kAllChunkRanks,   // ranks per chunk (0: the default); the bytes do not depend on it
  kAllWindow,       // chunks in flight (0: the default)
  kAllOptionCount
};

// Estimator options of entropy and measure, in this order.
enum EstimatorOption : int { kEstBiasCorrect, kEstUnits, kEstNaive, kEstimatorOptionCount };

// Options of the class-conditional MI (the single-variable baselines), in this order.
enum ClassMiOption : int {
  kMiMethod,       // 0 model comparison (gcmi's mi_model_gd), 1 Gaussian mixture (mi_mixture_gd)
  kMiCopula,       // 1: gcmi_*_cd — copula-normalise first (model: over all samples; mixture: within each class, rescaled)
  kMiBiasCorrect,  // model only
  kMiDemeaned,     // model only: the unconditional covariance is not re-centred
  kClassMiOptionCount
};

// A search result: [cancelled, nSizes, then per size: size, method (0 exhaustive, 1 greedy, 2 annealing), evaluated,
// singular, nSynergy, per multiplet (oinfo, tc, dtc, sinfo, nVars, vars…), nRedundancy, per multiplet (…),
// nBins (0: no histogram), then with bins: min, max, counts…].
// A searchAll result: [cancelled, writeError (the sink's errno, 0: none), bytes written, nSizes, then per size:
// size, rows written, singular multiplets skipped].
// A class-MI failure names the class; its message is complete for the user.

// "oinfo-protocol/<version> search:<names> estimator:<names> mi:<names> result:<name> discrete:<names> groups:<names> all:<names>".
const std::string& layout();

struct Doubles {
  const double* data;
  std::size_t length;
};
struct Ints {
  const int* data;
  std::size_t length;
};
struct Bytes {
  const char* data;
  std::size_t length;
};

std::vector<double> copnorm(Doubles data, double nSamples, double nVars, double threads);
std::vector<double> copulaCovariance(Doubles data, double nSamples, double nVars, double threads);
std::vector<double> covariance(Doubles data, double nSamples, double nVars);
// The covariances of `column` (nSamples values) with every column of data (nVars values).
std::vector<double> covarianceWith(Doubles data, double nSamples, double nVars, Doubles column);
std::vector<double> entropy(Doubles cov, double dim, double nSamples, Ints members, Doubles options);
// [tc, dtc, oinfo, sinfo] of the members (with the discrete target when classCounts is not empty).
std::vector<double> measure(Doubles cov, double dim, double nSamples, Ints members, Doubles options, Doubles classCovs,
                            Doubles classCounts, Ints groupSizes);
std::vector<double> plannedMultiplets(double nCandidates, Doubles options);
std::vector<double> search(Doubles cov, double dim, double nSamples, Ints candidates, double target, Doubles options,
                           Doubles classCovs, Doubles classCounts, Ints groupSizes, const std::atomic<bool>* cancel,
                           const ProgressCallback& progress);
// Every multiplet of the sizes (all_search.hpp) written to `sink`, with a continuous target (`target`), a
// discrete one (classCovs / classCounts, target −1) or none. labels: the candidates' names as the rows write
// them (all_rows.hpp), concatenated; labelEnds: where each ends; labelQuote: 1 where a CSV field holding the
// name must be quoted.
std::vector<double> searchAll(Doubles cov, double dim, double nSamples, Ints candidates, double target, Doubles options,
                              Doubles classCovs, Doubles classCounts, Bytes labels, Ints labelEnds, Ints labelQuote, ByteSink& sink,
                              const std::atomic<bool>* cancel, const ProgressCallback& progress);
// The class covariances of a discrete target: data are the copula-normalised columns (over all samples),
// labels ∈ 0..nClasses − 1 one per sample; per class demeaned within the class, divisor N_c − 1.
// Returns nClasses × nVars × nVars (row-major blocks).
std::vector<double> classCovariances(Doubles data, double nSamples, double nVars, Ints labels, double nClasses, double threads);
// The numbers of a plain numeric CSV's data rows (native/engine/csv_numbers.hpp): `text` is the file after
// its header row of `fields` cells, crlf 1 when that row ended with CRLF (0: LF). Returns rows × fields
// doubles column by column, or nothing when that reader declines the text (the caller then parses it).
std::vector<double> csvNumbers(Bytes text, double fields, double crlf, double threads);
// The same, the engine reading the file at `path` (UTF-8) itself (native/engine/csv_file.hpp): `head` is the
// start of the file as the caller read it (BOM and header row); nothing when declined.
std::vector<double> csvFileNumbers(Bytes path, Bytes head, double fields, double crlf, double threads);
// MI (bits) of the columns of data, jointly (one multivariate variable), with the labels 0..nClasses − 1.
std::vector<double> classMi(Doubles data, double nSamples, double nVars, Ints labels, double nClasses, Doubles options);

// Runs body(); returns kOk, or the status its exception maps to with the message in `message`.
template <typename F>
Status guarded(F&& body, std::string& message);

}  // namespace oinfo::protocol

#include "protocol_guard.hpp"
