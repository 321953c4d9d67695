// The pure parts of pdex loadgen: request bodies, the open-loop schedule,
// the tally and its summary, the --url parser. The sending itself runs
// against a real pdex-api in tests/e2e/loadgen_test.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/game_data.h"
#include "loadgen/body_generator.h"
#include "loadgen/http_url.h"
#include "loadgen/schedule.h"
#include "loadgen/tally.h"
#include "training/dataset.h"

namespace pdex::loadgen {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

const training::BattleWorld& World() {
  static const domain::GameData data = domain::LoadValidGameData(PDEX_SOURCE_DATA_DIR);
  static const training::BattleWorld world(data);
  return world;
}

const domain::Pokemon* Fighter(int id) {
  for (const domain::Pokemon* p : World().fighters()) {
    if (p->id == id) return p;
  }
  return nullptr;
}

const domain::Move* UsableMoveNamed(int pokemon_id, const std::string& name) {
  for (const domain::Move* m : World().UsableMoves(pokemon_id)) {
    if (m->name_en == name) return m;
  }
  return nullptr;
}

constexpr BodyMode kModes[] = {BodyMode::kUniform, BodyMode::kTraining, BodyMode::kShifted, BodyMode::kDrift};

// --- Bodies ----------------------------------------------------------------

TEST(BodyMode, NamesRoundTrip) {
  for (const BodyMode mode : kModes) EXPECT_EQ(ParseBodyMode(ToString(mode)), mode);
  EXPECT_EQ(ToString(BodyMode::kDrift), "drift");
  EXPECT_FALSE(ParseBodyMode("Training"));
  EXPECT_FALSE(ParseBodyMode(""));
}

TEST(BodyGenerator, BodiesAreRequestsOfExistingPokemonAndUsableMoves) {
  for (const BodyMode mode : kModes) {
    SCOPED_TRACE(std::string(ToString(mode)));
    BodyGenerator bodies(World(), mode, 3);
    for (int i = 0; i < 500; ++i) {
      const nlohmann::json body = nlohmann::json::parse(bodies.Next());
      ASSERT_TRUE(body.is_object());
      const domain::Pokemon* a = Fighter(body.at("pokemon_a_id").get<int>());
      const domain::Pokemon* b = Fighter(body.at("pokemon_b_id").get<int>());
      ASSERT_NE(a, nullptr) << body;
      ASSERT_NE(b, nullptr) << body;
      const auto& a_moves = body.at("available_moves");
      ASSERT_TRUE(a_moves.is_array());
      if (mode == BodyMode::kUniform) {
        EXPECT_EQ(a_moves.size(), std::min<std::size_t>(4, World().UsableMoves(a->id).size())) << body;
      } else {
        EXPECT_EQ(a_moves.size(), 1U) << body;
      }
      std::set<std::string> distinct;
      for (const auto& name : a_moves) {
        EXPECT_NE(UsableMoveNamed(a->id, name.get<std::string>()), nullptr) << body;
        distinct.insert(name.get<std::string>());
      }
      EXPECT_EQ(distinct.size(), a_moves.size()) << body;
      if (mode == BodyMode::kUniform) {
        EXPECT_FALSE(body.contains("available_moves_b")) << body;
        EXPECT_EQ(body.size(), 3U);
      } else {
        const auto& b_moves = body.at("available_moves_b");
        ASSERT_EQ(b_moves.size(), 1U) << body;
        EXPECT_NE(UsableMoveNamed(b->id, b_moves[0].get<std::string>()), nullptr) << body;
        EXPECT_EQ(body.size(), 4U);
      }
    }
  }
}

TEST(BodyGenerator, ToJsonWritesTheRequestBody) {
  const domain::Pokemon* a = World().fighters().front();
  const domain::Pokemon* b = World().fighters().back();
  Battle battle{a, b, {World().UsableMoves(a->id).front()}, {}};
  const std::string a_move = battle.a_moves[0]->name_en;
  EXPECT_EQ(ToJson(battle), "{\"available_moves\":[\"" + a_move + "\"],\"pokemon_a_id\":" + std::to_string(a->id) +
                                ",\"pokemon_b_id\":" + std::to_string(b->id) + "}");
  battle.b_moves = {World().UsableMoves(b->id).back()};
  EXPECT_EQ(ToJson(battle), "{\"available_moves\":[\"" + a_move + "\"],\"available_moves_b\":[\"" +
                                battle.b_moves[0]->name_en + "\"],\"pokemon_a_id\":" + std::to_string(a->id) +
                                ",\"pokemon_b_id\":" + std::to_string(b->id) + "}");
}

TEST(BodyGenerator, SameSeedSameBodies) {
  for (const BodyMode mode : kModes) {
    BodyGenerator x(World(), mode, 42), y(World(), mode, 42), z(World(), mode, 43);
    bool differs = false;
    for (int i = 0; i < 200; ++i) {
      const std::string body = x.Next();
      EXPECT_EQ(body, y.Next());
      differs = differs || body != z.Next();
    }
    EXPECT_TRUE(differs) << ToString(mode);
  }
}

TEST(BodyGenerator, ShiftedPitsTheStrongestFifthAgainstTheWeakest) {
  BodyGenerator bodies(World(), BodyMode::kShifted, 5);
  int weakest_a = std::numeric_limits<int>::max(), strongest_b = 0;
  for (int i = 0; i < 500; ++i) {
    const Battle battle = bodies.NextBattle();
    weakest_a = std::min(weakest_a, battle.a->stats.Total());
    strongest_b = std::max(strongest_b, battle.b->stats.Total());
  }
  EXPECT_GT(weakest_a, strongest_b);
}

struct TrafficStats {
  double drift_type_share_a = 0;  // battles whose A has a Fire or Dragon type
  double drift_type_share_b = 0;
  double mean_a_power = 0;        // base power of A's move
};

TrafficStats Measure(BodyMode mode, int count) {
  BodyGenerator bodies(World(), mode, 1);
  TrafficStats stats;
  for (int i = 0; i < count; ++i) {
    const Battle battle = bodies.NextBattle();
    stats.drift_type_share_a += HasDriftType(*battle.a) ? 1 : 0;
    stats.drift_type_share_b += HasDriftType(*battle.b) ? 1 : 0;
    stats.mean_a_power += *battle.a_moves.at(0)->power;
  }
  stats.drift_type_share_a /= count;
  stats.drift_type_share_b /= count;
  stats.mean_a_power /= count;
  return stats;
}

TEST(BodyGenerator, HasDriftTypeReadsBothTypes) {
  int fire = 0, dragon = 0;
  for (const domain::Pokemon* p : World().fighters()) {
    const bool second = p->type2 && (p->type2->name_en == "Fire" || p->type2->name_en == "Dragon");
    const bool first = p->type1.name_en == "Fire" || p->type1.name_en == "Dragon";
    EXPECT_EQ(HasDriftType(*p), first || second) << p->name_en;
    fire += p->name_en == "Charizard" && HasDriftType(*p) ? 1 : 0;
    dragon += p->name_en == "Dragonite" && HasDriftType(*p) ? 1 : 0;  // Dragon/Flying
  }
  EXPECT_GE(fire, 1);
  EXPECT_GE(dragon, 1);
}

TEST(BodyGenerator, DriftSkewsTypesAndMovePower) {
  double base = 0;  // the share of Fire or Dragon among the fighters
  for (const domain::Pokemon* p : World().fighters()) base += HasDriftType(*p) ? 1 : 0;
  base /= static_cast<double>(World().fighters().size());
  ASSERT_GT(base, 0.05);
  ASSERT_LT(base, 0.2);

  const TrafficStats training = Measure(BodyMode::kTraining, 2000);
  const TrafficStats drift = Measure(BodyMode::kDrift, 2000);
  // A seeded sample of 2000: well within 0.03 (over 3 standard deviations) of the expected share.
  EXPECT_NEAR(training.drift_type_share_a, base, 0.03);
  EXPECT_NEAR(training.drift_type_share_b, base, 0.03);
  const double expected = kDriftShare + (1 - kDriftShare) * base;
  EXPECT_NEAR(drift.drift_type_share_a, expected, 0.03);
  EXPECT_NEAR(drift.drift_type_share_b, expected, 0.03);
  EXPECT_GT(drift.drift_type_share_a, 0.75);
  EXPECT_LT(training.drift_type_share_a, 0.2);
  // The strongest move against a random one: far above on average.
  EXPECT_GT(drift.mean_a_power, 1.5 * training.mean_a_power)
      << "drift " << drift.mean_a_power << ", training " << training.mean_a_power;
}

TEST(BodyGenerator, DriftGivesAItsMostPowerfulMove) {
  BodyGenerator bodies(World(), BodyMode::kDrift, 9);
  for (int i = 0; i < 300; ++i) {
    const Battle battle = bodies.NextBattle();
    ASSERT_EQ(battle.a_moves.size(), 1U);
    const domain::Move& chosen = *battle.a_moves[0];
    for (const domain::Move* m : World().UsableMoves(battle.a->id)) {
      EXPECT_TRUE(*m->power < *chosen.power || (*m->power == *chosen.power && m->id >= chosen.id))
          << battle.a->name_en << ": " << m->name_en << " over " << chosen.name_en;
    }
  }
}

// --- Schedule --------------------------------------------------------------

TEST(Schedule, RateTimesDurationSendTimesSpacedOneOverRate) {
  const Schedule s(50, 3);
  ASSERT_EQ(s.size(), 150U);
  EXPECT_EQ(s.duration(), std::chrono::seconds(3));
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.At(i), milliseconds(20) * static_cast<long>(i));

