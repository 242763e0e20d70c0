// Decimal text to the correctly rounded double — what JavaScript's Number() gives — for the CSV fast
// path (csv_numbers.hpp). Natively std::from_chars (libstdc++ 12: correctly rounded). The WASM build's
// libc++ (Emscripten 3.1.6) has none for floating point, and musl's strtod, correctly rounded too, takes
// ~1 µs a number (slower than V8); so it first tries Clinger's fast path (one double operation) and an
// exact binary128 product (decimal.cpp says why each is exact), and leaves to strtod what they cannot settle.
#pragma once

namespace oinfo {

// The longest decimal [+-]?(D+.?D*|.D+)([eE][+-]?D+) (D a digit) at `first`, up to `end`, as the double
// nearest to it: `last` set past it, and true. False when no decimal starts at `first` (a second sign, a
// letter, a lone point), or its value overflows to ±∞ or underflows to 0 from non-zero digits: then
// `last` and `value` are unspecified.
bool readDecimal(const char* first, const char* end, const char*& last, double& value);

}  // namespace oinfo
