// Placeholder until the engine implementation lands (the TypeScript baselines in src/mi are used meanwhile).
#include "class_mi.hpp"

namespace oinfo {

ClassFitFailure::ClassFitFailure(Reason reason_, int classIndex_, int column_)
    : std::invalid_argument("class-fit-failure"), reason(reason_), classIndex(classIndex_), column(column_) {}

double classMutualInformation(const ColumnMatrix&, const std::vector<int>&, int, const ClassMiOptions&) {
  throw std::logic_error("classMutualInformation is not implemented yet");
}

}  // namespace oinfo
