#pragma once
// Parsing whole strings as numbers.
#include <optional>
#include <string_view>

namespace pdex::text {

// The integer `s` spells, all of it ("42", "-7"); nullopt for an empty
// string, any other character, or a value outside long long.
std::optional<long long> ParseInteger(std::string_view s);

}  // namespace pdex::text
