// Simulated annealing over the k-subsets of the candidates, for sizes above exhaustiveMax (as THOI
// offers beside greedy search): a state is a multiplet, a move swaps one member for one non-member,
// the energy is the ranked measure (lowered for the synergy list, negated for the redundancy list),
// and an uphill move of ΔE is taken with probability exp(−ΔE / T) under a geometric cooling schedule.
//
// Contract and invariants:
//   - Budget: `budget` evaluations per list per size (a repeated multiplet counts each time), split
//     over `restarts` independent chains; each chain starts from a random multiplet.
//   - Every evaluated multiplet is offered to its chain's list; the lists keep distinct multiplets
//     (TopK::offerDistinct) and are merged in chain order into the size's lists.
//   - Deterministic: chain r of size k and list d draws from its own generator, seeded from
//     (seed, k, d, r) by splitmix64, with integer arithmetic only (no std::*_distribution, whose
//     results differ between standard libraries), and the acceptance test uses an exp of its own made
//     of + − × ÷ (exact in IEEE arithmetic) rather than libm's, so the native and WASM builds take the
//     same path, and any number of threads gives the same result.
//   - T₀ is set per chain from the mean |ΔE| of a few probe moves (an uphill move of that size is
//     first taken with probability 0.8); T falls geometrically to T₀ · 10⁻³ at the end of the chain.
//   - Or a budget in seconds (Schedule::seconds > 0): the chain runs for that long, T falling geometrically
//     with the time spent (set from the clock every 256 moves), 32 probe moves first. Everything above
//     holds but the number of evaluations, which depends on the machine's speed: not repeatable.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "enumerator.hpp"
#include "parallel.hpp"
#include "progress_meter.hpp"
#include "top_k.hpp"

