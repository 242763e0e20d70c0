#include "protocol.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "class_mi.hpp"
#include "copula.hpp"
#include "csv_file.hpp"
#include "csv_numbers.hpp"
#include "discrete.hpp"
#include "discrete_search.hpp"
#include "groups.hpp"
#include "measure.hpp"

namespace oinfo::protocol {

namespace {

const char* const kSearchOptionNames[kSearchOptionCount] = {
    "minSize", "maxSize",  "exhaustiveMax", "beam",      "top",     "threads", "biasCorrect",
    "units",   "naive",    "useShard",      "shardFrom", "shardTo", "rankBy",  "method",
    "budget",  "restarts", "seed",          "histogramBins", "groupRoute", "budgetSeconds"};
const char* const kEstimatorOptionNames[kEstimatorOptionCount] = {"biasCorrect", "units", "naive"};
const char* const kClassMiOptionNames[kClassMiOptionCount] = {"method", "copula", "biasCorrect", "demeaned"};
const char* const kDiscreteNames[] = {"classCovs", "classCounts", "classCovariances"};
const char* const kGroupNames[] = {"groupSizes"};
const char* const kAllOptionNames[kAllOptionCount] = {"minSize", "maxSize", "threads", "biasCorrect", "units", "format", "chunkRanks", "window"};

std::string joined(const char* const* names, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += (i ? "," : "") + std::string(names[i]);
  return out;
}

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument("oinfo protocol: " + message); }

// An exact integer in [min, max]; anything else is a caller bypassing the API (src/api validates first).
std::int64_t integer(double value, const char* what, double min, double max) {
  if (!(value >= min && value <= max) || std::floor(value) != value)
    fail(std::string(what) + " must be an integer in [" + std::to_string(static_cast<long long>(min)) + ", " +
         std::to_string(static_cast<long long>(max)) + "], got " + std::to_string(value));
  return static_cast<std::int64_t>(value);
}

constexpr double kIntMax = std::numeric_limits<int>::max();
constexpr double kSafeMax = 9007199254740991.0;  // 2^53 − 1: the largest exact JavaScript integer

int toInt(double value, const char* what, double min = 0) { return static_cast<int>(integer(value, what, min, kIntMax)); }
bool flag(double value, const char* what) { return integer(value, what, 0, 1) == 1; }

void expectLength(Doubles options, int count, const char* what) {
  if (options.length != static_cast<std::size_t>(count))
    fail(std::string(what) + " options must hold " + std::to_string(count) + " values, got " + std::to_string(options.length));
}

Units units(double value) { return integer(value, "units", 0, 1) == 1 ? Units::Nats : Units::Bits; }

EstimatorOptions estimator(Doubles o) {
  expectLength(o, kEstimatorOptionCount, "estimator");
  EstimatorOptions e;
  e.biasCorrect = flag(o.data[kEstBiasCorrect], "biasCorrect");
  e.units = units(o.data[kEstUnits]);
  return e;
}

SearchOptions searchOptions(Doubles o) {
  expectLength(o, kSearchOptionCount, "search");
  const double* v = o.data;
  SearchOptions s;
  s.minSize = toInt(v[kMinSize], "minSize");
  s.maxSize = toInt(v[kMaxSize], "maxSize");
  s.exhaustiveMax = toInt(v[kExhaustiveMax], "exhaustiveMax");
  s.beam = toInt(v[kBeam], "beam");
  s.top = toInt(v[kTop], "top");
  s.threads = toInt(v[kThreads], "threads");
  s.estimator.biasCorrect = flag(v[kBiasCorrect], "biasCorrect");
  s.estimator.units = units(v[kUnits]);
  s.naive = flag(v[kNaive], "naive");
  s.useShard = flag(v[kUseShard], "useShard");
  if (s.useShard) {
    s.shardFrom = static_cast<std::uint64_t>(integer(v[kShardFrom], "shardFrom", 0, kSafeMax));
    s.shardTo = static_cast<std::uint64_t>(integer(v[kShardTo], "shardTo", 0, kSafeMax));
  }
  static constexpr RankBy kRankings[] = {RankBy::Oinfo, RankBy::Tc, RankBy::Dtc, RankBy::Sinfo};
  s.rankBy = kRankings[integer(v[kRankBy], "rankBy", 0, 3)];
  s.histogramBins = static_cast<int>(integer(v[kHistogramBins], "histogramBins", 0, 1e6));
  static constexpr GroupRoute kRoutes[] = {GroupRoute::Auto, GroupRoute::Direct, GroupRoute::Tree};
  s.groupRoute = kRoutes[integer(v[kGroupRoute], "groupRoute", 0, 2)];
  s.method = integer(v[kMethod], "method", 0, 1) == 1 ? AboveMethod::Annealing : AboveMethod::Greedy;
  if (s.method == AboveMethod::Annealing) {
    const double seconds = v[kBudgetSeconds];
    if (!(seconds >= 0 && seconds <= 1e7)) fail("budgetSeconds must lie in [0, 1e7], got " + std::to_string(seconds));
    s.budgetSeconds = seconds;
    if (seconds == 0) s.budget = static_cast<std::uint64_t>(integer(v[kBudget], "budget", 1, kSafeMax));
    s.restarts = static_cast<int>(integer(v[kRestarts], "restarts", 1, 1 << 20));
    s.seed = static_cast<std::uint64_t>(integer(v[kSeed], "seed", 0, kSafeMax));
  }
  return s;
}

ColumnMatrix columns(Doubles data, double nSamples, double nVars) {
  const auto n = static_cast<std::size_t>(integer(nSamples, "nSamples", 0, kSafeMax));
  const auto p = static_cast<std::size_t>(integer(nVars, "nVars", 0, kSafeMax));
  if (data.length != n * p) fail("data must hold nSamples × nVars values");
  return ColumnMatrix{data.data, n, p};
}

CovarianceView covarianceView(Doubles cov, double dim, double nSamples) {
  const int d = toInt(dim, "dim", 1);
  if (cov.length != static_cast<std::size_t>(d) * d) fail("cov must hold dim × dim values");
  return CovarianceView{cov.data, d, static_cast<long>(integer(nSamples, "nSamples", 0, kSafeMax))};
}

std::vector<int> ints(Ints values) { return std::vector<int>(values.data, values.data + values.length); }

// The discrete target's arrays (see protocol.hpp); false when both are empty (no discrete target).
bool classes(Doubles covs, Doubles counts, const CovarianceView& view, ClassCovariances& out) {
  if (counts.length == 0) {
    if (covs.length != 0) fail("classCovs without classCounts");
    return false;
  }
  const std::size_t c = counts.length;
  const std::size_t block = static_cast<std::size_t>(view.dim) * view.dim;
  if (covs.length != c * block) fail("classCovs must hold classCounts.length × dim × dim values");
  out.values = covs.data;
  out.counts.clear();
  for (std::size_t i = 0; i < c; ++i) out.counts.push_back(static_cast<long>(integer(counts.data[i], "classCounts", 1, kSafeMax)));
  for (std::size_t i = 0; i < covs.length; ++i)
    if (!std::isfinite(covs.data[i])) fail("classCovs holds a non-finite value");
  validateClasses(view, out);
  return true;
}

void appendList(std::vector<double>& out, const std::vector<ReportedMultiplet>& list) {
  out.push_back(static_cast<double>(list.size()));
  for (const auto& m : list) {
    out.insert(out.end(), {m.oinfo, m.tc, m.dtc, m.sinfo, static_cast<double>(m.variables.size())});
    for (int v : m.variables) out.push_back(static_cast<double>(v));
  }
}

std::vector<double> encode(const SearchResult& r) {
  std::vector<double> out{r.cancelled ? 1.0 : 0.0, static_cast<double>(r.sizes.size())};
  for (const auto& s : r.sizes) {
    out.push_back(s.size);
    out.push_back(s.method == "greedy" ? 1.0 : s.method == "annealing" ? 2.0 : 0.0);
    out.push_back(static_cast<double>(s.evaluated));
    out.push_back(static_cast<double>(s.singular));
    appendList(out, s.synergy);
    appendList(out, s.redundancy);
    out.push_back(static_cast<double>(s.histogram.size()));  // 0: no histogram
    if (!s.histogram.empty()) {
      out.insert(out.end(), {s.histogramMin, s.histogramMax});
      for (auto c : s.histogram) out.push_back(static_cast<double>(c));
    }
  }
  return out;
}

}  // namespace

