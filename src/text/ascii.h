#pragma once
// ASCII-only case mapping, for protocol tokens (header names, methods,
// enum names) where locale and Unicode rules must not apply.
#include <string>
#include <string_view>

namespace pdex::text {

// `s` with A-Z lower-cased; every other byte unchanged.
std::string AsciiLower(std::string_view s);

}  // namespace pdex::text
