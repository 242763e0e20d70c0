// The one mapping from engine exceptions to protocol statuses (see protocol.hpp).
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

#include "covariance_view.hpp"

namespace oinfo::protocol {

template <typename F>
Status guarded(F&& body, std::string& message) {
  try {
    body();
    message.clear();
    return kOk;
  } catch (const SingularMultiplet& e) {
    message = e.what();
    return kSingular;
  } catch (const std::invalid_argument& e) {
    message = e.what();
    return kBadInput;
  } catch (const std::exception& e) {
    message = e.what();
    return kInternal;
  } catch (...) {
    message = "unknown error in the oinfo engine";
    return kInternal;
  }
}

}  // namespace oinfo::protocol
