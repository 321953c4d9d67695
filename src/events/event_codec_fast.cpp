// DecodeEvent: a hand-written single-pass scanner for the common shape of an
// event, falling back to the nlohmann-based reference decoder
// (internal::DecodeEventReference, event_codec.cpp) for everything else.
//
// The fast path only ever produces successes. It declines (std::nullopt) as
// soon as it meets anything it does not fully handle: an escape in a string,
// a value that is not a string or a number (except the features object),
// a duplicate known key or feature, a missing field, a field outside its
// domain, a number the reference might read differently, malformed JSON.
// The reference then decides, so failure reasons and details are the
// reference's by construction; tests/unit/event_codec_equivalence_test.cpp
// checks that successes are identical too.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "events/event_codec.h"
#include "events/event_codec_internal.h"
#include "text/hash.h"
#include "text/utf8.h"

namespace pdex::events {
namespace {

// kStringStop[b]: byte b ends the plain run of a string: '"', '\\' or a
// control character (which JSON forbids unescaped).
constexpr auto kStringStop = [] {
  std::array<bool, 256> table{};
  for (std::size_t b = 0; b < 256; ++b) table[b] = b < 0x20 || b == '"' || b == '\\';
  return table;
}();

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

enum class Field : unsigned { kIgnored, kEventId, kTimestamp, kModelVersion, kFeatures, kPrediction, kProbability };

Field FieldOf(std::string_view key) {
  switch (key.size()) {
    case 8:
      if (key == "event_id") return Field::kEventId;
      if (key == "features") return Field::kFeatures;
      break;
    case 9:
      if (key == "timestamp") return Field::kTimestamp;
      break;
    case 10:
      if (key == "prediction") return Field::kPrediction;
      break;
    case 11:
      if (key == "probability") return Field::kProbability;
      break;
    case 13:
      if (key == "model_version") return Field::kModelVersion;
      break;
    default: break;
  }
  return Field::kIgnored;
}

unsigned Bit(Field f) { return 1u << static_cast<unsigned>(f); }

// One pass over the payload. Each method returns false to decline.
class Scanner {
 public:
  explicit Scanner(std::string_view json) : p_(json.data()), end_(json.data() + json.size()) {}