const std::string& layout() {
  static const std::string text = "oinfo-protocol/" + std::to_string(kVersion) +
                                  " search:" + joined(kSearchOptionNames, kSearchOptionCount) +
                                  " estimator:" + joined(kEstimatorOptionNames, kEstimatorOptionCount) +
                                  " mi:" + joined(kClassMiOptionNames, kClassMiOptionCount) + " result:sizes-v4 ops:covarianceWith,csvNumbers,csvFileNumbers" +
                                  " discrete:" + joined(kDiscreteNames, 3) + " groups:" + joined(kGroupNames, 1) +
                                  " all:" + joined(kAllOptionNames, kAllOptionCount) + " all-result:v1";
  return text;
}

std::vector<double> copnorm(Doubles data, double nSamples, double nVars, double threads) {
  return oinfo::copnorm(columns(data, nSamples, nVars), toInt(threads, "threads"));
}

std::vector<double> copulaCovariance(Doubles data, double nSamples, double nVars, double threads) {
  return oinfo::copulaCovariance(columns(data, nSamples, nVars), toInt(threads, "threads"));
}

std::vector<double> covariance(Doubles data, double nSamples, double nVars) {
  return oinfo::covariance(columns(data, nSamples, nVars));
}

std::vector<double> covarianceWith(Doubles data, double nSamples, double nVars, Doubles column) {
  const ColumnMatrix x = columns(data, nSamples, nVars);
  if (column.length != x.nSamples) fail("column must hold nSamples values");
  return oinfo::covarianceWith(x, column.data);
}

