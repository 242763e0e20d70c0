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

// Copies of what JavaScript passed, for a call that outlives the arguments (engine_call.hpp).
inline std::vector<double> owned(protocol::Doubles values) { return {values.data, values.data + values.length}; }
inline std::vector<int> owned(protocol::Ints values) { return {values.data, values.data + values.length}; }
inline std::vector<char> owned(protocol::Bytes bytes) { return {bytes.data, bytes.data + bytes.length}; }

inline Napi::Float64Array toJs(Napi::Env env, const std::vector<double>& values) {
  Napi::Float64Array out = Napi::Float64Array::New(env, values.size());
  std::copy(values.begin(), values.end(), out.Data());
  return out;
}

// A large result (a CSV file's numbers, copula-normalised data) is handed over without a copy: the
// ArrayBuffer takes the vector and frees it when collected. Where the runtime allows no external
// buffers (not Node.js), it is copied.
inline Napi::Float64Array toJs(Napi::Env env, std::vector<double>&& values) {
  constexpr std::size_t kHandOver = std::size_t{1} << 17;  // doubles (1 MiB): below, a copy is as cheap
  if (values.size() >= kHandOver) {
    auto* owned = new std::vector<double>(std::move(values));
    napi_value buffer;
    const napi_status status = napi_create_external_arraybuffer(
        env, owned->data(), owned->size() * sizeof(double),
        [](napi_env, void*, void* hint) { delete static_cast<std::vector<double>*>(hint); }, owned, &buffer);
    if (status == napi_ok) return Napi::Float64Array::New(env, owned->size(), Napi::ArrayBuffer(env, buffer), 0);
    values = std::move(*owned);
    delete owned;
  }
  return toJs(env, static_cast<const std::vector<double>&>(values));
}

inline Napi::Error failure(Napi::Env env, protocol::Status status, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("status", Napi::Number::New(env, status));
  return error;
}

}  // namespace oinfo::addon
