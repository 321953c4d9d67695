// The simulated training set: battles between every ordered pair of distinct
// Pokémon under three scenarios, labelled by battle::Simulate (rules in
// docs/model.md). Everything is a function of the game data and the seed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/game_data.h"
#include "features/battle_features.h"

namespace pdex::training {

enum class Scenario : std::uint8_t {
  kBestMove,         // both sides use their best move
  kRandomMove,       // A its best move, B a uniformly drawn usable move
  kAllCombinations,  // every A move x B move, sampled down per pair
};
std::string_view ToString(Scenario s);

// One labelled battle. Features are recomputed from the ids when needed
// (FeaturesOf), which keeps a 900k-row data set small.
struct Example {
  int a_id = 0;
  int b_id = 0;
  int a_move_id = 0;
  int b_move_id = 0;
  Scenario scenario = Scenario::kBestMove;
  bool a_wins = false;
  friend bool operator==(const Example&, const Example&) = default;
};

struct DatasetOptions {
  std::uint64_t seed = 42;
  int random_move_samples = 5;  // kRandomMove rows per pair
  int max_combinations = 20;    // kAllCombinations rows per pair, at most
  // Share of ordered pairs kept, drawn per pair from the seed (1 keeps all;
  // `pdex train --quick` keeps a small subset).
  double pair_fraction = 1.0;
};

// The game data indexed for battles: each Pokémon's usable moves (see
// battle::IsUsable), deduplicated and ordered by move id. Pokémon with none
// (Ditto) take no part. `data` must outlive the world.
class BattleWorld {
 public:
  explicit BattleWorld(const domain::GameData& data);

  const domain::GameData& data() const { return data_; }
  // Pokémon that can fight, ordered by id.
  const std::vector<const domain::Pokemon*>& fighters() const { return fighters_; }
  // Usable moves of a fighter; empty for anyone else.
  const std::vector<const domain::Move*>& UsableMoves(int pokemon_id) const;

  // The features of an example's battle. Throws std::out_of_range for ids
  // the data does not have.
  features::BattleFeatures FeaturesOf(const Example& e) const;

 private:
  const domain::GameData& data_;
  std::vector<const domain::Pokemon*> fighters_;
  std::vector<std::vector<const domain::Move*>> usable_by_id_;  // indexed by Pokémon id
};

// All examples: per ordered pair (by A id, then B id), kBestMove, then the
// kRandomMove samples, then the kAllCombinations sample (ordered by A move
// id, then B move id).
std::vector<Example> GenerateExamples(const BattleWorld& world, const DatasetOptions& options);

// A digest (hex) of the examples, to identify the data set a model saw.
std::string DatasetHash(const std::vector<Example>& examples);

struct Split {
  std::vector<std::size_t> train;  // indices into the examples, ascending
  std::vector<std::size_t> test;
};
// Holds out `test_share` of each label's examples, drawn from the seed.
Split StratifiedSplit(const std::vector<Example>& examples, double test_share, std::uint64_t seed);

}  // namespace pdex::training
