// ln x for a positive normal x, four at a time (lanes.hpp), for the Ω histogram, which needs the
// logarithm of every leaf's Q_v where the lists need almost none. x = m·2^e with m in [√½, √2),
// ln m = 2 atanh s = 2 (s + s³/3 + … + s¹⁷/17) with s = (m − 1)/(m + 1), |s| ≤ 0.1716: the series'
// remainder is below 4e-16 of ln m, and ln x = e·ln 2 + ln m is within 2e-13 absolute of std::log —
// far below the histogram's fine grid (1e-4 nats), and the histogram takes std::log itself where a
// value decides its exact min or max. Only IEEE operations and bit moves, the same in both lane types,
// so the result is the same bits on every backend, thread and split of the work.
// Not for zero, negative, subnormal, infinite or NaN x (the caller takes those on the exact path).
#pragma once

#include <cstdint>
#include <cstring>

#include "lanes.hpp"

namespace oinfo::lanes {

namespace detail {

constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kLn2 = 0.6931471805599453;
constexpr double kTwo52 = 4503599627370496.0;  // 2^52: a biased exponent E in the low bits of 2^52 reads as 2^52 + E
constexpr std::uint64_t kMantissa = 0x000fffffffffffffULL, kOne = 0x3ff0000000000000ULL, kTwo52Bits = 0x4330000000000000ULL;

// 2 atanh s for m in [√½, √2): the odd series to s¹⁷, Horner in s².
template <class T>
inline __attribute__((always_inline)) T logMantissa(T m) {
  const T s = (m - 1.0) / (m + 1.0);
  const T s2 = s * s;
  T p = T{} + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  p = p * s2 + 1.0;
  return 2.0 * s * p;
}

}  // namespace detail

inline __attribute__((always_inline)) double fastLog(double x) {
  using namespace detail;
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const std::uint64_t mantissaBits = (bits & kMantissa) | kOne, exponentBits = (bits >> 52) | kTwo52Bits;
  double m, e;
  std::memcpy(&m, &mantissaBits, sizeof m);
  std::memcpy(&e, &exponentBits, sizeof e);
  e = e - (kTwo52 + 1023.0);
  const bool high = m > kSqrt2;
  m = high ? m * 0.5 : m;
  e = high ? e + 1.0 : e;
  return e * kLn2 + logMantissa(m);
}

inline __attribute__((always_inline)) Lanes4 fastLog(Lanes4 x) {
  using namespace detail;
  const Mask4 bits = (Mask4)x;
  const Mask4 mantissaBits = (bits & (long long)kMantissa) | (long long)kOne;
  // x > 0: the sign bit is clear, so the arithmetic shift leaves the biased exponent alone.
  const Mask4 exponentBits = (bits >> 52) | (long long)kTwo52Bits;
  Lanes4 m = (Lanes4)mantissaBits;
  Lanes4 e = (Lanes4)exponentBits - (kTwo52 + 1023.0);
  const Lanes4 halved = m * 0.5, bumped = e + 1.0;
  e = Lane<Lanes4>::ifGreater(m, Lanes4{} + kSqrt2, bumped, e);
  m = Lane<Lanes4>::ifGreater(m, Lanes4{} + kSqrt2, halved, m);
  return e * kLn2 + logMantissa(m);
}

}  // namespace oinfo::lanes
