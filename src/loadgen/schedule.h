#pragma once
// The open-loop schedule of pdex loadgen: send times fixed from the start,
// whatever the server's speed.
#include <chrono>
#include <cstddef>

namespace pdex::loadgen {

// The largest number of requests one run may plan (the tally keeps one
// latency per answer).
inline constexpr std::size_t kMaxPlannedRequests = 10'000'000;

// Request i is due At(i) = i / rate after the start, for every i with
// i / rate < duration: rate x duration requests when that is a whole number
// (up to a relative 1e-9 for floating-point error), else its ceiling.
// Immutable, so thread-safe.
class Schedule {
 public:
  // Throws std::invalid_argument unless rate and duration are finite and
  // positive and the schedule holds between 1 and kMaxPlannedRequests
  // requests.
  Schedule(double rate_per_second, double duration_seconds);

  std::size_t size() const { return size_; }
  double rate() const { return rate_; }
  std::chrono::nanoseconds duration() const { return duration_; }
  // Offset from the start, rounded to the nanosecond; i < size().
  std::chrono::nanoseconds At(std::size_t i) const;

 private:
  double rate_;
  std::chrono::nanoseconds duration_;
  std::size_t size_;
};

}  // namespace pdex::loadgen
