// Each scored battle of POST /predict/best-move becomes one event with the
// raw features of the model's reference file, through a real socket and the
// embedded mode's in-process channel.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <prometheus/registry.h>

#include <set>
#include <sstream>

#include "api/predict_routes.h"
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

TEST(PredictionEvents, OneEventPerMoveWithTheReferenceFeatures) {
  const auto model = prediction::BattleModel::Load(PDEX_SOURCE_MODELS_DIR);
  testing::TempDir dir;
  std::ostringstream log;
  logging::Logger logger(log);
  prometheus::Registry registry;
  auto channel = std::make_shared<events::InProcessChannel>(100);
  events::EventPublisher publisher(channel, api::PredictionEventSchema(model.version()), {}, registry, logger);
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

  // The publisher's default: one batch per send.
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
    EXPECT_EQ(e.prediction, e.probability > 0.5 ? 1 : 0);
    // The response prints the same float probability the event carries.
    bool found = false;
    for (const auto& [p, count] : probabilities) found = found || std::abs(p - e.probability) < 1e-6;
    EXPECT_TRUE(found) << e.probability;
  }
  EXPECT_EQ(ids.size(), 3u);
  publisher.Stop(std::chrono::steady_clock::now() + std::chrono::seconds(1));
}

}  // namespace
}  // namespace pdex
