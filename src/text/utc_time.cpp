#include "text/utc_time.h"

#include <cstdio>
#include <ctime>

namespace pdex::text {

std::string FormatUtc(std::chrono::system_clock::time_point t, bool with_millis) {
  const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  // Floor division, so instants before 1970 keep a millisecond part in [0, 1000).
  const long long millis = ((since_epoch % 1000) + 1000) % 1000;
  const std::time_t secs = static_cast<std::time_t>((since_epoch - millis) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (with_millis) {
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(millis));
  } else {
    std::snprintf(buf + n, sizeof buf - n, "Z");
  }
  return buf;
}

}  // namespace pdex::text
