// A CSV file's numbers read on a thread of their own (protocol::csvFileNumbers, native/engine/csv_file.hpp)
// while JavaScript goes on: `oinfo` starts the read of its data file before its own modules have loaded
// (src/cli/earlyRead.ts), and its reader takes the result when it gets to that file. A read that nobody
// takes is joined when its handle is collected, or dropped with the process.
#pragma once

#include <napi.h>

namespace oinfo::addon {

// csvFileStart(path, head, fields, crlf, threads) → an opaque handle; the read runs meanwhile.
Napi::Value CsvFileStart(const Napi::CallbackInfo& info);
// csvFileFinish(handle) → its numbers (a Float64Array, empty when declined); waits for the read. Once per handle.
Napi::Value CsvFileFinish(const Napi::CallbackInfo& info);

}  // namespace oinfo::addon
