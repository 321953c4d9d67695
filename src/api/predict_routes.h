// POST /predict/best-move and GET /predict/model-info: thin handlers over
// prediction::RecommendBestMove.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "api/route_spec.h"
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

// `store`, `model` and `metrics` must outlive the handlers. `data_version`
// returns the store's current data version (see DataVersion); the handlers
// keep an in-memory catalog of that data set.
std::vector<RouteSpec> PredictionRoutes(store::Store& store, const prediction::BattleModel& model,
                                        metrics::ModelMetrics& metrics, std::function<std::string()> data_version);

}  // namespace pdex::api
