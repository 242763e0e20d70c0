// Doubles as JavaScript prints them (ECMAScript Number::toString, what String(x) and JSON.stringify
// write): the fewest significant digits that read back to the same double, the closest such decimal to
// the exact value (an exact tie to the even one), then fixed notation for exponents −7 < n ≤ 21 and
// "d.ddde±n" otherwise. `--all` (all_rows.hpp) writes its numbers with it, so a streamed row reads, to the
// byte, as the same multiplet's values in a JSON result — and both engines write the same bytes: the
// WASM build's C++ library has no floating std::to_chars, so neither build uses it.
//
// How: x = m·2^e is bracketed by the halfway points to its neighbours, [x − δ⁻, x + δ⁺] (closed when m is
// even: round-half-even reads a halfway decimal back as the even neighbour; δ⁻ = δ⁺/2 when x is a power of
// two). Scaled by 10^i so that the interval is at least 3 units wide, its end points and x are exact
// integers plus binary fractions (m·5^i fits in 128 bits for 2.8e-14 ≤ |x| < 1.8e16: every value the
// engine writes in practice); then digits are removed while a multiple of 10^(r+1) still lies in the
// interval, and of the candidates at the last level the one closest to x is taken. Outside that range
// (and for subnormals) the C library's correctly rounded printf and strtod find the shortest instead:
// exact too, only slower. test/native/shortest_check.cpp compares both ways with std::to_chars on many
// millions of doubles; test/allRows.test.ts compares the written text with JavaScript's String(x).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace oinfo::shortest {

// value = digits × 10^exponent, digits ≥ 1 without trailing zeros.
struct Decimal {
  std::uint64_t digits = 0;
  int exponent = 0;
};

