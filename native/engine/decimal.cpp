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

bool convert(const char* first, const char* last, double& value) {
  return viaBinary128(first, last, value) || viaStrtod(first, last, value);
}

#else

bool convert(const char* first, const char* last, double& value) {
  const std::from_chars_result r = std::from_chars(first, last, value);
  return r.ptr == last && r.ec == std::errc();  // result_out_of_range: overflow, or underflow to 0
}

#endif

}  // namespace

bool decimalToDouble(const char* first, const char* last, double& value) {
  if (!convert(first, last, value)) return false;
  return std::isfinite(value) && (value != 0 || !nonZeroDigit(first, last));
}

}  // namespace oinfo
