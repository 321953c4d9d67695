// POST /predict/best-move and GET /predict/model-info: thin handlers over
// prediction::RecommendBestMove.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "api/route_spec.h"
#include "events/event.h"
#include "events/publisher.h"
#include "metrics/model_metrics.h"
#include "prediction/battle_model.h"
#include "prediction/recommend.h"
#include "store/store.h"

namespace pdex::api {

inline constexpr std::size_t kMaxMoves = 20;

// The request body, checked like the original FastAPI model: throws
// ValidationError naming each bad field (malformed JSON, wrong types,
// ids <= 0, move lists empty or longer than kMaxMoves).
prediction::BestMoveQuery ParseBestMoveQuery(std::string_view body);

// The response body of POST /predict/best-move.
void WriteRecommendation(JsonWriter& w, const prediction::Recommendation& r);

// The schema of the drift pipeline's events: the model version, the raw
// feature names the reference file has, in features::kFeatures order, and
// the categorical features' labels for these types (features::FeatureLabels).
events::EventSchema PredictionEventSchema(const std::string& model_version, const std::vector<domain::Type>& types);

// The drift pipeline's event of one scored battle, as columns: its raw
// features (numbers, and strings for categorical ones, whose numbers are
// their codes in the schema's labels), pointing into the move's features;
// the predicted winner (1: A) and P(A wins).
events::EventColumns PredictionEventOf(const prediction::MovePrediction& move,
                                       std::chrono::system_clock::time_point timestamp);

// `store`, `model`, `metrics` and `publisher` (nullable) must outlive the
// handlers. `data_version` returns the store's current data version (see
// DataVersion); the handlers keep an in-memory catalog of that data set.
// Each prediction offers one event per move scored to `publisher`, which
// never blocks.
std::vector<RouteSpec> PredictionRoutes(store::Store& store, const prediction::BattleModel& model,
                                        metrics::ModelMetrics& metrics, std::function<std::string()> data_version,
                                        events::EventPublisher* publisher = nullptr);

}  // namespace pdex::api