  const Schedule odd(7, 3);  // 1/7 s is no whole number of nanoseconds
  ASSERT_EQ(odd.size(), 21U);
  EXPECT_EQ(odd.At(0), nanoseconds(0));
  for (std::size_t i = 1; i < odd.size(); ++i) {
    EXPECT_NEAR(static_cast<double>((odd.At(i) - odd.At(i - 1)).count()), 1e9 / 7, 1.0);
  }
  EXPECT_LT(odd.At(odd.size() - 1), odd.duration());
}

TEST(Schedule, CountsWholeProductsExactly) {
  EXPECT_EQ(Schedule(20, 30).size(), 600U);
  EXPECT_EQ(Schedule(0.1, 30).size(), 3U);   // 0.1 x 30 is 3.0000000000000004 in doubles
  EXPECT_EQ(Schedule(0.7, 10).size(), 7U);   // and 0.7 x 10 is 7.000000000000001
  EXPECT_EQ(Schedule(1000, 0.001).size(), 1U);
  // Otherwise every i with i / rate < duration: 0 s and 2 s within 3 s.
  EXPECT_EQ(Schedule(0.5, 3).size(), 2U);
  EXPECT_EQ(Schedule(3, 0.1).size(), 1U);
}

TEST(Schedule, RejectsWhatCannotRun) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [rate, duration] : std::vector<std::pair<double, double>>{
           {0, 1}, {-1, 1}, {nan, 1}, {inf, 1}, {1, 0}, {1, -2}, {1, nan}, {1, inf}, {1e6, 1e3}}) {
    EXPECT_THROW(Schedule(rate, duration), std::invalid_argument) << rate << " " << duration;
  }
  EXPECT_EQ(Schedule(1e4, 1e3).size(), kMaxPlannedRequests);
}