  void SkipSpace() {
    while (p_ < end_ && IsSpace(*p_)) ++p_;
  }
  bool At(char c) const { return p_ < end_ && *p_ == c; }
  // Skips `c` (after white space), or declines.
  bool Expect(char c) {
    SkipSpace();
    if (!At(c)) return false;
    ++p_;
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  char Peek() {
    SkipSpace();
    return p_ < end_ ? *p_ : '\0';
  }

  // A string without escapes, as valid UTF-8, starting at its opening quote
  // (after white space).
  bool String(std::string_view& out) {
    if (!Expect('"')) return false;
    const char* const start = p_;
    unsigned char high = 0;
    // Eight bytes at a time while none of them may stop the string (the
    // tests may flag a plain byte after a stopping one: the byte loop below
    // then decides).
    constexpr std::uint64_t kOnes = 0x0101010101010101u;
    constexpr std::uint64_t kHighs = 0x8080808080808080u;
    std::uint64_t high_bits = 0;
    while (end_ - p_ >= 8) {
      std::uint64_t x;
      std::memcpy(&x, p_, 8);
      const std::uint64_t quote = x ^ (kOnes * '"');
      const std::uint64_t backslash = x ^ (kOnes * '\\');
      const std::uint64_t stop = ((x - kOnes * 0x20) | (quote - kOnes) | (backslash - kOnes)) & ~x & kHighs;
      if (stop != 0) break;
      high_bits |= x;
      p_ += 8;
    }
    if ((high_bits & kHighs) != 0) high = 0x80;
    while (p_ < end_ && !kStringStop[static_cast<unsigned char>(*p_)]) {
      high |= static_cast<unsigned char>(*p_);
      ++p_;
    }
    if (p_ == end_ || *p_ != '"') return false;  // an escape, a control character, or unterminated
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return (high & 0x80) == 0 || text::IsValidUtf8(out);
  }

  // A JSON number (after white space), read as nlohmann reads it: an integer
  // token of at most 18 digits through int64 (so "-0" is +0.0, as the
  // reference's integer path gives), anything else with std::from_chars,
  // which rounds correctly as strtod does. Declines on a grammar error and
  // when from_chars reports the value out of range (overflow, where the
  // reference fails, or underflow, where it is left to the reference).
  bool Number(double& out) {
    SkipSpace();
    const char* const start = p_;
    const bool negative = At('-');
    if (negative) ++p_;
    const char* const digits = p_;
    if (At('0')) {
      ++p_;
    } else if (p_ < end_ && *p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    } else {
      return false;
    }
    const char* const integer_end = p_;
    bool integral = true;
    if (At('.')) {
      integral = false;
      ++p_;
      const char* const fraction = p_;
      while (p_ < end_ && IsDigit(*p_)) ++p_;
      if (p_ == fraction) return false;
    }
    if (At('e') || At('E')) {
      integral = false;
      ++p_;
      if (At('+') || At('-')) ++p_;
      const char* const exponent = p_;
      while (p_ < end_ && IsDigit(*p_)) ++p_;
      if (p_ == exponent) return false;
    }
    if (integral && integer_end - digits <= 18) {
      std::int64_t value = 0;
      for (const char* d = digits; d < integer_end; ++d) value = value * 10 + (*d - '0');
      out = static_cast<double>(negative ? -value : value);
      return true;
    }
    const auto [ptr, ec] = std::from_chars(start, p_, out);
    return ec == std::errc() && ptr == p_;
  }

  // The value of an ignored key: a string or a number only.
  bool SkipValue() {
    const char c = Peek();
    if (c == '"') {
      std::string_view ignored;
      return String(ignored);
    }
    double ignored = 0;
    return (c == '-' || IsDigit(c)) && Number(ignored);
  }

  // The features object, from its opening brace: names and values in order.
  bool Features(std::vector<std::pair<std::string, FeatureValue>>& features) {
    if (!Expect('{')) return false;
    if (Peek() == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      std::string_view name;
      if (!String(name) || !Expect(':')) return false;
      const char c = Peek();
      if (c == '"') {
        std::string_view text;
        if (!String(text)) return false;
        features.emplace_back(std::piecewise_construct, std::forward_as_tuple(name),
                              std::forward_as_tuple(std::in_place_type<std::string>, text));
      } else {
        double number = 0;
        if (!(c == '-' || IsDigit(c)) || !Number(number)) return false;
        features.emplace_back(std::piecewise_construct, std::forward_as_tuple(name),
                              std::forward_as_tuple(std::in_place_type<double>, number));
      }
      if (Expect('}')) return true;
      if (!Expect(',')) return false;
    }
  }

 private:
  const char* p_;
  const char* end_;
};

// True when the feature names are unique. The names of the last event that
// passed are remembered per thread: events of one model repeat the same
// names in the same order, so the usual check is one comparison per name.
bool UniqueNames(const std::vector<std::pair<std::string, FeatureValue>>& features) {
  thread_local std::vector<std::string> last_unique;
  if (features.size() == last_unique.size() &&
      std::equal(features.begin(), features.end(), last_unique.begin(),
                 [](const auto& feature, const std::string& name) { return feature.first == name; })) {
    return true;
  }
  std::vector<std::string_view> names;
  names.reserve(features.size());
  for (const auto& feature : features) names.push_back(feature.first);
  std::sort(names.begin(), names.end());
  if (std::adjacent_find(names.begin(), names.end()) != names.end()) return false;
  last_unique.clear();
  for (const auto& feature : features) last_unique.push_back(feature.first);
  return true;
}

}  // namespace

namespace internal {

std::optional<PredictionEvent> DecodeEventFast(std::string_view json) {
  thread_local std::size_t features_hint = 0;  // the last event's feature count, to reserve
  Scanner in(json);
  PredictionEvent event;
  unsigned seen = 0;
  if (!in.Expect('{')) return std::nullopt;
  if (in.Peek() == '}') {
    return std::nullopt;  // {} lacks every required field
  }
  for (;;) {
    std::string_view key;
    if (!in.String(key) || !in.Expect(':')) return std::nullopt;
    const Field field = FieldOf(key);
    if (field != Field::kIgnored) {
      if ((seen & Bit(field)) != 0) return std::nullopt;  // duplicate key
      seen |= Bit(field);
    }
    switch (field) {
      case Field::kIgnored:
        if (!in.SkipValue()) return std::nullopt;
        break;
      case Field::kEventId:
      case Field::kModelVersion: {
        std::string_view text;
        if (!in.String(text) || text.empty()) return std::nullopt;
        (field == Field::kEventId ? event.event_id : event.model_version).assign(text);
        break;
      }
      case Field::kTimestamp: {
        std::string_view text;
        if (!in.String(text)) return std::nullopt;
        const auto t = ParseEventTimestamp(text);
        if (!t) return std::nullopt;
        event.timestamp = *t;
        break;
      }
      case Field::kFeatures:
        event.features.reserve(features_hint);
        if (!in.Features(event.features)) return std::nullopt;
        break;
      case Field::kPrediction: {
        double number = 0;
        if (!in.Number(number) || (number != 0.0 && number != 1.0)) return std::nullopt;
        event.prediction = number == 1.0 ? 1 : 0;
        break;
      }
      case Field::kProbability: {
        double number = 0;
        if (!in.Number(number) || !(number >= 0.0 && number <= 1.0)) return std::nullopt;
        event.probability = number;
        break;
      }
    }
    if (in.Expect('}')) break;
    if (!in.Expect(',')) return std::nullopt;
  }
  if (!in.AtEnd()) return std::nullopt;  // trailing bytes
  constexpr unsigned kRequired =
      (1u << static_cast<unsigned>(Field::kTimestamp)) | (1u << static_cast<unsigned>(Field::kFeatures)) |
      (1u << static_cast<unsigned>(Field::kPrediction)) | (1u << static_cast<unsigned>(Field::kProbability));
  if ((seen & kRequired) != kRequired) return std::nullopt;
  if (!UniqueNames(event.features)) return std::nullopt;
  features_hint = event.features.size();
  if ((seen & Bit(Field::kEventId)) == 0) {
    text::Fnv1a hash;
    hash.Add(json);
    event.event_id = "payload-" + hash.Hex();
  }
  if ((seen & Bit(Field::kModelVersion)) == 0) event.model_version = "unknown";
  return event;
}

}  // namespace internal

DecodeResult DecodeEvent(std::string_view json) {
  if (std::optional<PredictionEvent> event = internal::DecodeEventFast(json)) return std::move(*event);
  return internal::DecodeEventReference(json);
}

}  // namespace pdex::events
