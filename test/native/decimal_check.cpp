// Checks native/engine/decimal.hpp (run by test/csv.fast.test.ts, built once as is and once with
// OINFO_DECIMAL_SWAR for the 8-byte path of WASM and ARM): readDecimal against std::from_chars, correctly
// rounded like JavaScript's Number(), on millions of decimals aimed at the exact paths — the decimal
// midpoints between neighbouring doubles cut to 15–25 digits and nudged by one unit of the last digit,
// 1–19-digit significands with exponents around the fast paths' limits (±22, ±27), shortest round-trip
// doubles, the subnormal and overflow boundaries — in every spelling of the grammar (signs, leading and
// trailing zeros, ".5", "5.", "e+05"). Each decimal sits between other digits, as in a CSV row, so the
// quick path reads it. Prints a JSON summary.
#include <charconv>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "decimal.hpp"

namespace {

std::mt19937_64 rng(2026);

std::uint64_t uniform(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng); }

// What readDecimal must give: std::from_chars's double (no '+'), declined when it reports the value out
// of range (overflow, or underflow to 0 from non-zero digits).
bool reference(const std::string& text, double& value) {
  const char* first = text.data() + (text[0] == '+');
  const std::from_chars_result r = std::from_chars(first, text.data() + text.size(), value);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

long checked = 0, mismatches = 0, quick = 0;
std::string firstMismatch;

void check(const std::string& text) {
  // A CSV row's neighbours: digits before and after, as far as the quick path reads.
  const std::string row = "12345678901234567890123456789012345678," + text + ",987654321098765432109876543210987654321098765432109876";
  const char* first = row.data() + 39;
  const char* end = row.data() + row.size();
  double value = 0, expected = 0;
  const char* last = oinfo::readDecimal(row.data(), first, end, value);
  const bool ok = last != nullptr;
  const bool want = reference(text, expected);
  ++checked;
  std::uint64_t w;
  std::int64_t q;
  bool negative;
  quick += oinfo::decimal_quick::quickDecimal(first, end, w, q, negative) != nullptr;
  if (ok == want && (!ok || (last == first + text.size() && std::memcmp(&value, &expected, sizeof value) == 0))) return;
  if (mismatches++ == 0) {
    char line[200];
    std::snprintf(line, sizeof line, "%s: %s %.17g, expected %s %.17g", text.c_str(), ok ? "read" : "declined", value, want ? "read" : "declined", expected);
    firstMismatch = line;
  }
}

// `digits` (a decimal integer) times 10^exponent, spelt at random: sign, point anywhere (leading and
// trailing zeros as needed), or an exponent after the first digit, "e" or "E", "+" or not, padded or not.
std::string spell(const std::string& digits, int exponent) {
  static const char* const signs[] = {"", "", "-", "+"};
  std::string sign = signs[uniform(4)];
  const int n = static_cast<int>(digits.size());
  if (uniform(2) == 0 && exponent + n > -25 && exponent < 25) {
    // Fixed: the point after digit n + exponent (may be before the first or after the last).
    const int point = n + exponent;
    std::string body;
    if (point <= 0) body = (uniform(2) ? "0." : ".") + std::string(-point, '0') + digits;
    else if (point >= n) body = digits + std::string(point - n, '0') + (uniform(3) == 0 ? "." : "");
    else body = digits.substr(0, point) + "." + digits.substr(point);
    if (uniform(8) == 0) body = "00" + body;
    return sign + body;
  }
  const int e = exponent + n - 1;
  std::string mantissa = digits.substr(0, 1) + (n > 1 || uniform(4) == 0 ? "." : "") + digits.substr(1);
  std::string power = std::to_string(std::abs(e));
  if (uniform(4) == 0) power = "0" + power;
  return sign + mantissa + (uniform(2) ? "e" : "E") + (e < 0 ? "-" : uniform(3) == 0 ? "+" : "") + power;
}

// The decimal of the midpoint between the positive double x and the next one up, to 40 digits, as digits
// and a power of ten. The midpoint has 54 significant bits: x87's long double (64) holds it exactly, and
// glibc's printf writes a long double's decimal correctly rounded.
void midpoint(double x, std::string& digits, int& exponent) {
  static_assert(LDBL_MANT_DIG >= 54, "the midpoint is a long double");
  const double up = std::nextafter(x, INFINITY);
  const long double mid = (static_cast<long double>(x) + (std::isfinite(up) ? static_cast<long double>(up) : std::ldexp(1.0L, 1024))) / 2;
  char text[64];
  std::snprintf(text, sizeof text, "%.39Le", mid);  // d.ddd…e±x
  digits = std::string(1, text[0]) + std::string(text + 2, 39);
  exponent = std::atoi(text + 42) - 39;
}

// digits cut to `keep` significant ones (exponent adjusted), plus `nudge` (−1, 0, 1) units of the last.
std::string cut(std::string digits, int& exponent, std::size_t keep, int nudge) {
  if (digits.size() > keep) {
    exponent += static_cast<int>(digits.size() - keep);
    digits.resize(keep);
  }
  for (int i = static_cast<int>(digits.size()) - 1; nudge != 0 && i >= 0; --i) {
    const int d = digits[i] - '0' + nudge;
    digits[i] = static_cast<char>('0' + (d + 10) % 10);
    nudge = d < 0 ? -1 : d > 9 ? 1 : 0;
  }
  if (nudge > 0) digits.insert(digits.begin(), '1');
  const std::size_t zeros = digits.find_first_not_of('0');
  return zeros == std::string::npos ? "0" : digits.substr(zeros);
}

double fromBits(std::uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// A positive double: random bits, or near 10^k (|k| ≤ 32), or near the subnormal and overflow ends.
double someDouble() {
  switch (uniform(4)) {
    case 0:
      return fromBits(uniform(0x7FF0000000000000));
    case 1:
      return std::pow(10.0, static_cast<double>(uniform(65)) - 32) * (1 + static_cast<double>(uniform(1 << 30)) / (1 << 30) * 9);
    case 2:
      return fromBits((uniform(2) ? 0x0010000000000000 : 0) + uniform(64) - 32 + 64);
    default:
      return fromBits(0x7FEFFFFFFFFFFFFF - uniform(64));
  }
}

}  // namespace

int main() {
  std::string digits;
  int exponent;
  for (int i = 0; i < 1500000; ++i) {
    // Midpoints and their neighbours, 15–25 digits.
    const double x = someDouble();
    if (x == 0 || !std::isfinite(x)) continue;
    midpoint(x, digits, exponent);
    int e = exponent;
    const std::string near = cut(digits, e, 15 + uniform(11), static_cast<int>(uniform(3)) - 1);
    check(spell(near, e));
    // Shortest round trip.
    char text[32];
    check(std::string(text, std::to_chars(text, text + sizeof text, x).ptr));
    // 1–19 digits, exponents around ±22 and ±27.
    const std::string w = std::to_string(uniform(UINT64_MAX) % (std::uint64_t{1} << (4 + uniform(60))) + 1);
    const int limits[] = {-27, -22, 0, 22, 27};
    check(spell(w.substr(0, 1 + uniform(w.size())), limits[uniform(5)] + static_cast<int>(uniform(9)) - 4));
  }
  // The ends: around the smallest subnormal, the smallest normal and the largest double, and zeros.
  for (const char* text : {"4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
                           "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
                           "0", "-0", "+0.0", "0e999999", ".0", "0.", "-.0e-5", "1e-400", "1e400", "9007199254740993", "1e22", "1e23"})
    check(text);
  std::printf("{\"checked\": %ld, \"quick\": %ld, \"mismatches\": %ld, \"first\": \"%s\"}\n", checked, quick, mismatches, firstMismatch.c_str());
  return 0;
}
