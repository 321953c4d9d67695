#include "events/event_codec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "events/event_codec_internal.h"
#include "text/hash.h"
#include "text/utc_time.h"
#include "text/utf8.h"

namespace pdex::events {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::system_clock;

// ---------------------------------------------------------------- encoding

void AppendEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xF]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// kNeedsCare[b]: byte b is not printable ASCII, or is '"' or '\\' (it needs
// an escape or a UTF-8 check).
constexpr auto kNeedsCare = [] {
  std::array<unsigned char, 256> table{};
  for (std::size_t b = 0; b < table.size(); ++b) table[b] = b < 0x20 || b >= 0x80 || b == '"' || b == '\\';
  return table;
}();

// True when `s` is printable ASCII without '"' or '\\': valid UTF-8 that
// AppendEscaped would copy unchanged. Branch-free over the bytes.
bool IsPlainAscii(std::string_view s) {
  unsigned char care = 0;
  for (const char c : s) care |= kNeedsCare[static_cast<unsigned char>(c)];
  return care == 0;
}

void AppendString(std::string& out, std::string_view s) {
  if (IsPlainAscii(s)) {  // the common case: the same bytes as below, without the work
    out.push_back('"');
    out.append(s);
    out.push_back('"');
  } else if (text::IsValidUtf8(s)) {
    AppendEscaped(out, s);
  } else {
    AppendEscaped(out, text::RepairUtf8(s));
  }
}

template <typename Number>
void AppendNumber(std::string& out, Number value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void AppendDouble(std::string& out, double value) {
  // An integral value of at most 5 digits: to_chars's shortest form is its
  // plain digits (the exponent form, like 1e+04, is never shorter, and fixed
  // wins ties), which the integer overload prints faster. -0.0 prints "-0"
  // and NaN fails the comparisons: both take the general path.
  if (value > -1e5 && value < 1e5) {
    const auto integral = static_cast<int>(value);
    if (static_cast<double>(integral) == value && (integral != 0 || !std::signbit(value))) {
      AppendNumber(out, integral);
      return;
    }
  }
  if (std::isfinite(value)) {
    AppendNumber(out, value);
  } else {
    out += "null";  // JSON has no NaN or infinity
  }
}

// text::FormatUtc(t, /*with_millis=*/true), which depends only on the
// millisecond count, remembered per thread: consecutive events (a request's
// moves, a busy second) mostly share their millisecond.
void AppendTimestamp(std::string& out, Clock::time_point t) {
  thread_local long long cached_millis = std::numeric_limits<long long>::min();
  thread_local std::string cached;
  const long long millis = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  if (millis != cached_millis || cached.empty()) {
    cached = text::FormatUtc(t, /*with_millis=*/true);
    cached_millis = millis;
  }
  out += cached;
}

// An upper estimate of EncodeEvent's output size, so it rarely reallocates.
std::size_t EncodedSizeEstimate(const PredictionEvent& event) {
  std::size_t size = 160 + event.event_id.size() + event.model_version.size();
  for (const auto& [name, value] : event.features) {
    size += name.size() + 4;  // quotes, colon, comma
    const std::string* text = std::get_if<std::string>(&value);
    size += text != nullptr ? text->size() + 2 : 24;
  }
  return size;
}

// ---------------------------------------------------------------- decoding

constexpr int kMaxNesting = 32;
constexpr std::size_t kSnippetBytes = 40;

// At most `limit` bytes of `s` for a message: whole UTF-8 characters only,
// invalid bytes as '?', so the detail can go into a JSON log line.
std::string Snippet(std::string_view s, std::size_t limit = kSnippetBytes) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t length = text::ValidUtf8LengthAt(s, i);
    if (out.size() + std::max<std::size_t>(length, 1) > limit) return out + "...";
    if (length > 0) {
      out.append(s.substr(i, length));
      i += length;
    } else {
      out.push_back('?');
      ++i;
    }
  }
  return out;
}

