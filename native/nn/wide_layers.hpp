// Float32 kernels for training M networks of one architecture side by side (src/nn/fusedOps.ts
// registers them as TF.js kernels; TF.js keeps the variables, the gradient tape and SGD).
//
// Layout: every activation of a batch of B examples is [B, M, width], example-major, row-major, so
//  - a layer whose input is shared by all networks (the images x, [B, in]) has W [in, M·out]: the M
//    networks' first layers side by side, one product x·W, and one weight gradient xᵀ·dZ;
//  - a layer whose input is per network (A [B, M·in]) has W [M, in, out]: network m multiplies the
//    m-th block of every row by its own W_m.
// A later layer takes the previous layer's *pre-activation* and applies ReLU on the fly
// (reluInput), so the forward pass keeps the pre-activations (what the analysis reads) and the
// gradient masks by A > 0 — the same function and derivative as relu followed by a dense layer.
// Bias: [M·out] (the same memory as TF.js's [M, 1, out]).
//
// Why hand-written loops and not Eigen: the shapes are small and fixed (B = 32, out ≤ a few hundred),
// the loops below keep their working set in L1 and vectorise, and image pixels that are exactly 0
// (half of Fashion-MNIST) are skipped — which adds nothing, so the result is unchanged. The loops
// accumulate in float32 in a fixed order: a kernel is deterministic for its inputs on one machine.
#pragma once

#include <cstdint>

namespace oinfo::nn {

struct WideShape {
  int batch = 0;     // B
  int networks = 0;  // M
  int in = 0;        // input width of one network
  int out = 0;       // output width of one network
  bool sharedInput = false;
  bool reluInput = false;
};

// z[b, m, :] = bias[m, :] + act(a)[b, (m,) :] · W_m.
void wideDenseForward(const WideShape& s, const float* a, const float* w, const float* bias, float* z);

// da[b, m, i] = act'(a[b, m, i]) Σ_o dz[b, m, o] W_m[i, o] (per-network input only: the images
// need no gradient).
void wideDenseInputGradient(const WideShape& s, const float* dz, const float* w, const float* a, float* da);

// dW = act(a)ᵀ · dz, per network (or for the shared input, all networks in one product).
// trainable (nullable, M·out flags): output columns whose weights train; the others get 0 — and, for
// the shared input, are not computed at all (re-training with frozen units: most of the first layer's
// columns are frozen, and their gradient would be masked to 0 anyway).
void wideDenseWeightGradient(const WideShape& s, const float* a, const float* dz, const float* trainable, float* dw);

// db[n] = Σ_b dz[b, n] over the B rows of width M·out.
void wideDenseBiasGradient(const WideShape& s, const float* dz, float* db);

// Softmax cross-entropy of logits [B, M, C] against labels [B] (class indices):
// lossSum[m] = Σ_b (logsumexp(logits[b, m, :]) − logits[b, m, label_b]) and correct[m] = the count of
// b whose first largest logit is the label (tf.argMax's tie rule).
void softmaxCrossEntropy(int batch, int networks, int classes, const float* logits, const int32_t* labels, float* lossSum, float* correct);

// dLogits[b, m, c] = dLossSum[m] (softmax(logits[b, m, :])_c − [c = label_b]).
void softmaxCrossEntropyGradient(int batch, int networks, int classes, const float* logits, const int32_t* labels, const float* dLossSum,
                                 float* dLogits);

}  // namespace oinfo::nn
