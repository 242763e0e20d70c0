// Checks native/engine/fast_log.hpp against std::log (run by test/fastLog.test.ts): over positive normal
// doubles from 1e-300 to 1e300 and densely around 1, prints the largest absolute error of the scalar
// version and whether the four-lane version gave the same bits for every value.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "fast_log.hpp"

int main() {
  using oinfo::lanes::Lanes4;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exponent(-300.0, 300.0), nearOne(0.5, 2.0);
  std::vector<double> xs = {1.0, 2.0, 0.5, 1.4142135623730951, 1.4142135623730950, 0.7071067811865476, 1e-300, 1e300,
                            2.2250738585072014e-308, 1.7976931348623157e308};
  for (int i = 0; i < 400000; ++i) xs.push_back(std::pow(10.0, exponent(rng)));
  for (int i = 0; i < 400000; ++i) xs.push_back(nearOne(rng));
  while (xs.size() % 4) xs.push_back(1.0);
  double worst = 0, worstRelative = 0;
  bool sameBits = true;
  for (std::size_t i = 0; i < xs.size(); i += 4) {
    Lanes4 x;
    std::memcpy(&x, &xs[i], sizeof x);
    const Lanes4 lanes = oinfo::lanes::fastLog(x);
    for (int j = 0; j < 4; ++j) {
      const double one = oinfo::lanes::fastLog(xs[i + j]), exact = std::log(xs[i + j]);
      if (std::memcmp(&one, &lanes[j], sizeof one) != 0) sameBits = false;
      const double error = std::fabs(one - exact);
      worst = std::fmax(worst, error);
      worstRelative = std::fmax(worstRelative, error / std::fmax(std::fabs(exact), 1e-300));
    }
  }
  std::printf("{\"values\": %zu, \"maxAbsError\": %.3e, \"maxRelError\": %.3e, \"lanesSameBits\": %s}\n", xs.size(), worst,
              worstRelative, sameBits ? "true" : "false");
  return 0;
}