std::vector<double> entropy(Doubles cov, double dim, double nSamples, Ints members, Doubles options) {
  const CovarianceView view = covarianceView(cov, dim, nSamples);
  const std::vector<int> m = ints(members);
  validateMultiplet(view, m);
  const EstimatorOptions e = estimator(options);
  return {toUnits(gaussianEntropy(view, m, e.biasCorrect), e.units)};
}

std::vector<double> measure(Doubles cov, double dim, double nSamples, Ints members, Doubles options, Doubles classCovs,
                            Doubles classCounts, Ints groupSizes) {
  const CovarianceView view = covarianceView(cov, dim, nSamples);
  const EstimatorOptions e = estimator(options);
  const bool naive = flag(options.data[kEstNaive], "naive");
  ClassCovariances c;
  Measures r;
  const std::vector<int> sizes = ints(groupSizes);
  const bool grouped = std::any_of(sizes.begin(), sizes.end(), [](int s) { return s != 1; });
  if (!sizes.empty()) validateGroupSizes(sizes, members.length);
  if (grouped) {
    if (classes(classCovs, classCounts, view, c)) fail("groups take no discrete target (classes)");
    r = naive ? measureGroupsNaive(view, ints(members), sizes, e) : measureGroups(view, ints(members), sizes, e);
  } else if (classes(classCovs, classCounts, view, c))
    r = naive ? measureDiscreteNaive(view, c, ints(members), e) : measureDiscrete(view, c, ints(members), e);
  else
    r = naive ? measureNaive(view, ints(members), e) : measureMultiplet(view, ints(members), e);
  return {r.tc, r.dtc, r.oinfo, r.sinfo};
}

std::vector<double> plannedMultiplets(double nCandidates, Doubles options) {
  return {static_cast<double>(oinfo::plannedMultiplets(toInt(nCandidates, "nCandidates"), searchOptions(options)))};
}

std::vector<double> search(Doubles cov, double dim, double nSamples, Ints candidates, double target, Doubles options,
                           Doubles classCovs, Doubles classCounts, Ints groupSizes, const std::atomic<bool>* cancel,
                           const ProgressCallback& progress) {
  const CovarianceView view = covarianceView(cov, dim, nSamples);
  const int t = static_cast<int>(integer(target, "target", -1, kIntMax));
  const SearchOptions o = searchOptions(options);
  ClassCovariances c;
  if (groupSizes.length > 0) {
    if (classes(classCovs, classCounts, view, c)) fail("groups take no discrete target (classes)");
    const std::vector<int> sizes = ints(groupSizes);
    validateGroupSizes(sizes, candidates.length);
    return encode(oinfo::searchGroups(view, ints(candidates), sizes, t, o, cancel, progress));
  }
  if (classes(classCovs, classCounts, view, c)) {
    if (t != -1) fail("a search with classes (a discrete target) takes target −1");
    return encode(oinfo::searchDiscrete(view, c, ints(candidates), o, cancel, progress));
  }
  return encode(oinfo::search(view, ints(candidates), t, o, cancel, progress));
}

