// POST /predict/best-move and GET /predict/model-info through a real socket,
// on both stores, with the committed model.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_server.h"
#include "prediction/battle_model.h"
#include "test_support.h"
#include "backends.h"

namespace pdex {
namespace {

using nlohmann::json;
using testing::ApiServer;
using testing::HttpConnection;

using testing::Backend;
using testing::BackendName;

class PredictApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  static void SetUpTestSuite() {
    model_ = new prediction::BattleModel(prediction::BattleModel::Load(PDEX_SOURCE_MODELS_DIR));
    sqlite_dir_ = new testing::TempDir();
  }
  static void TearDownTestSuite() {
    delete sqlite_;
    delete postgres_;
    delete sqlite_dir_;
    delete model_;
    sqlite_ = postgres_ = nullptr;
  }
  std::uint16_t Port() {
    ApiServer*& server = GetParam() == Backend::kSqlite ? sqlite_ : postgres_;
    if (server == nullptr) {
      const std::string url = GetParam() == Backend::kSqlite
                                  ? "sqlite://" + (sqlite_dir_->path() / "predict.sqlite3").string()
                                  : testing::SharedPostgres().url();
      server = new ApiServer(url, {}, std::chrono::seconds(15), model_);
    }
    return server->port();
  }
  json Post(const std::string& body, int expected_status) {
    HttpConnection c(Port());
    const auto r = c.Send("POST", "/predict/best-move", body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, expected_status) << body << " -> " << r.body;
    EXPECT_EQ(r.headers.count("content-type") ? r.headers.at("content-type") : "", "application/json");
    return json::parse(r.body);
  }

  static prediction::BattleModel* model_;
  static testing::TempDir* sqlite_dir_;
  static ApiServer* sqlite_;
  static ApiServer* postgres_;
};
prediction::BattleModel* PredictApiTest::model_ = nullptr;
testing::TempDir* PredictApiTest::sqlite_dir_ = nullptr;
ApiServer* PredictApiTest::sqlite_ = nullptr;
ApiServer* PredictApiTest::postgres_ = nullptr;

TEST_P(PredictApiTest, RecommendsThunderboltForPikachuAgainstSquirtle) {
  const json r = Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7,
                          "available_moves": ["Thunderbolt", "Quick Attack"], "available_moves_b": ["Surf"]})",
                      200);
  EXPECT_EQ(r["pokemon_a_id"], 25);
  EXPECT_EQ(r["pokemon_a_name"], "Pikachu");
  EXPECT_EQ(r["pokemon_b_id"], 7);
  EXPECT_EQ(r["pokemon_b_name"], "Squirtle");
  EXPECT_EQ(r["recommended_move"], "Thunderbolt");
  ASSERT_EQ(r["all_moves"].size(), 2u);
  const json& best = r["all_moves"][0];
  EXPECT_EQ(best["move_name"], "Thunderbolt");
  EXPECT_EQ(best["move_type"], "Electric");
  EXPECT_EQ(best["move_power"], 90);
  EXPECT_EQ(best["effective_power"], 90.0);
  EXPECT_EQ(best["type_multiplier"], 2.0);
  EXPECT_EQ(best["stab"], 1.5);
  EXPECT_EQ(best["priority"], 0);
  EXPECT_EQ(best["score"], 270.0);
  EXPECT_EQ(best["predicted_winner"], "A");
  EXPECT_EQ(r["win_probability"], best["win_probability"]);
  EXPECT_GT(best["win_probability"].get<double>(), 0.5);
  EXPECT_EQ(r["all_moves"][1]["move_name"], "Quick Attack");
  EXPECT_EQ(r["all_moves"][1]["priority"], 1);
  EXPECT_GE(best["win_probability"].get<double>(), r["all_moves"][1]["win_probability"].get<double>());
}

TEST_P(PredictApiTest, AcceptsFrenchNamesInAnyCaseAndAccentsAndCountsDuplicatesOnce) {
  const json r = Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7,
                          "available_moves": ["TONNERRE", "vive-attaque", "Thunderbolt", "Éclair"]})",
                      200);
  ASSERT_EQ(r["all_moves"].size(), 3u) << r.dump();
  std::set<std::string> names;
  for (const json& m : r["all_moves"]) names.insert(m["move_name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"Thunderbolt", "Quick Attack", "Thunder Shock"}));
  // Sorted by win probability, highest first.
  for (std::size_t i = 1; i < r["all_moves"].size(); ++i) {
    EXPECT_GE(r["all_moves"][i - 1]["win_probability"].get<double>(), r["all_moves"][i]["win_probability"].get<double>());
  }
  EXPECT_TRUE(r.contains("opponent_move"));
}

TEST_P(PredictApiTest, RejectsUnknownPokemonWith404) {
  EXPECT_EQ(Post(R"({"pokemon_a_id": 9999, "pokemon_b_id": 7, "available_moves": ["Tackle"]})", 404)["detail"],
            "Pokémon 9999 not found");
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 4242, "available_moves": ["Tackle"]})", 404)["detail"],
            "Pokémon 4242 not found");
}

