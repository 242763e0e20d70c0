// Estimator conventions shared by every measure (SPEC §1): units and gcmi's bias correction.
#pragma once

namespace oinfo {

enum class Units { Bits, Nats };

struct EstimatorOptions {
  bool biasCorrect = true;  // gcmi's ent_g bias correction of every entropy
  Units units = Units::Bits;
};

// c_N(d) in nats: the amount gcmi's ent_g subtracts from a d-dimensional Gaussian entropy
// estimated from N samples. c_N(d) = d·(ln 2 − ln(N − 1))/2 + ½ Σ_{i=1..d} ψ((N − i)/2). Needs N > d.
double entropyBias(int d, long nSamples);

// Nats → the requested units (bits = nats / ln 2).
double toUnits(double nats, Units units);

// The four measures of one multiplet, in the units of the options that produced them.
struct Measures {
  double tc = 0;     // total correlation
  double dtc = 0;    // dual total correlation
  double oinfo = 0;  // Ω = TC − DTC (> 0 redundancy, < 0 synergy)
  double sinfo = 0;  // S-information = TC + DTC
};

// Bias constants of the measures of an m-variable multiplet: what ent_g's correction of every entropy
// adds up to, given that TC, DTC and Ω are sums of entropies of sizes 1, m − 1 and m.
struct MeasureBias {
  double tc = 0, dtc = 0, oinfo = 0;
};
MeasureBias measureBias(int m, long nSamples);

// The measure a search ranks its multiplets by (SPEC §9, --rank-by). The "synergy" list keeps its
// lowest values, the "redundancy" list its highest (the names stay those of Ω's lists).
enum class RankBy { Oinfo, Tc, Dtc, Sinfo };

// The ranking key of a multiplet from its bias-free nats Ω and TC, with exactly the operations that
// produce its reported values (DTC = TC − Ω, S = TC + DTC): the reported ranked measure is then the key
// plus a constant per size, in the requested units. Ranking on the bias-free key is therefore
// equivalent within one size (every multiplet of a size shares the bias constant).
inline double rankKey(RankBy rankBy, double omegaNats, double tcNats) {
  switch (rankBy) {
    case RankBy::Tc: return tcNats;
    case RankBy::Dtc: return tcNats - omegaNats;
    case RankBy::Sinfo: {
      const double dtc = tcNats - omegaNats;
      return tcNats + dtc;
    }
    case RankBy::Oinfo: break;
  }
  return omegaNats;
}

// The four measures from TC and DTC in nats (whatever bias terms they already hold), in the units:
// Ω = TC − DTC, S = TC + DTC.
Measures measuresInUnits(double tcNats, double dtcNats, Units units);

// From the bias-free nats measures (TC and DTC), the reported measures under the options.
Measures finishMeasures(double tcNats, double dtcNats, int m, long nSamples, const EstimatorOptions& options);

}  // namespace oinfo
