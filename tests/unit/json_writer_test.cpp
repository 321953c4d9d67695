// Unit tests for api/json_writer.h: structure, escaping and repair of bad text.
#include "api/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace pdex::api {
namespace {

using nlohmann::json;

// The writer's output for one string value.
std::string StringJson(std::string_view s) {
  JsonWriter w;
  w.String(s);
  return w.str();
}

// Parses strictly (nlohmann rejects invalid UTF-8 and bad escapes).
json Parse(const std::string& text) { return json::parse(text); }

TEST(JsonWriter, EmptyContainers) {
  JsonWriter a;
  a.BeginObject();
  a.EndObject();
  EXPECT_EQ(a.str(), "{}");
  JsonWriter b;
  b.BeginArray();
  b.EndArray();
  EXPECT_EQ(b.str(), "[]");
}

TEST(JsonWriter, NestingAndCommas) {
  JsonWriter w;
  w.BeginObject();
  w.Key("id"), w.Int(25);
  w.Key("types");
  w.BeginArray();
  w.BeginObject();
  w.Key("id"), w.Int(13);
  w.EndObject();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("stats");
  w.BeginObject();
  w.Key("hp"), w.Int(35);
  w.Key("speed"), w.Int(90);
  w.EndObject();
  w.Key("nested");
  w.BeginArray();
  w.BeginArray();
  w.EndArray();
  w.BeginArray();
  w.Int(1);
  w.EndArray();
  w.BeginArray();
  w.BeginArray();
  w.Int(2);
  w.Int(3);
  w.EndArray();
  w.EndArray();
  w.EndArray();
  w.Key("flag"), w.Bool(true);
  w.Key("off"), w.Bool(false);
  w.Key("none"), w.Null();
  w.EndObject();
  EXPECT_EQ(w.str(),
            R"({"id":25,"types":[{"id":13},{}],"stats":{"hp":35,"speed":90},)"
            R"("nested":[[],[1],[[2,3]]],"flag":true,"off":false,"none":null})");
  EXPECT_NO_THROW(Parse(w.str()));
}

TEST(JsonWriter, KeysKeepTheOrderWritten) {
  JsonWriter w;
  w.BeginObject();
  w.Key("z"), w.Int(1);
  w.Key("a"), w.Int(2);
  w.Key("m"), w.Int(3);
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"z":1,"a":2,"m":3})");
}

TEST(JsonWriter, TopLevelArrayOfScalars) {
  JsonWriter w;
  w.BeginArray();
  w.Int(-1);
  w.String("x");
  w.Null();
  w.OptionalInt(std::nullopt);
  w.OptionalInt(7);
  w.Double(0.5);
  w.EndArray();
  EXPECT_EQ(w.str(), R"([-1,"x",null,null,7,0.5])");
}

TEST(JsonWriter, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(StringJson("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(StringJson("C:\\dex"), R"("C:\\dex")");
  EXPECT_EQ(StringJson("Farfetch'd / Mr. Mime"), R"("Farfetch'd / Mr. Mime")");
}

TEST(JsonWriter, EscapesControlCharacters) {
  EXPECT_EQ(StringJson("a\nb\rc\td"), R"("a\nb\rc\td")");
  EXPECT_EQ(StringJson(std::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(StringJson("\x01\x1f"), R"("\u0001\u001f")");
  EXPECT_EQ(StringJson("\b\f"), R"("\u0008\u000c")");
}

TEST(JsonWriter, EveryAsciiCharacterRoundTrips) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  const std::string out = StringJson(all);
  for (const char c : out) EXPECT_GE(static_cast<unsigned char>(c), 0x20u) << "raw control character";
  EXPECT_EQ(Parse(out).get<std::string>(), all);
}

TEST(JsonWriter, KeysAreEscaped) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a\"b\n"), w.Int(1);
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a\"b\n":1})");
  EXPECT_EQ(Parse(w.str()).at("a\"b\n"), 1);
}

TEST(JsonWriter, ValidUtf8IsWrittenAsIs) {
  EXPECT_EQ(StringJson("Évoli ♀ ピカチュウ 😀"), "\"Évoli ♀ ピカチュウ 😀\"");
}

