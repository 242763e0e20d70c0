// Conversions between JavaScript values and engine types, with argument errors a user can act on.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "conventions.hpp"
#include "search.hpp"

namespace oinfo::addon {

std::vector<double> toDoubles(const Napi::Value& value, const char* what);
std::vector<int> toInts(const Napi::Value& value, const char* what);
double numberField(const Napi::Object& object, const char* key, double fallback);
EstimatorOptions estimatorOptions(const Napi::Object& options);
SearchOptions searchOptions(const Napi::Object& options);
Napi::Object measuresToJs(Napi::Env env, const Measures& m);
Napi::Object searchResultToJs(Napi::Env env, const SearchResult& result);

// Runs f, turning engine exceptions into JavaScript errors with a `code`:
// OINFO_BAD_INPUT (std::invalid_argument), OINFO_SINGULAR (SingularMultiplet), OINFO_INTERNAL (anything else).
Napi::Error toJsError(Napi::Env env, const std::exception_ptr& error);

}  // namespace oinfo::addon
