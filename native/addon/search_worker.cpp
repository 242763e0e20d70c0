#include "search_worker.hpp"

#include "engine_call.hpp"

namespace oinfo::addon {

namespace {

class SearchCall final : public EngineCall {
 public:
  // The inputs are copied (CopiedProblem, and the group sizes).
  SearchCall(const Napi::CallbackInfo& i) : EngineCall(i.Env(), "oinfo.search", i[9]), p_(i), groupSizes_(owned(ints(i[8]))) {}

 private:
  std::vector<double> run(const std::atomic<bool>* cancel, const ProgressCallback& progress) override {
    return protocol::search({p_.cov.data(), p_.cov.size()}, p_.dim, p_.nSamples, {p_.candidates.data(), p_.candidates.size()}, p_.target,
                            {p_.options.data(), p_.options.size()}, {p_.classCovs.data(), p_.classCovs.size()},
                            {p_.classCounts.data(), p_.classCounts.size()}, {groupSizes_.data(), groupSizes_.size()}, cancel, progress);
  }

  CopiedProblem p_;
  std::vector<int> groupSizes_;
};

}  // namespace

Napi::Value startSearch(const Napi::CallbackInfo& info) {
  return startEngineCall(info, [&] { return new SearchCall(info); });
}

}  // namespace oinfo::addon
