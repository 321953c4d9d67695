#pragma once
// Seeded POST /predict/best-move bodies, for pdex loadgen and the benchmarks'
// bench/request_bodies: realistic traffic (like the model's training data)
// or traffic skewed on purpose so the drift monitoring sees it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.h"
#include "training/dataset.h"
#include "training/random.h"

namespace pdex::loadgen {

enum class BodyMode {
  // A and B from every fighter, up to 4 of A's usable moves, no
  // available_moves_b (B then uses its best move).
  kUniform,
  // What the training set holds: one battle per request, a random usable
  // move of A against a random usable move of B (as available_moves_b).
  kTraining,
  // kTraining with A from the strongest fifth of the fighters (by base stat
  // total) and B from the weakest fifth.
  kShifted,
  // kTraining with A and B each drawn with probability kDriftShare from the
  // fighters having a kDriftTypes type, and A's move its most powerful
  // usable move (base power; the lowest move id among equals).
  kDrift,
};
std::string_view ToString(BodyMode mode);
// Parses the names ToString produces; std::nullopt for anything else.
std::optional<BodyMode> ParseBodyMode(std::string_view name);

inline constexpr double kDriftShare = 0.8;
inline constexpr std::string_view kDriftTypes[] = {"Fire", "Dragon"};
// True when one of the Pokémon's types is one of kDriftTypes (English names).
bool HasDriftType(const domain::Pokemon& pokemon);

// One request's battle. Pointers into the world's game data (not owned).
struct Battle {
  const domain::Pokemon* a = nullptr;
  const domain::Pokemon* b = nullptr;
  std::vector<const domain::Move*> a_moves;  // available_moves, in draw order
  std::vector<const domain::Move*> b_moves;  // available_moves_b; empty in kUniform
};

// The request body: {"available_moves": [English names], "available_moves_b":
// [...] (only when b_moves is not empty), "pokemon_a_id", "pokemon_b_id"},
// keys in that order, no spaces.
std::string ToJson(const Battle& battle);

// An endless, reproducible sequence of battles: the same world, mode and
// seed give the same sequence on every platform. `world` must outlive the
// generator. Not thread-safe: one caller at a time.
class BodyGenerator {
 public:
  // Throws std::invalid_argument when the world has no fighter, or (kShifted)
  // fewer than 5, or (kDrift) none with a kDriftTypes type.
  BodyGenerator(const training::BattleWorld& world, BodyMode mode, std::uint64_t seed);

  BodyMode mode() const { return mode_; }
  Battle NextBattle();
  // ToJson(NextBattle()).
  std::string Next() { return ToJson(NextBattle()); }

 private:
  const domain::Pokemon* Draw(const std::vector<const domain::Pokemon*>& pool,
                              const std::vector<const domain::Pokemon*>& drift_pool);

  const training::BattleWorld& world_;
  BodyMode mode_;
  training::Rng rng_;
  std::vector<const domain::Pokemon*> a_pool_, b_pool_;
  std::vector<const domain::Pokemon*> drift_pool_;  // kDrift only
};

}  // namespace pdex::loadgen
