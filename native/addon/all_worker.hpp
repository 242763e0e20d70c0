// `--all` on a worker thread: the engine's threads write every multiplet's row to a file descriptor
// (all_search.hpp); the JavaScript thread gets a Promise of the encoded summary (protocol.hpp), throttled
// progress callbacks, and a cancel() that stops within one leaf row (or one blocked write).
#pragma once

#include <napi.h>

namespace oinfo::addon {

// searchAll(cov, dim, nSamples, candidates, target, options, classCovs, classCounts, labels, labelEnds, labelQuote,
//           fd, onProgress | undefined) → { promise: Promise<Float64Array>, cancel(): void }
Napi::Value startSearchAll(const Napi::CallbackInfo& info);

}  // namespace oinfo::addon
