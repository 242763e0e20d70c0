#include "search_worker.hpp"

#include "engine_call.hpp"

namespace oinfo::addon {

namespace {

class SearchCall final : public EngineCall {
 public:
  // The inputs are copied: the JavaScript arrays may change or be collected while the search runs.
  SearchCall(const Napi::CallbackInfo& i)
      : EngineCall(i.Env(), "oinfo.search", i[9]),
        cov_(owned(doubles(i[0]))),
        candidates_(owned(ints(i[3]))),
        options_(owned(doubles(i[5]))),
        classCovs_(owned(doubles(i[6]))),
        classCounts_(owned(doubles(i[7]))),
        groupSizes_(owned(ints(i[8]))),
        dim_(number(i[1])),
        nSamples_(number(i[2])),
        target_(number(i[4])) {}

 private:
  std::vector<double> run(const std::atomic<bool>* cancel, const ProgressCallback& progress) override {
    return protocol::search({cov_.data(), cov_.size()}, dim_, nSamples_, {candidates_.data(), candidates_.size()}, target_,
                            {options_.data(), options_.size()}, {classCovs_.data(), classCovs_.size()},
                            {classCounts_.data(), classCounts_.size()}, {groupSizes_.data(), groupSizes_.size()}, cancel, progress);
  }

  std::vector<double> cov_;
  std::vector<int> candidates_;
  std::vector<double> options_, classCovs_, classCounts_;
  std::vector<int> groupSizes_;
  double dim_, nSamples_, target_;
};

}  // namespace

Napi::Value startSearch(const Napi::CallbackInfo& info) {
  return startEngineCall(info, [&] { return new SearchCall(info); });
}

}  // namespace oinfo::addon