TEST(JsonWriter, InvalidUtf8IsReplacedByReplacementCharacter) {
  const std::string kFffd = "\xEF\xBF\xBD";
  EXPECT_EQ(StringJson("a\xFF" "b"), "\"a" + kFffd + "b\"");
  EXPECT_EQ(StringJson("Pikach\xC3"), "\"Pikach" + kFffd + "\"");  // truncated at the end
  EXPECT_EQ(StringJson("\x80x"), "\"" + kFffd + "x\"");            // stray continuation byte
  EXPECT_EQ(StringJson("\xC3\xA9\xFF\xC3\xA9"), "\"\xC3\xA9" + kFffd + "\xC3\xA9\"");  // é kept
  // Overlong, surrogate and out-of-range sequences are replaced byte by byte.
  EXPECT_EQ(StringJson("\xC0\x80"), "\"" + kFffd + kFffd + "\"");
  EXPECT_EQ(StringJson("\xED\xA0\x80"), "\"" + kFffd + kFffd + kFffd + "\"");
  EXPECT_EQ(StringJson("\xF4\x90\x80\x80"), "\"" + kFffd + kFffd + kFffd + kFffd + "\"");
  // A truncated sequence does not swallow the ASCII that follows it.
  EXPECT_EQ(StringJson("\xE2\x82" "A\"q"), "\"" + kFffd + kFffd + "A\\\"q\"");
}

TEST(JsonWriter, OutputWithInvalidUtf8ParsesWithNlohmann) {
  const std::string inputs[] = {
      "\xFF", "\xFE\xFF", "abc\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xC0\xAF", "\xED\xBF\xBF",
      "\xF8\x88\x80\x80\x80", "ok \xC3\xA9 \xFF \"quoted\" \\ \n", std::string("\x00\xFF", 2)};
  for (const std::string& in : inputs) {
    JsonWriter w;
    w.BeginObject();
    w.Key("v"), w.String(in);
    w.EndObject();
    json parsed;
    ASSERT_NO_THROW(parsed = Parse(w.str())) << w.str();
    const std::string value = parsed.at("v");
    EXPECT_NE(value.find("\xEF\xBF\xBD"), std::string::npos) << w.str();
  }
}

TEST(JsonWriter, KeyWithInvalidUtf8StillGivesValidJson) {
  // The class promises the output is always valid JSON; keys are strings too.
  JsonWriter w;
  w.BeginObject();
  w.Key("bad\xFF" "key"), w.Int(1);
  w.EndObject();
  EXPECT_NO_THROW(Parse(w.str())) << "output is not valid JSON: " << w.str();
}

TEST(JsonWriter, IntegersAtTheLimits) {
  JsonWriter w;
  w.BeginArray();
  w.Int(std::numeric_limits<std::int64_t>::min());
  w.Int(std::numeric_limits<std::int64_t>::max());
  w.Int(0);
  w.EndArray();
  EXPECT_EQ(w.str(), "[-9223372036854775808,9223372036854775807,0]");
}

TEST(JsonWriter, DoublesAreShortestRoundTripAndNonFiniteIsNull) {
  JsonWriter w;
  w.BeginArray();
  w.Double(2.0);
  w.Double(0.5);
  w.Double(0.1);
  w.Double(-1.25e300);
  w.Double(std::numeric_limits<double>::quiet_NaN());
  w.Double(std::numeric_limits<double>::infinity());
  w.Double(-std::numeric_limits<double>::infinity());
  w.EndArray();
  EXPECT_EQ(w.str(), "[2,0.5,0.1,-1.25e+300,null,null,null]");
  const json parsed = Parse(w.str());
  EXPECT_DOUBLE_EQ(parsed[2].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(parsed[3].get<double>(), -1.25e300);
  EXPECT_TRUE(parsed[4].is_null());
  EXPECT_TRUE(parsed[5].is_null());
  EXPECT_TRUE(parsed[6].is_null());
}

TEST(JsonWriter, NonFiniteDoubleAsObjectMember) {
  JsonWriter w;
  w.BeginObject();
  w.Key("multiplier"), w.Double(std::nan(""));
  w.Key("next"), w.Int(1);
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"multiplier":null,"next":1})");
}

TEST(JsonWriter, TakeMovesTheOutputOut) {
  JsonWriter w;
  w.BeginArray();
  w.Int(1);
  w.EndArray();
  EXPECT_EQ(w.Take(), "[1]");
}

}  // namespace
}  // namespace pdex::api
