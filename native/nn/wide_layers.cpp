// The side-by-side layer kernels; the layout and the maths are stated in wide_layers.hpp.
#include "wide_layers.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

// The inner loops are axpy/dot loops over contiguous floats: an x86-64-v3 clone (AVX2 + FMA) is
// chosen at load time where the CPU has it; the default clone runs anywhere (and in the WASM build).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define OINFO_NN_HOT __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define OINFO_NN_HOT
#endif

namespace oinfo::nn {

namespace {

inline float activation(float x, bool relu) { return relu && !(x > 0.0f) ? 0.0f : x; }

}  // namespace

OINFO_NN_HOT void wideDenseForward(const WideShape& s, const float* a, const float* w, const float* bias, float* z) {
  const long out = s.out, in = s.in, m = s.networks, batch = s.batch;
  if (s.sharedInput) {
    // z [B, M·out] = act(a) [B, in] · W [in, M·out]: row k of W is read once and used for every example.
    const long n = m * out;
    for (long b = 0; b < batch; b++) std::memcpy(z + b * n, bias, sizeof(float) * n);
    for (long k = 0; k < in; k++) {
      const float* wk = w + k * n;
      for (long b = 0; b < batch; b++) {
        const float x = activation(a[b * in + k], s.reluInput);
        if (x == 0.0f) continue;  // adds nothing (finite weights): skipped, result unchanged
        float* zb = z + b * n;
        for (long j = 0; j < n; j++) zb[j] += x * wk[j];
      }
    }
    return;
  }
  for (long b = 0; b < batch; b++) {
    for (long net = 0; net < m; net++) {
      const float* ar = a + (b * m + net) * in;
      const float* wm = w + net * in * out;
      float* zr = z + (b * m + net) * out;
      std::memcpy(zr, bias + net * out, sizeof(float) * out);
      for (long k = 0; k < in; k++) {
        const float x = activation(ar[k], s.reluInput);
        if (x == 0.0f) continue;
        const float* wr = wm + k * out;
        for (long o = 0; o < out; o++) zr[o] += x * wr[o];
      }
    }
  }
}

OINFO_NN_HOT void wideDenseInputGradient(const WideShape& s, const float* dz, const float* w, const float* a, float* da) {
  const long out = s.out, in = s.in, m = s.networks, batch = s.batch;
  for (long b = 0; b < batch; b++) {
    for (long net = 0; net < m; net++) {
      const float* g = dz + (b * m + net) * out;
      const float* ar = a + (b * m + net) * in;
      const float* wm = w + net * in * out;
      float* d = da + (b * m + net) * in;
      for (long k = 0; k < in; k++) {
        if (s.reluInput && !(ar[k] > 0.0f)) {
          d[k] = 0.0f;  // ReLU's derivative, step(x): 0 at and below 0, as TF.js's
          continue;
        }
        const float* wr = wm + k * out;
        float sum = 0.0f;
        for (long o = 0; o < out; o++) sum += g[o] * wr[o];
        d[k] = sum;
      }
    }
  }
}

namespace {

// The shared-input weight gradient over the trainable columns only: dz's trainable columns gathered into
// a dense [B, T] block, each row of dW computed over T columns and scattered; frozen columns are 0.
OINFO_NN_HOT void sharedWeightGradientOfColumns(const WideShape& s, const float* a, const float* dz, const std::vector<long>& columns, float* dw) {
  const long in = s.in, batch = s.batch, n = static_cast<long>(s.networks) * s.out, t = static_cast<long>(columns.size());
  std::vector<float> block(static_cast<std::size_t>(batch * t)), row(static_cast<std::size_t>(t));
  for (long b = 0; b < batch; b++)
    for (long c = 0; c < t; c++) block[b * t + c] = dz[b * n + columns[c]];
  for (long k = 0; k < in; k++) {
    std::fill(row.begin(), row.end(), 0.0f);
    for (long b = 0; b < batch; b++) {
      const float x = activation(a[b * in + k], s.reluInput);
      if (x == 0.0f) continue;
      const float* g = block.data() + b * t;
      for (long c = 0; c < t; c++) row[c] += x * g[c];
    }
    float* d = dw + k * n;
    std::fill(d, d + n, 0.0f);
    for (long c = 0; c < t; c++) d[columns[c]] = row[c];
  }
}

}  // namespace

OINFO_NN_HOT void wideDenseWeightGradient(const WideShape& s, const float* a, const float* dz, const float* trainable, float* dw) {
  const long out = s.out, in = s.in, m = s.networks, batch = s.batch;
  if (trainable) {
    std::vector<long> columns;
    for (long j = 0; j < m * out; j++)
      if (trainable[j] != 0.0f) columns.push_back(j);
    if (columns.size() < static_cast<std::size_t>(m * out)) {
      if (s.sharedInput) return sharedWeightGradientOfColumns(s, a, dz, columns, dw);
      wideDenseWeightGradient(s, a, dz, nullptr, dw);
      // Per-network layers are small: computed whole, the frozen columns then cleared.
      for (long net = 0; net < m; net++)
        for (long k = 0; k < in; k++)
          for (long o = 0; o < out; o++)
            if (trainable[net * out + o] == 0.0f) dw[(net * in + k) * out + o] = 0.0f;
      return;
    }
  }
  if (s.sharedInput) {
    // dW [in, M·out] = act(a)ᵀ · dz: row k of dW collects every example's contribution while dz stays in L1.
    const long n = m * out;
    for (long k = 0; k < in; k++) {
      float* d = dw + k * n;
      std::fill(d, d + n, 0.0f);
      for (long b = 0; b < batch; b++) {
        const float x = activation(a[b * in + k], s.reluInput);
        if (x == 0.0f) continue;
        const float* g = dz + b * n;
        for (long j = 0; j < n; j++) d[j] += x * g[j];
      }
    }
    return;
  }
  std::fill(dw, dw + m * in * out, 0.0f);
  for (long b = 0; b < batch; b++) {
    for (long net = 0; net < m; net++) {
      const float* ar = a + (b * m + net) * in;
      const float* g = dz + (b * m + net) * out;
      float* dm = dw + net * in * out;
      for (long k = 0; k < in; k++) {
        const float x = activation(ar[k], s.reluInput);
        if (x == 0.0f) continue;
        float* d = dm + k * out;
        for (long o = 0; o < out; o++) d[o] += x * g[o];
      }
    }
  }
}

OINFO_NN_HOT void wideDenseBiasGradient(const WideShape& s, const float* dz, float* db) {
  const long n = static_cast<long>(s.networks) * s.out;
  std::fill(db, db + n, 0.0f);
  for (long b = 0; b < s.batch; b++) {
    const float* g = dz + b * n;
    for (long j = 0; j < n; j++) db[j] += g[j];
  }
}

void softmaxCrossEntropy(int batch, int networks, int classes, const float* logits, const int32_t* labels, float* lossSum, float* correct) {
  std::fill(lossSum, lossSum + networks, 0.0f);
  std::fill(correct, correct + networks, 0.0f);
  for (long b = 0; b < batch; b++) {
    const int label = labels[b];
    for (long net = 0; net < networks; net++) {
      const float* row = logits + (b * networks + net) * classes;
      int best = 0;
      for (int c = 1; c < classes; c++)
        if (row[c] > row[best]) best = c;
      double sum = 0.0;
      for (int c = 0; c < classes; c++) sum += std::exp(static_cast<double>(row[c]) - row[best]);
      lossSum[net] += static_cast<float>(std::log(sum) + row[best] - row[label]);
      if (best == label) correct[net] += 1.0f;
    }
  }
}

void softmaxCrossEntropyGradient(int batch, int networks, int classes, const float* logits, const int32_t* labels, const float* dLossSum,
                                 float* dLogits) {
  for (long b = 0; b < batch; b++) {
    const int label = labels[b];
    for (long net = 0; net < networks; net++) {
      const float* row = logits + (b * networks + net) * classes;
      float* d = dLogits + (b * networks + net) * classes;
      const float top = *std::max_element(row, row + classes);
      double sum = 0.0;
      for (int c = 0; c < classes; c++) sum += std::exp(static_cast<double>(row[c]) - top);
      for (int c = 0; c < classes; c++) {
        const double p = std::exp(static_cast<double>(row[c]) - top) / sum;
        d[c] = static_cast<float>(dLossSum[net] * (p - (c == label ? 1.0 : 0.0)));
      }
    }
  }
}

}  // namespace oinfo::nn
