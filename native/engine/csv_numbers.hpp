// The fast path of CSV input: the numbers of the data rows of a plain numeric CSV, read by decimal.hpp
// (an exact conversion for the common decimal, std::from_chars — strtod in the WASM build — for the
// rest) — or nothing, when the text is outside the small subset this reader understands. The JavaScript
// reader (src/io/csv.ts) owns every rule and every error message: this one never reports an error, it
// declines, and the JavaScript reader then runs. What it does return is what that reader would return,
// to the last bit (test/csv.fast.test.ts).
//
// Contract. `text` is the file after its header row; the header row has `fields` cells and ended with
// CRLF (crlf) or LF. Accepted:
//   - lines that all end like the header's: LF with no CR anywhere, or CRLF with no other CR or LF
//     (PapaParse then splits the text at exactly these line ends); the last line may have no line end;
//   - lines that are empty or only blanks (spaces, tabs): skipped, as csv.ts skips blank lines;
//   - every other line: exactly `fields` comma-separated cells, each optional blanks, a plain decimal
//     [+-]?(D+.?D*|.D+)([eE][+-]?D+) (D a digit: csv.ts's DECIMAL), optional blanks;
//   - a cell's value is the correctly rounded double of its decimal, as JavaScript's Number() reads it.
// Declined: any other byte (quotes, NaN/Inf spellings, 0x…, non-ASCII, NUL), an empty cell, another
// number of cells, a lone CR or a line end unlike the header's, a decimal whose value overflows to ±∞
// or underflows to 0 from non-zero digits (JavaScript reads those as ±Infinity or 0: its rules decide),
// and a text without any data row.
#pragma once

#include <cstddef>
#include <vector>

namespace oinfo {

// The data rows' numbers, rows × fields, column by column (each column contiguous), in `columns`, and
// true; false (columns left empty) when the text is declined. Up to `threads` threads (≤ 0: all cores)
// count the rows of line-aligned parts of the text, then parse them straight into the columns.
bool readCsvNumbers(const char* text, std::size_t length, int fields, bool crlf, int threads, std::vector<double>& columns);

// How many line-aligned parts (threads) a CSV text of `length` bytes is read in: up to `threads` (≤ 0: all
// cores), at least 1, and no more than one per MiB, below which a second thread costs more than it saves.
// The one rule for readCsvNumbers and readCsvFile (csv_file.hpp).
std::size_t csvParts(std::size_t length, int threads);

// The parts readCsvNumbers and readCsvFile (csv_file.hpp) are made of. readCsvRows appends the numbers of
// the lines of [p, end), which starts at a line start, to `rows`, row after row; false to decline (the
// contract above; a last line without a line end is a line). columnsOfRows lays row-major parts, in
// order, out as one column-major matrix in `columns` (one thread per part); false without any row.
bool readCsvRows(const char* p, const char* end, int fields, bool crlf, std::vector<double>& rows);
bool columnsOfRows(const std::vector<std::vector<double>>& parts, int fields, std::vector<double>& columns);

}  // namespace oinfo
