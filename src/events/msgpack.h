#pragma once
// Internal to the events library: the MessagePack primitives its batch
// formats (events/event_batch.h) are written and read with. Only what
// those formats use: nil, ints, float64 (float32 read), strings, bins
// (read, written by EventRowsWriter), arrays and maps. Not a public
// interface.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <cmath>

#include "text/utf8.h"

namespace pdex::events::msgpack {

// ---------------------------------------------------------------- writing
// MessagePack's smallest form of each item, big-endian as it requires.
// The Put* functions write at `p`, which must have room (kMax* bytes), and
// return the end of what they wrote; strings must be valid UTF-8.

inline constexpr std::size_t kMaxHeaderBytes = 5;  // a container or string header
inline constexpr std::size_t kMaxNumberBytes = 9;

inline char* PutByte(char* p, unsigned byte) {
  *p = static_cast<char>(byte);
  return p + 1;
}

template <typename Unsigned>
inline char* PutBigEndian(char* p, unsigned tag, Unsigned value) {
  *p++ = static_cast<char>(tag);
  if constexpr (sizeof(Unsigned) == 2) value = static_cast<Unsigned>(__builtin_bswap16(value));
  if constexpr (sizeof(Unsigned) == 4) value = __builtin_bswap32(value);
  if constexpr (sizeof(Unsigned) == 8) value = __builtin_bswap64(value);
  std::memcpy(p, &value, sizeof value);
  return p + sizeof value;
}

// A header of `fix_base | n` for n up to 15, else the 16- or 32-bit form.
inline char* PutContainer(char* p, std::size_t n, unsigned fix_base, unsigned tag16) {
  if (n <= 15) return PutByte(p, fix_base | static_cast<unsigned>(n));
  if (n <= 0xFFFF) return PutBigEndian(p, tag16, static_cast<std::uint16_t>(n));
  return PutBigEndian(p, tag16 + 1, static_cast<std::uint32_t>(n));
}

inline char* PutArrayHeader(char* p, std::size_t n) { return PutContainer(p, n, 0x90, 0xdc); }
inline char* PutMapHeader(char* p, std::size_t n) { return PutContainer(p, n, 0x80, 0xde); }

inline char* PutStr(char* p, std::string_view s) {
  const std::size_t n = s.size();
  if (n <= 31) {
    p = PutByte(p, 0xa0 | static_cast<unsigned>(n));
  } else if (n <= 0xFF) {
    p = PutByte(PutByte(p, 0xd9), static_cast<unsigned>(n));
  } else if (n <= 0xFFFF) {
    p = PutBigEndian(p, 0xda, static_cast<std::uint16_t>(n));
  } else {
    p = PutBigEndian(p, 0xdb, static_cast<std::uint32_t>(n));
  }
  std::memcpy(p, s.data(), n);
  return p + n;
}

inline char* PutInt(char* p, std::int64_t v) {
  if (v >= 0) {
    const auto u = static_cast<std::uint64_t>(v);
    if (u <= 0x7F) return PutByte(p, static_cast<unsigned>(u));
    if (u <= 0xFF) return PutByte(PutByte(p, 0xcc), static_cast<unsigned>(u));
    if (u <= 0xFFFF) return PutBigEndian(p, 0xcd, static_cast<std::uint16_t>(u));
    if (u <= 0xFFFFFFFF) return PutBigEndian(p, 0xce, static_cast<std::uint32_t>(u));
    return PutBigEndian(p, 0xcf, u);
  }
  if (v >= -32) return PutByte(p, static_cast<unsigned>(v) & 0xFF);
  if (v >= -128) return PutByte(PutByte(p, 0xd0), static_cast<unsigned>(v) & 0xFF);
  if (v >= -32768) return PutBigEndian(p, 0xd1, static_cast<std::uint16_t>(v));
  if (v >= std::numeric_limits<std::int32_t>::min()) return PutBigEndian(p, 0xd2, static_cast<std::uint32_t>(v));
  return PutBigEndian(p, 0xd3, static_cast<std::uint64_t>(v));
}

inline char* PutNumber(char* p, double v) {
  // Most of our numbers are small whole ones (stats, powers, accuracies):
  // the doubles whose bits are below 128.0's are exactly those from +0 up to
  // 128 excluded (no sign bit, no NaN), and a whole one takes one byte,
  // without the general test's branches.
  if (std::bit_cast<std::uint64_t>(v) < std::bit_cast<std::uint64_t>(128.0)) {
    const auto whole = static_cast<unsigned>(v);
    if (static_cast<double>(whole) == v) return PutByte(p, whole);
  }
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (v > -kExactIntegers && v < kExactIntegers && v == std::trunc(v) && !(v == 0 && std::signbit(v))) {
    return PutInt(p, static_cast<std::int64_t>(v));
  }
  return PutBigEndian(p, 0xcb, std::bit_cast<std::uint64_t>(v));
}

// Appends what `put(p)` writes, at most `max_bytes`, to `out`.
template <typename Put>
inline void AppendWith(std::string& out, std::size_t max_bytes, Put put) {
  const std::size_t start = out.size();
  out.resize(start + max_bytes);
  char* const end = put(out.data() + start);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

inline void AppendStr(std::string& out, std::string_view s) {
  const std::string repaired = text::IsValidUtf8(s) ? std::string() : text::RepairUtf8(s);
  const std::string_view valid = repaired.empty() ? s : std::string_view(repaired);
  AppendWith(out, kMaxHeaderBytes + valid.size(), [&](char* p) { return PutStr(p, valid); });
}

inline void AppendArrayHeader(std::string& out, std::size_t n) {
  AppendWith(out, kMaxHeaderBytes, [&](char* p) { return PutArrayHeader(p, n); });
}

// ---------------------------------------------------------------- reading

inline constexpr int kMaxDepth = 32;

// A bounds-checked cursor over MessagePack bytes. Every Read* returns false
// (and leaves the position unspecified) when the next item is not of the
// asked kind or runs past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes)
      : p_(reinterpret_cast<const unsigned char*>(bytes.data())), end_(p_ + bytes.size()) {}

  bool AtEnd() const { return p_ == end_; }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  unsigned Peek() const { return *p_; }  // !AtEnd()

  bool ReadMap(std::size_t& n) { return ReadContainer(n, 0x80, 0xde); }
  bool ReadArray(std::size_t& n) { return ReadContainer(n, 0x90, 0xdc); }

  bool ReadStr(std::string_view& s) {
    if (AtEnd()) return false;
    const unsigned tag = *p_;
    std::uint64_t n = 0;
    if ((tag & 0xe0) == 0xa0) {
      ++p_;
      n = tag & 0x1f;
    } else if (tag >= 0xd9 && tag <= 0xdb) {
      ++p_;
      if (!Big(1u << (tag - 0xd9), n)) return false;
    } else {
      return false;
    }
    if (n > remaining()) return false;
    s = std::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }

  // A bin item's bytes.
  bool ReadBin(std::string_view& s) {
    if (AtEnd()) return false;
    const unsigned tag = *p_;
    if (tag < 0xc4 || tag > 0xc6) return false;
    ++p_;
    std::uint64_t n = 0;
    if (!Big(1u << (tag - 0xc4), n) || n > remaining()) return false;
    s = std::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }

  enum class Kind { kInt, kFloat, kNil, kStr, kOther };

  // The next item's kind, without consuming it (kOther at the end).
  Kind NextKind() const {
    if (AtEnd()) return Kind::kOther;
    const unsigned t = *p_;
    if (t <= 0x7f || t >= 0xe0 || (t >= 0xcc && t <= 0xd3)) return Kind::kInt;
    if (t == 0xca || t == 0xcb) return Kind::kFloat;
    if (t == 0xc0) return Kind::kNil;
    if ((t & 0xe0) == 0xa0 || (t >= 0xd9 && t <= 0xdb)) return Kind::kStr;
    return Kind::kOther;
  }

  // An int item (any width); a uint64 beyond int64 fails.
  bool ReadInt(std::int64_t& v) {
    if (AtEnd()) return false;
    const unsigned t = *p_++;
    if (t <= 0x7f) return v = t, true;
    if (t >= 0xe0) return v = static_cast<std::int8_t>(t), true;
    std::uint64_t raw = 0;
    switch (t) {
      case 0xcc: case 0xcd: case 0xce: case 0xcf:
        if (!Big(1u << (t - 0xcc), raw) || raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return false;
        }
        return v = static_cast<std::int64_t>(raw), true;
      case 0xd0: return Big(1, raw) && (v = static_cast<std::int8_t>(raw), true);
      case 0xd1: return Big(2, raw) && (v = static_cast<std::int16_t>(raw), true);
      case 0xd2: return Big(4, raw) && (v = static_cast<std::int32_t>(raw), true);
      case 0xd3: return Big(8, raw) && (v = static_cast<std::int64_t>(raw), true);
      default: return false;
    }
  }

  // An int or float item as a double.
  bool ReadNumber(double& v) {
    if (AtEnd()) return false;
    std::uint64_t raw = 0;
    switch (*p_) {
      case 0xcf: return ++p_, Big(8, raw) && (v = static_cast<double>(raw), true);
      case 0xca: return ++p_, Big(4, raw) && (v = std::bit_cast<float>(static_cast<std::uint32_t>(raw)), true);
      case 0xcb: return ++p_, Big(8, raw) && (v = std::bit_cast<double>(raw), true);
      default: break;
    }
    std::int64_t i = 0;
    if (!ReadInt(i)) return false;
    v = static_cast<double>(i);
    return true;
  }

  // Skips one item of any kind, containers included, nested at most
  // kMaxDepth deep.
  bool Skip(int depth = 0) {
    if (AtEnd() || depth > kMaxDepth) return false;
    const unsigned t = *p_;
    std::size_t n = 0;
    if ((t & 0xf0) == 0x80 || t == 0xde || t == 0xdf) {
      if (!ReadMap(n)) return false;
      for (std::size_t i = 0; i < 2 * n; ++i) {
        if (!Skip(depth + 1)) return false;
      }
      return true;
    }
    if ((t & 0xf0) == 0x90 || t == 0xdc || t == 0xdd) {
      if (!ReadArray(n)) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!Skip(depth + 1)) return false;
      }
      return true;
    }
    ++p_;
    std::uint64_t length = 0;
    if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) return true;
    if ((t & 0xe0) == 0xa0) return Advance(t & 0x1f);
    switch (t) {
      case 0xcc: case 0xd0: return Advance(1);
      case 0xcd: case 0xd1: return Advance(2);
      case 0xce: case 0xd2: case 0xca: return Advance(4);
      case 0xcf: case 0xd3: case 0xcb: return Advance(8);
      case 0xd9: case 0xc4: return Big(1, length) && Advance(length);
      case 0xda: case 0xc5: return Big(2, length) && Advance(length);
      case 0xdb: case 0xc6: return Big(4, length) && Advance(length);
      case 0xd4: return Advance(2);  // fixext: a type byte and 1, 2, 4, 8 or 16 bytes
      case 0xd5: return Advance(3);
      case 0xd6: return Advance(5);
      case 0xd7: return Advance(9);
      case 0xd8: return Advance(17);
      case 0xc7: return Big(1, length) && Advance(length + 1);
      case 0xc8: return Big(2, length) && Advance(length + 1);
      case 0xc9: return Big(4, length) && Advance(length + 1);
      default: return false;  // 0xc1 is never used
    }
  }

 private:
  bool ReadContainer(std::size_t& n, unsigned fix_base, unsigned tag16) {
    if (AtEnd()) return false;
    const unsigned t = *p_;
    std::uint64_t raw = 0;
    if ((t & 0xf0) == fix_base) {
      ++p_;
      raw = t & 0x0f;
    } else if (t == tag16 || t == tag16 + 1) {
      ++p_;
      if (!Big(t == tag16 ? 2 : 4, raw)) return false;
    } else {
      return false;
    }
    // Every element takes a byte at least: a larger count is a lie, and
    // would make callers reserve memory for it.
    if (raw > remaining()) return false;
    n = static_cast<std::size_t>(raw);
    return true;
  }

  bool Big(unsigned bytes, std::uint64_t& value) {
    if (bytes > remaining()) return false;
    value = 0;
    for (unsigned i = 0; i < bytes; ++i) value = (value << 8) | *p_++;
    return true;
  }

  bool Advance(std::uint64_t n) {
    if (n > remaining()) return false;
    p_ += n;
    return true;
  }

  const unsigned char* p_;
  const unsigned char* end_;
};

}  // namespace pdex::events::msgpack
