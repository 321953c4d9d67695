// FNV-1a, 64 bits: a cheap digest that is the same on every platform, for
// naming data versions (not for security).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pdex::text {

class Fnv1a {
 public:
  void Add(std::string_view bytes) {
    for (const char c : bytes) AddByte(static_cast<unsigned char>(c));
  }
  void AddByte(std::uint8_t byte) {
    hash_ ^= byte;
    hash_ *= 1099511628211ull;
  }
  // The 8 bytes of `v`, least significant first.
  void AddUint64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i, v >>= 8) AddByte(static_cast<std::uint8_t>(v & 0xFF));
  }
  std::uint64_t value() const { return hash_; }
  // 16 lower-case hex digits.
  std::string Hex() const;

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace pdex::text
