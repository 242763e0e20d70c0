#include "csv_numbers.hpp"

#include <algorithm>
#include <cstring>

#include "decimal.hpp"
#include "parallel.hpp"

namespace oinfo {

namespace {

// Below this many bytes per thread a second thread costs more than it saves.
constexpr std::size_t kMinBytesPerThread = 1 << 20;

bool isBlank(char c) { return c == ' ' || c == '\t'; }

const char* skipBlanks(const char* p, const char* end) {
  while (p < end && isBlank(*p)) ++p;
  return p;
}

// One cell's number at p (blanks already skipped; [begin, end) readable): advances p past it; false when
// it is not a plain decimal, or its value overflows or underflows to 0 from non-zero digits (see the header).
bool readNumber(const char* begin, const char*& p, const char* end, double& value) {
  const char* last;
  if (!readDecimal(begin, p, end, last, value)) return false;
  p = last;
  return true;
}

// Where the part `k` of `parts` starts: after the first LF at or after its share of the text.
const char* partStart(const char* text, std::size_t length, std::size_t k, std::size_t parts) {
  if (k == 0) return text;
  if (k == parts) return text + length;
  const char* from = text + length / parts * k;
  const void* lf = std::memchr(from, '\n', static_cast<std::size_t>(text + length - from));
  return lf ? static_cast<const char*>(lf) + 1 : text + length;
}

}  // namespace

bool readCsvNumbers(const char* text, std::size_t length, int fields, bool crlf, int threads, std::vector<double>& columns) {
  columns.clear();
  if (fields < 1) return false;
  const std::size_t parts = std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(resolveThreads(threads)), length / kMinBytesPerThread));
  std::vector<const char*> starts(parts + 1);
  for (std::size_t k = 0; k <= parts; ++k) starts[k] = std::max(partStart(text, length, k, parts), k ? starts[k - 1] : text);

  std::vector<std::vector<double>> rows(parts);
  std::vector<char> ok(parts, 0);
  parallelFor(parts, static_cast<int>(parts), [&](std::size_t k) {
    rows[k].reserve(static_cast<std::size_t>(starts[k + 1] - starts[k]) / 16);
    ok[k] = readCsvRows(starts[k], starts[k + 1], fields, crlf, rows[k]);
  });
  if (std::find(ok.begin(), ok.end(), 0) != ok.end()) return false;
  return columnsOfRows(rows, fields, columns);
}

bool readCsvRows(const char* p, const char* end, int fields, bool crlf, std::vector<double>& rows) {
  const char* const begin = p;
  while (p < end) {
    const char* q = skipBlanks(p, end);
    const bool blank = q == end || *q == '\n' || *q == '\r';
    if (!blank) {
      for (int f = 0; f < fields; ++f) {
        if (f > 0) {
          if (q == end || *q != ',') return false;
          q = skipBlanks(q + 1, end);
        }
        double value;
        if (!readNumber(begin, q, end, value)) return false;
        rows.push_back(value);
        q = skipBlanks(q, end);
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

bool columnsOfRows(const std::vector<std::vector<double>>& parts, int fields, std::vector<double>& columns) {
  columns.clear();
  const std::size_t p = static_cast<std::size_t>(fields);
  std::vector<std::size_t> firstRow(parts.size() + 1, 0);
  for (std::size_t k = 0; k < parts.size(); ++k) firstRow[k + 1] = firstRow[k] + parts[k].size() / p;
  const std::size_t n = firstRow[parts.size()];
  if (n == 0) return false;
  columns.resize(n * p);
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
