// The one place that turns a battle into features, for training and for
// serving alike: the training pipeline and the API both call Extract and
// ModelInput, so they cannot disagree (tests/integration/feature_parity_test).
//
// Pure functions, thread-safe. Pokémon ids never become features: two
// Pokémon with the same stats, types and move are the same battle.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "battle/simulator.h"
#include "domain/model.h"

namespace pdex::features {

enum class Kind { kNumeric, kCategorical };

struct FeatureSpec {
  std::string_view name;
  Kind kind;
};

// Every feature, in model-input order. Categorical values are English type
// names, "none" for a missing second type, or a move category
// ("physical"/"special"/"status"), each with a code (TypeCode,
// CategoryCode) that the model reads (ModelInput).
inline constexpr std::array<FeatureSpec, 38> kFeatures{{
    {"a_hp", Kind::kNumeric},
    {"a_attack", Kind::kNumeric},
    {"a_defense", Kind::kNumeric},
    {"a_sp_attack", Kind::kNumeric},
    {"a_sp_defense", Kind::kNumeric},
    {"a_speed", Kind::kNumeric},
    {"a_type1", Kind::kCategorical},
    {"a_type2", Kind::kCategorical},
    {"b_hp", Kind::kNumeric},
    {"b_attack", Kind::kNumeric},
    {"b_defense", Kind::kNumeric},
    {"b_sp_attack", Kind::kNumeric},
    {"b_sp_defense", Kind::kNumeric},
    {"b_speed", Kind::kNumeric},
    {"b_type1", Kind::kCategorical},
    {"b_type2", Kind::kCategorical},
    {"a_move_type", Kind::kCategorical},
    {"a_move_category", Kind::kCategorical},
    {"a_move_power", Kind::kNumeric},
    {"a_move_effective_power", Kind::kNumeric},
    {"a_move_accuracy", Kind::kNumeric},
    {"a_move_priority", Kind::kNumeric},
    {"a_move_stab", Kind::kNumeric},
    {"a_move_type_multiplier", Kind::kNumeric},
    {"b_move_type", Kind::kCategorical},
    {"b_move_category", Kind::kCategorical},
    {"b_move_power", Kind::kNumeric},
    {"b_move_effective_power", Kind::kNumeric},
    {"b_move_accuracy", Kind::kNumeric},
    {"b_move_priority", Kind::kNumeric},
    {"b_move_stab", Kind::kNumeric},
    {"b_move_type_multiplier", Kind::kNumeric},
    {"speed_diff", Kind::kNumeric},
    {"hp_diff", Kind::kNumeric},
    // Expected damage of one hit (battle::Damage), and its share of the
    // defender's HP: the quantities the outcome turns on.
    {"a_damage", Kind::kNumeric},
    {"b_damage", Kind::kNumeric},
    {"a_damage_share", Kind::kNumeric},
    {"b_damage_share", Kind::kNumeric},
}};
inline constexpr std::size_t kFeatureCount = kFeatures.size();

// Index of a feature by name; kFeatureCount when there is none.
std::size_t IndexOf(std::string_view name);

// One battle's features. For a categorical feature, `values` holds its code
// (the index of its label in FeatureLabels) and `labels` its label; for a
// numeric one, `labels` is empty.
struct BattleFeatures {
  std::array<double, kFeatureCount> values{};
  std::array<std::string, kFeatureCount> labels;
};

// The model's input row for these features (values as float, in kFeatures order).
using ModelRow = std::array<float, kFeatureCount>;

// A uses `a_move` against B's `b_move` (both from battle::Evaluate).
BattleFeatures Extract(const domain::Pokemon& a, const battle::MoveEvaluation& a_move, const domain::Pokemon& b,
                       const battle::MoveEvaluation& b_move);

// The model reads the codes as they are, but for a status move's category,
// which it reads as physical's (0): it was trained so.
ModelRow ModelInput(const BattleFeatures& features);

// The code of a categorical value: a type's id (1..18, 0 for "none"), or a
// move category's 0 physical, 1 special, 2 status.
double TypeCode(const std::optional<domain::Type>& type);
double CategoryCode(domain::MoveCategory category);

// Every categorical feature's labels, indexed by code, for these types:
// one list per feature of kFeatures (empty for a numeric one). A type
// feature's list holds "none" at 0 and each type's English name at its id
// ("" at an id no type has). Throws std::invalid_argument on a type id
// outside 1..255 or given twice.
std::vector<std::vector<std::string>> FeatureLabels(const std::vector<domain::Type>& types);

}  // namespace pdex::features
