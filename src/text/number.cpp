#include "text/number.h"

#include <charconv>

namespace pdex::text {

std::optional<long long> ParseInteger(std::string_view s) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace pdex::text
