// The addon's side of the wire: typed arrays in, Float64Arrays out, and a failed call as a JavaScript
// Error carrying the protocol status (src/backend/protocol.ts maps statuses to oinfo's errors).
// Arguments come from src/backend/nativeTransport.ts only; a wrong type is a programming error.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "protocol.hpp"

namespace oinfo::addon {

inline protocol::Doubles doubles(const Napi::Value& value) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw std::invalid_argument("oinfo protocol: a Float64Array was expected");
  const auto a = value.As<Napi::Float64Array>();
  return {a.Data(), a.ElementLength()};
}

inline protocol::Ints ints(const Napi::Value& value) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    throw std::invalid_argument("oinfo protocol: an Int32Array was expected");
  const auto a = value.As<Napi::Int32Array>();
  return {a.Data(), a.ElementLength()};
}

// A Uint8Array (a Buffer is one) of bytes, e.g. a file's text.
inline protocol::Bytes bytes(const Napi::Value& value) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw std::invalid_argument("oinfo protocol: a Uint8Array was expected");
  const auto a = value.As<Napi::Uint8Array>();
  return {reinterpret_cast<const char*>(a.Data()), a.ElementLength()};
}

inline double number(const Napi::Value& value) {
  if (!value.IsNumber()) throw std::invalid_argument("oinfo protocol: a number was expected");
  return value.As<Napi::Number>().DoubleValue();
}

inline Napi::Float64Array toJs(Napi::Env env, const std::vector<double>& values) {
  Napi::Float64Array out = Napi::Float64Array::New(env, values.size());
  std::copy(values.begin(), values.end(), out.Data());
  return out;
}

inline Napi::Error failure(Napi::Env env, protocol::Status status, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("status", Napi::Number::New(env, status));
  return error;
}

}  // namespace oinfo::addon
