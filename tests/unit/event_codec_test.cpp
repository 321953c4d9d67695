// Unit tests for events/event_codec.h and NewEventId (events/event.h).
#include "events/event_codec.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "text/utc_time.h"
#include "unit/event_samples.h"
#include "text/utf8.h"

namespace pdex::events {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;
using namespace samples;

const PredictionEvent* Event(const DecodeResult& r) { return std::get_if<PredictionEvent>(&r); }

// The event `json` decodes to, or nullopt.
std::optional<PredictionEvent> Decoded(std::string_view json) {
  const DecodeResult r = DecodeEvent(json);
  if (const auto* e = Event(r)) return *e;
  return std::nullopt;
}

// The failure of `json`, or fails the test when it decodes.
DecodeFailure FailureOf(std::string_view json) {
  const DecodeResult r = DecodeEvent(json);
  if (const auto* f = std::get_if<DecodeFailure>(&r)) return *f;
  ADD_FAILURE() << "decoded: " << json;
  return {DecodeFailureReason::kBadJson, ""};
}

void ExpectRoundTrip(const PredictionEvent& event) {
  const std::string json = EncodeEvent(event);
  const DecodeResult decoded = DecodeEvent(json);
  const auto* e = Event(decoded);
  ASSERT_NE(e, nullptr) << json << "\n" << std::get<DecodeFailure>(decoded).detail;
  EXPECT_EQ(*e, event) << json;
}

TEST(EventCodecTest, EncodesTheDocumentedCompactForm) {
  EXPECT_EQ(EncodeEvent(SampleEvent()),
            R"({"event_id":"0123456789abcdef0123456789abcdef","timestamp":"2026-11-26T10:15:00.123Z",)"
            R"("model_version":"v3","features":{"a_hp":45,"a_type1":"Grass","b_speed":0.5,"b_type1":"Fire"},)"
            R"("prediction":1,"probability":0.93})");
}

TEST(EventCodecTest, RoundTripKeepsEverythingAndFeatureOrder) {
  ExpectRoundTrip(SampleEvent());
  PredictionEvent e = SampleEvent();
  e.features = {{"z", 1.0}, {"a", 2.0}, {"m", std::string("x")}};  // not sorted
  e.prediction = 0;
  e.probability = 0.0;
  ExpectRoundTrip(e);
  e.features.clear();
  e.probability = 1.0;
  ExpectRoundTrip(e);
}

TEST(EventCodecTest, RoundTripKeepsDoublesExactly) {
  PredictionEvent e = SampleEvent();
  e.features = {{"third", 1.0 / 3.0},
                {"tiny", std::numeric_limits<double>::denorm_min()},
                {"max", std::numeric_limits<double>::max()},
                {"lowest", std::numeric_limits<double>::lowest()},
                {"negative", -273.15},
                {"beyond_2_53", 9007199254740993.0 * 1024},
                {"big_integer", 1e21},
                {"zero", 0.0}};
  e.probability = 0.1 + 0.2;
  ExpectRoundTrip(e);
}

TEST(EventCodecTest, RoundTripKeepsUnicodeAndEscapes) {
  PredictionEvent e = SampleEvent();
  e.model_version = "v\"3\"\\beta";
  e.features = {{"name", std::string("Évoli")},
                {"emoji", std::string("\xF0\x9F\x94\xA5 fire")},
                {"kana", std::string("\xE3\x83\x94\xE3\x82\xAB\xE3\x83\x81\xE3\x83\xA5\xE3\x82\xA6")},
                {"controls", std::string("tab\there\nnew\rline\x01\x1f end")},
                {"quote\"key\\", std::string("/slash")},
                {"", std::string("")}};
  ExpectRoundTrip(e);
  const std::string json = EncodeEvent(e);
  EXPECT_NE(json.find(R"(\u0001)"), std::string::npos);
  EXPECT_NE(json.find(R"(\u001f)"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(json));
}

TEST(EventCodecTest, InvalidUtf8IsReplacedSoTheOutputIsValidJson) {
  PredictionEvent e = SampleEvent();
  e.features = {{"bad\xff", std::string("a\xc3(b\xed\xa0\x80")}};  // stray, truncated, surrogate
  const std::string json = EncodeEvent(e);
  EXPECT_TRUE(text::IsValidUtf8(json));
  const auto decoded = Decoded(json);
  ASSERT_TRUE(decoded) << json;
  EXPECT_EQ(decoded->features[0].first, "bad\xEF\xBF\xBD");
  EXPECT_EQ(std::get<std::string>(decoded->features[0].second).substr(0, 4), "a\xEF\xBF\xBD");
}

// The encoder as first written, kept as the reference for the optimised one:
// straightforward, byte by byte, with no fast paths or caches.
namespace reference {

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

void AppendString(std::string& out, std::string_view s) {
  AppendEscaped(out, text::IsValidUtf8(s) ? std::string(s) : text::RepairUtf8(s));
}

template <typename Number>
void AppendNumber(std::string& out, Number value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void AppendDouble(std::string& out, double value) {
  if (std::isfinite(value)) {
    AppendNumber(out, value);
  } else {
    out += "null";
  }
}

std::string Encode(const PredictionEvent& event) {
  std::string out = R"({"event_id":)";
  AppendString(out, event.event_id);
  out += R"(,"timestamp":")" + text::FormatUtc(event.timestamp, true) + R"(","model_version":)";
  AppendString(out, event.model_version);
  out += R"(,"features":{)";
  for (std::size_t i = 0; i < event.features.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendString(out, event.features[i].first);
    out.push_back(':');
    if (const double* number = std::get_if<double>(&event.features[i].second)) {
      AppendDouble(out, *number);
    } else {
      AppendString(out, std::get<std::string>(event.features[i].second));
    }
  }
  out += R"(},"prediction":)";
  AppendNumber(out, event.prediction);
  out += R"(,"probability":)";
  AppendDouble(out, event.probability);
  return out + "}";
}

}  // namespace reference

class RandomEvents {
 public:
  explicit RandomEvents(std::uint64_t seed) : rng_(seed) {}

  std::string String() {
    std::string s;
    const int pieces = Int(0, 4);
    for (int p = 0; p < pieces; ++p) {
      const int kind = Int(0, 9);
      const int length = Int(0, 12);
      for (int i = 0; i < length; ++i) {
        if (kind <= 4) {  // plain ASCII, the common case
          s.push_back(static_cast<char>(Int(0x20, 0x7E)));
        } else if (kind == 5) {  // escapes and controls
          static constexpr char kSpecial[] = {'"', '\\', '\n', '\r', '\t', '\x01', '\x1f', '\x7f', '/', '\0'};
          s.push_back(kSpecial[Int(0, sizeof kSpecial - 1)]);
        } else if (kind == 6) {  // valid multi-byte UTF-8
          static constexpr const char* kUtf8[] = {"\xC3\x89", "\xE3\x83\x94", "\xF0\x9F\x94\xA5", "\xC2\x80",
                                                  "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBD"};
          s += kUtf8[Int(0, 5)];
        } else if (kind == 7) {  // invalid: stray, truncated, surrogate, overlong, too large
          static constexpr const char* kBad[] = {"\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "\xf5\x80\x80\x80",
                                                 "\xe3\x83", "\x80"};
          s += kBad[Int(0, 6)];
        } else {  // any byte
          s.push_back(static_cast<char>(Int(0, 255)));
        }
      }
    }
    return s;
  }

  double Double() {
    switch (Int(0, 9)) {
      case 0: return Int(-200'000, 200'000);  // integral, across the fast path's bounds
      case 1: {
        static constexpr double kEdges[] = {0.0, -0.0, 99'999.0, -99'999.0, 100'000.0, -100'000.0, 10'000.0,
                                            1e15, 1e21, 123'456'789.0, 0.5, -1.0, 1.0, 2147483648.0,
                                            -2147483649.0, 9007199254740993.0};
        return kEdges[Int(0, sizeof kEdges / sizeof kEdges[0] - 1)];
      }
      case 2: {
        static constexpr double kOdd[] = {std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          std::numeric_limits<double>::denorm_min(),
                                          std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
        return kOdd[Int(0, sizeof kOdd / sizeof kOdd[0] - 1)];
      }
      case 3: {  // any bit pattern
        const std::uint64_t bits = rng_();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case 4: return static_cast<double>(static_cast<float>(Uniform(0, 1)));  // a float probability
      case 5: return Int(-1000, 1000) / 4.0;
      default: return Uniform(-1e6, 1e6);
    }
  }

  PredictionEvent Event(std::chrono::system_clock::time_point& clock) {
    // Mostly the same millisecond as the previous event, or a little later;
    // sometimes anywhere in system_clock's range (before 1970 too).
    const int step = Int(0, 9);
    if (step == 9) {
      clock = std::chrono::system_clock::time_point(std::chrono::nanoseconds(
          static_cast<std::int64_t>(Uniform(-9e18, 9e18))));
    } else if (step >= 6) {
      clock += std::chrono::microseconds(Int(0, 3000));
    } else if (step == 5) {
      clock -= std::chrono::nanoseconds(Int(0, 2'000'000));
    }
    PredictionEvent e;
    e.event_id = Int(0, 3) == 0 ? String() : NewEventId();
    e.timestamp = clock;
    e.model_version = Int(0, 3) == 0 ? String() : "v3";
    const int features = Int(0, 35);
    for (int i = 0; i < features; ++i) {
      if (Int(0, 2) == 0) {
        e.features.emplace_back(Int(0, 3) == 0 ? String() : "a_feature_" + std::to_string(i), String());
      } else {
        e.features.emplace_back("b_stat_" + std::to_string(i), Double());
      }
    }
    e.prediction = Int(0, 1);
    e.probability = Double();
    return e;
  }

 private:
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double Uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  std::mt19937_64 rng_;
};

TEST(EventCodecTest, EncodesEveryByteAsTheReferenceEncoder) {
  RandomEvents random(20261126);
  auto clock = SampleTime();
  for (int i = 0; i < 10'000; ++i) {
    const PredictionEvent e = random.Event(clock);
    const std::string expected = reference::Encode(e);
    ASSERT_EQ(EncodeEvent(e), expected) << "event " << i;
    ASSERT_TRUE(nlohmann::json::accept(expected)) << expected;
  }
}

TEST(EventCodecTest, EncodesIntegralDoublesAsTheReferenceEncoder) {
  PredictionEvent e = SampleEvent();
  e.features.clear();
  for (int v = -110'000; v <= 110'000; ++v) {
    e.features.assign(1, {"n", static_cast<double>(v)});
    e.probability = static_cast<double>(v) + 0.5;
    ASSERT_EQ(EncodeEvent(e), reference::Encode(e)) << v;
  }
  for (double v : {-0.0, 0.0, 1e5, -1e5, 99'999.0, 1e15, 1e16, 1e21, 1e22}) {
    e.features.assign(1, {"n", v});
    e.probability = v;
    ASSERT_EQ(EncodeEvent(e), reference::Encode(e)) << v;
  }
}

TEST(EventCodecTest, TheTimestampCacheFollowsEachThreadsEvents) {
  // Alternating between two instants, and one millisecond apart, on two threads at once.
  const auto check = [](std::chrono::system_clock::time_point base) {
    PredictionEvent e = SampleEvent();
    for (int i = 0; i < 2000; ++i) {
      e.timestamp = base + std::chrono::microseconds((i % 3) * 500) + std::chrono::hours(i % 2);
      const std::string expected = reference::Encode(e);
      if (EncodeEvent(e) != expected) {
        ADD_FAILURE() << expected;
        return;
      }
    }
  };
  std::thread other(check, SampleTime() + std::chrono::hours(24 * 400));
  check(SampleTime());
  other.join();
}

TEST(EventCodecTest, NonFiniteNumbersAreWrittenAsNullAndDecodeAsNonFinite) {
  PredictionEvent e = SampleEvent();
  e.features = {{"hp", std::numeric_limits<double>::quiet_NaN()}};
  std::string json = EncodeEvent(e);
  EXPECT_NE(json.find(R"("hp":null)"), std::string::npos);
  EXPECT_EQ(FailureOf(json).reason, DecodeFailureReason::kNonFinite);

  e = SampleEvent();
  e.probability = std::numeric_limits<double>::infinity();
  json = EncodeEvent(e);
  EXPECT_NE(json.find(R"("probability":null)"), std::string::npos);
  EXPECT_EQ(FailureOf(json).reason, DecodeFailureReason::kNonFinite);
}

TEST(EventCodecTest, AcceptsTheArchitectureDocumentsMinimalMessage) {
  // As Python's json.dumps({features, prediction, probability, timestamp: datetime.now().isoformat()}).
  const std::string json =
      R"({"features": {"a_hp": 45, "a_type1": "Grass"}, "prediction": 1, "probability": 0.93, )"
      R"("timestamp": "2026-11-26T10:15:00.123456"})";
  const DecodeResult r = DecodeEvent(json);
  const auto* e = Event(r);
  ASSERT_NE(e, nullptr) << std::get<DecodeFailure>(r).detail;
  EXPECT_EQ(e->model_version, "unknown");
  EXPECT_EQ(e->timestamp, SampleTime() + 456us);
  ASSERT_EQ(e->features.size(), 2u);
  EXPECT_EQ(e->features[1].second, FeatureValue(std::string("Grass")));
  // The id is a stable hash of the payload: a redelivered copy dedupes, another message does not.
  EXPECT_TRUE(e->event_id.starts_with("payload-")) << e->event_id;
  EXPECT_EQ(e->event_id.size(), 8u + 16u);
  EXPECT_EQ(Decoded(json).value().event_id, e->event_id);
  std::string other = json;
  other.replace(other.find("0.93"), 4, "0.94");
  EXPECT_NE(Decoded(other).value().event_id, e->event_id);
}

TEST(EventCodecTest, AcceptedTimestampForms) {
  const system_clock::time_point base = SampleTime() - 123ms;  // 10:15:00 UTC
  const std::pair<const char*, system_clock::time_point> cases[] = {
      {"2026-11-26T10:15:00Z", base},
      {"2026-11-26t10:15:00z", base},
      {"2026-11-26 10:15:00", base},
      {"2026-11-26T10:15:00.1Z", base + 100ms},
      {"2026-11-26T10:15:00.123456789Z", base + 123456789ns},
      {"2026-11-26T10:15:00.1234567891234Z", base + 123456789ns},
      {"2026-11-26T12:15:00+02:00", base},
      {"2026-11-26T04:45:00-0530", base},
      {"2026-11-27T00:15:00+14:00", base},
      {"2024-02-29T00:00:00Z", std::chrono::sys_days(std::chrono::year{2024} / 2 / 29)},
      {"1970-01-01T00:00:00Z", system_clock::time_point{}},
      {"1969-12-31T23:59:59.5Z", system_clock::time_point{} - 500ms},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    const DecodeResult r = DecodeEvent(WithTimestamp(text));
    const auto* e = Event(r);
    ASSERT_NE(e, nullptr) << std::get<DecodeFailure>(r).detail;
    EXPECT_EQ(e->timestamp, expected);
  }
}

TEST(EventCodecTest, BadTimestamps) {
  for (const char* text : {"yesterday", "", "2026-11-26", "2026-11-26T10:15Z", "2026-13-01T00:00:00Z",
                           "2026-00-10T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z",
                           "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:15:60Z",
                           "2026-11-26T10:15:00.Z", "2026-11-26T10:15:00+25:00", "2026-11-26T10:15:00+02",
                           "2026-11-26T10:15:00ZZ", "2026-11-26T10:15:00 UTC", "+2026-11-26T10:15:00Z",
                           "26-11-2026T10:15:00Z", "9999-12-31T23:59:59Z", "1600-01-01T00:00:00Z",
                           "2026-11-26T10:15:00\xc3\xa9"}) {
    SCOPED_TRACE(text);
    const DecodeFailure f = FailureOf(WithTimestamp(text));
    EXPECT_EQ(f.reason, DecodeFailureReason::kBadTimestamp) << f.detail;
  }
}

TEST(EventCodecTest, MissingFields) {
  ASSERT_TRUE(Decoded(EventJson().str()));
  for (const char* field : {"timestamp", "features", "prediction", "probability"}) {
    SCOPED_TRACE(field);
    EventJson j;
    if (field == std::string_view("timestamp")) j.timestamp.reset();
    if (field == std::string_view("features")) j.features.reset();
    if (field == std::string_view("prediction")) j.prediction.reset();
    if (field == std::string_view("probability")) j.probability.reset();
    const DecodeFailure f = FailureOf(j.str());
    EXPECT_EQ(f.reason, DecodeFailureReason::kMissingField);
    EXPECT_NE(f.detail.find(field), std::string::npos) << f.detail;
  }
  EXPECT_EQ(FailureOf("{}").reason, DecodeFailureReason::kMissingField);
}

TEST(EventCodecTest, WrongTypes) {
  std::vector<std::string> cases;
  for (const char* v : {"42", R"("")", "null", R"(["v3"])"}) {
    cases.push_back(WithExtra(std::string(R"("event_id":)") + v));
    cases.push_back(WithExtra(std::string(R"("model_version":)") + v));
  }
  for (const char* v : {"1732616100", R"({"s":1})", "null", "true"}) {
    EventJson j;
    j.timestamp = v;
    cases.push_back(j.str());
  }
  for (const char* v : {"[1,2]", R"("a_hp=45")", "45", R"({"a":true})", R"({"a":false})", R"({"a":{"x":1}})",
                        R"({"a":[1]})", R"({"a":1,"b":[]})"}) {
    cases.push_back(WithFeatures(v));
  }
  for (const char* v : {"2", "0.5", "-1", R"("1")", "true", "[1]", "{}"}) {
    EventJson j;
    j.prediction = v;
    cases.push_back(j.str());
  }
  for (const char* v : {"1.5", "-0.1", "1.0000000000000002", R"("0.5")", "false", "{}", "[0.5]"}) {
    EventJson j;
    j.probability = v;
    cases.push_back(j.str());
  }
  for (const char* not_an_object : {"[]", R"([1,{"a":2}])", "42", R"("event")", "null", "true"}) {
    cases.emplace_back(not_an_object);
  }
  for (const std::string& json : cases) {
    SCOPED_TRACE(json);
    EXPECT_EQ(FailureOf(json).reason, DecodeFailureReason::kWrongType);
  }
}

TEST(EventCodecTest, NonFinite) {
  std::vector<std::string> cases;
  for (const char* v : {"1e400", "-1e400", "null"}) {
    EventJson j;
    j.probability = v;
    cases.push_back(j.str());
    j = EventJson();
    j.prediction = v;
    cases.push_back(j.str());
    cases.push_back(WithFeatures(std::string(R"({"ok":1,"a":)") + v + "}"));
  }
  for (const std::string& json : cases) {
    SCOPED_TRACE(json);
    EXPECT_EQ(FailureOf(json).reason, DecodeFailureReason::kNonFinite);
  }
}

TEST(EventCodecTest, HugeButFiniteNumbersAreAccepted) {
  const DecodeResult r =
      DecodeEvent(WithFeatures(R"({"a":123456789012345678901234567890,"b":1e308,"c":-18446744073709551615,"d":1e-400})"));
  const auto* e = Event(r);
  ASSERT_NE(e, nullptr) << std::get<DecodeFailure>(r).detail;
  EXPECT_DOUBLE_EQ(std::get<double>(e->features[0].second), 1.2345678901234568e29);
  EXPECT_EQ(std::get<double>(e->features[1].second), 1e308);
  EXPECT_DOUBLE_EQ(std::get<double>(e->features[2].second), -18446744073709551615.0);
  EXPECT_EQ(std::get<double>(e->features[3].second), 0.0);  // underflows to zero, still finite
}

TEST(EventCodecTest, IntegralNumbersForPredictionAndProbability) {
  EventJson j;
  j.prediction = "1.0";
  j.probability = "1";
  const auto e = Decoded(j.str());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->prediction, 1);
  EXPECT_EQ(e->probability, 1.0);
}

TEST(EventCodecTest, BadJson) {
  const std::string cases[] = {
      "",
      "   ",
      "{",
      "not json",
      R"({"timestamp":"2026-11-26T10:15:00Z",})",
      EventJson().str() + " trailing",
      EventJson().str() + "{}",
      R"({'prediction': 1})",
      WithFeatures(R"({"a":NaN})"),
      WithExtra(R"("x":Infinity)"),
      WithExtra(R"("x":"unterminated)"),
      WithExtra("\"x\":\"bad utf8 \xff\""),
      WithExtra(R"("x":"\ud800")"),
      WithExtra("\"x\":\"raw\ncontrol\""),
      std::string("{\"prediction\":1\0}", 17),
  };
  for (const std::string& json : cases) {
    SCOPED_TRACE(json);
    const DecodeFailure f = FailureOf(json);
    EXPECT_EQ(f.reason, DecodeFailureReason::kBadJson) << f.detail;
    EXPECT_TRUE(text::IsValidUtf8(f.detail)) << f.detail;
  }
}

TEST(EventCodecTest, DuplicateKeysAreBadJson) {
  EXPECT_EQ(FailureOf(WithExtra(R"("prediction":0)")).reason, DecodeFailureReason::kBadJson);
  EXPECT_EQ(FailureOf(WithExtra(R"("features":{"b":1})")).reason, DecodeFailureReason::kBadJson);
  EXPECT_EQ(FailureOf(WithExtra(R"("event_id":"a","event_id":"a")")).reason, DecodeFailureReason::kBadJson);
  const DecodeFailure f = FailureOf(WithFeatures(R"({"a_hp":45,"x":1,"a_hp":46})"));
  EXPECT_EQ(f.reason, DecodeFailureReason::kBadJson);
  EXPECT_NE(f.detail.find("a_hp"), std::string::npos) << f.detail;
  // Unknown keys may repeat: they are ignored.
  EXPECT_TRUE(Decoded(WithExtra(R"("extra":1,"extra":2)")));
}

TEST(EventCodecTest, UnknownKeysAreIgnoredWhateverTheirShape) {
  const auto e = Decoded(WithExtra(R"("meta":{"a":[1,{"b":null}],"c":"d"},"tags":["x"],"flag":true,"n":null)"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->features.size(), 1u);
}

TEST(EventCodecTest, DeepNestingFailsCleanly) {
  for (const std::size_t depth : {33u, 1000u, 200000u}) {
    SCOPED_TRACE(depth);
    const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
    EXPECT_EQ(FailureOf(arrays).reason, DecodeFailureReason::kBadJson);
    EXPECT_EQ(FailureOf(WithExtra(R"("meta":)" + arrays)).reason, DecodeFailureReason::kBadJson);
    EXPECT_EQ(FailureOf(WithFeatures(R"({"a":)" + arrays + "}")).reason, DecodeFailureReason::kBadJson);
    std::string objects;
    for (std::size_t i = 0; i < depth; ++i) objects += R"({"a":)";
    objects += "1" + std::string(depth, '}');
    EXPECT_EQ(FailureOf(objects).reason, DecodeFailureReason::kBadJson);
  }
  // Nesting within the limit, in an unknown key, is fine.
  EXPECT_TRUE(Decoded(WithExtra(R"("meta":)" + std::string(20, '[') + std::string(20, ']'))));
}

TEST(EventCodecTest, TheFirstProblemIsReportedButBrokenJsonWins) {
  // In document order, and before a missing field.
  EXPECT_EQ(FailureOf(R"({"prediction":7,"probability":1e999})").reason, DecodeFailureReason::kWrongType);
  EXPECT_EQ(FailureOf(R"({"probability":1e999,"prediction":7})").reason, DecodeFailureReason::kNonFinite);
  // A problem followed by a syntax error is bad_json.
  EXPECT_EQ(FailureOf(R"({"prediction":7,"probability":)").reason, DecodeFailureReason::kBadJson);
}

TEST(EventCodecTest, DetailsAreShortEvenForHugeInputs) {
  const std::string huge(100'000, 'x');
  const std::string cases[] = {
      WithTimestamp(huge),
      WithExtra(R"("event_id":")" + huge + R"(","event_id":"a")"),
      WithFeatures(R"({")" + huge + R"(":true})"),
      WithFeatures(R"({")" + huge + R"(":1,")" + huge + R"(":2})"),
      "{\"" + huge,
      "[\"" + huge + "\xff\"]",
  };
  for (const std::string& json : cases) {
    const DecodeFailure f = FailureOf(json);
    SCOPED_TRACE(ReasonLabel(f.reason));
    EXPECT_LT(f.detail.size(), 300u) << f.detail;
    EXPECT_FALSE(f.detail.empty());
    EXPECT_TRUE(text::IsValidUtf8(f.detail)) << f.detail;
  }
}

TEST(EventCodecTest, ReasonLabels) {
  std::set<std::string_view> labels;
  for (const DecodeFailureReason r : kDecodeFailureReasons) labels.insert(ReasonLabel(r));
  EXPECT_EQ(labels, (std::set<std::string_view>{"bad_json", "missing_field", "wrong_type", "non_finite",
                                                "bad_timestamp", "bad_batch"}));
}

TEST(EventIdTest, ThirtyTwoHexDigitsSharingAProcessPrefix) {
  const std::string a = NewEventId();
  const std::string b = NewEventId();
  for (const std::string& id : {a, b}) {
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 16), b.substr(0, 16));
}

TEST(EventIdTest, UniqueAcrossThreads) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5000;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&ids, t] {
      for (int i = 0; i < kPerThread; ++i) ids[static_cast<std::size_t>(t)].push_back(NewEventId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& per_thread : ids) all.insert(per_thread.begin(), per_thread.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace pdex::events
