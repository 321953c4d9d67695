#pragma once
// UTF-8 helpers and the case/accent folding used for name search.
#include <cstddef>
#include <string>
#include <string_view>

namespace pdex::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values
// above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The length (1 to 4) of the valid UTF-8 sequence starting at s[i]
// (i < s.size()), or 0 when none starts there.
std::size_t ValidUtf8LengthAt(std::string_view s, std::size_t i);

// `s` with each byte that does not start a valid UTF-8 sequence replaced by
// U+FFFD: always valid UTF-8, and `s` itself when it already is.
std::string RepairUtf8(std::string_view s);

// Folds a name for case- and accent-insensitive comparison: ASCII and Latin-1/
// Latin Extended-A letters are lower-cased and stripped of diacritics
// ("Évoli" -> "evoli", "Œ" -> "oe"), the typographic apostrophe becomes "'",
// and every other code point is kept as it is. Invalid UTF-8 bytes are kept
// verbatim; callers validate first where it matters.
std::string Fold(std::string_view s);

}  // namespace pdex::text
