// The nearest double to x = w·10^q (w ≥ 1 an integer below 2^64) when a short exact computation settles
// it — the common case of the CSV fast path (decimal.hpp), which leaves the rest to a correctly rounded
// reader (std::from_chars natively, strtod in WASM). Each returns false when it cannot settle x.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

namespace oinfo::decimal_exact {

// Clinger's fast path: w ≤ 2^53 and 10^|q| ≤ 10^22 (5^22 < 2^53) are exact doubles, so one IEEE
// multiplication or division rounds the exact x once: the nearest double.
inline bool clinger(std::uint64_t w, std::int64_t q, double& value) {
  static constexpr double exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (w > (std::uint64_t{1} << 53) || q < -22 || q > 22) return false;
  const double d = static_cast<double>(w);
  value = q >= 0 ? d * exact[q] : d / exact[-q];
  return true;
}

// 10^q ≈ significand·2^exponent, the significand normalised to 64 bits (top bit set): exact for q ≥ 0
// (10^q = 5^q·2^q, 5^q < 2^64), rounded down for q < 0 (⌊2^(63+b)/5^|q|⌋, 5^|q| of b bits).
using U128 = unsigned __int128;  // GCC and Clang, on 64-bit targets and WASM
struct Power {
  std::uint64_t significand;
  int exponent;
};
constexpr int kPowers = 27;  // 5^27 < 2^63
constexpr std::array<Power, 2 * kPowers + 1> kPower = [] {
  std::array<Power, 2 * kPowers + 1> t{};
  U128 five = 1;  // 5^k
  for (int k = 0; k <= kPowers; ++k, five *= 5) {
    int bits = 0;
    while (five >> bits) ++bits;
    t[kPowers + k] = {static_cast<std::uint64_t>(five << (64 - bits)), k - (64 - bits)};
    if (k > 0) t[kPowers - k] = {static_cast<std::uint64_t>((U128{1} << (63 + bits)) / five), -k - 63 - bits};
  }
  return t;
}();

// Lemire's multiplication, in 64 bits. With m = w·2^lz normalised and P the significand of 10^q (|q| ≤ 27),
// x = T·2^(exponent − lz) where the exact T lies in [m·P, m·P + m) (P is exact or less than 1 below the
// exact significand; m < 2^64). Let H be the high 64 bits of the 128-bit m·P: T's high word is H or H+1.
// The double keeps H's top 53 bits and rounds on the next; call `rest` the 9 or 10 bits of H below these
// 54. Unless rest is 0…0 (T may be a tie, or exact) or 1…1 (a carry from the low word may reach the
// rounding bit), T has the same 54 bits as H and non-zero bits below them, so H's rounding is T's: round
// half up cannot meet a tie. (x ∈ [1e-27, 2^64·1e27]: a normal double.)
inline bool lemire(std::uint64_t w, std::int64_t q, double& value) {
  if (q < -kPowers || q > kPowers) return false;
  const Power& power = kPower[kPowers + q];
  const int lz = __builtin_clzll(w);
  const std::uint64_t high = static_cast<std::uint64_t>((static_cast<U128>(w << lz) * power.significand) >> 64);
  const int top = static_cast<int>(high >> 63);  // 1: m·P ≥ 2^127
  const int below = 9 + top;
  const std::uint64_t ones = 0x1FF | std::uint64_t(top) << 9;  // the low `below` bits
  if ((((high & ones) + 1) & ones) <= 1) return false;  // rest 0…0 or 1…1
  const std::uint64_t significand = ((high >> below) + 1) >> 1;  // 53 bits rounded to nearest: [2^52, 2^53]
  const std::int64_t exponent = 126 + top + power.exponent - lz;
  // The significand's top bit added to the biased exponent less one: 2^53 (rounded up) carries into it.
  const std::uint64_t bits = (static_cast<std::uint64_t>(exponent + 1022) << 52) + significand;
  std::memcpy(&value, &bits, sizeof value);
  return true;
}

// The nearest double to w·10^q by the first of the exact paths that settles it: Lemire's takes every w
// (|q| ≤ 27) with no data-dependent branch; Clinger's then settles some of the rest (ties, exact values).
inline bool nearest(std::uint64_t w, std::int64_t q, double& value) { return lemire(w, q, value) || clinger(w, q, value); }

}  // namespace oinfo::decimal_exact
