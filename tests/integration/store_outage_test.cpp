// PostgreSQL stopped under a running API: fast 503s, /health stays up, /ready
// turns 503, and everything recovers by itself when the database returns.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "api/service.h"
#include "domain/game_data.h"
#include "http/server.h"
#include "prediction/battle_model.h"
#include "store/open_store.h"
#include "test_support.h"

namespace pdex {
namespace {

using Clock = std::chrono::steady_clock;

// pdex-api on a loopback port over its own PostgreSQL cluster, loaded with
// the game data, re-reading the data version every 50 ms. With `model`
// (which must outlive it), the prediction routes too.
struct ApiOverPostgres {
  explicit ApiOverPostgres(const prediction::BattleModel* model = nullptr) {
    pg.Start();
    db = store::OpenStore(pg.url(), 4);
    db->Migrate();
    db->Load(domain::LoadGameData(PDEX_SOURCE_DATA_DIR));
    api::ServiceOptions options;
    options.data_version_check = std::chrono::milliseconds(50);
    options.model = model;
    service.emplace(*db, logger, options);
    service->SetStoreReady(true);
    http::ServerOptions server_options;
    server_options.address = "127.0.0.1";
    server_options.port = 0;
    server.emplace(server_options, *service);
    server->Start();
  }

  testing::PostgresServer pg;
  std::ostringstream log;
  logging::Logger logger{log};
  std::unique_ptr<store::Store> db;
  std::optional<api::ApiService> service;
  std::optional<http::Server> server;
};

TEST(StoreOutageTest, ServesFast503sAndRecoversByItself) {
  ApiOverPostgres api;
  testing::PostgresServer& pg = api.pg;
  testing::HttpConnection c(api.server->port());
  ASSERT_EQ(c.Get("/pokemon/25").status, 200);
  ASSERT_EQ(c.Get("/ready").status, 200);

  pg.Stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // past the version check interval
  for (const char* route : {"/pokemon/25", "/pokemon/26", "/moves/id/85", "/types/"}) {
    const auto start = Clock::now();
    EXPECT_EQ(c.Get(route).status, 503) << route;
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(1)) << route << " must fail fast";
  }
  EXPECT_EQ(c.Get("/health").status, 200);
  EXPECT_EQ(c.Get("/ready").status, 503);
  EXPECT_NE(c.Get("/metrics").body.find("error_type=\"unavailable\""), std::string::npos);

  pg.Start();
  const auto deadline = Clock::now() + std::chrono::seconds(15);
  int status = 0;
  while (Clock::now() < deadline && (status = c.Get("/pokemon/27").status) != 200) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200) << "no recovery after PostgreSQL came back";
  EXPECT_EQ(c.Get("/ready").status, 200);
  EXPECT_EQ(c.Get("/pokemon/25").status, 200);

  // A database recreated empty: "not ready" (503), never a 500.
  ASSERT_TRUE(testing::ResetPostgresDatabase(pg.url()));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(c.Get("/pokemon/28").status, 503);
  EXPECT_EQ(c.Get("/ready").status, 503);
  EXPECT_EQ(c.Get("/health").status, 200);
}

// Predictions need only the game data the API holds in memory: they go on
// while PostgreSQL is down, counted, and the data routes fail fast meanwhile.
TEST(StoreOutageTest, PredictionsGoOnFromMemoryWhileTheDatabaseIsDown) {
  const prediction::BattleModel model = prediction::BattleModel::Load(PDEX_SOURCE_MODELS_DIR);
  ApiOverPostgres api(&model);
  testing::PostgresServer& pg = api.pg;
  const std::ostringstream& log = api.log;
  testing::HttpConnection c(api.server->port());
  const std::string body = R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Quick Attack"]})";
  const auto predict = [&] {
    return c.Send("POST", "/predict/best-move", body, {{"Content-Type", "application/json"}});
  };
  const auto before = predict();
  ASSERT_EQ(before.status, 200) << before.body;
  const auto without_database = [&] {
    const std::string metrics = c.Get("/metrics").body;
    const std::string name = "\npredictions_without_database_total ";
    const auto at = metrics.find(name);
    return at == std::string::npos ? -1.0 : std::stod(metrics.substr(at + name.size()));
  };
  EXPECT_EQ(without_database(), 0);

  pg.Stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // past the version check interval
  for (int i = 0; i < 5; ++i) {
    const auto during = predict();
    EXPECT_EQ(during.status, 200) << during.body;
    EXPECT_EQ(during.body, before.body) << "the same answer from the data in memory";
  }
  EXPECT_EQ(c.Get("/pokemon/25").status, 503) << "data routes still need the database";
  EXPECT_EQ(c.Get("/ready").status, 503);
  EXPECT_EQ(without_database(), 5);
  EXPECT_EQ(log.str().find("predictions go on from the game data in memory"),
            log.str().rfind("predictions go on from the game data in memory"))
      << "logged once per outage:\n" << log.str();

  pg.Start();
  const auto deadline = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < deadline && c.Get("/ready").status != 200) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(predict().status, 200);
  EXPECT_EQ(without_database(), 5) << "back on the database";
  EXPECT_NE(log.str().find("database reachable again"), std::string::npos) << log.str();
}

}  // namespace
}  // namespace pdex
