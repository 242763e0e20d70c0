// Decimal text to the correctly rounded double — what JavaScript's Number() gives — for the CSV fast
// path (csv_numbers.hpp), in one pass over the text: the common decimal by decimal_quick.hpp (16 or 8
// bytes at a time, no branch per digit), any other by decimal.cpp's scan; then the value by a short exact
// computation where one settles it (decimal_exact.hpp says why each is exact), else by a correctly
// rounded reader: std::from_chars natively (libstdc++ 12), strtod in the WASM build (Emscripten 3.1.6's
// libc++ has no floating-point from_chars; musl's strtod is correctly rounded too, but takes ~1 µs).
#pragma once

#include <cstdint>
#include <cstring>

#include "decimal_exact.hpp"
#include "decimal_quick.hpp"

namespace oinfo {

// −x when `negative`, else x: the sign bit set without a branch (a CSV's signs are as random as its data).
inline double withSign(double x, bool negative) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits |= std::uint64_t{negative} << 63;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// readDecimal for every decimal: decimal.cpp.
const char* readAnyDecimal(const char* first, const char* end, double& value);

// The longest decimal [+-]?(D+.?D*|.D+)([eE][+-]?D+) (D a digit) at `first`, up to `end`: its end, and
// the double nearest to it in `value`. Null when no decimal starts at `first` (a second sign, a letter, a
// lone point), or its value overflows to ±∞ or underflows to 0 from non-zero digits: then `value` is
// unspecified. [begin, end) is readable (the quick path reads up to 32 bytes before `first`). Inline:
// the CSV reader calls it for every cell (and the end it returns stays in a register).
[[gnu::always_inline]] inline const char* readDecimal(const char* begin, const char* first, const char* end, double& value) {
  std::uint64_t w;
  std::int64_t q;
  bool negative;
  double magnitude = 0;
  if (decimal_quick::kAvailable && first - begin >= 32 && end - first >= decimal_quick::kReadable) {
    const char* last = decimal_quick::quickDecimal(first, end, w, q, negative);
    if (last != nullptr && (w == 0 || decimal_exact::nearest(w, q, magnitude))) {
      value = withSign(magnitude, negative);
      return last;
    }
  }
  return readAnyDecimal(first, end, value);
}

}  // namespace oinfo