// --- Tally -----------------------------------------------------------------

TEST(Tally, PercentilesByNearestRankAcrossMergedTallies) {
  std::vector<int> values(100);
  for (int i = 0; i < 100; ++i) values[static_cast<std::size_t>(i)] = i + 1;
  std::shuffle(values.begin(), values.end(), std::mt19937(4));
  Tally first, second;
  for (std::size_t i = 0; i < values.size(); ++i) (i % 3 == 0 ? first : second).Answered(200, milliseconds(values[i]));
  first.Merge(second);
  const Summary s = first.Summarize(std::chrono::seconds(10), 10);
  ASSERT_TRUE(s.latency);
  EXPECT_EQ(s.latency->p50, milliseconds(50));
  EXPECT_EQ(s.latency->p95, milliseconds(95));
  EXPECT_EQ(s.latency->p99, milliseconds(99));
  EXPECT_EQ(s.latency->max, milliseconds(100));
  EXPECT_EQ(s.sent, 100U);
  EXPECT_EQ(s.ok, 100U);
  EXPECT_DOUBLE_EQ(s.achieved_rate(), 10);
}

TEST(Tally, PercentilesOfFewValues) {
  Tally t;
  for (const int ms : {5, 1, 3}) t.Answered(200, milliseconds(ms));
  const Summary s = t.Summarize(std::chrono::seconds(1), 3);
  EXPECT_EQ(s.latency->p50, milliseconds(3));  // rank ceil(1.5) = 2
  EXPECT_EQ(s.latency->p95, milliseconds(5));
  EXPECT_EQ(s.latency->p99, milliseconds(5));
  EXPECT_EQ(s.latency->max, milliseconds(5));

  Tally one;
  one.Answered(500, milliseconds(7));
  const Summary single = one.Summarize(std::chrono::seconds(1), 1);
  EXPECT_EQ(single.latency->p50, milliseconds(7));
  EXPECT_EQ(single.latency->max, milliseconds(7));
}

