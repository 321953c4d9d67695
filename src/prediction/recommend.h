// POST /predict/best-move without HTTP: which of A's moves gives the best
// chance to win against B. Pure logic over a Catalog and a BattleModel.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "battle/simulator.h"
#include "features/battle_features.h"
#include "prediction/battle_model.h"
#include "prediction/catalog.h"

namespace pdex::prediction {

struct BestMoveQuery {
  int pokemon_a_id = 0;
  int pokemon_b_id = 0;
  std::vector<std::string> available_moves;  // English or French names
  // B's candidate moves; absent: every move B can learn.
  std::optional<std::vector<std::string>> available_moves_b;
};

// The query names something the data does not have (kNotFound: a Pokémon)
// or cannot be answered (kInvalid: unknown or unusable moves). The message
// is meant for the client.
class QueryError : public std::runtime_error {
 public:
  enum class Kind { kNotFound, kInvalid };
  QueryError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct MovePrediction {
  battle::MoveEvaluation evaluation;  // A's move against B
  features::BattleFeatures features;  // what the model saw
  float win_probability = 0;          // P(A wins)
};

// Pointers refer into the Catalog, which must outlive the recommendation.
struct Recommendation {
  const domain::Pokemon* a = nullptr;
  const domain::Pokemon* b = nullptr;
  battle::MoveEvaluation b_move;       // B's best move against A
  std::vector<MovePrediction> moves;   // by win probability, highest first
  double model_seconds = 0;            // the model call alone
};

// Duplicate names of one move count once. Throws QueryError.
Recommendation RecommendBestMove(const Catalog& catalog, const BattleModel& model, const BestMoveQuery& query);

}  // namespace pdex::prediction
