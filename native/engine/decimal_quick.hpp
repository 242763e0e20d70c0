// The common decimal of a numeric CSV — a sign, up to 19 digits around a point, an exponent — read as
// w·10^q in one pass with no branch per digit: on x86-64 16 bytes at a time (SSE2, part of x86-64),
// elsewhere 8 (SWAR: SIMD within a 64-bit register). decimal.cpp's scan reads every other decimal (more
// digits, leading zeros included); where this one answers both give the same w and q (it keeps every
// digit: w and q are the text's own).
#pragma once

#include <cstdint>
#include <cstring>
#if defined(__SSE2__) && !defined(OINFO_DECIMAL_SWAR)
#include <emmintrin.h>
#endif

namespace oinfo::decimal_quick {

// Loads are little-endian (the first byte lowest); elsewhere decimal.cpp's scan reads everything.
constexpr bool kAvailable = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
// Bytes from the start of a decimal that quickDecimal may load (up to 34).
constexpr std::ptrdiff_t kReadable = 48;

#if defined(__SSE2__) && !defined(OINFO_DECIMAL_SWAR)
// x86-64 (SSE2 is part of it): 16 bytes at a time.

// Bit i set when byte i of x is a digit.
inline unsigned digitBits(__m128i x) {
  const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)));
}

// The number written by the `count` digits before `stop` (count ≤ 19), skipping the one other byte among
// them (a point) that has `after` digits after it (32: none). The 32 bytes before stop are readable.
inline std::uint64_t digitsBefore(const char* stop, int count, int after) {
  alignas(16) static constexpr std::uint8_t kFrom[64] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                         255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
                                                         255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
  // kFrom + k + j: all ones where j ≥ 32 − k (the last k of 32 places j).
  const auto last = [](int k, int j) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(kFrom + k + j)); };
  const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(stop - 32));
  const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(stop - 16));
  // The bytes before the point moved one place on, over it: the digits in the last `count` places.
  const auto join = [&](__m128i bytes, __m128i shifted, int j) {
    const __m128i keep = last(after, j);
    const __m128i digits = _mm_or_si128(_mm_and_si128(keep, bytes), _mm_andnot_si128(keep, shifted));
    return _mm_and_si128(_mm_sub_epi8(digits, _mm_set1_epi8('0')), last(count, j));
  };
  // Pairs 10·a + b from the 16-bit lanes a + 256·b (a first in the text): (a + 256·b)·2561 = 2561·a + 256·b
  // modulo 2^16 (≤ 25353), over 256: 10·a + b. Then fours and eights (the lower lane ×100, ×10^4).
  const auto fours = [](__m128i d) {
    const __m128i pairs = _mm_srli_epi16(_mm_mullo_epi16(d, _mm_set1_epi16(2561)), 8);
    return _mm_madd_epi16(pairs, _mm_set1_epi32(100 | 1 << 16));
  };
  const __m128i eights = _mm_madd_epi16(_mm_packs_epi32(fours(join(high, _mm_slli_si128(high, 1), 0)),
                                                        fours(join(low, _mm_or_si128(_mm_slli_si128(low, 1), _mm_srli_si128(high, 15)), 16))),
                                        _mm_set1_epi32(10000 | 1 << 16));
  const std::uint64_t first = static_cast<std::uint64_t>(_mm_cvtsi128_si64(eights));
  const std::uint64_t second = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(eights, eights)));
  // Eight digits a lane; the first lane's are 24 or more places from stop: zeros (count ≤ 19).
  return ((first >> 32) * 100000000 + (second & 0xFFFFFFFF)) * 100000000 + (second >> 32);
}

// The digits D*(.D*)? at p as w·10^−f: their end, or nullptr to leave the decimal to the scan (no digit,
// or more than 19). 32 bytes readable before p and kReadable after it.
inline const char* mantissa(const char* p, std::uint64_t& w, int& f) {
  const std::uint64_t other = ~(std::uint64_t{digitBits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))} |
                                std::uint64_t{digitBits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)))} << 16);
  const int n = __builtin_ctzll(other);  // integer digits (≤ 32)
  const bool point = p[n] == '.';
  f = point ? __builtin_ctzll(other >> (n + 1)) : 0;
  if (n + f == 0 || n + f > 19) return nullptr;
  const char* stop = p + n + point + f;
  w = digitsBefore(stop, n + f, point ? f : 32);
  return stop;
}
#else
// Elsewhere (WASM, ARM; or where OINFO_DECIMAL_SWAR asks for it, as test/native/decimal_check.cpp does):
// 8 bytes at a time, in a 64-bit register (SWAR).

