#include "csv_job.hpp"

#include <string>
#include <thread>
#include <vector>

#include "protocol.hpp"
#include "wire.hpp"

namespace oinfo::addon {

namespace {

struct CsvJob {
  std::thread thread;
  std::vector<double> values;  // empty: declined (or failed: the caller's reader then reports what it finds)
  bool taken = false;

  ~CsvJob() {
    if (thread.joinable()) thread.join();
  }
};

}  // namespace

Napi::Value CsvFileStart(const Napi::CallbackInfo& i) try {
  // The arguments are copied: the JavaScript buffers may move or go while the thread reads.
  const protocol::Bytes pathBytes = bytes(i[0]), headBytes = bytes(i[1]);
  std::string path(pathBytes.data, pathBytes.length), head(headBytes.data, headBytes.length);
  const double fields = number(i[2]), crlf = number(i[3]), threads = number(i[4]);
  auto* job = new CsvJob();
  job->thread = std::thread([job, path = std::move(path), head = std::move(head), fields, crlf, threads] {
    std::string message;
    protocol::guarded(
        [&] {
          job->values = protocol::csvFileNumbers({path.data(), path.size()}, {head.data(), head.size()}, fields, crlf, threads);
        },
        message);
  });
  return Napi::External<CsvJob>::New(i.Env(), job, [](Napi::Env, CsvJob* done) { delete done; });
} catch (const std::exception& error) {
  throw failure(i.Env(), protocol::kInternal, error.what());
}

Napi::Value CsvFileFinish(const Napi::CallbackInfo& i) {
  if (!i[0].IsExternal()) throw failure(i.Env(), protocol::kInternal, "oinfo protocol: a CSV read handle was expected");
  CsvJob* job = i[0].As<Napi::External<CsvJob>>().Data();
  if (job->taken) throw failure(i.Env(), protocol::kInternal, "oinfo protocol: a CSV read is finished once");
  job->taken = true;
  if (job->thread.joinable()) job->thread.join();
  return toJs(i.Env(), std::move(job->values));
}

}  // namespace oinfo::addon
