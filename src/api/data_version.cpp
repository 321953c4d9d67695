#include "api/data_version.h"

namespace pdex::api {

std::string DataVersion::Current() {
  {
    std::lock_guard lock(mu_);
    if (valid_ && (Clock::now() - checked_at_ < interval_ || refreshing_)) return version_;
    // No confirmed version (first use, or the last refresh failed): ask the
    // store too rather than fail; while the database is down the connection
    // pool answers these at once.
    refreshing_ = true;
  }
  const Clock::time_point asked_at = Clock::now();
  try {
    const std::optional<std::string> version = store_.LoadedFingerprint();
    std::lock_guard lock(mu_);
    refreshing_ = false;
    valid_ = version.has_value();
    if (!version) throw store::StoreError("the database holds no game data");
    version_ = last_confirmed_ = *version;
    checked_at_ = asked_at;
    return version_;
  } catch (const store::StoreError&) {
    std::lock_guard lock(mu_);
    refreshing_ = false;
    valid_ = false;
    throw;
  }
}

std::string DataVersion::LastConfirmed() {
  std::lock_guard lock(mu_);
  return last_confirmed_;
}

}  // namespace pdex::api
