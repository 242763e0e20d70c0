// Four leaves at a time: the leaf-row kernels (enumerator.cpp) write their per-leaf formulas once, as
// a template over the value type T — double for one leaf, Lanes4 for four adjacent ones — so that every
// intermediate of a leaf stays in registers across the rows of its product instead of being stored and
// reloaded once per row.
//
// Lanes4 is the GCC/clang vector extension: each lane does exactly the scalar IEEE operation, and with
// -ffp-contract=off nothing is fused, so a leaf computed in a lane has the same bits as computed alone
// (the invariant of enumerator.hpp). A row shorter than four leaves runs scalar; a longer one runs in
// blocks of four, the last block overlapping the one before (it recomputes, bit for bit, leaves already
// written) so that no read or write goes past the row.
#pragma once

#include <cstring>

namespace oinfo::lanes {

typedef double Lanes4 __attribute__((vector_size(32)));
typedef long long Mask4 __attribute__((vector_size(32)));

template <class T>
struct Lane;

template <>
struct Lane<double> {
  static constexpr int width = 1;
  static inline __attribute__((always_inline)) double load(const double* p) { return *p; }
  static inline __attribute__((always_inline)) void store(double* p, double x) { *p = x; }
  // a > b ? x : y, NaN comparing false as for the scalar ternary.
  static inline __attribute__((always_inline)) double ifGreater(double a, double b, double x, double y) { return a > b ? x : y; }
};

template <>
struct Lane<Lanes4> {
  static constexpr int width = 4;
  static inline __attribute__((always_inline)) Lanes4 load(const double* p) {
    Lanes4 x;
    std::memcpy(&x, p, sizeof x);
    return x;
  }
  static inline __attribute__((always_inline)) void store(double* p, Lanes4 x) { std::memcpy(p, &x, sizeof x); }
  static inline __attribute__((always_inline)) Lanes4 ifGreater(Lanes4 a, Lanes4 b, Lanes4 x, Lanes4 y) {
    const Mask4 m = a > b;
    return (Lanes4)(((Mask4)x & m) | ((Mask4)y & ~m));
  }
};

// Whether some leaf of a row is not strictly between high and low (high < x < low fails, NaN included),
// gathered lane-wise over the blocks and reduced once, at the end of the row.
class Outside {
 public:
  inline __attribute__((always_inline)) void add(double x, double low, double high) { scalar_ |= !(x < low && x > high); }
  inline __attribute__((always_inline)) void add(Lanes4 x, double low, double high) { lanes_ |= ~((x < low) & (x > high)); }
  inline __attribute__((always_inline)) bool any() const { return scalar_ || (lanes_[0] | lanes_[1] | lanes_[2] | lanes_[3]) != 0; }

 private:
  bool scalar_ = false;
  Mask4 lanes_ = {0, 0, 0, 0};
};

// Calls body(T{}, v) for the leaves [vBegin, vEnd): blocks of four (T = Lanes4), the last one ending at
// vEnd, or one leaf at a time (T = double) for a row of fewer than four.
template <class Body>
inline __attribute__((always_inline)) void forLeaves(int vBegin, int vEnd, Body&& body) {
  if (vEnd - vBegin < 4) {
    for (int v = vBegin; v < vEnd; ++v) body(double{}, v);
    return;
  }
  int v = vBegin;
  for (; v + 4 <= vEnd; v += 4) body(Lanes4{}, v);
  if (v < vEnd) body(Lanes4{}, vEnd - 4);
}

}  // namespace oinfo::lanes
