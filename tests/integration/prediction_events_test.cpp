// Each scored battle of POST /predict/best-move becomes one event with the
// raw features of the model's reference file, through a real socket and the
// embedded mode's in-process channel.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <prometheus/registry.h>

#include <set>
#include <sstream>

#include "api/predict_routes.h"
#include "domain/game_data.h"
#include "features/battle_features.h"
#include "api_server.h"
#include "events/event_batch.h"
#include "events/event_codec.h"
#include "events/in_process_channel.h"
#include "events/publisher.h"
#include "parquet/reader.h"
#include "prediction/battle_model.h"
#include "test_support.h"

namespace pdex {
namespace {

using nlohmann::json;

class PredictionEvents : public ::testing::TestWithParam<events::EventFormat> {};

TEST_P(PredictionEvents, OneEventPerMoveWithTheReferenceFeatures) {
  const auto model = prediction::BattleModel::Load(PDEX_SOURCE_MODELS_DIR);
  const domain::GameData data = domain::LoadValidGameData(PDEX_SOURCE_DATA_DIR);
  testing::TempDir dir;
  std::ostringstream log;
  logging::Logger logger(log);
  prometheus::Registry registry;
  auto channel = std::make_shared<events::InProcessChannel>(100);
  events::PublisherOptions options;
  options.format = GetParam();
  events::EventPublisher publisher(channel, api::PredictionEventSchema(model.version(), data.types), options, registry,
                                   logger);
  testing::ApiServer server("sqlite://" + (dir.path() / "events.sqlite3").string(), {}, std::chrono::seconds(15),
                            &model, &publisher);

  testing::HttpConnection connection(server.port());
  const auto before = std::chrono::system_clock::now();
  const auto reply = connection.Send(
      "POST", "/predict/best-move",
      R"({"pokemon_a_id": 25, "pokemon_b_id": 7, "available_moves": ["Thunderbolt", "Quick Attack", "Thunder"]})",
      {{"Content-Type", "application/json"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json answer = json::parse(reply.body);

  // One batch per send.
  std::vector<events::DecodeResult> received;
  for (int i = 0; i < 100 && received.size() < 3; ++i) {
    for (const auto& payload : channel->Read(10, std::chrono::milliseconds(50))) {
      ASSERT_TRUE(events::IsEventBatch(payload.payload));
      const events::DecodedBatch batch = events::DecodeEventBatch(payload.payload);
      ASSERT_FALSE(batch.failure.has_value()) << batch.failure->detail;
      received.insert(received.end(), batch.events.begin(), batch.events.end());
    }
  }
  ASSERT_EQ(received.size(), 3u);

  // The feature columns of the reference, in file order.
  const parquet::Table reference =
      parquet::FileReader::Open(std::string(PDEX_SOURCE_MODELS_DIR) + "/reference.parquet").ReadAll();
  std::vector<std::string> reference_features;
  for (const auto& column : reference.columns()) {
    if (column.name() != "prediction" && column.name() != "probability") reference_features.push_back(column.name());
  }

  std::set<std::string> ids;
  std::map<double, int> probabilities;  // of the answer's moves
  for (const auto& move : answer.at("all_moves")) probabilities[move.at("win_probability").get<double>()]++;
  for (const auto& decoded : received) {
    ASSERT_TRUE(std::holds_alternative<events::PredictionEvent>(decoded));
    const auto& e = std::get<events::PredictionEvent>(decoded);
    ids.insert(e.event_id);
    EXPECT_EQ(e.model_version, model.version());
    EXPECT_GE(e.timestamp, before - std::chrono::milliseconds(1));
    EXPECT_LE(e.timestamp, std::chrono::system_clock::now());
    ASSERT_EQ(e.features.size(), reference_features.size());
    for (std::size_t i = 0; i < e.features.size(); ++i) {
      EXPECT_EQ(e.features[i].first, reference_features[i]);
      // Categorical features are strings in the reference and in the event.
      const bool is_string = reference.column(reference_features[i]).type().kind == parquet::TypeKind::kString;
      EXPECT_EQ(std::holds_alternative<std::string>(e.features[i].second), is_string) << reference_features[i];
    }
    // Categories arrive as their labels, whatever the format: Pikachu (Electric) against Squirtle (Water).
    const auto label = [&e](std::string_view name) {
      for (const auto& [feature, value] : e.features) {
        if (feature == name) return std::get<std::string>(value);
      }
      return std::string("(missing)");
    };
    EXPECT_EQ(label("a_type1"), "Electric");
    EXPECT_EQ(label("a_type2"), "none");
    EXPECT_EQ(label("b_type1"), "Water");
    const double power = std::get<double>(e.features.at(features::IndexOf("a_move_power")).second);
    if (power == 90) {  // Thunderbolt
      EXPECT_EQ(label("a_move_type"), "Electric");
      EXPECT_EQ(label("a_move_category"), "special");
    } else if (power == 40) {  // Quick Attack
      EXPECT_EQ(label("a_move_type"), "Normal");
      EXPECT_EQ(label("a_move_category"), "physical");
    }
    EXPECT_EQ(e.prediction, e.probability > 0.5 ? 1 : 0);
    // The response prints the same float probability the event carries.
    bool found = false;
    for (const auto& [p, count] : probabilities) found = found || std::abs(p - e.probability) < 1e-6;
    EXPECT_TRUE(found) << e.probability;
  }
  EXPECT_EQ(ids.size(), 3u);
  publisher.Stop(std::chrono::steady_clock::now() + std::chrono::seconds(1));
}

INSTANTIATE_TEST_SUITE_P(Formats, PredictionEvents, ::testing::Values(events::EventFormat::kRows, events::EventFormat::kBatch),
                         [](const auto& format) { return format.param == events::EventFormat::kRows ? "Rows" : "Batch"; });

// Every categorical value pdex-api can send is its code's label: over all
// Pokémon and moves of the game data, each battle's event columns name the
// same value by text (JSON, pdex-events/2) and by code (pdex-events/3).
TEST(PredictionEventColumns, EveryCategoryCodeIsItsLabelsInTheSchema) {
  const domain::GameData data = domain::LoadValidGameData(PDEX_SOURCE_DATA_DIR);
  const events::EventSchema schema = api::PredictionEventSchema("v", data.types);
  ASSERT_EQ(schema.labels.size(), features::kFeatureCount);
  const domain::TypeChart& chart = data.chart;
  std::size_t checked = 0;
  for (const domain::Move& move : data.moves) {
    const domain::Pokemon& a = data.pokemon.at(checked % data.pokemon.size());
    const domain::Pokemon& b = data.pokemon.at((checked * 7 + 3) % data.pokemon.size());
    prediction::MovePrediction scored;
    scored.features = features::Extract(a, battle::Evaluate(move, a, b, chart), b,
                                        battle::Evaluate(data.moves.front(), b, a, chart));
    const events::EventColumns columns = api::PredictionEventOf(scored, std::chrono::system_clock::now());
    for (std::size_t i = 0; i < features::kFeatureCount; ++i) {
      if (!columns.categorical[i]) continue;
      const auto code = static_cast<std::size_t>(columns.numbers[i]);
      ASSERT_LT(code, schema.labels[i].size()) << schema.feature_names[i];
      EXPECT_EQ(schema.labels[i][code], columns.texts[i]) << schema.feature_names[i] << " of " << move.name_en;
    }
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace pdex
