#include "csv_numbers.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "decimal.hpp"
#include "parallel.hpp"

// The parse gets a clone for x86-64-v3 (AVX2, BMI2: SSE in three-operand form, shifts and bit counts
// without fixed registers; ~7 % fewer cycles) beside the portable one, picked at load time. Integer code
// and one IEEE operation (no contraction): both clones give the same bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#define OINFO_CSV_HOT __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define OINFO_CSV_HOT
#endif

namespace oinfo {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

const char* skipBlanks(const char* p, const char* end) {
  while (p < end && isBlank(*p)) ++p;
  return p;
}

// Where the part `k` of `parts` starts: after the first LF at or after its share of the text.
const char* partStart(const char* text, std::size_t length, std::size_t k, std::size_t parts) {
  if (k == 0) return text;
  if (k == parts) return text + length;
  const char* from = text + length / parts * k;
  const void* lf = std::memchr(from, '\n', static_cast<std::size_t>(text + length - from));
  return lf ? static_cast<const char*>(lf) + 1 : text + length;
}

// The data rows of [p, end), which starts at a line start, each handed to `rows` (the contract of the
// header; a last line without a line end is a line): rows.next() is where the row's first number goes,
// the j-th at next()[j · rows.stride], or nullptr to decline. False to decline.
template <typename Rows>
[[gnu::always_inline]] inline bool parseRows(const char* p, const char* end, int fields, bool crlf, Rows& rows) {
  const char* const begin = p;
  const std::size_t stride = rows.stride;
  while (p < end) {
    const char* q = skipBlanks(p, end);
    if (q != end && *q != '\n' && *q != '\r') {  // not a blank line
      double* out = rows.next();
      if (out == nullptr) return false;
      for (int f = 0;; out += stride) {
        const char* last = readDecimal(begin, q, end, *out);
        if (last == nullptr) return false;
        q = last < end && *last <= ' ' ? skipBlanks(last, end) : last;  // (digits, signs, points, commas: above ' ')
        if (++f == fields) break;
        if (q == end || *q != ',') return false;
        ++q;
        if (q < end && *q <= ' ') q = skipBlanks(q, end);
      }
    }
    if (q == end) break;
    if (*q == '\r') {
      if (!crlf || q + 1 == end || q[1] != '\n') return false;
      ++q;
    } else if (*q != '\n' || crlf) {
      return false;  // another cell, another character, or an LF without its CR
    }
    p = q + 1;
  }
  return true;
}

// Rows appended to a row-major vector.
struct AppendRows {
  std::vector<double>& values;
  std::size_t fields;
  static constexpr std::size_t stride = 1;
  double* next() {
    values.resize(values.size() + fields);
    return values.data() + values.size() - fields;
  }
};

// Rows written straight into a column-major matrix: row after row from `first`, at most `left` of them.
struct ColumnRows {
  double* first;
  std::size_t stride;  // the matrix's rows: from one column to the next
  std::size_t left;
  double* next() { return left-- == 0 ? nullptr : first++; }
};

OINFO_CSV_HOT bool parseColumns(const char* p, const char* end, int fields, bool crlf, ColumnRows& rows) {
  return parseRows(p, end, fields, crlf, rows);
}

// `columns` resized to n zeros. In fresh memory (every result handed to JavaScript is), faulting 8 MB in
// one 4 KB page at a time costs up to ~5 ms on the machines we measure; one MADV_POPULATE_WRITE (Linux
// 5.14) faults the block's pages in at once (~1 ms). It only faults pages in, as writing them would;
// where the kernel lacks it, it fails and nothing changes.
void resizeFresh(std::vector<double>& columns, std::size_t n) {
  columns.reserve(n);
#if defined(MADV_POPULATE_WRITE)
  const std::uintptr_t page = 4096;
  const std::uintptr_t from = (reinterpret_cast<std::uintptr_t>(columns.data()) + page - 1) & ~(page - 1);
  const std::uintptr_t to = reinterpret_cast<std::uintptr_t>(columns.data() + n) & ~(page - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
#endif
  columns.resize(n);
}

// The data rows of [p, end) as parseRows counts them: the lines with a non-blank character.
std::size_t countRows(const char* p, const char* end) {
  std::size_t rows = 0;
  while (p < end) {
    const char* q = skipBlanks(p, end);
    rows += q != end && *q != '\n' && *q != '\r';
    const void* lf = std::memchr(q, '\n', static_cast<std::size_t>(end - q));
    if (lf == nullptr) break;
    p = static_cast<const char*>(lf) + 1;
  }
  return rows;
}

}  // namespace

std::size_t csvParts(std::size_t length, int threads) {
  constexpr std::size_t kMinBytesPerThread = 1 << 20;
  return std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(resolveThreads(threads)), length / kMinBytesPerThread));
}

bool readCsvNumbers(const char* text, std::size_t length, int fields, bool crlf, int threads, std::vector<double>& columns) {
  columns.clear();
  if (fields < 1) return false;
  const std::size_t parts = csvParts(length, threads);
  std::vector<const char*> starts(parts + 1);
  for (std::size_t k = 0; k <= parts; ++k) starts[k] = std::max(partStart(text, length, k, parts), k ? starts[k - 1] : text);

  // Each part's rows counted first, so that every part writes its numbers straight into the columns.
  std::vector<std::size_t> firstRow(parts + 1, 0);
  parallelFor(parts, static_cast<int>(parts), [&](std::size_t k) { firstRow[k + 1] = countRows(starts[k], starts[k + 1]); });
  for (std::size_t k = 0; k < parts; ++k) firstRow[k + 1] += firstRow[k];
  // A row takes 2·fields − 1 bytes at least, and a line end: more rows than that is text to decline (and
  // no matrix is allocated for it).
  const std::size_t n = firstRow[parts];
  if (n == 0 || n > (length + 1) / (2 * static_cast<std::size_t>(fields))) return false;
  resizeFresh(columns, n * static_cast<std::size_t>(fields));
  std::vector<char> ok(parts, 0);
  parallelFor(parts, static_cast<int>(parts), [&](std::size_t k) {
    ColumnRows rows{columns.data() + firstRow[k], n, firstRow[k + 1] - firstRow[k]};
    ok[k] = parseColumns(starts[k], starts[k + 1], fields, crlf, rows) && rows.left == 0;
  });
  if (std::find(ok.begin(), ok.end(), 0) == ok.end()) return true;
  columns.clear();
  return false;
}

OINFO_CSV_HOT bool readCsvRows(const char* p, const char* end, int fields, bool crlf, std::vector<double>& rows) {
  AppendRows append{rows, static_cast<std::size_t>(fields)};
  return parseRows(p, end, fields, crlf, append);
}

bool columnsOfRows(const std::vector<std::vector<double>>& parts, int fields, std::vector<double>& columns) {
  columns.clear();
  const std::size_t p = static_cast<std::size_t>(fields);
  std::vector<std::size_t> firstRow(parts.size() + 1, 0);
  for (std::size_t k = 0; k < parts.size(); ++k) firstRow[k + 1] = firstRow[k] + parts[k].size() / p;
  const std::size_t n = firstRow[parts.size()];
  if (n == 0) return false;
  resizeFresh(columns, n * p);
  // Row-major parts into one column-major matrix, each part by its own thread.
  parallelFor(parts.size(), static_cast<int>(parts.size()), [&](std::size_t k) {
    const double* r = parts[k].data();
    const std::size_t count = parts[k].size() / p;
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t j = 0; j < p; ++j) columns[j * n + firstRow[k] + i] = r[i * p + j];
  });
  return true;
}

}  // namespace oinfo
