// The API must compute, for a battle, bit for bit the feature vector the
// training pipeline computed for it. Training reads the CSV game data
// directly; the API reads the store (SQLite or PostgreSQL) and the request's
// move names. A skew anywhere on either path (store round trip, learnsets,
// name resolution, B's move choice) fails here.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>

#include "api_server.h"
#include "features/battle_features.h"
#include "prediction/catalog.h"
#include "prediction/recommend.h"
#include "test_support.h"
#include "training/dataset.h"
#include "backends.h"

namespace pdex {
namespace {

using testing::Backend;
using testing::BackendName;

class FeatureParityTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const std::string url = GetParam() == Backend::kSqlite ? "sqlite://" + (dir_.path() / "parity.sqlite3").string()
                                                           : testing::SharedPostgres().url();
    server_ = std::make_unique<testing::ApiServer>(url, std::vector<std::string>{}, std::chrono::seconds(15), &model_);
    catalog_ = std::make_unique<prediction::Catalog>(prediction::Catalog::FromStore(server_->store()));
  }

  static void ExpectSameFeatures(const features::BattleFeatures& served, const features::BattleFeatures& trained,
                                 const training::Example& e) {
    const std::string battle = std::to_string(e.a_id) + " vs " + std::to_string(e.b_id) + " (" +
                               std::to_string(e.a_move_id) + " vs " + std::to_string(e.b_move_id) + ")";
    EXPECT_EQ(0, std::memcmp(served.values.data(), trained.values.data(), sizeof served.values)) << battle;
    EXPECT_EQ(served.labels, trained.labels) << battle;
    const features::ModelRow a = features::ModelInput(served), b = features::ModelInput(trained);
    EXPECT_EQ(0, std::memcmp(a.data(), b.data(), sizeof a)) << battle;
  }

  const domain::GameData data_ = domain::LoadValidGameData(PDEX_SOURCE_DATA_DIR);
  const training::BattleWorld world_{data_};
  const prediction::BattleModel model_ = prediction::BattleModel::Load(PDEX_SOURCE_MODELS_DIR);
  testing::TempDir dir_;
  std::unique_ptr<testing::ApiServer> server_;
  std::unique_ptr<prediction::Catalog> catalog_;
};

// Every scenario's battle, asked of the API as A's move against B's single
// move (given by its French name): the vectors match the training rows.
TEST_P(FeatureParityTest, ServedFeaturesEqualTrainingFeaturesBitForBit) {
  training::DatasetOptions options;
  options.pair_fraction = 0.05;
  const std::vector<training::Example> examples = training::GenerateExamples(world_, options);
  ASSERT_GT(examples.size(), 30'000u);
  for (const training::Example& e : examples) {
    prediction::BestMoveQuery q{e.a_id, e.b_id, {data_.FindMove(e.a_move_id)->name_en},
                                std::vector<std::string>{data_.FindMove(e.b_move_id)->name_fr}};
    const prediction::Recommendation r = prediction::RecommendBestMove(*catalog_, model_, q);
    ASSERT_EQ(r.moves.size(), 1u);
    ExpectSameFeatures(r.moves[0].features, world_.FeaturesOf(e), e);
    if (HasFailure()) return;  // one battle's report is enough
  }
}

// With no available_moves_b the API picks B's best move from its learnset,
// as the best_move scenario did.
TEST_P(FeatureParityTest, OpponentsBestMoveFromTheStoreMatchesTraining) {
  training::DatasetOptions options;
  options.pair_fraction = 0.1;
  for (const training::Example& e : training::GenerateExamples(world_, options)) {
    if (e.scenario != training::Scenario::kBestMove) continue;
    std::vector<std::string> a_moves;
    for (const domain::Move* m : world_.UsableMoves(e.a_id)) {
      if (a_moves.size() < 20) a_moves.push_back(m->name_en);
    }
    const prediction::Recommendation r =
        prediction::RecommendBestMove(*catalog_, model_, {e.a_id, e.b_id, a_moves, std::nullopt});
    ASSERT_EQ(r.b_move.move->id, e.b_move_id) << e.a_id << " vs " << e.b_id;
    for (const prediction::MovePrediction& m : r.moves) {
      if (m.evaluation.move->id == e.a_move_id) ExpectSameFeatures(m.features, world_.FeaturesOf(e), e);
    }
    if (HasFailure()) return;
  }
}

// Through HTTP as well: the served probability is the model's probability
// for the training row, to the bit.
TEST_P(FeatureParityTest, ServedProbabilityEqualsTheModelsOnTheTrainingRow) {
  training::DatasetOptions options;
  options.pair_fraction = 0.002;
  testing::HttpConnection c(server_->port());
  int checked = 0;
  for (const training::Example& e : training::GenerateExamples(world_, options)) {
    const nlohmann::json body = {{"pokemon_a_id", e.a_id},
                                 {"pokemon_b_id", e.b_id},
                                 {"available_moves", {data_.FindMove(e.a_move_id)->name_fr}},
                                 {"available_moves_b", {data_.FindMove(e.b_move_id)->name_en}}};
    const auto reply = c.Send("POST", "/predict/best-move", body.dump());
    ASSERT_EQ(reply.status, 200) << reply.body;
    const features::ModelRow row = features::ModelInput(world_.FeaturesOf(e));
    float expected = 0;
    model_.Predict(&row, 1, &expected);
    const double served = nlohmann::json::parse(reply.body)["win_probability"].get<double>();
    ASSERT_EQ(static_cast<float>(served), expected) << body.dump();
    ++checked;
  }
  EXPECT_GT(checked, 1000);
}

INSTANTIATE_TEST_SUITE_P(Stores, FeatureParityTest, testing::BothBackends(),
                         BackendName);

}  // namespace
}  // namespace pdex
