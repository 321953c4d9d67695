#include "events/event_batch.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <forward_list>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "text/utf8.h"

namespace pdex::events {
namespace {

using Clock = std::chrono::system_clock;

// ---------------------------------------------------------------- writing
// MessagePack's smallest form of each item, big-endian as it requires.
// The Put* functions write at `p`, which must have room (kMax* bytes), and
// return the end of what they wrote; strings must be valid UTF-8.

constexpr std::size_t kMaxHeaderBytes = 5;  // a container or string header
constexpr std::size_t kMaxNumberBytes = 9;

char* PutByte(char* p, unsigned byte) {
  *p = static_cast<char>(byte);
  return p + 1;
}

template <typename Unsigned>
char* PutBigEndian(char* p, unsigned tag, Unsigned value) {
  *p++ = static_cast<char>(tag);
  if constexpr (sizeof(Unsigned) == 2) value = static_cast<Unsigned>(__builtin_bswap16(value));
  if constexpr (sizeof(Unsigned) == 4) value = __builtin_bswap32(value);
  if constexpr (sizeof(Unsigned) == 8) value = __builtin_bswap64(value);
  std::memcpy(p, &value, sizeof value);
  return p + sizeof value;
}

// A header of `fix_base | n` for n up to 15, else the 16- or 32-bit form.
char* PutContainer(char* p, std::size_t n, unsigned fix_base, unsigned tag16) {
  if (n <= 15) return PutByte(p, fix_base | static_cast<unsigned>(n));
  if (n <= 0xFFFF) return PutBigEndian(p, tag16, static_cast<std::uint16_t>(n));
  return PutBigEndian(p, tag16 + 1, static_cast<std::uint32_t>(n));
}

char* PutArrayHeader(char* p, std::size_t n) { return PutContainer(p, n, 0x90, 0xdc); }
char* PutMapHeader(char* p, std::size_t n) { return PutContainer(p, n, 0x80, 0xde); }

char* PutStr(char* p, std::string_view s) {
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

char* PutInt(char* p, std::int64_t v) {
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

char* PutNumber(char* p, double v) {
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
void AppendWith(std::string& out, std::size_t max_bytes, Put put) {
  const std::size_t start = out.size();
  out.resize(start + max_bytes);
  char* const end = put(out.data() + start);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void AppendStr(std::string& out, std::string_view s) {
  const std::string repaired = text::IsValidUtf8(s) ? std::string() : text::RepairUtf8(s);
  const std::string_view valid = repaired.empty() ? s : std::string_view(repaired);
  AppendWith(out, kMaxHeaderBytes + valid.size(), [&](char* p) { return PutStr(p, valid); });
}

void AppendArrayHeader(std::string& out, std::size_t n) {
  AppendWith(out, kMaxHeaderBytes, [&](char* p) { return PutArrayHeader(p, n); });
}

// ---------------------------------------------------------------- reading

constexpr int kMaxDepth = 32;

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

DecodeFailure BadBatch(std::string detail) { return {DecodeFailureReason::kBadBatch, std::move(detail)}; }

struct Header {
  std::string_view model_version;
  std::vector<std::string_view> features;
  std::size_t events = 0;
  bool repeats = false;  // pdex-events/2: nil repeats the previous event's value
};

// Reads the header up to and including the events' array header.
std::optional<DecodeFailure> ReadHeader(Reader& r, Header& h) {
  std::size_t keys = 0;
  if (!r.ReadMap(keys)) return BadBatch("not a MessagePack map");
  bool format_seen = false, version_seen = false, features_seen = false;
  for (std::size_t k = 0; k < keys; ++k) {
    std::string_view key;
    if (!r.ReadStr(key)) return BadBatch("a key that is not a string");
    if (key == "format") {
      std::string_view format;
      if (!r.ReadStr(format)) return BadBatch("format is not a string");
      if (format != kBatchFormat && format != kBatchFormatWithoutRepeats) {
        return BadBatch("unsupported format \"" + std::string(format.substr(0, 40)) + "\" (expected " +
                        std::string(kBatchFormat) + " or " + std::string(kBatchFormatWithoutRepeats) + ")");
      }
      h.repeats = format == kBatchFormat;
      format_seen = true;
    } else if (key == "model_version") {
      if (!r.ReadStr(h.model_version) || h.model_version.empty()) {
        return BadBatch("model_version is not a non-empty string");
      }
      version_seen = true;
    } else if (key == "features") {
      std::size_t n = 0;
      if (!r.ReadArray(n)) return BadBatch("features is not an array");
      h.features.resize(n);
      for (auto& name : h.features) {
        if (!r.ReadStr(name)) return BadBatch("a feature name that is not a string");
      }
      features_seen = true;
    } else if (key == "events") {
      if (!format_seen || !version_seen || !features_seen) {
        return BadBatch("events before format, model_version and features");
      }
      if (k + 1 != keys) return BadBatch("keys after events");
      if (!r.ReadArray(h.events)) return BadBatch("events is not an array");
      return std::nullopt;
    } else if (!r.Skip()) {
      return BadBatch("malformed value of key \"" + std::string(key.substr(0, 40)) + "\"");
    }
  }
  return BadBatch("no events array");
}

DecodeFailure Refused(DecodeFailureReason reason, std::string detail) { return {reason, std::move(detail)}; }

// One event: the result, or std::nullopt when the bytes are structurally
// broken (the whole batch is then refused). `previous` holds the previous
// event's value of each feature (nullopt: none, or unreadable), which a
// repeat takes; on return it holds this event's.
std::optional<DecodeResult> ReadEvent(Reader& r, const Header& h, const std::vector<std::string>& names,
                                      std::vector<std::optional<FeatureValue>>& previous) {
  std::size_t fields = 0;
  if (!r.ReadArray(fields)) return std::nullopt;
  std::optional<DecodeFailure> failure;
  auto fail = [&](DecodeFailureReason reason, std::string detail) {
    if (!failure) failure = Refused(reason, std::move(detail));
  };
  PredictionEvent event;
  bool values_read = false;  // else the next event has nothing to repeat
  if (fields < 5) fail(DecodeFailureReason::kMissingField, "an event of " + std::to_string(fields) + " elements");
  std::size_t field = 0;
  for (; field < fields && field < 5; ++field) {
    if (failure) {
      if (!r.Skip()) return std::nullopt;
      continue;
    }
    switch (field) {
      case 0: {
        std::string_view id;
        if (r.NextKind() != Reader::Kind::kStr) {
          fail(DecodeFailureReason::kWrongType, "event_id must be a non-empty string");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadStr(id)) {
          return std::nullopt;
        } else if (id.empty() || !text::IsValidUtf8(id)) {
          fail(DecodeFailureReason::kWrongType, "event_id must be a non-empty string");
        } else {
          event.event_id = id;
        }
        break;
      }
      case 1: {
        double millis = 0;
        if (r.NextKind() != Reader::Kind::kInt) {
          fail(DecodeFailureReason::kWrongType, "timestamp must be an int (milliseconds since the epoch)");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadNumber(millis)) {
          return std::nullopt;
        } else {
          // system_clock counts nanoseconds in 64 bits: about 1678 to 2262.
          constexpr double kLimit = 9.2e12;
          if (millis <= -kLimit || millis >= kLimit) {
            fail(DecodeFailureReason::kBadTimestamp, "timestamp out of range");
          } else {
            event.timestamp = Clock::time_point(std::chrono::milliseconds(static_cast<std::int64_t>(millis)));
          }
        }
        break;
      }
      case 2: {
        std::size_t n = 0;
        if (!r.ReadArray(n)) {
          fail(DecodeFailureReason::kWrongType, "features must be an array of values");
          if (!r.Skip()) return std::nullopt;
          break;
        }
        if (n < names.size()) {
          fail(DecodeFailureReason::kMissingField,
               std::to_string(n) + " values for " + std::to_string(names.size()) + " features");
        } else if (n > names.size()) {
          fail(DecodeFailureReason::kWrongType,
               std::to_string(n) + " values for " + std::to_string(names.size()) + " features");
        } else {
          event.features.reserve(n);
        }
        // This event's values, for the next one's repeats.
        std::vector<std::optional<FeatureValue>> values(names.size());
        for (std::size_t i = 0; i < n; ++i) {
          const Reader::Kind kind = r.NextKind();
          if (kind == Reader::Kind::kNil && h.repeats && i < names.size()) {
            if (!r.Skip()) return std::nullopt;
            values[i] = previous[i];
            if (failure) continue;
            if (!previous[i]) {
              fail(DecodeFailureReason::kMissingField,
                   "feature " + names[i].substr(0, 40) + " repeats a value no previous event has");
              continue;
            }
            if (const double* v = std::get_if<double>(&*previous[i]); v != nullptr && !std::isfinite(*v)) {
              fail(DecodeFailureReason::kNonFinite, "feature " + names[i].substr(0, 40) + " is not finite");
              continue;
            }
            event.features.emplace_back(names[i], *previous[i]);
            continue;
          }
          if (failure || (kind != Reader::Kind::kInt && kind != Reader::Kind::kFloat && kind != Reader::Kind::kStr)) {
            if (!failure) {
              fail(kind == Reader::Kind::kNil ? DecodeFailureReason::kNonFinite : DecodeFailureReason::kWrongType,
                   "feature " + names[i].substr(0, 40) + (kind == Reader::Kind::kNil ? " is nil" : " has the wrong type"));
            }
            if (!r.Skip()) return std::nullopt;
            continue;
          }
          if (kind == Reader::Kind::kStr) {
            std::string_view s;
            if (!r.ReadStr(s)) return std::nullopt;
            if (!text::IsValidUtf8(s)) {
              fail(DecodeFailureReason::kWrongType, "feature " + names[i].substr(0, 40) + " is not valid UTF-8");
              continue;
            }
            values[i] = std::string(s);
            event.features.emplace_back(names[i], *values[i]);
          } else {
            double v = 0;
            if (!r.ReadNumber(v)) return std::nullopt;
            values[i] = v;  // NaN and infinities too: a repeat of one is refused as well
            if (!std::isfinite(v)) {
              fail(DecodeFailureReason::kNonFinite, "feature " + names[i].substr(0, 40) + " is not finite");
              continue;
            }
            event.features.emplace_back(names[i], v);
          }
        }
        previous = std::move(values);
        values_read = true;
        break;
      }
      case 3: {
        double prediction = -1;
        if (r.NextKind() != Reader::Kind::kInt) {
          fail(DecodeFailureReason::kWrongType, "prediction must be 0 or 1");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadNumber(prediction)) {
          return std::nullopt;
        } else if (prediction != 0 && prediction != 1) {
          fail(DecodeFailureReason::kWrongType, "prediction must be 0 or 1");
        } else {
          event.prediction = static_cast<int>(prediction);
        }
        break;
      }
      case 4: {
        double p = 0;
        const Reader::Kind kind = r.NextKind();
        if (kind != Reader::Kind::kInt && kind != Reader::Kind::kFloat) {
          fail(kind == Reader::Kind::kNil ? DecodeFailureReason::kNonFinite : DecodeFailureReason::kWrongType,
               "probability must be a number in [0, 1]");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadNumber(p)) {
          return std::nullopt;
        } else if (!std::isfinite(p)) {
          fail(DecodeFailureReason::kNonFinite, "probability is not finite");
        } else if (p < 0 || p > 1) {
          fail(DecodeFailureReason::kWrongType, "probability must be a number in [0, 1]");
        } else {
          event.probability = p;
        }
        break;
      }
      default: break;
    }
  }
  for (; field < fields; ++field) {
    if (!r.Skip()) return std::nullopt;  // later additions to the format
  }
  if (!values_read) previous.assign(names.size(), std::nullopt);
  if (failure) return DecodeResult(std::move(*failure));
  event.model_version = h.model_version;
  return DecodeResult(std::move(event));
}

}  // namespace

bool IsEventBatch(std::string_view payload) {
  if (payload.empty()) return false;
  const auto first = static_cast<unsigned char>(payload.front());
  return (first & 0xf0) == 0x80 || first == 0xde || first == 0xdf;
}

EventBatchWriter::EventBatchWriter(EventSchema schema) : schema_(std::move(schema)) {
  if (schema_.model_version.empty()) throw std::invalid_argument("an event batch needs a model version");
  std::unordered_set<std::string_view> unique(schema_.feature_names.begin(), schema_.feature_names.end());
  if (unique.size() != schema_.feature_names.size()) throw std::invalid_argument("duplicate feature names");
  AppendWith(header_, kMaxHeaderBytes, [](char* p) { return PutMapHeader(p, 4); });
  AppendStr(header_, "format");
  AppendStr(header_, kBatchFormat);
  AppendStr(header_, "model_version");
  AppendStr(header_, schema_.model_version);
  AppendStr(header_, "features");
  AppendArrayHeader(header_, schema_.feature_names.size());
  for (const std::string& name : schema_.feature_names) AppendStr(header_, name);
  AppendStr(header_, "events");
}

namespace {

// Appends one packed event: [id, timestamp, [values...], prediction,
// probability], the values written by `put_values(p, valid)`, where
// valid(s) is s made valid UTF-8 (repaired: rare, ours are ASCII).
// text_count and text_bytes: how many strings the values hold, and their
// bytes, which bound what is written (a repair at most triples a string).
template <typename PutValues>
void AppendPacked(std::string& out, std::string_view event_id, std::chrono::system_clock::time_point timestamp,
                  std::size_t n, std::size_t text_count, std::size_t text_bytes, int prediction, double probability,
                  PutValues put_values) {
  // forward_list: nothing is allocated unless something is repaired, and
  // elements never move.
  std::forward_list<std::string> repaired;
  const auto valid = [&](std::string_view s) -> std::string_view {
    if (text::IsValidUtf8(s)) return s;
    return repaired.emplace_front(text::RepairUtf8(s));
  };
  const std::string_view id = valid(event_id);
  const std::size_t max_bytes = 3 * kMaxHeaderBytes + id.size() + (3 + n) * kMaxNumberBytes +
                                text_count * kMaxHeaderBytes + 3 * text_bytes;
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(timestamp.time_since_epoch());
  AppendWith(out, max_bytes, [&](char* p) {
    p = PutArrayHeader(p, 5);
    p = PutStr(p, id);
    p = PutInt(p, millis.count());
    p = PutArrayHeader(p, n);
    p = put_values(p, valid);
    p = PutInt(p, prediction);
    return PutNumber(p, probability);
  });
}

}  // namespace

void EventBatchWriter::AppendEvent(std::string& out, const EventView& event, std::string_view event_id,
                                   const EventView* previous) const {
  const std::size_t n = schema_.feature_names.size();
  if (event.features.size() != n || (previous != nullptr && previous->features.size() != n)) {
    throw std::invalid_argument("event has " + std::to_string(event.features.size()) + " features, its schema " +
                                std::to_string(n));
  }
  std::size_t text_count = 0, text_bytes = 0;
  for (const FeatureValueView& value : event.features) {
    if (const auto* text = std::get_if<std::string_view>(&value)) ++text_count, text_bytes += text->size();
  }
  AppendPacked(out, event_id, event.timestamp, n, text_count, text_bytes, event.prediction, event.probability,
               [&](char* p, const auto& valid) {
                 for (std::size_t i = 0; i < n; ++i) {
                   const FeatureValueView& value = event.features[i];
                   const double* number = std::get_if<double>(&value);
                   if (previous != nullptr) {
                     const FeatureValueView& before = previous->features[i];
                     const double* number_before = std::get_if<double>(&before);
                     const bool same =
                         number != nullptr
                             ? number_before != nullptr && std::bit_cast<std::uint64_t>(*number) ==
                                                               std::bit_cast<std::uint64_t>(*number_before)
                             : number_before == nullptr &&
                                   std::get<std::string_view>(value) == std::get<std::string_view>(before);
                     if (same) {
                       p = PutByte(p, 0xc0);
                       continue;
                     }
                   }
                   p = number != nullptr ? PutNumber(p, *number) : PutStr(p, valid(std::get<std::string_view>(value)));
                 }
                 return p;
               });
}

void EventBatchWriter::AppendEvent(std::string& out, const EventColumns& event, std::string_view event_id,
                                   const EventColumns* previous) const {
  const std::size_t n = schema_.feature_names.size();
  const auto fits = [n](const EventColumns& e) {
    return e.numbers.size() == n && e.texts.size() == n && e.categorical.size() == n;
  };
  const auto same_kinds = [&] {
    return previous->categorical.data() == event.categorical.data() ||
           std::equal(event.categorical.begin(), event.categorical.end(), previous->categorical.begin());
  };
  if (!fits(event) || (previous != nullptr && (!fits(*previous) || !same_kinds()))) {
    throw std::invalid_argument("event columns are not one per feature of the schema (" + std::to_string(n) +
                                "), or two events' kinds differ");
  }
  // Summed without a branch per feature: a number's text is not written,
  // so counting it only loosens the bound.
  std::size_t text_count = 0, text_bytes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    text_count += event.categorical[i] ? 1U : 0U;
    text_bytes += event.texts[i].size();
  }
  AppendPacked(out, event_id, event.timestamp, n, text_count, text_bytes, event.prediction, event.probability,
               [&](char* p, const auto& valid) {
                 for (std::size_t i = 0; i < n; ++i) {
                   if (event.categorical[i]) {
                     const std::string& text = event.texts[i];
                     p = previous != nullptr && previous->texts[i] == text ? PutByte(p, 0xc0) : PutStr(p, valid(text));
                   } else {
                     const double number = event.numbers[i];
                     const bool same = previous != nullptr && std::bit_cast<std::uint64_t>(previous->numbers[i]) ==
                                                                  std::bit_cast<std::uint64_t>(number);
                     p = same ? PutByte(p, 0xc0) : PutNumber(p, number);
                   }
                 }
                 return p;
               });
}

void EventBatchWriter::AppendBatch(std::string& out, std::size_t count, std::string_view packed_events) const {
  out.reserve(out.size() + header_.size() + kMaxHeaderBytes + packed_events.size());
  out += header_;
  AppendArrayHeader(out, count);
  out += packed_events;
}

void EventBatchWriter::StartBatch(std::string& out) const {
  out += header_;
  out.append(kBatchCountBytes, '\0');  // SealBatch writes the count here
}

void EventBatchWriter::SealBatch(std::string& out, std::size_t prefix_at, std::size_t count) const {
  if (prefix_at + BatchPrefixSize() > out.size() || count > 0xFFFFFFFFU) {
    throw std::invalid_argument("SealBatch: no batch prefix at " + std::to_string(prefix_at) + ", or too many events");
  }
  PutBigEndian(out.data() + prefix_at + header_.size(), 0xdd, static_cast<std::uint32_t>(count));
}

DecodedBatch DecodeEventBatch(std::string_view batch) {
  DecodedBatch result;
  Reader r(batch);
  Header header;
  if (auto failure = ReadHeader(r, header)) {
    result.failure = std::move(failure);
    return result;
  }
  const std::vector<std::string> names(header.features.begin(), header.features.end());
  std::vector<std::optional<FeatureValue>> previous(names.size());
  result.events.reserve(header.events);
  for (std::size_t i = 0; i < header.events; ++i) {
    std::optional<DecodeResult> event = ReadEvent(r, header, names, previous);
    if (!event) {
      result.events.clear();
      result.failure = BadBatch("event " + std::to_string(i) + " of " + std::to_string(header.events) +
                                " is malformed or truncated");
      return result;
    }
    result.events.push_back(std::move(*event));
  }
  if (!r.AtEnd()) {
    result.events.clear();
    result.failure = BadBatch(std::to_string(r.remaining()) + " bytes after the last event");
  }
  return result;
}

std::size_t EventBatchSize(std::string_view batch) {
  Reader r(batch);
  Header header;
  return ReadHeader(r, header) ? 0 : header.events;
}

}  // namespace pdex::events
