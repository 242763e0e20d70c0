// Checks native/engine/shortest.hpp (run by test/allRows.test.ts): toDecimal against std::to_chars's
// shortest round-trip digits (libstdc++, Ryu) over random bit patterns, log-uniform values across the
// fast range, values near powers of two and of ten, small integers and short decimals. Prints a JSON
// summary; with a file argument, also writes "bits text" lines of writeNumber for JavaScript to compare
// with String(x).
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "shortest.hpp"

namespace {

oinfo::shortest::Decimal reference(double x) {
  char text[64];
  const auto end = std::to_chars(text, text + sizeof text, x, std::chars_format::scientific).ptr;
  *end = 0;
  oinfo::shortest::Decimal d = oinfo::shortest::detail::parseScientific(text);
  while (d.digits % 10 == 0 && d.digits != 0) {
    d.digits /= 10;
    ++d.exponent;
  }
  return d;
}

double fromBits(std::uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  std::mt19937_64 rng(11);
  std::vector<double> xs;
  for (int i = 0; i < 200000; ++i) {  // any double (mostly the slow way)
    const double x = std::fabs(fromBits(rng()));
    if (std::isfinite(x) && x > 0) xs.push_back(x);
  }
  std::uniform_real_distribution<double> exponent(-15.0, 17.0), unit(-12.0, 12.0);
  for (int i = 0; i < 4000000; ++i) xs.push_back(std::pow(10.0, exponent(rng)));
  for (int i = 0; i < 1000000; ++i) xs.push_back(std::fabs(unit(rng)));
  for (int e = -1074; e <= 1023; ++e) {  // powers of two and their neighbours
    const double p = std::ldexp(1.0, e);
    xs.push_back(p);
    xs.push_back(std::nextafter(p, 0.0));
    xs.push_back(std::nextafter(p, INFINITY));
  }
  for (int e = -20; e <= 22; ++e) {  // powers of ten and their neighbours
    const double p = std::pow(10.0, e);
    xs.push_back(p);
    xs.push_back(std::nextafter(p, 0.0));
    xs.push_back(std::nextafter(p, INFINITY));
  }
  for (int i = 1; i <= 100000; ++i) {
    xs.push_back(i);
    xs.push_back(i / 1000.0);
    xs.push_back(i * 1e-7);
  }
  xs.push_back(5e-324);
  xs.push_back(1.7976931348623157e308);
  xs.push_back(2.2250738585072014e-308);
  xs.push_back(9007199254740993.0);
  std::size_t mismatches = 0;
  std::string first;
  for (const double x : xs) {
    const auto ours = oinfo::shortest::toDecimal(x), theirs = reference(x);
    if (ours.digits != theirs.digits || ours.exponent != theirs.exponent) {
      if (mismatches++ == 0) {
        char text[160];
        std::snprintf(text, sizeof text, "%.17g: %llue%d vs %llue%d", x, static_cast<unsigned long long>(ours.digits), ours.exponent,
                      static_cast<unsigned long long>(theirs.digits), theirs.exponent);
        first = text;
      }
    }
  }
  if (argc > 1) {
    std::FILE* out = std::fopen(argv[1], "w");
    if (!out) return 2;
    std::size_t written = 0;
    for (std::size_t i = 0; i < xs.size(); i += 23) {
      for (const double x : {xs[i], -xs[i]}) {
        char text[oinfo::shortest::kMaxChars + 1];
        *oinfo::shortest::writeNumber(text, x) = 0;
        std::uint64_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        std::fprintf(out, "%016llx %s\n", static_cast<unsigned long long>(bits), text);
        ++written;
      }
    }
    std::fclose(out);
  }
  std::printf("{\"values\": %zu, \"mismatches\": %zu, \"first\": \"%s\"}\n", xs.size(), mismatches, first.c_str());
  return 0;
}
