#include "api/predict_routes.h"

#include <memory>

#include <nlohmann/json.hpp>

#include "api/errors.h"

namespace pdex::api {
namespace {

using nlohmann::json;

FieldError BodyField(std::string field, std::string message, std::string type) {
  return FieldError{"body", std::move(field), std::move(message), std::move(type)};
}

constexpr int kMaxId = 1'000'000;

// A positive integer id, or an error for `errors`.
int ParseId(const json& body, const std::string& field, std::vector<FieldError>& errors) {
  const auto it = body.find(field);
  if (it == body.end()) {
    errors.push_back(BodyField(field, "Field required", "missing"));
  } else if (!it->is_number_integer()) {
    errors.push_back(BodyField(field, "Input should be a valid integer", "int_type"));
  } else if (const long double id = it->is_number_unsigned() ? static_cast<long double>(it->get<std::uint64_t>())
                                                             : static_cast<long double>(it->get<std::int64_t>());
             id < 1 || id > kMaxId) {
    errors.push_back(BodyField(field, "Input should be greater than 0 (and at most " + std::to_string(kMaxId) + ")",
                               "greater_than"));
  } else {
    return static_cast<int>(it->get<std::int64_t>());
  }
  return 0;
}

// 1..kMaxMoves strings.
std::vector<std::string> ParseMoveList(const json& value, const std::string& field, std::vector<FieldError>& errors) {
  std::vector<std::string> names;
  if (!value.is_array()) {
    errors.push_back(BodyField(field, "Input should be a valid list", "list_type"));
    return names;
  }
  if (value.empty()) {
    errors.push_back(BodyField(field, "List should have at least 1 item", "too_short"));
  } else if (value.size() > kMaxMoves) {
    errors.push_back(BodyField(field, "List should have at most " + std::to_string(kMaxMoves) + " items, not " +
                                          std::to_string(value.size()),
                               "too_long"));
  }
  for (const json& item : value) {
    if (!item.is_string()) {
      errors.push_back(BodyField(field, "Every item should be a valid string", "string_type"));
      break;
    }
    names.push_back(item.get<std::string>());
  }
  return names;
}

http::Response JsonBody(JsonWriter& w) {
  http::Response r;
  r.body = w.Take();
  return r;
}

}  // namespace

prediction::BestMoveQuery ParseBestMoveQuery(std::string_view body) {
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw ValidationError({BodyField("", "JSON decode error", "json_invalid")});
  if (!doc.is_object()) throw ValidationError({BodyField("", "Input should be a valid JSON object", "model_type")});
  std::vector<FieldError> errors;
  prediction::BestMoveQuery q;
  q.pokemon_a_id = ParseId(doc, "pokemon_a_id", errors);
  q.pokemon_b_id = ParseId(doc, "pokemon_b_id", errors);
  if (const auto it = doc.find("available_moves"); it == doc.end()) {
    errors.push_back(BodyField("available_moves", "Field required", "missing"));
  } else {
    q.available_moves = ParseMoveList(*it, "available_moves", errors);
  }
  if (const auto it = doc.find("available_moves_b"); it != doc.end() && !it->is_null()) {
    q.available_moves_b = ParseMoveList(*it, "available_moves_b", errors);
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  return q;
}

void WriteRecommendation(JsonWriter& w, const prediction::Recommendation& r) {
  w.BeginObject();
  w.Key("pokemon_a_id"), w.Int(r.a->id);
  w.Key("pokemon_a_name"), w.String(r.a->name_en);
  w.Key("pokemon_b_id"), w.Int(r.b->id);
  w.Key("pokemon_b_name"), w.String(r.b->name_en);
  w.Key("recommended_move"), w.String(r.moves.front().evaluation.move->name_en);
  w.Key("win_probability"), w.Double(r.moves.front().win_probability);
  w.Key("opponent_move"), w.String(r.b_move.move->name_en);
  w.Key("all_moves");
  w.BeginArray();
  for (const prediction::MovePrediction& m : r.moves) {
    const battle::MoveEvaluation& e = m.evaluation;
    w.BeginObject();
    w.Key("move_name"), w.String(e.move->name_en);
    w.Key("move_name_fr"), w.String(e.move->name_fr);
    w.Key("move_type"), w.String(e.move->type.name_en);
    w.Key("move_power"), w.OptionalInt(e.move->power);
    w.Key("effective_power"), w.Double(e.effective_power);
    w.Key("type_multiplier"), w.Double(e.type_multiplier);
    w.Key("stab"), w.Double(e.stab);
    w.Key("priority"), w.Int(e.move->priority);
    w.Key("score"), w.Double(e.score);
    w.Key("win_probability"), w.Double(m.win_probability);
    w.Key("predicted_winner"), w.String(m.win_probability > 0.5F ? "A" : "B");
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

events::EventSchema PredictionEventSchema(const std::string& model_version, const std::vector<domain::Type>& types) {
  events::EventSchema schema{model_version, {}, features::FeatureLabels(types)};
  for (const features::FeatureSpec& spec : features::kFeatures) schema.feature_names.emplace_back(spec.name);
  return schema;
}

namespace {

// Which features are categorical, in features::kFeatures order.
const std::array<bool, features::kFeatureCount> kCategorical = [] {
  std::array<bool, features::kFeatureCount> categorical{};
  for (std::size_t i = 0; i < features::kFeatureCount; ++i) {
    categorical[i] = features::kFeatures[i].kind == features::Kind::kCategorical;
  }
  return categorical;
}();

}  // namespace

events::EventColumns PredictionEventOf(const prediction::MovePrediction& move,
                                       std::chrono::system_clock::time_point timestamp) {
  return events::EventColumns{timestamp, move.features.values, move.features.labels, kCategorical,
                              move.win_probability > 0.5F ? 1 : 0, move.win_probability};
}

std::vector<RouteSpec> PredictionRoutes(store::Store& store, const prediction::BattleModel& model,
                                        metrics::ModelMetrics& metrics, std::function<std::string()> data_version,
                                        events::EventPublisher* publisher) {
  auto catalogs = std::make_shared<prediction::CatalogCache>(store);
  RouteSpec best_move{
      "POST", "/predict/best-move", "prediction",
      "Which of A's moves gives the best chance to beat B, with the win probability of each", {}, true,
      [&model, &metrics, catalogs, data_version = std::move(data_version), publisher](const http::RouteContext& ctx) {
        const prediction::BestMoveQuery query = ParseBestMoveQuery(ctx.request.body);
        const std::shared_ptr<const prediction::Catalog> catalog = catalogs->Get(data_version());
        prediction::Recommendation r;
        try {
          r = prediction::RecommendBestMove(*catalog, model, query);
        } catch (const prediction::QueryError& e) {
          throw ApiError(e.kind() == prediction::QueryError::Kind::kNotFound ? 404 : 422, e.what());
        }
        std::vector<float> probabilities;
        for (const auto& m : r.moves) probabilities.push_back(m.win_probability);
        metrics.ObserveCall(r.model_seconds, probabilities.data(), probabilities.size());
        if (publisher != nullptr) {
          const auto now = std::chrono::system_clock::now();
          thread_local std::vector<events::EventColumns> move_events;
          move_events.clear();
          for (const prediction::MovePrediction& move : r.moves) move_events.push_back(PredictionEventOf(move, now));
          publisher->Offer(std::span<const events::EventColumns>(move_events));
        }
        JsonWriter w;
        WriteRecommendation(w, r);
        return JsonBody(w);
      }};
  best_move.request_body = R"({"type":"object","required":["pokemon_a_id","pokemon_b_id","available_moves"],)"
                           R"("properties":{"pokemon_a_id":{"type":"integer","minimum":1},)"
                           R"("pokemon_b_id":{"type":"integer","minimum":1},)"
                           R"("available_moves":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":20},)"
                           R"("available_moves_b":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":20}}})";
  // The model never changes while the process runs: the answer is built once,
  // and a metadata file lacking a field fails here, at start-up.
  const nlohmann::ordered_json& m = model.metadata();
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (const auto& f : m.at("features")) names.push_back(f.at("name"));
  const nlohmann::ordered_json info = {
      {"model_type", m.at("model_type")},
      {"version", m.at("version")},
      {"n_features", m.at("n_features")},
      {"feature_names", names},
      {"features", m.at("features")},
      {"metrics", m.at("metrics")},
      {"trained_at", m.at("trained_at")},
      {"hyperparameters", m.at("hyperparameters")},
      {"dataset", m.value("dataset", nlohmann::ordered_json::object())},
  };
  RouteSpec model_info{"GET", "/predict/model-info", "prediction",
                       "The served model: type, version, features, test metrics, training time, hyper-parameters",
                       {}, true, [body = info.dump()](const http::RouteContext&) {
                         http::Response r;
                         r.body = body;
                         return r;
                       }};
  return {std::move(best_move), std::move(model_info)};
}

}  // namespace pdex::api