std::string Quoted(std::string_view s) { return '"' + Snippet(s) + '"'; }

// Timestamps: YYYY-MM-DD(T|t| )HH:MM:SS[.digits][Z|z|(+|-)HH[:]MM].
class TimestampParser {
 public:
  explicit TimestampParser(std::string_view s) : s_(s) {}

  std::optional<Clock::time_point> Parse() {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!Digits(4, y) || !Char('-') || !Digits(2, mo) || !Char('-') || !Digits(2, d)) return std::nullopt;
    if (!(Char('T') || Char('t') || Char(' '))) return std::nullopt;
    if (!Digits(2, h) || !Char(':') || !Digits(2, mi) || !Char(':') || !Digits(2, sec)) return std::nullopt;
    nanoseconds fraction{0};
    if (Char('.')) {
      long long nanos = 0;
      int digits = 0;
      for (; i_ < s_.size() && IsDigit(s_[i_]); ++i_, ++digits) {
        if (digits < 9) nanos = nanos * 10 + (s_[i_] - '0');
      }
      if (digits == 0) return std::nullopt;
      for (int k = digits; k < 9; ++k) nanos *= 10;
      fraction = nanoseconds(nanos);
    }
    minutes offset{0};
    const bool zulu = Char('Z') || Char('z');
    if (!zulu && i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) {
      const bool negative = s_[i_++] == '-';
      int oh = 0, om = 0;
      if (!Digits(2, oh)) return std::nullopt;
      Char(':');
      if (!Digits(2, om) || oh > 23 || om > 59) return std::nullopt;
      offset = minutes(negative ? -(oh * 60 + om) : oh * 60 + om);
    }
    if (i_ != s_.size()) return std::nullopt;

    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
    const sys_seconds utc = sys_days(date) + hours(h) + minutes(mi) + seconds(sec) - offset;
    // system_clock counts nanoseconds in 64 bits: about 1678 to 2262.
    // Compared in seconds, where the years 0000-9999 cannot overflow.
    const long long limit = duration_cast<seconds>(Clock::duration::max()).count() - 1;
    const long long since_epoch = utc.time_since_epoch().count();
    if (since_epoch <= -limit || since_epoch >= limit) return std::nullopt;
    return time_point_cast<Clock::duration>(utc) + duration_cast<Clock::duration>(fraction);
  }

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  bool Char(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Digits(int count, int& value) {
    value = 0;
    for (int k = 0; k < count; ++k, ++i_) {
      if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
      value = value * 10 + (s_[i_] - '0');
    }
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

enum class Field { kIgnored, kEventId, kTimestamp, kModelVersion, kFeatures, kPrediction, kProbability };

Field FieldOf(std::string_view key) {
  if (key == "event_id") return Field::kEventId;
  if (key == "timestamp") return Field::kTimestamp;
  if (key == "model_version") return Field::kModelVersion;
  if (key == "features") return Field::kFeatures;
  if (key == "prediction") return Field::kPrediction;
  if (key == "probability") return Field::kProbability;
  return Field::kIgnored;
}

unsigned Bit(Field f) { return 1u << static_cast<unsigned>(f); }

// "<field> must be <expectation>", for messages.
std::string MustBe(Field f) {
  switch (f) {
    case Field::kEventId: return "event_id must be a non-empty string";
    case Field::kTimestamp: return "timestamp must be an ISO-8601 string";
    case Field::kModelVersion: return "model_version must be a non-empty string";
    case Field::kFeatures: return "features must be an object";
    case Field::kPrediction: return "prediction must be 0 or 1";
    case Field::kProbability: return "probability must be a number in [0, 1]";
    case Field::kIgnored: break;
  }
  return "the value has the wrong type";
}

struct Null {};
using Scalar = std::variant<Null, bool, double, std::string>;

std::string Describe(const Scalar& v) {
  if (std::holds_alternative<Null>(v)) return "null";
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const double* d = std::get_if<double>(&v)) {
    std::string out;
    AppendNumber(out, *d);
    return out;
  }
  return "the string " + Quoted(std::get<std::string>(v));
}

// Builds an event from nlohmann's SAX callbacks, without a document tree.
// Depth 1 is the event object, depth 2 the features object (or a skipped
// value); anything not understood is skipped by depth counting.
class EventReader {
 public:
  // The SAX interface (nlohmann::json_sax). Returning false stops parsing.
  bool null() { return OnScalar(Null{}); }
  bool boolean(bool value) { return OnScalar(value); }
  bool number_integer(Json::number_integer_t value) { return OnScalar(static_cast<double>(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return OnScalar(static_cast<double>(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*raw*/) { return OnScalar(value); }
  bool string(Json::string_t& value) { return OnScalar(std::move(value)); }
  bool binary(Json::binary_t& /*value*/) { return true; }  // not produced by the JSON parser
  bool start_object(std::size_t /*elements*/) { return OnOpen(true); }
  bool start_array(std::size_t /*elements*/) { return OnOpen(false); }
  bool end_object() { return OnClose(); }
  bool end_array() { return OnClose(); }
  bool key(Json::string_t& key);
  bool parse_error(std::size_t /*position*/, const std::string& last_token, const Json::exception& e) {
    constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range.406: a float beyond double
    if (e.id == kNumberOverflow) {
      Fail(DecodeFailureReason::kNonFinite, "number too large: " + Snippet(last_token));
    } else {
      json_error_ = e.what();
    }
    return false;  // reading stops either way
  }

  DecodeResult Finish(std::string_view payload);

 private:
  bool OnOpen(bool is_object);
  bool OnClose();
  bool OnScalar(Scalar value);
  void SetField(Scalar value);
  void AddFeature(Scalar value);
  void Fail(DecodeFailureReason reason, std::string detail) {
    if (!failure_) failure_ = DecodeFailure{reason, std::move(detail)};
  }

  int depth_ = 0;
  int skipping_from_ = 0;  // depth of the container being skipped, or 0
  Field field_ = Field::kIgnored;
  unsigned seen_ = 0;  // Bit(field) for each field met
  std::string feature_name_;
  PredictionEvent event_;
  std::string json_error_;  // syntax error or excessive nesting: always bad_json
  std::optional<DecodeFailure> failure_;
};

bool EventReader::key(Json::string_t& key) {
  if (skipping_from_ != 0 || failure_) return true;
  if (depth_ == 1) {
    field_ = FieldOf(key);
    if (field_ != Field::kIgnored) {
      if ((seen_ & Bit(field_)) != 0) Fail(DecodeFailureReason::kBadJson, "duplicate key " + Quoted(key));
      seen_ |= Bit(field_);
    }
  } else {
    feature_name_ = std::move(key);
  }
  return true;
}

bool EventReader::OnOpen(bool is_object) {
  if (++depth_ > kMaxNesting) {
    json_error_ = "nesting deeper than " + std::to_string(kMaxNesting) + " levels";
    return false;
  }
  if (skipping_from_ != 0) return true;
  const char* what = is_object ? "an object" : "an array";
  if (depth_ == 1) {
    if (!is_object) {
      Fail(DecodeFailureReason::kWrongType, "the event is an array, not an object");
      skipping_from_ = depth_;
    }
  } else if (depth_ == 2) {
    if (field_ == Field::kFeatures && is_object) return true;  // into the features
    if (field_ != Field::kIgnored) Fail(DecodeFailureReason::kWrongType, MustBe(field_) + ", not " + what);
    skipping_from_ = depth_;
  } else {
    Fail(DecodeFailureReason::kWrongType,
         "feature " + Quoted(feature_name_) + " must be a number or a string, not " + what);
    skipping_from_ = depth_;
  }
  return true;
}

bool EventReader::OnClose() {
  if (skipping_from_ == depth_) skipping_from_ = 0;
  --depth_;
  return true;
}

bool EventReader::OnScalar(Scalar value) {
  if (skipping_from_ != 0 || failure_) return true;
  if (depth_ == 0) {
    Fail(DecodeFailureReason::kWrongType, "the event is " + Describe(value) + ", not an object");
  } else if (depth_ == 1) {
    SetField(std::move(value));
  } else {
    AddFeature(std::move(value));
  }
  return true;
}

void EventReader::SetField(Scalar value) {
  using enum DecodeFailureReason;
  const double* number = std::get_if<double>(&value);
  const bool null_or_non_finite = std::holds_alternative<Null>(value) || (number != nullptr && !std::isfinite(*number));
  std::string* text = std::get_if<std::string>(&value);
  const auto wrong_type = [&] { return MustBe(field_) + ", not " + Describe(value); };
  switch (field_) {
    case Field::kIgnored: return;
    case Field::kEventId:
    case Field::kModelVersion:
      if (text == nullptr || text->empty()) {
        Fail(kWrongType, wrong_type());
      } else {
        (field_ == Field::kEventId ? event_.event_id : event_.model_version) = std::move(*text);
      }
      return;
    case Field::kTimestamp:
      if (text == nullptr) {
        Fail(kWrongType, wrong_type());
      } else if (const auto t = TimestampParser(*text).Parse()) {
        event_.timestamp = *t;
      } else {
        Fail(kBadTimestamp, "timestamp " + Quoted(*text) + " is not a valid YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM] time");
      }
      return;
    case Field::kFeatures: Fail(kWrongType, wrong_type()); return;
    case Field::kPrediction:
      if (null_or_non_finite) {
        Fail(kNonFinite, "prediction is " + Describe(value));
      } else if (number == nullptr || (*number != 0.0 && *number != 1.0)) {
        Fail(kWrongType, wrong_type());
      } else {
        event_.prediction = *number == 1.0 ? 1 : 0;
      }
      return;
    case Field::kProbability:
      if (null_or_non_finite) {
        Fail(kNonFinite, "probability is " + Describe(value));
      } else if (number == nullptr || *number < 0.0 || *number > 1.0) {
        Fail(kWrongType, wrong_type());
      } else {
        event_.probability = *number;
      }
      return;
  }
}

void EventReader::AddFeature(Scalar value) {
  using enum DecodeFailureReason;
  if (const double* number = std::get_if<double>(&value)) {
    if (std::isfinite(*number)) {
      event_.features.emplace_back(std::move(feature_name_), *number);
    } else {
      Fail(kNonFinite, "feature " + Quoted(feature_name_) + " is not a finite number");
    }
  } else if (std::string* text = std::get_if<std::string>(&value)) {
    event_.features.emplace_back(std::move(feature_name_), std::move(*text));
  } else if (std::holds_alternative<Null>(value)) {
    Fail(kNonFinite, "feature " + Quoted(feature_name_) + " is null (a number JSON cannot represent)");
  } else {
    Fail(kWrongType, "feature " + Quoted(feature_name_) + " must be a number or a string, not " + Describe(value));
  }
}

DecodeResult EventReader::Finish(std::string_view payload) {
  using enum DecodeFailureReason;
  if (!json_error_.empty()) return DecodeFailure{kBadJson, Snippet(json_error_, 200)};
  if (failure_) return std::move(*failure_);
  for (const auto& [field, name] : {std::pair{Field::kTimestamp, "timestamp"}, std::pair{Field::kFeatures, "features"},
                                    std::pair{Field::kPrediction, "prediction"},
                                    std::pair{Field::kProbability, "probability"}}) {
    if ((seen_ & Bit(field)) == 0) return DecodeFailure{kMissingField, std::string("missing \"") + name + "\""};
  }
  std::vector<std::string_view> names;
  names.reserve(event_.features.size());
  for (const auto& feature : event_.features) names.push_back(feature.first);
  std::sort(names.begin(), names.end());
  if (const auto duplicate = std::adjacent_find(names.begin(), names.end()); duplicate != names.end()) {
    return DecodeFailure{kBadJson, "duplicate feature " + Quoted(*duplicate)};
  }
  if ((seen_ & Bit(Field::kEventId)) == 0) {
    text::Fnv1a hash;
    hash.Add(payload);
    event_.event_id = "payload-" + hash.Hex();
  }
  if ((seen_ & Bit(Field::kModelVersion)) == 0) event_.model_version = "unknown";
  return std::move(event_);
}

}  // namespace

namespace {

// The JSON document of one event; feature(i) gives the i-th feature's name
// and value (of `count`).
template <typename FeatureAt>
void WriteJsonEvent(std::string& out, std::string_view event_id, Clock::time_point timestamp,
                    std::string_view model_version, std::size_t count, FeatureAt feature, int prediction,
                    double probability) {
  out += R"({"event_id":)";
  AppendString(out, event_id);
  out += R"(,"timestamp":")";
  AppendTimestamp(out, timestamp);
  out += R"(","model_version":)";
  AppendString(out, model_version);
  out += R"(,"features":{)";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(',');
    const auto [name, value] = feature(i);
    AppendString(out, name);
    out.push_back(':');
    if (const double* number = std::get_if<double>(&value)) {
      AppendDouble(out, *number);
    } else {
      AppendString(out, std::get<std::string_view>(value));
    }
  }
  out += R"(},"prediction":)";
  AppendNumber(out, prediction);
  out += R"(,"probability":)";
  AppendDouble(out, probability);
  out.push_back('}');
}

}  // namespace

std::string EncodeEvent(const PredictionEvent& event) {
  std::string out;
  out.reserve(EncodedSizeEstimate(event));
  WriteJsonEvent(
      out, event.event_id, event.timestamp, event.model_version, event.features.size(),
      [&](std::size_t i) {
        const auto& [name, value] = event.features[i];
        const std::string* text = std::get_if<std::string>(&value);
        return std::pair<std::string_view, FeatureValueView>(
            name, text != nullptr ? FeatureValueView(*text) : FeatureValueView(std::get<double>(value)));
      },
      event.prediction, event.probability);
  return out;
}

void AppendJsonEvent(std::string& out, const EventSchema& schema, const EventView& event, std::string_view event_id) {
  if (event.features.size() != schema.feature_names.size()) {
    throw std::invalid_argument("event has " + std::to_string(event.features.size()) + " features, its schema " +
                                std::to_string(schema.feature_names.size()));
  }
  WriteJsonEvent(
      out, event_id, event.timestamp, schema.model_version, event.features.size(),
      [&](std::size_t i) {
        return std::pair<std::string_view, FeatureValueView>(schema.feature_names[i], event.features[i]);
      },
      event.prediction, event.probability);
}

std::string_view ReasonLabel(DecodeFailureReason reason) {
  switch (reason) {
    case DecodeFailureReason::kBadJson: return "bad_json";
    case DecodeFailureReason::kMissingField: return "missing_field";
    case DecodeFailureReason::kWrongType: return "wrong_type";
    case DecodeFailureReason::kNonFinite: return "non_finite";
    case DecodeFailureReason::kBadTimestamp: return "bad_timestamp";
    case DecodeFailureReason::kBadBatch: return "bad_batch";
  }
  return "bad_json";
}

namespace internal {

DecodeResult DecodeEventReference(std::string_view json) {
  EventReader reader;
  Json::sax_parse(json, &reader);
  return reader.Finish(json);
}

std::optional<Clock::time_point> ParseEventTimestamp(std::string_view text) { return TimestampParser(text).Parse(); }

}  // namespace internal

// DecodeEvent itself is in event_codec_fast.cpp: the fast scanner, falling
// back to internal::DecodeEventReference.

}  // namespace pdex::events