namespace detail {

using u128 = unsigned __int128;

constexpr int kMaxPow5 = 31;  // 5^31 < 2^73, so a 55-bit integer times it stays below 2^128

// x / 10 by a multiplication (exact for every 64-bit x): GCC otherwise keeps a hardware division in the loop below.
inline std::uint64_t div10(std::uint64_t x) { return static_cast<std::uint64_t>((static_cast<u128>(x) * 0xCCCCCCCCCCCCCCCDull) >> 67); }

struct Pow5Table {
  u128 p[kMaxPow5 + 1];
  constexpr Pow5Table() : p() {
    p[0] = 1;
    for (int i = 1; i <= kMaxPow5; ++i) p[i] = p[i - 1] * 5;
  }
};
inline constexpr Pow5Table kPow5{};

// The fast way, for normal x = m·2^e2 (m with its implicit bit); false when x is outside its range.
inline bool fastDecimal(std::uint64_t m, int e2, bool powerOfTwo, Decimal& out) {
  const int e = e2 - 2;  // the interval's ends in units of 2^e: 4m − 2 (or 4m − 1) and 4m + 2
  if (e >= 0) return false;
  const int ne = -e;
  int i = ((ne * 78913) >> 18) + 1;  // ⌊ne·log10 2⌋ + 1: 10^i ≥ 2^ne, so the interval spans ≥ 3 units of 10^−i
  if (i > kMaxPow5) return false;
  const int s = ne - i;  // scaled = value·10^i = integer·5^i / 2^s
  if (s < 0 || s > 100) return false;
  const u128 p5 = kPow5.p[i];
  const u128 mask = s == 0 ? 0 : (static_cast<u128>(1) << s) - 1;
  const bool closed = (m & 1) == 0;
  const u128 v = static_cast<u128>(4 * m) * p5;
  const u128 a = v - (powerOfTwo ? p5 : 2 * p5);
  const u128 b = v + 2 * p5;
  const std::uint64_t qa = static_cast<std::uint64_t>(a >> s), qv = static_cast<std::uint64_t>(v >> s),
                      qb = static_cast<std::uint64_t>(b >> s);
  const bool aExact = (a & mask) == 0, bExact = (b & mask) == 0;
  const u128 rv = v & mask;
  // The integers of the interval: [lo, hi].
  std::uint64_t lo = aExact && closed ? qa : qa + 1;
  std::uint64_t hi = bExact && !closed ? qb - 1 : qb;
  if (lo > hi) return false;  // cannot happen (the interval is ≥ 3 units wide); the slow way decides
  // Remove digits while some multiple of 10^(r+1) stays in [lo, hi]; track what is removed from x.
  std::uint64_t dv = qv;
  int r = 0, last = -1;      // last: the most significant digit removed from x so far
  bool restNonZero = rv != 0;  // anything below it (further digits, the binary fraction) not zero
  for (;;) {
    const std::uint64_t nextLo = div10(lo + 9), nextHi = div10(hi);
    if (nextLo > nextHi) break;
    lo = nextLo;
    hi = nextHi;
    if (last >= 0) restNonZero = restNonZero || last != 0;
    const std::uint64_t next = div10(dv);
    last = static_cast<int>(dv - 10 * next);
    dv = next;
    ++r;
  }
  // The candidate closest to x: dv or dv + 1, an exact tie to the even one, kept inside [lo, hi].
  int cmp;  // the removed part against one half of a unit
  if (r == 0) {
    if (s == 0) {
      cmp = -1;
    } else {
      const u128 half = static_cast<u128>(1) << (s - 1);
      cmp = rv < half ? -1 : rv > half ? 1 : 0;
    }
  } else {
    cmp = last < 5 ? -1 : last > 5 ? 1 : restNonZero ? 1 : 0;
  }
  std::uint64_t d = cmp > 0 || (cmp == 0 && (dv & 1)) ? dv + 1 : dv;
  if (d < lo) d = lo;
  if (d > hi) d = hi;
  out.digits = d;
  out.exponent = r - i;
  return true;
}

// "d.ddde±x" of printf into digits and exponent (value = digits × 10^exponent).
inline Decimal parseScientific(const char* text) {
  Decimal out;
  int fraction = 0;
  bool afterPoint = false;
  const char* p = text;
  for (; *p && *p != 'e'; ++p) {
    if (*p == '.') {
      afterPoint = true;
      continue;
    }
    out.digits = out.digits * 10 + static_cast<std::uint64_t>(*p - '0');
    if (afterPoint) ++fraction;
  }
  out.exponent = (*p == 'e' ? std::atoi(p + 1) : 0) - fraction;
  return out;
}

inline int countDigits(std::uint64_t d) {
  static constexpr std::uint64_t kPow10[] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
                                             1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
                                             100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
                                             1000000000000000000ull, 10000000000000000000ull};
  // ⌊log10 d⌋ from the bit length (1233/4096 ≈ log10 2), corrected by one comparison: no loop to mispredict.
  const int bits = 64 - __builtin_clzll(d | 1);
  const int guess = (bits * 1233) >> 12;
  return guess + (d >= kPow10[guess] ? 1 : 0);
}

inline constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// v < 10^8 as exactly 8 digits (leading zeros), in two independent halves of two pairs each.
inline void writeEight(char* out, std::uint32_t v) {
  const std::uint32_t high = v / 10000, low = v - high * 10000;
  const std::uint32_t h1 = high / 100, h2 = high - h1 * 100, l1 = low / 100, l2 = low - l1 * 100;
  std::memcpy(out, kPairs + 2 * h1, 2);
  std::memcpy(out + 2, kPairs + 2 * h2, 2);
  std::memcpy(out + 4, kPairs + 2 * l1, 2);
  std::memcpy(out + 6, kPairs + 2 * l2, 2);
}

// d < 10^17 as exactly 17 digits (leading zeros) into out[0..17): its k significant digits are the last k.
inline void writeSeventeen(char* out, std::uint64_t d) {
  const std::uint64_t top = d / 100000000, low = d - top * 100000000;  // top < 10^9
  const std::uint32_t first = static_cast<std::uint32_t>(top / 100000000), middle = static_cast<std::uint32_t>(top - first * 100000000ull);
  out[0] = static_cast<char>('0' + first);
  writeEight(out + 1, middle);
  writeEight(out + 9, static_cast<std::uint32_t>(low));
}

