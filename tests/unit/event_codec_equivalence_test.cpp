// DecodeEvent (the fast scanner with its fallback, event_codec_fast.cpp)
// against the reference nlohmann-based decoder
// (internal::DecodeEventReference): identical results (same alternative,
// same event bit for bit, same failure reason and detail) on the payloads of
// event_codec_test, on EncodeEvent's output for seeded random events, and on
// seeded mutations of valid payloads. Also checks that whatever the fast
// path alone accepts is exactly the reference's event, and that the fast
// path does take the common shape.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "events/event_codec.h"
#include "events/event_codec_internal.h"
#include "unit/event_samples.h"

namespace pdex::events {
namespace {

using std::chrono::system_clock;
using namespace samples;

// Empty when equal, else what differs.
std::string Difference(const DecodeResult& got, const DecodeResult& want) {
  if (got.index() != want.index()) {
    const auto describe = [](const DecodeResult& r) {
      if (const auto* f = std::get_if<DecodeFailure>(&r)) {
        return "failure " + std::string(ReasonLabel(f->reason)) + ": " + f->detail;
      }
      return std::string("an event");
    };
    return "got " + describe(got) + ", want " + describe(want);
  }
  if (const auto* f = std::get_if<DecodeFailure>(&got)) {
    const auto& w = std::get<DecodeFailure>(want);
    if (f->reason != w.reason) return "reason " + std::string(ReasonLabel(f->reason)) + " vs " + std::string(ReasonLabel(w.reason));
    if (f->detail != w.detail) return "detail '" + f->detail + "' vs '" + w.detail + "'";
    return "";
  }
  const auto& a = std::get<PredictionEvent>(got);
  const auto& b = std::get<PredictionEvent>(want);
  const auto bits = [](double d) { return std::bit_cast<std::uint64_t>(d); };
  if (a.event_id != b.event_id) return "event_id " + a.event_id + " vs " + b.event_id;
  if (a.timestamp != b.timestamp) return "timestamp";
  if (a.model_version != b.model_version) return "model_version " + a.model_version + " vs " + b.model_version;
  if (a.prediction != b.prediction) return "prediction";
  if (bits(a.probability) != bits(b.probability)) return "probability";
  if (a.features.size() != b.features.size()) return "feature count";
  for (std::size_t i = 0; i < a.features.size(); ++i) {
    const auto& [an, av] = a.features[i];
    const auto& [bn, bv] = b.features[i];
    if (an != bn) return "feature name " + an + " vs " + bn;
    if (av.index() != bv.index()) return "feature type of " + an;
    if (const double* d = std::get_if<double>(&av)) {
      if (bits(*d) != bits(std::get<double>(bv))) return "feature value of " + an;
    } else if (std::get<std::string>(av) != std::get<std::string>(bv)) {
      return "feature string of " + an;
    }
  }
  return "";
}

struct Counts {
  std::size_t cases = 0;
  std::size_t fast = 0;       // taken by the fast path alone
  std::size_t decoded = 0;    // the reference's result is an event
  std::size_t failures = 0;   // the reference's result is a failure
};

// Checks one payload; true when it agrees.
bool Check(std::string_view json, Counts& counts) {
  ++counts.cases;
  const DecodeResult want = internal::DecodeEventReference(json);
  (std::holds_alternative<PredictionEvent>(want) ? counts.decoded : counts.failures)++;
  const std::string diff = Difference(DecodeEvent(json), want);
  EXPECT_EQ(diff, "") << "payload (" << json.size() << " bytes): " << json.substr(0, 600);
  if (const std::optional<PredictionEvent> fast = internal::DecodeEventFast(json)) {
    ++counts.fast;
    const std::string fast_diff = Difference(*fast, want);
    EXPECT_EQ(fast_diff, "") << "fast path alone, payload: " << json.substr(0, 600);
    return diff.empty() && fast_diff.empty();
  }
  return diff.empty();
}

void Report(const char* what, const Counts& c) {
  std::cout << what << ": " << c.cases << " payloads, " << c.decoded << " events and " << c.failures
            << " failures per the reference, " << c.fast << " decoded by the fast path alone\n";
}

// ------------------------------------------------------------- (a) the unit test's payloads

std::vector<std::string> UnitTestPayloads() {
  std::vector<std::string> out;
  // Round trips.
  PredictionEvent e = SampleEvent();
  out.push_back(EncodeEvent(e));
  e.features = {{"z", 1.0}, {"a", 2.0}, {"m", std::string("x")}};
  e.prediction = 0;
  e.probability = 0.0;
  out.push_back(EncodeEvent(e));
  e.features.clear();
  e.probability = 1.0;
  out.push_back(EncodeEvent(e));
  e = SampleEvent();
  e.features = {{"third", 1.0 / 3.0},
                {"tiny", std::numeric_limits<double>::denorm_min()},
                {"max", std::numeric_limits<double>::max()},
                {"lowest", std::numeric_limits<double>::lowest()},
                {"negative", -273.15},
                {"beyond_2_53", 9007199254740993.0 * 1024},
                {"big_integer", 1e21},
                {"zero", 0.0}};
  e.probability = 0.1 + 0.2;
  out.push_back(EncodeEvent(e));
  e = SampleEvent();
  e.model_version = "v\"3\"\\beta";
  e.features = {{"name", std::string("Évoli")},
                {"emoji", std::string("\xF0\x9F\x94\xA5 fire")},
                {"kana", std::string("\xE3\x83\x94\xE3\x82\xAB\xE3\x83\x81\xE3\x83\xA5\xE3\x82\xA6")},
                {"controls", std::string("tab\there\nnew\rline\x01\x1f end")},
                {"quote\"key\\", std::string("/slash")},
                {"", std::string("")}};
  out.push_back(EncodeEvent(e));
  e = SampleEvent();
  e.features = {{"bad\xff", std::string("a\xc3(b\xed\xa0\x80")}};
  out.push_back(EncodeEvent(e));
  e = SampleEvent();
  e.features = {{"hp", std::numeric_limits<double>::quiet_NaN()}};
  out.push_back(EncodeEvent(e));
  e = SampleEvent();
  e.probability = std::numeric_limits<double>::infinity();
  out.push_back(EncodeEvent(e));
  out.push_back(R"({"features": {"a_hp": 45, "a_type1": "Grass"}, "prediction": 1, "probability": 0.93, )"
                R"("timestamp": "2026-11-26T10:15:00.123456"})");
  out.push_back(R"({"features": {"a_hp": 45, "a_type1": "Grass"}, "prediction": 1, "probability": 0.94, )"
                R"("timestamp": "2026-11-26T10:15:00.123456"})");
  // Timestamps, good and bad.
  for (const char* t : {"2026-11-26T10:15:00Z", "2026-11-26t10:15:00z", "2026-11-26 10:15:00", "2026-11-26T10:15:00.1Z",
                        "2026-11-26T10:15:00.123456789Z", "2026-11-26T10:15:00.1234567891234Z",
                        "2026-11-26T12:15:00+02:00", "2026-11-26T04:45:00-0530", "2026-11-27T00:15:00+14:00",
                        "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "yesterday", "",
                        "2026-11-26", "2026-11-26T10:15Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                        "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z",
                        "2026-11-26T10:15:60Z", "2026-11-26T10:15:00.Z", "2026-11-26T10:15:00+25:00",
                        "2026-11-26T10:15:00+02", "2026-11-26T10:15:00ZZ", "2026-11-26T10:15:00 UTC",
                        "+2026-11-26T10:15:00Z", "26-11-2026T10:15:00Z", "9999-12-31T23:59:59Z", "1600-01-01T00:00:00Z",
                        "2026-11-26T10:15:00\xc3\xa9"}) {
    out.push_back(WithTimestamp(t));
  }
  // Missing fields.
  out.push_back(EventJson().str());
  for (int field = 0; field < 4; ++field) {
    EventJson j;
    (field == 0 ? j.timestamp : field == 1 ? j.features : field == 2 ? j.prediction : j.probability).reset();
    out.push_back(j.str());
  }
  out.push_back("{}");
  // Wrong types.
  for (const char* v : {"42", R"("")", "null", R"(["v3"])"}) {
    out.push_back(WithExtra(std::string(R"("event_id":)") + v));
    out.push_back(WithExtra(std::string(R"("model_version":)") + v));
  }
  for (const char* v : {"1732616100", R"({"s":1})", "null", "true"}) {
    EventJson j;
    j.timestamp = v;
    out.push_back(j.str());
  }
  for (const char* v : {"[1,2]", R"("a_hp=45")", "45", R"({"a":true})", R"({"a":false})", R"({"a":{"x":1}})",
                        R"({"a":[1]})", R"({"a":1,"b":[]})"}) {
    out.push_back(WithFeatures(v));
  }
  for (const char* v : {"2", "0.5", "-1", R"("1")", "true", "[1]", "{}", "1.0", "-0", "-0.0", "0e5", "1E0"}) {
    EventJson j;
    j.prediction = v;
    out.push_back(j.str());
  }
  for (const char* v : {"1.5", "-0.1", "1.0000000000000002", R"("0.5")", "false", "{}", "[0.5]", "1", "-0", "0.0"}) {
    EventJson j;
    j.probability = v;
    out.push_back(j.str());
  }
  for (const char* v : {"[]", R"([1,{"a":2}])", "42", R"("event")", "null", "true"}) out.emplace_back(v);
  // Non-finite and huge numbers.
  for (const char* v : {"1e400", "-1e400", "null"}) {
    EventJson j;
    j.probability = v;
    out.push_back(j.str());
    j = EventJson();
    j.prediction = v;
    out.push_back(j.str());
    out.push_back(WithFeatures(std::string(R"({"ok":1,"a":)") + v + "}"));
    out.push_back(WithExtra(std::string(R"("ignored":)") + v));
  }
  out.push_back(
      WithFeatures(R"({"a":123456789012345678901234567890,"b":1e308,"c":-18446744073709551615,"d":1e-400})"));
  out.push_back(R"({"prediction":7,"probability":1e999})");
  out.push_back(R"({"probability":1e999,"prediction":7})");
  out.push_back(R"({"prediction":7,"probability":)");
  // Bad JSON.
  for (const std::string& s : {std::string(""), std::string("   "), std::string("{"), std::string("not json"),
                               std::string(R"({"timestamp":"2026-11-26T10:15:00Z",})"),
                               EventJson().str() + " trailing", EventJson().str() + "{}",
                               std::string(R"({'prediction': 1})"), WithFeatures(R"({"a":NaN})"),
                               WithExtra(R"("x":Infinity)"), WithExtra(R"("x":"unterminated)"),
                               WithExtra("\"x\":\"bad utf8 \xff\""), WithExtra(R"("x":"\ud800")"),
                               WithExtra("\"x\":\"raw\ncontrol\""), std::string("{\"prediction\":1\0}", 17)}) {
    out.push_back(s);
  }
  // Duplicates and unknown keys.
  out.push_back(WithExtra(R"("prediction":0)"));
  out.push_back(WithExtra(R"("features":{"b":1})"));
  out.push_back(WithExtra(R"("event_id":"a","event_id":"a")"));
  out.push_back(WithFeatures(R"({"a_hp":45,"x":1,"a_hp":46})"));
  out.push_back(WithExtra(R"("extra":1,"extra":2)"));
  out.push_back(WithExtra(R"("meta":{"a":[1,{"b":null}],"c":"d"},"tags":["x"],"flag":true,"n":null)"));
  // Nesting.
  for (const std::size_t depth : {20u, 33u, 1000u}) {
    const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
    out.push_back(arrays);
    out.push_back(WithExtra(R"("meta":)" + arrays));
    out.push_back(WithFeatures(R"({"a":)" + arrays + "}"));
    std::string objects;
    for (std::size_t i = 0; i < depth; ++i) objects += R"({"a":)";
    out.push_back(objects + "1" + std::string(depth, '}'));
  }
  // Huge inputs.
  const std::string huge(100'000, 'x');
  out.push_back(WithTimestamp(huge));
  out.push_back(WithExtra(R"("event_id":")" + huge + R"(","event_id":"a")"));
  out.push_back(WithFeatures(R"({")" + huge + R"(":true})"));
  out.push_back(WithFeatures(R"({")" + huge + R"(":1,")" + huge + R"(":2})"));
  out.push_back("{\"" + huge);
  out.push_back("[\"" + huge + "\xff\"]");
  // Number grammar at every place a number goes.
  for (const char* n : {"01", "-01", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-", "--1", "0x10", "1_000", "NaN",
                        "Infinity", "-Infinity", "1E+2", "1e-2", "-0", "0", "-0.0", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                        "18446744073709551615", "18446744073709551616", "123456789012345678",
                        "1234567890123456789", "4.9e-324", "2.4703282292062327e-324", "2.2250738585072014e-308",
                        "1.7976931348623157e308", "1.7976931348623159e308", "1e-400", "0.1e1", "00", "1 2", "true",
                        "false", "null"}) {
    out.push_back(WithFeatures(std::string(R"({"a":)") + n + "}"));
    out.push_back(WithExtra(std::string(R"("ignored":)") + n));
    EventJson j;
    j.probability = n;
    out.push_back(j.str());
    j = EventJson();
    j.prediction = n;
    out.push_back(j.str());
  }
  // White space everywhere, and a byte-order mark.
  out.push_back(" \t\r\n{ \"timestamp\" : \"2026-11-26T10:15:00Z\" ,\n\"features\" : { \"a\" : 1 , \"b\" : \"x\" } ,"
                " \"prediction\" : 1 , \"probability\" : 0.5 } \n");
  out.push_back("\xEF\xBB\xBF" + EventJson().str());
  out.push_back(EventJson().str() + "\v");
  out.push_back(WithFeatures("{}"));
  out.push_back(WithFeatures(R"({"":1,"a":""})"));
  return out;
}

TEST(EventCodecEquivalenceTest, UnitTestPayloads) {
  Counts counts;
  for (const std::string& json : UnitTestPayloads()) Check(json, counts);
  Report("unit-test payloads", counts);
  EXPECT_GT(counts.fast, 20u);
  EXPECT_GT(counts.failures, 100u);
}

// ------------------------------------------------------------- (b) random encoded events

class RandomEvents {
 public:
  explicit RandomEvents(std::uint64_t seed) : rng_(seed) {}

  std::size_t Below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::string Text(bool plain) {
    static const char* const kPlain[] = {"Grass", "Fire", "Water", "Bug", "Normal", "a_hp", "b_speed", "x",
                                         "special_defense_of_the_defender", "v3"};
    static const char* const kOdd[] = {"\"", "\\", "\n", "\t", "\r", "\x01", "\x1f", "/", "\xC3\xA9",
                                       "\xE2\x99\x80", "\xF0\x9F\x94\xA5", "\xff", "\xc3(", "\xed\xa0\x80", " ",
                                       "\x7f", "\\u0041", "\xEF\xBB\xBF"};
    std::string s;
    const std::size_t parts = 1 + Below(3);
    for (std::size_t i = 0; i < parts; ++i) {
      if (plain || Chance(0.6)) {
        s += kPlain[Below(std::size(kPlain))];
      } else {
        s += kOdd[Below(std::size(kOdd))];
      }
    }
    if (Chance(0.02)) s.clear();
    return s;
  }

  double Number() {
    switch (Below(10)) {
      case 0: return static_cast<double>(static_cast<int>(Below(1000)) - 500);
      case 1: return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
      case 2: return std::uniform_real_distribution<double>(0, 1)(rng_);
      case 3: {  // any finite bit pattern
        double d;
        do d = std::bit_cast<double>(static_cast<std::uint64_t>(rng_())); while (!std::isfinite(d));
        return d;
      }
      case 4: return std::ldexp(1.0 + std::uniform_real_distribution<double>(0, 1)(rng_), static_cast<int>(Below(2100)) - 1074);
      case 5: return static_cast<double>(rng_()) * (Chance(0.5) ? 1 : -1);  // 19-20 digit integers
      case 6: return static_cast<double>(Below(100000));
      case 7: return Chance(0.5) ? -0.0 : 0.0;
      case 8: {
        const double special[] = {std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
                                  std::numeric_limits<double>::lowest(), std::numeric_limits<double>::min(),
                                  1e21, 1e22, 9007199254740993.0, 1e-7, 123456.789, -1e-300};
        return special[Below(std::size(special))];
      }
      default:
        if (Chance(0.05)) return Chance(0.5) ? std::numeric_limits<double>::quiet_NaN() : -HUGE_VAL;
        return std::uniform_real_distribution<double>(-100, 100)(rng_);
    }
  }

  // `plain`: text without escapes or odd bytes; `plain_numbers`: ordinary
  // doubles only (else any: integers, huge, tiny, -0, NaN, infinities).
  PredictionEvent Event(bool plain, bool plain_numbers) {
    PredictionEvent e;
    e.event_id = Chance(0.9) ? "0123456789abcdef" + std::to_string(rng_()) : Text(plain);
    const auto millis = static_cast<long long>(Below(4'000'000'000'000ull)) - 1'000'000'000'000ll;
    e.timestamp = system_clock::time_point(std::chrono::milliseconds(millis));
    e.model_version = Chance(0.9) ? "v3" : Text(plain);
    const std::size_t n = Below(45);
    for (std::size_t i = 0; i < n; ++i) {
      std::string name = Chance(0.8) ? "f" + std::to_string(i) + "_" + Text(true) : Text(plain);
      if (Chance(0.5)) {
        e.features.emplace_back(std::move(name), Text(plain));
      } else {
        e.features.emplace_back(std::move(name),
                                plain_numbers ? std::uniform_real_distribution<double>(-1e3, 1e3)(rng_) : Number());
      }
    }
    e.prediction = Chance(0.97) ? static_cast<int>(Below(2)) : static_cast<int>(Below(5)) - 2;
    e.probability = Chance(0.9) ? std::uniform_real_distribution<double>(0, 1)(rng_) : Number();
    return e;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

TEST(EventCodecEquivalenceTest, RandomEncodedEvents) {
  RandomEvents random(20261126);
  Counts counts;
  Counts plain;
  Counts plain_text;
  for (int i = 0; i < 9000; ++i) {
    const int mode = i % 3;  // 0: plain text and numbers, 1: plain text, any numbers, 2: anything
    const std::string json = EncodeEvent(random.Event(mode != 2, mode == 0));
    if (!Check(json, mode == 0 ? plain : mode == 1 ? plain_text : counts)) {
      ADD_FAILURE() << "stopping at case " << i;
      break;
    }
  }
  Report("random encoded events (any text and numbers)", counts);
  Report("random encoded events (plain text, any numbers)", plain_text);
  Report("random encoded events (plain text and numbers)", plain);
  EXPECT_GT(counts.fast, 100u);
  EXPECT_GT(counts.failures, 100u);
  // Plain events that decode take the fast path, nearly always (a rare
  // duplicate feature name aside).
  EXPECT_GE(plain.fast, plain.decoded * 99 / 100);
  EXPECT_GT(plain.decoded, 1500u);
  EXPECT_GT(plain_text.fast, 1000u);
}

// ------------------------------------------------------------- (c) mutations of valid payloads

std::string Mutate(std::string s, RandomEvents& random) {
  static const char kSpecial[] = "\"{}[],:\\0123456789-+.eE \t\n/u";
  static const char* const kNumbers[] = {"01", "1e400", "-0", ".5", "+1", "1.", "1e", "NaN", "Infinity", "1E+2",
                                         "-1e-400", "18446744073709551616", "0.0", "1", "true", "null", "\"1\""};
  static const char* const kKeys[] = {R"("prediction":1,)", R"("probability":0.5,)", R"("features":{},)",
                                      R"("event_id":"x",)", R"("model_version":"v",)",
                                      R"("timestamp":"2026-11-26T10:15:00Z",)", R"("extra":1,)", R"("extra":[],)"};
  const std::size_t edits = 1 + random.Below(3);
  for (std::size_t k = 0; k < edits && !s.empty(); ++k) {
    const std::size_t at = random.Below(s.size());
    switch (random.Below(9)) {
      case 0: s[at] = static_cast<char>(random.Below(256)); break;
      case 1: s[at] = kSpecial[random.Below(sizeof kSpecial - 1)]; break;
      case 2: s.insert(at, 1, kSpecial[random.Below(sizeof kSpecial - 1)]); break;
      case 3: s.erase(at, 1 + random.Below(3)); break;
      case 4: s.resize(at); break;
      case 5: {  // a number replaced by an odd spelling
        const std::size_t digit = s.find_first_of("0123456789", at);
        if (digit == std::string::npos) break;
        std::size_t stop = s.find_first_not_of("0123456789.eE+-", digit);
        if (stop == std::string::npos) stop = s.size();
        s.replace(digit, stop - digit, kNumbers[random.Below(std::size(kNumbers))]);
        break;
      }
      case 6: s.insert(1, kKeys[random.Below(std::size(kKeys))]); break;  // duplicate or extra key
      case 7: {  // a feature repeated
        const std::size_t features = s.find("\"features\":{");
        if (features == std::string::npos) break;
        const std::size_t start = features + 12;
        const std::size_t comma = s.find(',', start);
        if (comma == std::string::npos) break;
        s.insert(comma + 1, s.substr(start, comma + 1 - start));
        break;
      }
      default: s.insert(at, 1, static_cast<char>(0x80 + random.Below(0x80))); break;
    }
  }
  return s;
}

TEST(EventCodecEquivalenceTest, MutatedPayloads) {
  RandomEvents random(424242);
  std::vector<std::string> bases;
  for (int i = 0; i < 200; ++i) bases.push_back(EncodeEvent(random.Event(i % 2 == 0, i % 4 == 0)));
  for (const std::string& s : UnitTestPayloads()) {
    if (s.size() < 2000) bases.push_back(s);
  }
  Counts counts;
  for (int i = 0; i < 40000; ++i) {
    const std::string json = Mutate(bases[random.Below(bases.size())], random);
    if (!Check(json, counts)) {
      ADD_FAILURE() << "stopping at case " << i;
      break;
    }
  }
  Report("mutated payloads", counts);
  EXPECT_GT(counts.fast, 1000u);
  EXPECT_GT(counts.failures, 10000u);
}

}  // namespace
}  // namespace pdex::events
