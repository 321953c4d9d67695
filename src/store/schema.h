#pragma once
// The versioned schema files under sql/, embedded at build time.
#include <string_view>
#include <vector>

namespace pdex::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration, ordered by version.
const std::vector<Migration>& Migrations();

}  // namespace pdex::store
