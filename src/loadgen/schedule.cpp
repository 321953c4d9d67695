#include "loadgen/schedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pdex::loadgen {

Schedule::Schedule(double rate_per_second, double duration_seconds) : rate_(rate_per_second) {
  if (!std::isfinite(rate_per_second) || rate_per_second <= 0) {
    throw std::invalid_argument("the rate must be a positive number of requests per second");
  }
  if (!std::isfinite(duration_seconds) || duration_seconds <= 0) {
    throw std::invalid_argument("the duration must be a positive number of seconds");
  }
  const double planned = rate_per_second * duration_seconds;
  if (planned > static_cast<double>(kMaxPlannedRequests)) {
    throw std::invalid_argument("rate x duration plans more than " + std::to_string(kMaxPlannedRequests) +
                                " requests");
  }
  const double whole = std::round(planned);
  const double count = std::abs(planned - whole) <= 1e-9 * std::max(1.0, planned) ? whole : std::ceil(planned);
  if (count < 1) throw std::invalid_argument("rate x duration plans no request");
  size_ = static_cast<std::size_t>(count);
  duration_ = std::chrono::nanoseconds(std::llround(duration_seconds * 1e9));
}

std::chrono::nanoseconds Schedule::At(std::size_t i) const {
  return std::chrono::nanoseconds(std::llround(static_cast<double>(i) * 1e9 / rate_));
}

}  // namespace pdex::loadgen