TEST_P(PredictApiTest, RejectsBadFieldsWith422NamingThem) {
  const auto fields_of = [](const json& r) {
    std::set<std::string> fields;
    for (const json& e : r["detail"]) fields.insert(e["loc"].back().get<std::string>());
    return fields;
  };
  EXPECT_EQ(fields_of(Post(R"({"pokemon_a_id": 0, "pokemon_b_id": -3, "available_moves": ["Tackle"]})", 422)),
            (std::set<std::string>{"pokemon_a_id", "pokemon_b_id"}));
  EXPECT_EQ(fields_of(Post(R"({"pokemon_a_id": "25", "pokemon_b_id": 7.5, "available_moves": "Tackle"})", 422)),
            (std::set<std::string>{"pokemon_a_id", "pokemon_b_id", "available_moves"}));
  EXPECT_EQ(fields_of(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": []})", 422)),
            (std::set<std::string>{"available_moves"}));
  json many = json::array();
  for (int i = 0; i < 21; ++i) many.push_back("Tackle");
  const json too_long = Post(json{{"pokemon_a_id", 25}, {"pokemon_b_id", 7}, {"available_moves", many}}.dump(), 422);
  EXPECT_EQ(too_long["detail"][0]["type"], "too_long");
  EXPECT_EQ(fields_of(Post(R"({"pokemon_b_id": 7})", 422)), (std::set<std::string>{"pokemon_a_id", "available_moves"}));
  EXPECT_EQ(fields_of(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Tackle", 3]})", 422)),
            (std::set<std::string>{"available_moves"}));
  EXPECT_EQ(fields_of(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Tackle"],
                               "available_moves_b": []})", 422)),
            (std::set<std::string>{"available_moves_b"}));
  EXPECT_EQ(Post("{not json", 422)["detail"][0]["type"], "json_invalid");
  EXPECT_EQ(Post("[1, 2]", 422)["detail"][0]["loc"], json::array({"body"}));
}

TEST_P(PredictApiTest, ListsUnknownUnlearnableAndStatusMoves) {
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Foo", "Bar"]})", 422)["detail"],
            "unknown moves in available_moves: Foo, Bar");
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Fly", "Growl"]})", 422)["detail"],
            "available_moves: moves Pikachu cannot learn: Fly; moves that deal no damage from a power (status, fixed "
            "damage, one-hit KO): Growl");
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt"], "available_moves_b": ["Thunderbolt"]})", 422)["detail"],
            "available_moves_b: moves Squirtle cannot learn: Thunderbolt");
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt"], "available_moves_b": ["Nope"]})", 422)["detail"],
            "unknown moves in available_moves_b: Nope");
}

TEST_P(PredictApiTest, RejectsAnOpponentWithoutDamagingMove) {
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 132, "available_moves": ["Thunderbolt"]})", 422)["detail"],
            "Ditto has no damaging move");
  EXPECT_EQ(Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt"], "available_moves_b": ["Tail Whip"]})", 422)["detail"],
            "Squirtle has no damaging move among available_moves_b");
}

TEST_P(PredictApiTest, ModelInfoDescribesTheServedModel) {
  HttpConnection c(Port());
  const auto reply = c.Get("/predict/model-info");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json info = json::parse(reply.body);
  EXPECT_EQ(info["model_type"], "XGBClassifier");
  EXPECT_EQ(info["version"], model_->version());
  EXPECT_EQ(info["n_features"], 38);
  EXPECT_EQ(info["feature_names"].size(), 38u);
  EXPECT_EQ(info["trained_at"], model_->trained_at());
  EXPECT_GE(info["metrics"]["test"]["accuracy"].get<double>(), 0.97);
  EXPECT_GE(info["metrics"]["test"]["roc_auc"].get<double>(), 0.996);
  EXPECT_EQ(info["hyperparameters"]["max_depth"], 10);
}

TEST_P(PredictApiTest, CountsPredictionsInMetrics) {
  HttpConnection c(Port());
  const auto value_of = [&c](const std::string& series) {
    const std::string text = c.Get("/metrics").body;
    const auto at = text.find("\n" + series + " ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + series.size() + 2));
  };
  const std::string version = "{model_version=\"" + model_->version() + "\"}";
  const double before = std::max(0.0, value_of("model_predictions_total" + version));
  const double calls_before = std::max(0.0, value_of("model_prediction_duration_seconds_count" + version));
  Post(R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Quick Attack", "Thunder Shock"]})",
       200);
  EXPECT_EQ(value_of("model_predictions_total" + version), before + 3);
  EXPECT_EQ(value_of("model_prediction_duration_seconds_count" + version), calls_before + 1);
  EXPECT_GE(value_of("model_confidence_score_count" + version), 3);
  EXPECT_GE(value_of("model_win_probability_count" + version), 3);
  EXPECT_EQ(value_of("model_info{model_version=\"" + model_->version() + "\",trained_at=\"" + model_->trained_at() +
                     "\"}"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Stores, PredictApiTest, testing::BothBackends(), BackendName);

}  // namespace
}  // namespace pdex