constexpr std::uint64_t kPow10[] = {1,
                                    10,
                                    100,
                                    1000,
                                    10000,
                                    100000,
                                    1000000,
                                    10000000,
                                    100000000,
                                    1000000000,
                                    10000000000,
                                    100000000000,
                                    1000000000000,
                                    10000000000000,
                                    100000000000000,
                                    1000000000000000,
                                    10000000000000000,
                                    100000000000000000,
                                    1000000000000000000,
                                    10000000000000000000u};

inline std::uint64_t load(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// How many of the 8 bytes of v, from the first, are digits (0–8). A digit byte b keeps b + 0x46 and
// b − 0x30 below 0x80 with no carry or borrow into the next byte; any other byte sets the top bit of one
// of them, so the lowest byte flagged is the first non-digit (bytes above it may be flagged wrongly:
// they are not looked at).
inline int leadingDigits(std::uint64_t v) {
  const std::uint64_t other = ((v + 0x4646464646464646) | (v - 0x3030303030303030)) & 0x8080808080808080;
  return other == 0 ? 8 : __builtin_ctzll(other) >> 3;
}

// The value of the first n digits of v (its first n bytes are digits, n ≤ 8).
inline std::uint64_t valueOfLeading(std::uint64_t v, int n) {
  v -= 0x3030303030303030;  // bytes 0…n−1: the digits d0…d(n−1) (no borrow crosses them)
  const int shift = 32 - 4 * n;
  v = (v << shift) << shift;  // to the top n bytes (two shifts: 64 for n = 0), zeros below: 8 digits, 8 − n of them leading zeros
  v = v * 10 + (v >> 8);      // byte 2i: the pair 10·d(2i) + d(2i+1) (≤ 99: no carry)
  // Pairs p0, p2 (bytes 0, 4) times 10^6, 10^2 and pairs p1, p3 (bytes 2, 6) times 10^4, 1, summed in the high half.
  const std::uint64_t pairs = 0x000000FF000000FF;
  return ((v & pairs) * (100 + (std::uint64_t{1000000} << 32)) + ((v >> 16) & pairs) * (1 + (std::uint64_t{10000} << 32))) >> 32;
}

// The digits D*(.D*)? at p as w·10^−f: their end, or nullptr to leave the decimal to the scan (no digit,
// more than 19 — leading zeros counted — or more than 8 before the point). kReadable bytes readable at p.
inline const char* mantissa(const char* p, std::uint64_t& w, int& f) {
  const std::uint64_t integer = load(p);
  const int n = leadingDigits(integer);
  w = valueOfLeading(integer, n);
  p += n;
  f = 0;
  if (*p == '.') {
    // Up to 23 fraction digits in three words, each word's digits counted only after a full word.
    const std::uint64_t u1 = load(p + 1), u2 = load(p + 9), u3 = load(p + 17);
    const int l1 = leadingDigits(u1);
    const int l2 = l1 == 8 ? leadingDigits(u2) : 0;
    const int l3 = l2 == 8 ? leadingDigits(u3) : 0;
    f = l1 + l2 + l3;
    if (n + f == 0 || n + f > 19) return nullptr;
    const std::uint64_t fraction = (valueOfLeading(u1, l1) * kPow10[l2] + valueOfLeading(u2, l2)) * kPow10[l3] + valueOfLeading(u3, l3);
    w = w * kPow10[f] + fraction;
    return p + 1 + f;
  }
  return n == 0 || (*p >= '0' && *p <= '9') ? nullptr : p;
}
#endif

// An exponent [eE][+-]?D+ at p added to q (saturating far beyond any exponent a double can use, and any
// count of digits a text can have); returns its end — p itself when there is none ("1e" is the decimal 1
// followed by an "e"). decimal.cpp's scan reads exponents with it too.
inline const char* exponent(const char* p, const char* end, std::int64_t& q) {
  if (p == end || (*p != 'e' && *p != 'E')) return p;
  const char* mark = p++;
  const bool negative = p < end && *p == '-';
  if (p < end && (*p == '+' || *p == '-')) ++p;
  const char* digits = p;
  std::int64_t e = 0;
  for (; p < end && *p >= '0' && *p <= '9'; ++p)
    if (e < (std::int64_t{1} << 50)) e = e * 10 + (*p - '0');
  if (p == digits) return mark;
  q += negative ? -e : e;
  return p;
}

// The decimal at p as (−1)^negative · w · 10^q: its end, or null to leave it to decimal.cpp's scan (see
// mantissa). [p − 32, p + kReadable) is readable, and [p, end).
inline const char* quickDecimal(const char* p, const char* end, std::uint64_t& w, std::int64_t& q, bool& negative) {
  negative = *p == '-';
  p += *p == '-' || *p == '+';
  int f;
  p = mantissa(p, w, f);
  if (p == nullptr) return nullptr;
  q = -f;
  return *p == 'e' || *p == 'E' ? exponent(p, end, q) : p;  // (p < end here)
}

}  // namespace oinfo::decimal_quick