TEST(Tally, CountsByOutcome) {
  Tally t, other;
  for (const int status : {200, 200, 201, 404, 503}) t.Answered(status, milliseconds(1));
  other.Answered(200, milliseconds(2));
  other.Answered(404, milliseconds(2));
  t.Failed("Connection refused");
  other.Failed("Connection refused");
  other.Failed("The socket was closed due to a timeout");
  t.Late();
  other.Late();
  other.Late();
  t.Merge(other);
  const Summary s = t.Summarize(std::chrono::seconds(2), 5);
  EXPECT_EQ(s.ok, 4U);
  EXPECT_EQ(s.non_2xx, 3U);
  EXPECT_EQ(s.errors, 3U);
  EXPECT_EQ(s.failed(), 6U);
  EXPECT_EQ(s.sent, 10U);
  EXPECT_EQ(s.late, 3U);
  EXPECT_EQ(s.statuses, (std::map<int, std::size_t>{{200, 3}, {201, 1}, {404, 2}, {503, 1}}));
  EXPECT_EQ(s.error_kinds,
            (KindCounts{{"Connection refused", 2}, {"The socket was closed due to a timeout", 1}}));
  EXPECT_DOUBLE_EQ(s.achieved_rate(), 5);
  EXPECT_DOUBLE_EQ(s.target_rate, 5);
}

TEST(Tally, NoAnswerNoLatency) {
  Tally t;
  t.Failed("Connection refused");
  const Summary s = t.Summarize(nanoseconds(0), 1);
  EXPECT_FALSE(s.latency);
  EXPECT_EQ(s.sent, 1U);
  EXPECT_EQ(s.achieved_rate(), 0);
}

Summary SampleSummary() {
  Tally t;
  for (int i = 1; i <= 598; ++i) t.Answered(200, std::chrono::microseconds(2100));
  t.Answered(422, std::chrono::microseconds(4000));
  t.Failed("Connection refused");
  t.Late();
  return t.Summarize(std::chrono::seconds(30), 20);
}

TEST(Summary, Text) {
  EXPECT_EQ(FormatText(SampleSummary()),
            "loadgen: 600 requests in 30.0 s (20.0/s, target 20/s), 598 ok, 2 failed (non-2xx 1, errors 1), 1 late; "
            "latency p50 2.1 ms p95 2.1 ms p99 2.1 ms max 4.0 ms\n"
            "  status 422: 1\n"
            "  error Connection refused: 1\n");
  Tally none;
  none.Late();
  EXPECT_EQ(FormatText(none.Summarize(std::chrono::milliseconds(2500), 0.5)),
            "loadgen: 0 requests in 2.5 s (0.0/s, target 0.5/s), 0 ok, 0 failed (non-2xx 0, errors 0), 1 late; "
            "latency n/a (no answer)\n");
}