std::vector<double> searchAll(Doubles cov, double dim, double nSamples, Ints candidates, double target, Doubles options,
                              Doubles classCovs, Doubles classCounts, Bytes labels, Ints labelEnds, Ints labelQuote, ByteSink& sink,
                              const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  const CovarianceView view = covarianceView(cov, dim, nSamples);
  const int t = static_cast<int>(integer(target, "target", -1, kIntMax));
  expectLength(options, kAllOptionCount, "searchAll");
  const double* v = options.data;
  AllOptions o;
  o.minSize = toInt(v[kAllMinSize], "minSize");
  o.maxSize = toInt(v[kAllMaxSize], "maxSize");
  o.threads = toInt(v[kAllThreads], "threads");
  o.estimator.biasCorrect = flag(v[kAllBiasCorrect], "biasCorrect");
  o.estimator.units = units(v[kAllUnits]);
  o.format = integer(v[kAllFormat], "format", 0, 1) == 1 ? RowFormat::Ndjson : RowFormat::Csv;
  o.chunkRanks = static_cast<std::uint64_t>(integer(v[kAllChunkRanks], "chunkRanks", 0, kSafeMax));
  o.window = toInt(v[kAllWindow], "window");
  if (labelEnds.length != candidates.length || labelQuote.length != candidates.length)
    fail("labelEnds and labelQuote must hold one value per candidate");
  RowLabels rowLabels;
  int start = 0;
  for (std::size_t i = 0; i < labelEnds.length; ++i) {
    const int end = labelEnds.data[i];
    if (end < start || static_cast<std::size_t>(end) > labels.length) fail("labelEnds must rise within the labels");
    rowLabels.text.emplace_back(labels.data + start, labels.data + end);
    rowLabels.quote.push_back(labelQuote.data[i] != 0 ? 1 : 0);
    start = end;
  }
  ClassCovariances c;
  AllResult r;
  if (classes(classCovs, classCounts, view, c)) {
    if (t != -1) fail("a search with classes (a discrete target) takes target −1");
    r = oinfo::searchAllDiscrete(view, c, ints(candidates), o, rowLabels, sink, cancel, progress);
  } else {
    r = oinfo::searchAll(view, ints(candidates), t, o, rowLabels, sink, cancel, progress);
  }
  std::vector<double> out{r.cancelled ? 1.0 : 0.0, static_cast<double>(r.writeError), static_cast<double>(r.bytes),
                          static_cast<double>(r.sizes.size())};
  for (const auto& s : r.sizes) out.insert(out.end(), {static_cast<double>(s.size), static_cast<double>(s.rows), static_cast<double>(s.singular)});
  return out;
}

std::vector<double> classCovariances(Doubles data, double nSamples, double nVars, Ints labels, double nClasses, double threads) {
  const ColumnMatrix z = columns(data, nSamples, nVars);
  if (labels.length != z.nSamples) fail("labels must hold nSamples values");
  return oinfo::classCovariances(z, ints(labels), toInt(nClasses, "nClasses", 1), toInt(threads, "threads"));
}

std::vector<double> csvNumbers(Bytes text, double fields, double crlf, double threads) {
  std::vector<double> columns;
  readCsvNumbers(text.data, text.length, toInt(fields, "fields", 1), flag(crlf, "crlf"), toInt(threads, "threads"), columns);
  return columns;
}

std::vector<double> csvFileNumbers(Bytes path, Bytes head, double fields, double crlf, double threads) {
  std::vector<double> columns;
  readCsvFile(std::string(path.data, path.length), std::string(head.data, head.length),
              toInt(fields, "fields", 1), flag(crlf, "crlf"), toInt(threads, "threads"), columns);
  return columns;
}

std::vector<double> classMi(Doubles data, double nSamples, double nVars, Ints labels, double nClasses, Doubles options) {
  const ColumnMatrix x = columns(data, nSamples, nVars);
  if (labels.length != x.nSamples) fail("labels must hold nSamples values");
  expectLength(options, kClassMiOptionCount, "class MI");
  ClassMiOptions o;
  o.method = integer(options.data[kMiMethod], "method", 0, 1) == 1 ? ClassMiMethod::Mixture : ClassMiMethod::Model;
  o.copula = flag(options.data[kMiCopula], "copula");
  o.biasCorrect = flag(options.data[kMiBiasCorrect], "biasCorrect");
  o.demeaned = flag(options.data[kMiDemeaned], "demeaned");
  const int k = toInt(nClasses, "nClasses", 1);
  const std::vector<int> y = ints(labels);
  for (int v : y)
    if (v < 0 || v >= k) fail("labels must lie in 0..nClasses − 1");
  return {classMutualInformation(x, y, k, o)};
}

}  // namespace oinfo::protocol