// The slow way (any positive finite x): the fewest digits p whose correctly rounded p-digit decimal reads
// back as x; for a power of two also the p-digit decimal just above it (its interval is lopsided, so the
// closest p-digit decimal may miss it while the next one up hits it).
inline Decimal slowDecimal(double x, bool powerOfTwo) {
  char text[64];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(text, sizeof text, "%.*e", p - 1, x);
    if (std::strtod(text, nullptr) == x) return parseScientific(text);
    if (powerOfTwo) {
      Decimal up = parseScientific(text);
      up.digits += 1;
      std::snprintf(text, sizeof text, "%llue%d", static_cast<unsigned long long>(up.digits), up.exponent);
      if (std::strtod(text, nullptr) == x) return up;
    }
  }
  std::snprintf(text, sizeof text, "%.16e", x);  // 17 digits always read back
  return parseScientific(text);
}

}  // namespace detail

// The shortest decimal of a positive finite double (see the header).
inline Decimal toDecimal(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
  const int exponent = static_cast<int>((bits >> 52) & 0x7ff);
  Decimal out;
  const bool powerOfTwo = mantissa == 0 && exponent > 1;
  if (exponent == 0 || !detail::fastDecimal(mantissa | (std::uint64_t{1} << 52), exponent - 1075, powerOfTwo, out))
    out = detail::slowDecimal(x, powerOfTwo);
  while (out.digits % 10 == 0 && out.digits != 0) {
    out.digits /= 10;
    ++out.exponent;
  }
  return out;
}

// The room writeNumber needs at `out`: the longest text is 26 bytes ("-0.000000" and 17 digits, or
// "-d.dddddddddddddddde-308"), and it copies digits in fixed blocks of 24 bytes, past the text's end.
constexpr int kMaxChars = 48;

// x as JavaScript's String(x) writes it; returns the end of the text. Needs kMaxChars bytes at out.
inline char* writeNumber(char* out, double x) {
  if (x == 0) {
    *out++ = '0';
    return out;
  }
  if (!std::isfinite(x)) {
    const char* text = std::isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
    const std::size_t length = std::strlen(text);
    std::memcpy(out, text, length);
    return out + length;
  }
  if (x < 0) {
    *out++ = '-';
    x = -x;
  }
  const Decimal d = toDecimal(x);
  char padded[48];  // 17 digits with leading zeros; the fixed-size copies below read past the k that count
  detail::writeSeventeen(padded, d.digits);
  const int k = detail::countDigits(d.digits);  // ≤ 17
  const char* digits = padded + 17 - k;
  const int n = k + d.exponent;  // x = 0.digits × 10^n
  if (0 < n && n < k) {  // d.ddd: the usual case
    std::memcpy(out, digits, 24);
    out[n] = '.';
    std::memcpy(out + n + 1, digits + n, 16);
    return out + k + 1;
  }
  if (k <= n && n <= 21) {
    std::memcpy(out, digits, 24);
    out += k;
    for (int j = k; j < n; ++j) *out++ = '0';
    return out;
  }
  if (-6 < n && n <= 0) {
    std::memcpy(out, "0.000000", 8);
    out += 2 - n;
    std::memcpy(out, digits, 24);
    return out + k;
  }
  *out++ = digits[0];
  if (k > 1) {
    *out++ = '.';
    std::memcpy(out, digits + 1, 16);
    out += k - 1;
  }
  *out++ = 'e';
  int e = n - 1;
  *out++ = e < 0 ? '-' : '+';
  if (e < 0) e = -e;
  char exp[4];
  int len = 0;
  do {
    exp[len++] = static_cast<char>('0' + e % 10);
    e /= 10;
  } while (e > 0);
  while (len > 0) *out++ = exp[--len];
  return out;
}

}  // namespace oinfo::shortest
