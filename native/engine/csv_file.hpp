// The CSV fast path (csv_numbers.hpp) reading the file itself. Reading 20 MB into a fresh JavaScript
// buffer costs ~15 ms on the machines we measure — mostly the kernel filling new pages — before any
// number is parsed. Here each thread streams its line-aligned share of the file through a small buffer
// that stays in cache (pread: no mapping, so a file truncated meanwhile is a short read, not SIGBUS),
// and parses as it goes.
//
// Contract: that of readCsvNumbers for the bytes after `head`. `head` is the start of the file as the
// caller read it (its BOM and header row, which the caller has checked and parsed): the file must still
// start with exactly these bytes, or the text is declined — as is anything that cannot be read (no such
// file, not a regular file, an I/O error). Declining is never an error: the caller then reads the file
// its own way and reports what it finds.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace oinfo {

bool readCsvFile(const std::string& path, const std::string& head, int fields, bool crlf, int threads, std::vector<double>& columns);

}  // namespace oinfo
