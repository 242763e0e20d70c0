// The training kernels' functions, exported by the addon as `nn` (nn_kernels.cpp).
#pragma once

#include <napi.h>

namespace oinfo::addon {

Napi::Object nnKernels(Napi::Env env);

}  // namespace oinfo::addon
