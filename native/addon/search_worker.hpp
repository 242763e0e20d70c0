// Runs a search on a worker thread: the JavaScript thread gets a Promise of the encoded result
// (a Float64Array, protocol.hpp), throttled progress callbacks, and a cancel() that stops the search
// within one leaf row.
#pragma once

#include <napi.h>

namespace oinfo::addon {

// search(cov, dim, nSamples, candidates, target, options, classCovs, classCounts, onProgress | undefined)
//   → { promise: Promise<Float64Array>, cancel(): void }
Napi::Value startSearch(const Napi::CallbackInfo& info);

}  // namespace oinfo::addon
