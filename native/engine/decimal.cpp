#include "decimal.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__EMSCRIPTEN__)
#include <cfloat>
#include <cstdlib>
#else
#include <charconv>
#endif

namespace oinfo {

namespace {

bool nonZeroDigit(const char* first, const char* last) {
  for (; first < last && *first != 'e' && *first != 'E'; ++first)
    if (*first >= '1' && *first <= '9') return true;
  return false;
}

#if defined(__EMSCRIPTEN__)

static_assert(sizeof(long double) == 16 && LDBL_MANT_DIG == 113, "wasm32's long double is IEEE binary128");

// musl's strtod reads up to a NUL: the decimal is copied.
bool viaStrtod(const char* first, const char* last, double& value) {
  const std::string text(first, last);
  char* stop = nullptr;
  value = std::strtod(text.c_str(), &stop);  // its ERANGE is judged from the value by the caller
  return stop == text.c_str() + text.size();
}

// w · 10^q exactly when w < 2^64 and |q| ≤ 48: both factors are exact in binary128 (5^48 < 2^113), so
// the product or quotient r is rounded once, |r − x| ≤ ½ ulp₁₁₃. Rounding r to double then gives the
// double nearest x unless a midpoint between two doubles lies within that distance of r: r's 60
// fraction bits below the double's are then near 100…0, and strtod decides. Normal doubles only.
bool viaBinary128(const char* first, const char* last, double& value) {
  const bool negative = *first == '-';
  const char* p = negative ? first + 1 : first;
  std::uint64_t w = 0;
  int digits = 0;  // significant digits in w
  int q = 0;       // decimal exponent of w's last digit
  bool point = false;
  for (; p < last && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      point = true;
      continue;
    }
    if (digits == 0 && *p == '0') {
      if (point) --q;
      continue;
    }
    if (digits == 19) return false;  // w might not fit 64 bits
    w = w * 10 + static_cast<std::uint64_t>(*p - '0');
    ++digits;
    if (point) --q;
  }
  if (w == 0) {
    value = negative ? -0.0 : 0.0;
    return true;
  }
  if (p < last) {
    ++p;
    const bool negativeExponent = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    int e = 0;
    for (; p < last; ++p) {
      if (e > 10000) return false;
      e = e * 10 + (*p - '0');
    }
    q += negativeExponent ? -e : e;
  }
  if (w <= (std::uint64_t{1} << 53) && q >= -22 && q <= 22) {
    // Clinger's fast path: w and 10^|q| are exact doubles, so one IEEE operation rounds x once.
    static constexpr double exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const double d = static_cast<double>(w);
    value = q >= 0 ? d * exact[q] : d / exact[-q];
    if (negative) value = -value;
    return true;
  }
  if (q < -48 || q > 48) return false;
  static const auto powers = [] {
    std::array<long double, 49> t{};
    t[0] = 1;
    for (int k = 1; k <= 48; ++k) t[k] = t[k - 1] * 10;  // exact: 10^k < 2^113 · 2^k
    return t;
  }();
  const long double x = static_cast<long double>(w);
  const long double r = q >= 0 ? x * powers[q] : x / powers[-q];
  if (!(r >= DBL_MIN && r <= DBL_MAX)) return false;
  std::uint64_t low;  // the low 64 of binary128's 112 fraction bits (little-endian)
  std::memcpy(&low, &r, sizeof low);
  const std::uint64_t tail = low & ((std::uint64_t{1} << 60) - 1);
  const std::uint64_t half = std::uint64_t{1} << 59;
  if ((tail > half ? tail - half : half - tail) <= 256) return false;
  value = negative ? -static_cast<double>(r) : static_cast<double>(r);
  return true;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The end of the longest decimal at first (sign excluded: the caller skipped it), or nullptr.
const char* decimalEnd(const char* q, const char* end) {
  const char* digits = q;
  while (q < end && isDigit(*q)) ++q;
  std::size_t count = static_cast<std::size_t>(q - digits);
  if (q < end && *q == '.') {
    ++q;
    const char* fraction = q;
    while (q < end && isDigit(*q)) ++q;
    count += static_cast<std::size_t>(q - fraction);
  }
  if (count == 0) return nullptr;
  if (q < end && (*q == 'e' || *q == 'E')) {
    const char* mark = q++;
    if (q < end && (*q == '+' || *q == '-')) ++q;
    const char* exponent = q;
    while (q < end && isDigit(*q)) ++q;
    if (q == exponent) return mark;  // "1e" is the decimal 1 followed by an "e"
  }
  return q;
}

// [first, last): -?(D+.?D*|.D+)([eE][+-]?D+), no '+'.
bool convert(const char* first, const char* end, const char*& last, double& value) {
  last = decimalEnd(*first == '-' ? first + 1 : first, end);
  return last != nullptr && (viaBinary128(first, last, value) || viaStrtod(first, last, value));
}

#else

// std::from_chars reads the longest decimal of exactly our grammar once the first character is a digit
// or a point (which rules out its "inf" and "nan"): one pass per number.
bool convert(const char* first, const char* end, const char*& last, double& value) {
  const char* body = *first == '-' ? first + 1 : first;
  if (body == end || !((*body >= '0' && *body <= '9') || *body == '.')) return false;
  const std::from_chars_result r = std::from_chars(first, end, value);
  last = r.ptr;
  return r.ec == std::errc();  // invalid_argument: no digits; result_out_of_range: overflow, or underflow to 0
}

#endif

}  // namespace

bool readDecimal(const char* first, const char* end, const char*& last, double& value) {
  if (first < end && *first == '+' && ++first < end && *first == '-') return false;  // neither reader takes a '+'
  if (first == end || !convert(first, end, last, value)) return false;
  return std::isfinite(value) && (value != 0 || !nonZeroDigit(first, last));
}

}  // namespace oinfo
