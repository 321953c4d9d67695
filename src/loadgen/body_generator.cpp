#include "loadgen/body_generator.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace pdex::loadgen {

namespace {

constexpr std::array<std::string_view, 4> kModeNames = {"uniform", "training", "shifted", "drift"};

}  // namespace

std::string_view ToString(BodyMode mode) { return kModeNames.at(static_cast<std::size_t>(mode)); }

std::optional<BodyMode> ParseBodyMode(std::string_view name) {
  for (std::size_t i = 0; i < kModeNames.size(); ++i) {
    if (kModeNames[i] == name) return static_cast<BodyMode>(i);
  }
  return std::nullopt;
}

bool HasDriftType(const domain::Pokemon& pokemon) {
  const auto is_drift_type = [](const domain::Type& type) {
    return std::find(std::begin(kDriftTypes), std::end(kDriftTypes), type.name_en) != std::end(kDriftTypes);
  };
  return is_drift_type(pokemon.type1) || (pokemon.type2 && is_drift_type(*pokemon.type2));
}

std::string ToJson(const Battle& battle) {
  // nlohmann's objects keep their keys sorted: the order the header states.
  const auto names = [](const std::vector<const domain::Move*>& moves) {
    nlohmann::json list = nlohmann::json::array();
    for (const domain::Move* move : moves) list.push_back(move->name_en);
    return list;
  };
  nlohmann::json body = {{"pokemon_a_id", battle.a->id}, {"pokemon_b_id", battle.b->id},
                         {"available_moves", names(battle.a_moves)}};
  if (!battle.b_moves.empty()) body["available_moves_b"] = names(battle.b_moves);
  return body.dump();
}

BodyGenerator::BodyGenerator(const training::BattleWorld& world, BodyMode mode, std::uint64_t seed)
    : world_(world), mode_(mode), rng_(seed), a_pool_(world.fighters()), b_pool_(world.fighters()) {
  if (a_pool_.empty()) throw std::invalid_argument("the game data has no Pokémon that can fight");
  if (mode == BodyMode::kShifted) {
    auto by_total = world.fighters();
    std::sort(by_total.begin(), by_total.end(), [](const auto* x, const auto* y) {
      const int tx = x->stats.Total(), ty = y->stats.Total();
      return tx > ty || (tx == ty && x->id < y->id);
    });
    const auto fifth = static_cast<std::ptrdiff_t>(by_total.size() / 5);
    if (fifth == 0) throw std::invalid_argument("shifted bodies need at least 5 Pokémon that can fight");
    a_pool_.assign(by_total.begin(), by_total.begin() + fifth);
    b_pool_.assign(by_total.end() - fifth, by_total.end());
  }
  if (mode == BodyMode::kDrift) {
    for (const domain::Pokemon* p : world.fighters()) {
      if (HasDriftType(*p)) drift_pool_.push_back(p);
    }
    if (drift_pool_.empty()) throw std::invalid_argument("drift bodies need Pokémon of type Fire or Dragon");
  }
}

const domain::Pokemon* BodyGenerator::Draw(const std::vector<const domain::Pokemon*>& pool,
                                           const std::vector<const domain::Pokemon*>& drift_pool) {
  const auto& from = mode_ == BodyMode::kDrift && rng_.Uniform() < kDriftShare ? drift_pool : pool;
  return from[rng_.Below(from.size())];
}

Battle BodyGenerator::NextBattle() {
  // The draws' order (A, B, A's moves, B's move) is what makes the sequence
  // of a seed; bench/request_bodies' outputs depend on it.
  Battle battle;
  battle.a = Draw(a_pool_, drift_pool_);
  battle.b = Draw(b_pool_, drift_pool_);
  std::vector<const domain::Move*> moves = world_.UsableMoves(battle.a->id);
  if (mode_ == BodyMode::kDrift) {
    // Usable moves all have a power; max_element keeps the first (lowest id) of equals.
    const auto strongest = std::max_element(moves.begin(), moves.end(),
                                            [](const auto* x, const auto* y) { return *x->power < *y->power; });
    if (strongest != moves.end()) battle.a_moves.push_back(*strongest);
  } else {
    const std::size_t a_moves = mode_ == BodyMode::kUniform ? 4 : 1;
    for (std::size_t k = 0; k < a_moves && !moves.empty(); ++k) {
      const std::size_t pick = rng_.Below(moves.size());
      battle.a_moves.push_back(moves[pick]);
      moves.erase(moves.begin() + static_cast<std::ptrdiff_t>(pick));
    }
  }
  if (mode_ != BodyMode::kUniform) {
    const auto& b_moves = world_.UsableMoves(battle.b->id);
    battle.b_moves.push_back(b_moves[rng_.Below(b_moves.size())]);
  }
  return battle;
}

}  // namespace pdex::loadgen
