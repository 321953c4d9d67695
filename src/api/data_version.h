#pragma once
// The store's data-set version, re-read at most once per interval.
#include <chrono>
#include <mutex>
#include <string>

#include "store/store.h"

namespace pdex::api {

// Cached responses must belong to the data set the store holds now. Asking
// the store on every request would cost a database transaction each time;
// this asks at most once per `interval` and otherwise answers from memory.
// Nobody waits for a refresh: while one is under way, others get the last
// confirmed version (the refresh itself is bounded by the store's timeouts);
// with no confirmed version yet (first use, or after a failed refresh) they
// ask the store themselves. So a database outage shows within about
// `interval`. An interval of zero asks on every call.
//
// Thread safety: thread-safe. Failure: throws StoreUnavailable when the
// database cannot be reached, and StoreError when it holds no data set (or no
// schema) to version.
class DataVersion {
 public:
  using Clock = std::chrono::steady_clock;
  DataVersion(store::Store& store, Clock::duration interval) : store_(store), interval_(interval) {}

  std::string Current();
  // The version the last successful refresh read, whatever has happened
  // since (empty before the first): what data held in memory, such as the
  // prediction catalog, was built from.
  std::string LastConfirmed();

 private:
  store::Store& store_;
  Clock::duration interval_;
  std::mutex mu_;  // guards the members below, never held while querying
  std::string version_;
  std::string last_confirmed_;
  Clock::time_point checked_at_{};
  bool valid_ = false;
  bool refreshing_ = false;
};

}  // namespace pdex::api
