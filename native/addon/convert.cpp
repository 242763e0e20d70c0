#include "convert.hpp"

#include <stdexcept>

#include "covariance_view.hpp"

namespace oinfo::addon {

std::vector<double> toDoubles(const Napi::Value& value, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw std::invalid_argument(std::string(what) + " must be a Float64Array");
  const auto array = value.As<Napi::Float64Array>();
  return std::vector<double>(array.Data(), array.Data() + array.ElementLength());
}

std::vector<int> toInts(const Napi::Value& value, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    throw std::invalid_argument(std::string(what) + " must be an Int32Array");
  const auto array = value.As<Napi::Int32Array>();
  return std::vector<int>(array.Data(), array.Data() + array.ElementLength());
}

double numberField(const Napi::Object& object, const char* key, double fallback) {
  if (!object.Has(key)) return fallback;
  const Napi::Value v = object.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsNumber()) throw std::invalid_argument(std::string("option ") + key + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

EstimatorOptions estimatorOptions(const Napi::Object& options) {
  EstimatorOptions e;
  if (options.Has("biasCorrect")) e.biasCorrect = options.Get("biasCorrect").ToBoolean().Value();
  if (options.Has("units")) {
    const std::string units = options.Get("units").ToString().Utf8Value();
    if (units == "bits")
      e.units = Units::Bits;
    else if (units == "nats")
      e.units = Units::Nats;
    else
      throw std::invalid_argument("units must be \"bits\" or \"nats\", got \"" + units + "\"");
  }
  return e;
}

SearchOptions searchOptions(const Napi::Object& o) {
  SearchOptions s;
  s.minSize = static_cast<int>(numberField(o, "minSize", s.minSize));
  s.maxSize = static_cast<int>(numberField(o, "maxSize", s.maxSize));
  s.exhaustiveMax = static_cast<int>(numberField(o, "exhaustiveMax", s.exhaustiveMax));
  s.beam = static_cast<int>(numberField(o, "beam", s.beam));
  s.top = static_cast<int>(numberField(o, "top", s.top));
  s.threads = static_cast<int>(numberField(o, "threads", s.threads));
  s.estimator = estimatorOptions(o);
  if (o.Has("naive")) s.naive = o.Get("naive").ToBoolean().Value();
  if (o.Has("shard") && o.Get("shard").IsObject()) {
    const Napi::Object shard = o.Get("shard").As<Napi::Object>();
    s.useShard = true;
    s.shardFrom = static_cast<std::uint64_t>(numberField(shard, "from", 0));
    s.shardTo = static_cast<std::uint64_t>(numberField(shard, "to", 0));
  }
  return s;
}

Napi::Object measuresToJs(Napi::Env env, const Measures& m) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("tc", m.tc);
  out.Set("dtc", m.dtc);
  out.Set("oinfo", m.oinfo);
  out.Set("sinfo", m.sinfo);
  return out;
}

namespace {

Napi::Array multipletsToJs(Napi::Env env, const std::vector<ReportedMultiplet>& list) {
  Napi::Array out = Napi::Array::New(env, list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    Napi::Object item = Napi::Object::New(env);
    Napi::Array vars = Napi::Array::New(env, list[i].variables.size());
    for (std::size_t j = 0; j < list[i].variables.size(); ++j) vars.Set(j, list[i].variables[j]);
    item.Set("variables", vars);
    item.Set("oinfo", list[i].oinfo);
    out.Set(i, item);
  }
  return out;
}

}  // namespace

Napi::Object searchResultToJs(Napi::Env env, const SearchResult& result) {
  Napi::Object out = Napi::Object::New(env);
  Napi::Array sizes = Napi::Array::New(env, result.sizes.size());
  for (std::size_t i = 0; i < result.sizes.size(); ++i) {
    const SizeResult& s = result.sizes[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("size", s.size);
    o.Set("method", s.method);
    o.Set("evaluated", static_cast<double>(s.evaluated));
    o.Set("singular", static_cast<double>(s.singular));
    o.Set("synergy", multipletsToJs(env, s.synergy));
    o.Set("redundancy", multipletsToJs(env, s.redundancy));
    sizes.Set(i, o);
  }
  out.Set("sizes", sizes);
  out.Set("cancelled", result.cancelled);
  return out;
}

Napi::Error toJsError(Napi::Env env, const std::exception_ptr& error) {
  std::string code = "OINFO_INTERNAL", message = "unknown error in the oinfo engine";
  try {
    std::rethrow_exception(error);
  } catch (const SingularMultiplet& e) {
    code = "OINFO_SINGULAR";
    message = e.what();
  } catch (const std::invalid_argument& e) {
    code = "OINFO_BAD_INPUT";
    message = e.what();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
  }
  Napi::Error js = Napi::Error::New(env, message);
  js.Set("code", code);
  return js;
}

}  // namespace oinfo::addon
