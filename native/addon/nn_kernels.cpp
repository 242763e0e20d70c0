// The training kernels' side of the addon (native/nn/wide_layers.hpp): Float32Array views in (on
// TF.js's own tensor memory, no copy), results written into the output views. Called synchronously
// from a training worker thread by src/nn/kernels/nativeKernels.ts, which checks the sizes.
#include <napi.h>

#include <stdexcept>

#include "nn_kernels.hpp"
#include "wide_layers.hpp"

namespace oinfo::addon {

namespace {

template <typename T, napi_typedarray_type Kind>
T* view(const Napi::Value& value) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != Kind)
    throw Napi::TypeError::New(value.Env(), "oinfo nn kernels: a typed array of the wrong type");
  auto array = value.As<Napi::TypedArray>();
  auto* base = static_cast<uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
  return reinterpret_cast<T*>(base);
}

float* floats(const Napi::Value& v) { return view<float, napi_float32_array>(v); }
int32_t* int32s(const Napi::Value& v) { return view<int32_t, napi_int32_array>(v); }

// shape: Int32Array [batch, networks, in, out, sharedInput, reluInput]
nn::WideShape wideShape(const Napi::Value& value) {
  const int32_t* s = int32s(value);
  return nn::WideShape{s[0], s[1], s[2], s[3], s[4] != 0, s[5] != 0};
}

// denseForward(shape, a, w, bias, z)
void DenseForward(const Napi::CallbackInfo& i) { nn::wideDenseForward(wideShape(i[0]), floats(i[1]), floats(i[2]), floats(i[3]), floats(i[4])); }
// denseInputGradient(shape, dz, w, a, da)
void DenseInputGradient(const Napi::CallbackInfo& i) {
  nn::wideDenseInputGradient(wideShape(i[0]), floats(i[1]), floats(i[2]), floats(i[3]), floats(i[4]));
}
// denseWeightGradient(shape, a, dz, trainable | null, dw)
void DenseWeightGradient(const Napi::CallbackInfo& i) {
  nn::wideDenseWeightGradient(wideShape(i[0]), floats(i[1]), floats(i[2]), i[3].IsNull() ? nullptr : floats(i[3]), floats(i[4]));
}
// denseBiasGradient(shape, dz, db)
void DenseBiasGradient(const Napi::CallbackInfo& i) { nn::wideDenseBiasGradient(wideShape(i[0]), floats(i[1]), floats(i[2])); }
// softmaxCrossEntropy(dims [batch, networks, classes], logits, labels, lossSum, correct)
void SoftmaxCrossEntropy(const Napi::CallbackInfo& i) {
  const int32_t* d = int32s(i[0]);
  nn::softmaxCrossEntropy(d[0], d[1], d[2], floats(i[1]), int32s(i[2]), floats(i[3]), floats(i[4]));
}
// softmaxCrossEntropyGradient(dims, logits, labels, dLossSum, dLogits)
void SoftmaxCrossEntropyGradient(const Napi::CallbackInfo& i) {
  const int32_t* d = int32s(i[0]);
  nn::softmaxCrossEntropyGradient(d[0], d[1], d[2], floats(i[1]), int32s(i[2]), floats(i[3]), floats(i[4]));
}

}  // namespace

Napi::Object nnKernels(Napi::Env env) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("denseForward", Napi::Function::New(env, DenseForward, "denseForward"));
  out.Set("denseInputGradient", Napi::Function::New(env, DenseInputGradient, "denseInputGradient"));
  out.Set("denseWeightGradient", Napi::Function::New(env, DenseWeightGradient, "denseWeightGradient"));
  out.Set("denseBiasGradient", Napi::Function::New(env, DenseBiasGradient, "denseBiasGradient"));
  out.Set("softmaxCrossEntropy", Napi::Function::New(env, SoftmaxCrossEntropy, "softmaxCrossEntropy"));
  out.Set("softmaxCrossEntropyGradient", Napi::Function::New(env, SoftmaxCrossEntropyGradient, "softmaxCrossEntropyGradient"));
  return out;
}

}  // namespace oinfo::addon
