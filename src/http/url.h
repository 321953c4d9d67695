#pragma once
// Splitting and percent-decoding request targets.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pdex::http {

// Decodes %XX escapes (and '+' as space when `plus_is_space`). nullopt when
// an escape is malformed. The result may hold any bytes, NUL included.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

struct Target {
  std::vector<std::string> segments;  // decoded path segments, empty ones dropped
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
};

// Parses "/a/b%20c?x=1&y" into segments and query pairs. nullopt when the
// target is not origin-form or an escape is malformed.
std::optional<Target> ParseTarget(std::string_view target);

}  // namespace pdex::http
