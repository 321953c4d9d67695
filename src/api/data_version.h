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
// So when the database goes down, answers based on the last confirmed version
// last at most `interval`, and after that every call reaches the store again
// (and fails fast while it is down). An interval of zero asks every time.
//
// Thread safety: thread-safe; at most one store query runs at a time.
class DataVersion {
 public:
  using Clock = std::chrono::steady_clock;
  DataVersion(store::Store& store, Clock::duration interval) : store_(store), interval_(interval) {}

  // Throws what Store::LoadedFingerprint throws.
  std::string Current();

 private:
  store::Store& store_;
  Clock::duration interval_;
  std::mutex mu_;
  std::string version_;
  Clock::time_point checked_at_{};
  bool valid_ = false;
};

}  // namespace pdex::api