namespace oinfo {
namespace annealing {

// xoshiro256** seeded by splitmix64: small, fast, and the same numbers everywhere.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n ≥ 1, without modulo bias (rejection).
  int below(int n) {
    const std::uint64_t range = static_cast<std::uint64_t>(n);
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    std::uint64_t x;
    do x = next();
    while (x >= limit);
    return static_cast<int>(x % range);
  }

  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  static std::uint64_t splitmix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// exp(x) for x ≤ 0 from + − × ÷ only: exact IEEE operations, so every build rounds it the same way.
// Accuracy (≈ 1e-12 relative) is ample for an acceptance probability.
inline double portableExp(double x) {
  if (x < -700) return 0;
  // exp(x) = 2^n · exp(r), r = x − n ln 2 ∈ [−ln2/2, ln2/2], exp(r) by its Taylor series to r¹³.
  constexpr double kLn2 = 0.6931471805599453;
  const double scaled = x / kLn2;
  int n = static_cast<int>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  const double r = x - n * kLn2;
  double term = 1, sum = 1;
  for (int i = 1; i <= 13; ++i) {
    term = term * r / i;
    sum += term;
  }
  double scale = 1;
  for (; n < 0; ++n) scale *= 0.5;
  for (; n > 0; --n) scale *= 2;
  return sum * scale;
}

// The seed of chain `chain` of list `list` (0 synergy, 1 redundancy) at size k.
inline std::uint64_t chainSeed(std::uint64_t seed, int k, int list, int chain) {
  std::uint64_t state = seed;
  std::uint64_t mixed = Generator::splitmix(state);
  mixed ^= (static_cast<std::uint64_t>(k) << 40) ^ (static_cast<std::uint64_t>(list) << 32) ^ static_cast<std::uint64_t>(chain);
  return Generator::splitmix(mixed);
}

struct ChainStats {
  std::uint64_t evaluated = 0, singular = 0;
  bool cancelled = false;
};

// How long a chain runs: `steps` evaluations, or (seconds > 0) that long, reporting `progressUnits` to the
// progress meter as the time passes.
struct Schedule {
  std::uint64_t steps = 0;
  double seconds = 0;
  std::uint64_t progressUnits = 0;
};

// The progress units of a size annealed for `seconds` (a nominal million per second, as a count of
// multiplets would be: the meter's total is the search's planned multiplets).
inline std::uint64_t timedProgressUnits(double seconds) { return static_cast<std::uint64_t>(std::llround(seconds * 1e6)) + 1; }

// One chain: `steps` evaluations from a random k-subset of n, offering every evaluated multiplet to `list`.
// score(c, leaf) evaluates the sorted combination c (false: singular).
template <class Score>
ChainStats chain(int n, int k, const Schedule& schedule, Direction direction, Generator& rng, Score&& score, TopK& list,
                 const std::atomic<bool>* cancel, ProgressMeter& meter) {
  ChainStats stats;
  const bool timed = schedule.seconds > 0;
  const std::uint64_t steps = timed ? UINT64_MAX : schedule.steps;
  const auto started = std::chrono::steady_clock::now();
  const double sign = direction == Direction::Lowest ? 1.0 : -1.0;
  std::vector<int> current(n), trial(k);
  for (int i = 0; i < n; ++i) current[i] = i;
  for (int i = 0; i < k; ++i) std::swap(current[i], current[i + rng.below(n - i)]);  // a random k-subset first
  current.resize(k);
  std::sort(current.begin(), current.end());
  std::vector<char> member(n, 0);
  for (int v : current) member[v] = 1;

  std::uint64_t reported = 0;
  auto evaluate = [&](const std::vector<int>& c, double& energy) {
    ++stats.evaluated;
    LeafScore leaf;
    if (!score(c.data(), leaf)) {
      ++stats.singular;
      return false;
    }
    list.offerDistinct(leaf.key, c.data(), k, leaf.omega, leaf.tc);
    energy = sign * leaf.key;
    return true;
  };
  // A random neighbour of `current` in `trial`: member at position `out` replaced by non-member `in`.
  auto propose = [&](int& out, int& in) {
    out = rng.below(k);
    do in = rng.below(n);
    while (member[in]);
    trial = current;
    trial[out] = in;
    std::sort(trial.begin(), trial.end());
  };

  double energy = 0;
  bool valid = evaluate(current, energy);
  if (k == n || steps <= 1) {  // a single multiplet: nothing to move to
    meter.add(timed ? schedule.progressUnits : 0);
    return stats;
  }

  // T₀ from probe moves (counted in the budget): an uphill move of the mean size is taken with p = 0.8.
  const std::uint64_t probes = std::min<std::uint64_t>(32, timed ? 32 : steps / 10);
  double sumAbs = 0;
  int counted = 0;
  for (std::uint64_t i = 0; i < probes; ++i) {
    int out, in;
    propose(out, in);
    double e;
    if (evaluate(trial, e) && valid) {
      sumAbs += e > energy ? e - energy : energy - e;
      ++counted;
    }
  }
  const double meanStep = counted > 0 ? sumAbs / counted : 1.0;
  double temperature = meanStep > 0 ? meanStep / 0.2231435513142098 : 1.0;  // −ln 0.8
  // One Metropolis step: a swap proposed, and taken when it lowers the energy or by chance at this
  // temperature (the random number drawn only then). An invalid (singular) current state is left at the
  // first valid neighbour.
  const auto step = [&] {
    int out, in;
    propose(out, in);
    double e;
    if (!evaluate(trial, e)) return;
    if (valid && e > energy && !(rng.unit() < portableExp((energy - e) / temperature))) return;
    member[current[out]] = 0;
    member[in] = 1;
    current = trial;
    energy = e;
    valid = true;
  };
  if (timed) {
    const double initial = temperature;
    std::uint64_t reportedUnits = 0;
    for (std::uint64_t i = 0;; ++i) {
      if ((i & 255) == 0) {
        const double fraction = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / schedule.seconds;
        if (fraction >= 1) break;
        temperature = initial * portableExp(-6.907755278982137 * fraction);  // T₀ · 10^(−3 · fraction)
        const auto units = static_cast<std::uint64_t>(fraction * static_cast<double>(schedule.progressUnits));
        meter.add(units - reportedUnits);
        reportedUnits = units;
        if (cancel && cancel->load(std::memory_order_relaxed)) {
          stats.cancelled = true;
          return stats;
        }
      }
      step();
    }
    meter.add(schedule.progressUnits - reportedUnits);
    return stats;
  }
  const std::uint64_t remaining = steps > stats.evaluated ? steps - stats.evaluated : 0;
  // Cooling to T₀ · 10⁻³ over the remaining steps: factor exp(ln(10⁻³) / remaining).
  const double cooling = remaining > 0 ? portableExp(-6.907755278982137 / static_cast<double>(remaining)) : 1.0;
  for (std::uint64_t i = 0; i < remaining; ++i) {
    if ((i & 255) == 255) {
      meter.add(stats.evaluated - reported);
      reported = stats.evaluated;
      if (cancel && cancel->load(std::memory_order_relaxed)) {
        stats.cancelled = true;
        return stats;
      }
    }
    step();
    temperature *= cooling;
  }
  meter.add(stats.evaluated - reported);
  return stats;
}

}  // namespace annealing
}  // namespace oinfo
