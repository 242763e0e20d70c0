// Decimal text to the correctly rounded double — what JavaScript's Number() gives — for the CSV fast
// path (csv_numbers.hpp). Natively std::from_chars (libstdc++ 12: correctly rounded). The WASM build's
// libc++ (Emscripten 3.1.6) has none for floating point, and musl's strtod, correctly rounded too, takes
// ~1 µs a number (slower than V8); so it first tries Clinger's fast path (one double operation) and an
// exact binary128 product (decimal.cpp says why each is exact), and leaves to strtod what they cannot settle.
#pragma once

namespace oinfo {

// The double nearest to the decimal [first, last), which must match -?(D+.?D*|.D+)([eE][+-]?D+) (no '+':
// the caller drops it). False when the value overflows to ±∞ or underflows to 0 (from non-zero digits):
// then `value` is unspecified.
bool decimalToDouble(const char* first, const char* last, double& value);

}  // namespace oinfo
