#include "text/utf8.h"

#include <cstdint>
#include <cstring>

namespace pdex::text {
namespace {

// Decodes one code point at s[i]; returns its length, or 0 when malformed.
std::size_t Decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Folded ASCII form of a Latin-1 Supplement / Latin Extended-A letter, or an
// empty view when the code point has none.
std::string_view FoldLatin(char32_t cp) {
  // U+00C0..U+00FF; the upper-case and lower-case halves fold alike.
  static constexpr std::string_view kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  // U+0100..U+017F: the base letter of each code point, in order.
  static constexpr std::string_view kLatinExtendedA =
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  switch (cp) {
    case 0x132: case 0x133: return "ij";
    case 0x152: case 0x153: return "oe";
    case 0x2018: case 0x2019: return "'";
    default: break;
  }
  if (cp >= 0x100 && cp <= 0x17F) return kLatinExtendedA.substr(cp - 0x100, 1);
  return {};
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  // ASCII runs, eight bytes at a time: no byte has its top bit set.
  constexpr std::uint64_t kTopBits = 0x8080808080808080ULL;
  for (std::uint64_t word = 0; i + sizeof word <= s.size(); i += sizeof word) {
    std::memcpy(&word, s.data() + i, sizeof word);
    if ((word & kTopBits) != 0) break;
  }
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = Decode(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = Decode(s, i, cp);
    if (len == 0) {
      out.push_back(s[i++]);
      continue;
    }
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    } else if (const std::string_view folded = FoldLatin(cp); !folded.empty()) {
      out += folded;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::size_t ValidUtf8LengthAt(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return i + length <= s.size() && IsValidUtf8(s.substr(i, length)) ? length : 0;
}

std::string RepairUtf8(std::string_view s) {
  std::string repaired;
  repaired.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t length = ValidUtf8LengthAt(s, i); length > 0) {
      repaired.append(s.substr(i, length));
      i += length;
    } else {
      repaired += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return repaired;
}

}  // namespace pdex::text
