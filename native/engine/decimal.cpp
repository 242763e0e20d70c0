#include "decimal.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "decimal_exact.hpp"

#if defined(__EMSCRIPTEN__)
#include <cstdlib>
#include <string>
#else
#include <charconv>
#endif

namespace oinfo {

namespace {

// A decimal as scan reads it: (−1)^negative · w · 10^q, exactly unless `dropped` (a non-zero digit past
// the 19 significant ones w holds: w < 10^19 < 2^64).
struct Decimal {
  std::uint64_t w = 0;
  std::int64_t q = 0;
  int digits = 0;  // significant digits in w
  bool negative = false;
  bool dropped = false;
};

constexpr int kMaxDigits = 19;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The run of digits at p into d — leading zeros skipped while w has no significant digit, at most 19
// significant digits kept — returning its end; `lost` counts the digits not kept (the 20th on).
const char* digitRun(const char* p, const char* end, Decimal& d, std::int64_t& lost) {
  if (d.digits == 0)
    while (p < end && *p == '0') ++p;
  for (; p < end && isDigit(*p); ++p) {
    if (d.digits < kMaxDigits) {
      d.w = d.w * 10 + static_cast<std::uint64_t>(*p - '0');
      d.digits += d.digits > 0 || *p != '0';  // (a 0 is here only after a significant digit)
    } else {
      ++lost;
      d.dropped |= *p != '0';
    }
  }
  return p;
}

// One pass over [+-]?(D+.?D*|.D+)([eE][+-]?D+)? at p, the grammar and the value together, any length:
// its end in `last`, or false when no decimal starts at p.
bool scan(const char* p, const char* end, Decimal& d, const char*& last) {
  if (p < end && (*p == '+' || *p == '-')) d.negative = *p++ == '-';
  const char* integer = p;
  std::int64_t lost = 0;
  p = digitRun(p, end, d, lost);
  std::int64_t count = p - integer;
  d.q = lost;  // integer digits not kept each multiply w by 10
  if (p < end && *p == '.') {
    const char* fraction = ++p;
    lost = 0;
    p = digitRun(p, end, d, lost);
    count += p - fraction;
    d.q -= (p - fraction) - lost;  // fraction digits kept each divide by 10
  }
  if (count == 0) return false;
  last = decimal_quick::exponent(p, end, d.q);
  return true;
}

// The correctly rounded reader for what the exact paths leave: [first, last) is a decimal as scan read it,
// without a '+' (neither reader takes one). False when its value overflows or underflows (the caller sees
// 0 or ±∞ either way).
#if defined(__EMSCRIPTEN__)
// musl's strtod reads up to a NUL: the decimal is copied.
bool correctlyRounded(const char* first, const char* last, double& value) {
  const std::string text(first, last);
  char* stop = nullptr;
  value = std::strtod(text.c_str(), &stop);  // its ERANGE is judged from the value by the caller
  return stop == text.c_str() + text.size();
}
#else
bool correctlyRounded(const char* first, const char* last, double& value) {
  const std::from_chars_result r = std::from_chars(first, last, value);
  return r.ec == std::errc() && r.ptr == last;  // result_out_of_range: overflow, or underflow to 0
}
#endif

}  // namespace

const char* readAnyDecimal(const char* first, const char* end, double& value) {
  Decimal d;
  const char* last;
  if (!scan(first, end, d, last)) return nullptr;
  if (d.w == 0) {  // only zeros (a dropped digit follows a significant one)
    value = d.negative ? -0.0 : 0.0;
    return last;
  }
  if (!d.dropped && decimal_exact::nearest(d.w, d.q, value)) {
    value = withSign(value, d.negative);
    return last;
  }
  const bool read = correctlyRounded(*first == '+' ? first + 1 : first, last, value) && std::isfinite(value) && value != 0;
  return read ? last : nullptr;
}

}  // namespace oinfo
