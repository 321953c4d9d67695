// Unit tests for logging/logger.h: JSON lines, levels, bad input, threads.
#include "logging/logger.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace pdex::logging {
namespace {

using nlohmann::json;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Logger, WritesOneJsonObjectPerLineWithTsLevelMsgAndFields) {
  std::ostringstream out;
  Logger log(out);
  log.Log(Level::kInfo, "request", {{"status", 200}, {"path", "/pokemon/25"}});
  log.Log(Level::kError, "boom");
  const std::string text = out.str();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const auto lines = Lines(text);
  ASSERT_EQ(lines.size(), 2u);

  const json first = json::parse(lines[0]);
  ASSERT_TRUE(first.is_object());
  EXPECT_EQ(first.at("level"), "info");
  EXPECT_EQ(first.at("msg"), "request");
  EXPECT_EQ(first.at("status"), 200);
  EXPECT_EQ(first.at("path"), "/pokemon/25");
  const std::string ts = first.at("ts");
  // 2024-01-02T03:04:05.678Z
  ASSERT_EQ(ts.size(), 24u) << ts;
  EXPECT_EQ(ts[4], '-');
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts[19], '.');
  EXPECT_EQ(ts.back(), 'Z');

  const json second = json::parse(lines[1]);
  EXPECT_EQ(second.at("level"), "error");
  EXPECT_EQ(second.at("msg"), "boom");
  EXPECT_EQ(second.size(), 3u);  // ts, level, msg only
}

TEST(Logger, LevelNames) {
  std::ostringstream out;
  Logger log(out, Level::kDebug);
  log.Log(Level::kDebug, "d");
  log.Log(Level::kInfo, "i");
  log.Log(Level::kWarn, "w");
  log.Log(Level::kError, "e");
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(json::parse(lines[0]).at("level"), "debug");
  EXPECT_EQ(json::parse(lines[1]).at("level"), "info");
  EXPECT_EQ(json::parse(lines[2]).at("level"), "warn");
  EXPECT_EQ(json::parse(lines[3]).at("level"), "error");
}

TEST(Logger, FiltersBelowTheMinimumLevel) {
  std::ostringstream out;
  Logger log(out, Level::kWarn);
  EXPECT_FALSE(log.Enabled(Level::kDebug));
  EXPECT_FALSE(log.Enabled(Level::kInfo));
  EXPECT_TRUE(log.Enabled(Level::kWarn));
  EXPECT_TRUE(log.Enabled(Level::kError));
  log.Log(Level::kDebug, "hidden");
  log.Log(Level::kInfo, "hidden");
  log.Log(Level::kWarn, "shown");
  log.Log(Level::kError, "shown");
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) EXPECT_EQ(json::parse(line).at("msg"), "shown");
}

TEST(Logger, DefaultLevelIsInfoAndSetLevelChangesIt) {
  std::ostringstream out;
  Logger log(out);
  EXPECT_FALSE(log.Enabled(Level::kDebug));
  EXPECT_TRUE(log.Enabled(Level::kInfo));
  log.SetLevel(Level::kError);
  log.Log(Level::kWarn, "hidden");
  EXPECT_TRUE(out.str().empty());
  log.SetLevel(Level::kDebug);
  log.Log(Level::kDebug, "shown");
  EXPECT_EQ(Lines(out.str()).size(), 1u);
}

TEST(Logger, InvalidUtf8InMessageOrFieldDoesNotThrow) {
  std::ostringstream out;
  Logger log(out);
  ASSERT_NO_THROW(log.Log(Level::kInfo, "bad msg \xFF", {{"path", "/pokemon/\xC3"}, {"id", "\xED\xA0\x80"}}));
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  json line;
  ASSERT_NO_THROW(line = json::parse(lines[0])) << lines[0];
  const std::string path = line.at("path");
  EXPECT_EQ(path.rfind("/pokemon/", 0), 0u);
  EXPECT_NE(path.find("\xEF\xBF\xBD"), std::string::npos);  // replaced by U+FFFD
  EXPECT_NE(line.at("msg").get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(Logger, NewlinesInValuesDoNotBreakTheLine) {
  std::ostringstream out;
  Logger log(out);
  log.Log(Level::kInfo, "multi\nline", {{"detail", "a\nb\r\nc"}});
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(json::parse(lines[0]).at("detail"), "a\nb\r\nc");
}

TEST(Logger, NonObjectFieldsAreIgnored) {
  std::ostringstream out;
  Logger log(out);
  log.Log(Level::kInfo, "x", json::array({1, 2}));
  const json line = json::parse(Lines(out.str()).at(0));
  EXPECT_EQ(line.size(), 3u);
}

TEST(Logger, ConcurrentLoggingProducesWholeLines) {
  std::ostringstream out;
  Logger log(out);
  constexpr int kThreads = 4, kEach = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < kEach; ++i) {
        log.Log(Level::kInfo, "tick", {{"thread", t}, {"i", i}, {"padding", std::string(200, 'x')}});
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kEach));
  std::set<std::pair<int, int>> seen;
  for (const std::string& line : lines) {
    json j;
    ASSERT_NO_THROW(j = json::parse(line)) << line.substr(0, 200);
    seen.emplace(j.at("thread").get<int>(), j.at("i").get<int>());
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST(ParseLevel, AcceptsTheNamesInAnyCase) {
  EXPECT_EQ(ParseLevel("debug"), Level::kDebug);
  EXPECT_EQ(ParseLevel("DEBUG"), Level::kDebug);
  EXPECT_EQ(ParseLevel("Info"), Level::kInfo);
  EXPECT_EQ(ParseLevel("warn"), Level::kWarn);
  EXPECT_EQ(ParseLevel("WARNING"), Level::kWarn);
  EXPECT_EQ(ParseLevel("error"), Level::kError);
}

TEST(ParseLevel, RejectsAnythingElse) {
  for (const std::string_view bad : {"", "trace", "fatal", "err", "warnings", " info", "info "}) {
    EXPECT_EQ(ParseLevel(bad), std::nullopt) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace pdex::logging
