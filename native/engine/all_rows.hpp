// The rows of `--all` (all_search.hpp streams them): every multiplet of a rank range of one size, as text,
// from the enumeration's own Ω and TC (scoreEvery, enumerator.hpp) with exactly the conversion a search's
// report applies (search_driver.hpp: bias constants of the size, then the units; DTC = TC − Ω, S = TC + DTC),
// each number as JavaScript prints it (shortest.hpp). So a row is, to the byte, what a search's JSON says of
// the same multiplet. Singular multiplets get no row (they are counted).
//
//   csv:     size,oinfo,tc,dtc,sinfo,vars CRLF — vars the names joined with ';', the field quoted (RFC 4180)
//            when a name holds a comma, a quote, CR or LF: the project's CSV conventions (cli/formats/csv.ts)
//   ndjson:  {"size":k,"vars":["a","b"],"oinfo":…,"tc":…,"dtc":…,"sinfo":…} LF — a search's NDJSON row
//            without kind and rank
//
// The names come pre-escaped for the format (src/api/searchAll.ts: JSON.stringify for NDJSON; for CSV the
// name with quotes doubled and whether it forces quoting), so the engine copies bytes.
//
// This file is compiled without exception support in the WASM build (wasm/build.mjs), as the enumerators
// it is called from: nothing here throws but std::bad_alloc.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "conventions.hpp"
#include "tree_walk.hpp"

namespace oinfo {

class TreeEnumerator;
class DiscreteEnumerator;

enum class RowFormat { Csv, Ndjson };

// The candidates' names as the rows write them (see the header), by candidate position.
struct RowLabels {
  std::vector<std::string> text;
  std::vector<char> quote;  // CSV: a vars field holding this name is quoted
};

// A growable byte buffer without the zero-filling of std::string::resize.
class ByteBuffer {
 public:
  // Room for `extra` more bytes at the end; write there, then commit(end).
  char* reserve(std::size_t extra);
  void commit(char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }
  const char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  void clear() { size_ = 0; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

struct RowStyle {
  RowFormat format = RowFormat::Csv;
  const RowLabels* labels = nullptr;
  EstimatorOptions estimator;
};

struct RowStats {
  std::uint64_t rows = 0;      // written
  std::uint64_t singular = 0;  // skipped
  bool cancelled = false;
};

// Appends the rows of the multiplets of rank [from, to) of size k to `out`; bias: the size's bias constants
// (bias-free nats; ignored unless style.estimator.biasCorrect).
RowStats appendRows(TreeEnumerator& enumerator, int k, const MeasureBias& bias, const RowStyle& style, std::uint64_t from,
                    std::uint64_t to, ByteBuffer& out, const std::atomic<bool>* cancel);
RowStats appendRows(DiscreteEnumerator& enumerator, int k, const MeasureBias& bias, const RowStyle& style, std::uint64_t from,
                    std::uint64_t to, ByteBuffer& out, const std::atomic<bool>* cancel);

}  // namespace oinfo
