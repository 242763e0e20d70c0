// Runs a search on a worker thread: the JavaScript thread gets a Promise, throttled progress
// callbacks, and a cancel() that stops the search within one leaf row.
#pragma once

#include <napi.h>

namespace oinfo::addon {

// search(cov: Float64Array, dim, nSamples, candidates: Int32Array, target, options, onProgress?)
//   → { promise: Promise<SearchResult>, cancel(): void }
Napi::Value startSearch(const Napi::CallbackInfo& info);

}  // namespace oinfo::addon