TEST(Summary, Json) {
  const nlohmann::json j = nlohmann::json::parse(FormatJson(SampleSummary()));
  EXPECT_EQ(j.at("sent"), 600);
  EXPECT_EQ(j.at("ok"), 598);
  EXPECT_EQ(j.at("failed"), 2);
  EXPECT_EQ(j.at("non_2xx"), 1);
  EXPECT_EQ(j.at("errors"), 1);
  EXPECT_EQ(j.at("late"), 1);
  EXPECT_EQ(j.at("statuses"), (nlohmann::json{{"200", 598}, {"422", 1}}));
  EXPECT_EQ(j.at("error_kinds"), (nlohmann::json{{"Connection refused", 1}}));
  EXPECT_DOUBLE_EQ(j.at("elapsed_seconds").get<double>(), 30);
  EXPECT_DOUBLE_EQ(j.at("target_rate").get<double>(), 20);
  EXPECT_DOUBLE_EQ(j.at("achieved_rate").get<double>(), 20);
  EXPECT_DOUBLE_EQ(j.at("latency_seconds").at("p50").get<double>(), 0.0021);
  EXPECT_DOUBLE_EQ(j.at("latency_seconds").at("max").get<double>(), 0.004);

  Tally none;
  none.Failed("\xff not UTF-8");
  const nlohmann::json empty = nlohmann::json::parse(FormatJson(none.Summarize(std::chrono::seconds(1), 1)));
  EXPECT_TRUE(empty.at("latency_seconds").is_null());
  EXPECT_EQ(empty.at("errors"), 1);
}

// --- URL -------------------------------------------------------------------

TEST(HttpUrl, ParsesHostPortAndPath) {
  HttpUrl u = ParseHttpUrl("http://127.0.0.1:8000");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 8000);
  EXPECT_EQ(u.base_path, "");
  EXPECT_EQ(u.HostHeader(), "127.0.0.1:8000");
  EXPECT_EQ(u.Target("/predict/best-move"), "/predict/best-move");

  u = ParseHttpUrl("http://api.example/");
  EXPECT_EQ(u.host, "api.example");
  EXPECT_EQ(u.port, 80);
  EXPECT_EQ(u.HostHeader(), "api.example");
  EXPECT_EQ(u.Target("/predict/best-move"), "/predict/best-move");

  u = ParseHttpUrl("http://localhost:9000/pdex/v2//");
  EXPECT_EQ(u.base_path, "/pdex/v2");
  EXPECT_EQ(u.Target("/predict/best-move"), "/pdex/v2/predict/best-move");

  u = ParseHttpUrl("http://[::1]:9000");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, 9000);
  EXPECT_EQ(u.HostHeader(), "[::1]:9000");
  EXPECT_EQ(ParseHttpUrl("http://[::1]").port, 80);
}

TEST(HttpUrl, RefusesAnythingButPlainHttp) {
  for (const char* url : {"https://127.0.0.1:8000", "ftp://h", "127.0.0.1:8000", "", "http://", "http://:80",
                          "http://h:", "http://h:0", "http://h:65536", "http://h:80x", "http://h:-1",
                          "http://user@h", "http://h/?q=1", "http://h#top", "http://[::1", "http://[::1]x",
                          "http://[::1]:", "http://[]:80"}) {
    EXPECT_THROW(ParseHttpUrl(url), UrlError) << url;
  }
  try {
    ParseHttpUrl("https://127.0.0.1:8000");
    FAIL();
  } catch (const UrlError& e) {
    EXPECT_STREQ(e.what(), "bad URL 'https://127.0.0.1:8000': only http:// is supported");
  }
}

}  // namespace
}  // namespace pdex::loadgen
