#include "api/data_version.h"

namespace pdex::api {

std::string DataVersion::Current() {
  std::lock_guard lock(mu_);
  const Clock::time_point now = Clock::now();
  if (valid_ && now - checked_at_ < interval_) return version_;
  valid_ = false;  // stays false if the store throws
  version_ = store_.LoadedFingerprint().value_or("");
  checked_at_ = now;
  valid_ = true;
  return version_;
}

}  // namespace pdex::api
