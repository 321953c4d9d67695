#include "text/hash.h"

namespace pdex::text {

std::string Fnv1a::Hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(16, '0');
  std::uint64_t h = hash_;
  for (int i = 15; i >= 0; --i, h >>= 4) hex[static_cast<std::size_t>(i)] = kDigits[h & 0xF];
  return hex;
}

}  // namespace pdex::text
