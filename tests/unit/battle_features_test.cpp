#include "features/battle_features.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace pdex::features {
namespace {

using domain::Move;
using domain::MoveCategory;
using domain::MoveEffect;
using domain::Pokemon;
using domain::Type;

const Type kNormal{1, "Normal", "Normal"};
const Type kPoison{4, "Poison", "Poison"};
const Type kWater{11, "Water", "Eau"};
const Type kGrass{12, "Grass", "Plante"};
const Type kElectric{13, "Electric", "Électrik"};

domain::TypeChart Chart() {
  domain::TypeChart chart;
  for (int a = 1; a <= domain::kTypeCount; ++a) {
    for (int d = 1; d <= domain::kTypeCount; ++d) chart.Set(a, d, 1.0);
  }
  chart.Set(kElectric.id, kWater.id, 2.0);
  chart.Set(kElectric.id, kGrass.id, 0.5);
  chart.Set(kWater.id, kGrass.id, 0.5);
  return chart;
}

Pokemon Mon(int id, const std::string& name, const Type& type1, std::optional<Type> type2, domain::Stats stats) {
  Pokemon p;
  p.id = id;
  p.dex = id;
  p.name_en = name;
  p.type1 = type1;
  p.type2 = std::move(type2);
  p.stats = stats;
  return p;
}

Move MakeMove(int id, const std::string& name, const Type& type, MoveCategory category, int power, int accuracy,
              int priority = 0) {
  Move m;
  m.id = id;
  m.name_en = name;
  m.type = type;
  m.category = category;
  m.power = power;
  m.accuracy = accuracy;
  m.priority = priority;
  m.effect = MoveEffect::kPlain;
  return m;
}

// Splits "a_move_power" into {"a", "move", "power"}.
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::stringstream in{std::string(name)};
  for (std::string w; std::getline(in, w, '_');) words.push_back(w);
  return words;
}

TEST(BattleFeatures, NamesAreUniqueAndCarryNoIdentity) {
  std::set<std::string_view> names;
  for (const FeatureSpec& f : kFeatures) {
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate feature " << f.name;
    for (const std::string& w : Words(f.name)) {
      // A Pokémon's or move's identity must not be a feature: only what it is made of.
      EXPECT_NE(w, "id") << f.name;
      EXPECT_NE(w, "dex") << f.name;
      EXPECT_NE(w, "name") << f.name;
      EXPECT_NE(w, "pokemon") << f.name;
    }
  }
  EXPECT_EQ(names.size(), 38U);
  EXPECT_EQ(kFeatureCount, 38U);
}

TEST(BattleFeatures, KindsMatchTheValues) {
  // Exactly the type and move category features are categorical.
  for (const FeatureSpec& f : kFeatures) {
    const bool categorical = f.name.ends_with("type1") || f.name.ends_with("type2") || f.name.ends_with("move_type") ||
                             f.name.ends_with("move_category");
    EXPECT_EQ(f.kind == Kind::kCategorical, categorical) << f.name;
  }
}

TEST(BattleFeatures, IndexOfFindsEveryFeatureAndRejectsOthers) {
  for (std::size_t i = 0; i < kFeatureCount; ++i) EXPECT_EQ(IndexOf(kFeatures[i].name), i);
  EXPECT_EQ(IndexOf("a_hp"), 0U);
  EXPECT_EQ(IndexOf("b_damage_share"), kFeatureCount - 1);
  EXPECT_EQ(IndexOf("a_id"), kFeatureCount);
  EXPECT_EQ(IndexOf(""), kFeatureCount);
  EXPECT_EQ(IndexOf("A_HP"), kFeatureCount);
  EXPECT_EQ(IndexOf("a_hp "), kFeatureCount);
}

TEST(BattleFeatures, Codes) {
  EXPECT_EQ(TypeCode(std::nullopt), 0);
  EXPECT_EQ(TypeCode(kNormal), 1);
  EXPECT_EQ(TypeCode(kElectric), 13);
  EXPECT_EQ(CategoryCode(MoveCategory::kPhysical), 0);
  EXPECT_EQ(CategoryCode(MoveCategory::kSpecial), 1);
  EXPECT_EQ(CategoryCode(MoveCategory::kStatus), 2);
}

TEST(BattleFeatures, FeatureLabelsHoldEachCodesLabel) {
  const std::vector<std::vector<std::string>> labels = FeatureLabels({kNormal, kElectric, kPoison, kWater, kGrass});
  ASSERT_EQ(labels.size(), kFeatureCount);
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    EXPECT_EQ(labels[i].empty(), kFeatures[i].kind == Kind::kNumeric) << kFeatures[i].name;
  }
  const std::vector<std::string>& types = labels[IndexOf("b_move_type")];
  ASSERT_EQ(types.size(), 14U);  // "none" and ids 1..13
  EXPECT_EQ(types[0], "none");
  EXPECT_EQ(types[1], "Normal");
  EXPECT_EQ(types[2], "");  // no type has id 2 here
  EXPECT_EQ(types[13], "Electric");
  EXPECT_EQ(labels[IndexOf("a_type2")], types);
  EXPECT_EQ(labels[IndexOf("a_move_category")], (std::vector<std::string>{"physical", "special", "status"}));

  // Every label of an extracted battle is its code's.
  const Pokemon bulbasaur = Mon(1, "Bulbasaur", kGrass, kPoison, {45, 49, 49, 65, 65, 45});
  const Pokemon pikachu = Mon(25, "Pikachu", kElectric, std::nullopt, {35, 55, 40, 50, 50, 90});
  const domain::TypeChart chart = Chart();
  const Move growl = MakeMove(45, "Growl", kNormal, MoveCategory::kStatus, 0, 100);
  const Move thunder_shock = MakeMove(84, "Thunder Shock", kElectric, MoveCategory::kSpecial, 40, 100);
  const BattleFeatures f = Extract(bulbasaur, battle::Evaluate(growl, bulbasaur, pikachu, chart), pikachu,
                                   battle::Evaluate(thunder_shock, pikachu, bulbasaur, chart));
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    if (kFeatures[i].kind != Kind::kCategorical) continue;
    const auto code = static_cast<std::size_t>(f.values[i]);
    ASSERT_LT(code, labels[i].size()) << kFeatures[i].name;
    EXPECT_EQ(labels[i][code], f.labels[i]) << kFeatures[i].name;
  }

  EXPECT_THROW(FeatureLabels({Type{0, "Zero", "Zéro"}}), std::invalid_argument);
  EXPECT_THROW(FeatureLabels({Type{256, "Big", "Grand"}}), std::invalid_argument);
  EXPECT_THROW(FeatureLabels({kNormal, Type{1, "Again", "Encore"}}), std::invalid_argument);
}

TEST(BattleFeatures, ModelInputReadsAStatusMoveAsPhysical) {
  const Pokemon pikachu = Mon(25, "Pikachu", kElectric, std::nullopt, {35, 55, 40, 50, 50, 90});
  const Pokemon squirtle = Mon(7, "Squirtle", kWater, std::nullopt, {44, 48, 65, 50, 64, 43});
  const domain::TypeChart chart = Chart();
  const Move growl = MakeMove(45, "Growl", kNormal, MoveCategory::kStatus, 0, 100);
  const Move tackle = MakeMove(33, "Tackle", kNormal, MoveCategory::kPhysical, 40, 100);
  const BattleFeatures f = Extract(pikachu, battle::Evaluate(growl, pikachu, squirtle, chart), squirtle,
                                   battle::Evaluate(tackle, squirtle, pikachu, chart));
  const std::size_t a = IndexOf("a_move_category"), b = IndexOf("b_move_category");
  EXPECT_EQ(f.values[a], 2);
  EXPECT_EQ(f.labels[a], "status");
  EXPECT_EQ(f.values[b], 0);
  const ModelRow row = ModelInput(f);
  EXPECT_EQ(row[a], 0.0F);  // as the model was trained
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    if (i != a) {
      EXPECT_EQ(row[i], static_cast<float>(f.values[i])) << kFeatures[i].name;
    }
  }
}

class PikachuVsSquirtle : public ::testing::Test {
 protected:
  // Base stats of Pikachu (25) and Squirtle (7).
  const Pokemon pikachu = Mon(25, "Pikachu", kElectric, std::nullopt, {35, 55, 40, 50, 50, 90});
  const Pokemon squirtle = Mon(7, "Squirtle", kWater, std::nullopt, {44, 48, 65, 50, 64, 43});
  const Move thunderbolt = MakeMove(85, "Thunderbolt", kElectric, MoveCategory::kSpecial, 90, 100);
  // A made-up Normal move with imperfect accuracy and priority.
  const Move quick_move = MakeMove(900, "Quick Test", kNormal, MoveCategory::kPhysical, 40, 95, 1);
  const domain::TypeChart chart = Chart();
  const battle::MoveEvaluation a_move = battle::Evaluate(thunderbolt, pikachu, squirtle, chart);
  const battle::MoveEvaluation b_move = battle::Evaluate(quick_move, squirtle, pikachu, chart);
  const BattleFeatures f = Extract(pikachu, a_move, squirtle, b_move);

  double Value(std::string_view name) const {
    const std::size_t i = IndexOf(name);
    EXPECT_LT(i, kFeatureCount) << name;
    return i < kFeatureCount ? f.values[i] : -1;
  }
  std::string Label(std::string_view name) const {
    const std::size_t i = IndexOf(name);
    EXPECT_LT(i, kFeatureCount) << name;
    return i < kFeatureCount ? f.labels[i] : "?";
  }
};

TEST_F(PikachuVsSquirtle, Stats) {
  EXPECT_EQ(Value("a_hp"), 35);
  EXPECT_EQ(Value("a_attack"), 55);
  EXPECT_EQ(Value("a_defense"), 40);
  EXPECT_EQ(Value("a_sp_attack"), 50);
  EXPECT_EQ(Value("a_sp_defense"), 50);
  EXPECT_EQ(Value("a_speed"), 90);
  EXPECT_EQ(Value("b_hp"), 44);
  EXPECT_EQ(Value("b_attack"), 48);
  EXPECT_EQ(Value("b_defense"), 65);
  EXPECT_EQ(Value("b_sp_attack"), 50);
  EXPECT_EQ(Value("b_sp_defense"), 64);
  EXPECT_EQ(Value("b_speed"), 43);
  EXPECT_EQ(Value("speed_diff"), 47);
  EXPECT_EQ(Value("hp_diff"), -9);
}

TEST_F(PikachuVsSquirtle, TypesAndCategoriesHaveCodesAndLabels) {
  EXPECT_EQ(Value("a_type1"), 13);
  EXPECT_EQ(Label("a_type1"), "Electric");
  EXPECT_EQ(Value("a_type2"), 0);
  EXPECT_EQ(Label("a_type2"), "none");
  EXPECT_EQ(Value("b_type1"), 11);
  EXPECT_EQ(Label("b_type1"), "Water");
  EXPECT_EQ(Value("b_type2"), 0);
  EXPECT_EQ(Label("b_type2"), "none");
  EXPECT_EQ(Value("a_move_type"), 13);
  EXPECT_EQ(Label("a_move_type"), "Electric");
  EXPECT_EQ(Value("a_move_category"), 1);
  EXPECT_EQ(Label("a_move_category"), "special");
  EXPECT_EQ(Value("b_move_type"), 1);
  EXPECT_EQ(Label("b_move_type"), "Normal");
  EXPECT_EQ(Value("b_move_category"), 0);
  EXPECT_EQ(Label("b_move_category"), "physical");
  // Numeric features have no label.
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    EXPECT_EQ(f.labels[i].empty(), kFeatures[i].kind == Kind::kNumeric) << kFeatures[i].name;
  }
}

TEST_F(PikachuVsSquirtle, Moves) {
  EXPECT_EQ(Value("a_move_power"), 90);
  EXPECT_EQ(Value("a_move_effective_power"), 90);
  EXPECT_EQ(Value("a_move_accuracy"), 100);
  EXPECT_EQ(Value("a_move_priority"), 0);
  EXPECT_EQ(Value("a_move_stab"), 1.5);
  EXPECT_EQ(Value("a_move_type_multiplier"), 2);
  EXPECT_EQ(Value("b_move_power"), 40);
  EXPECT_EQ(Value("b_move_effective_power"), 40);
  EXPECT_EQ(Value("b_move_accuracy"), 95);
  EXPECT_EQ(Value("b_move_priority"), 1);
  EXPECT_EQ(Value("b_move_stab"), 1);
  EXPECT_EQ(Value("b_move_type_multiplier"), 1);
}

TEST_F(PikachuVsSquirtle, Damage) {
  // Thunderbolt: ((22 x 90 x 50/64) / 50 + 2) x 1.5 STAB x 2 = 32.9375 x 3.
  EXPECT_DOUBLE_EQ(Value("a_damage"), 98.8125);
  EXPECT_DOUBLE_EQ(Value("a_damage"), battle::Damage(a_move, pikachu, squirtle));
  EXPECT_DOUBLE_EQ(Value("a_damage_share"), 98.8125 / 44);
  // Quick Test: (22 x 40 x 48/40) / 50 + 2 = 23.12, no STAB, neutral.
  EXPECT_DOUBLE_EQ(Value("b_damage"), 23.12);
  EXPECT_DOUBLE_EQ(Value("b_damage"), battle::Damage(b_move, squirtle, pikachu));
  EXPECT_DOUBLE_EQ(Value("b_damage_share"), 23.12 / 35);
}

TEST_F(PikachuVsSquirtle, ModelInputIsTheValuesAsFloat) {
  const ModelRow row = ModelInput(f);
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    EXPECT_EQ(row[i], static_cast<float>(f.values[i])) << kFeatures[i].name;
  }
  EXPECT_EQ(row[IndexOf("a_damage_share")], static_cast<float>(98.8125 / 44));
}

TEST(BattleFeatures, SecondTypeAndReversedRoles) {
  const Pokemon bulbasaur = Mon(1, "Bulbasaur", kGrass, kPoison, {45, 49, 49, 65, 65, 45});
  const Pokemon pikachu = Mon(25, "Pikachu", kElectric, std::nullopt, {35, 55, 40, 50, 50, 90});
  const Move vine_whip = MakeMove(22, "Vine Whip", kGrass, MoveCategory::kPhysical, 45, 100);
  const Move thunder_shock = MakeMove(84, "Thunder Shock", kElectric, MoveCategory::kSpecial, 40, 100);
  const domain::TypeChart chart = Chart();
  const auto a_move = battle::Evaluate(vine_whip, bulbasaur, pikachu, chart);
  const auto b_move = battle::Evaluate(thunder_shock, pikachu, bulbasaur, chart);
  const BattleFeatures f = Extract(bulbasaur, a_move, pikachu, b_move);
  EXPECT_EQ(f.values[IndexOf("a_type1")], 12);
  EXPECT_EQ(f.labels[IndexOf("a_type1")], "Grass");
  EXPECT_EQ(f.values[IndexOf("a_type2")], 4);
  EXPECT_EQ(f.labels[IndexOf("a_type2")], "Poison");
  EXPECT_EQ(f.labels[IndexOf("b_type2")], "none");
  EXPECT_EQ(f.values[IndexOf("b_move_type_multiplier")], 0.5);  // Electric on Grass/Poison
  EXPECT_EQ(f.values[IndexOf("speed_diff")], -45);
  EXPECT_EQ(f.values[IndexOf("hp_diff")], 10);
  // Vine Whip: (22 x 45 x 49/40) / 50 + 2 = 26.255, x 1.5 STAB.
  EXPECT_DOUBLE_EQ(f.values[IndexOf("a_damage")], 26.255 * 1.5);
  EXPECT_DOUBLE_EQ(f.values[IndexOf("a_damage_share")], 26.255 * 1.5 / 35);
  // Thunder Shock: (22 x 40 x 50/65) / 50 + 2, x 1.5 STAB x 0.5.
  EXPECT_DOUBLE_EQ(f.values[IndexOf("b_damage")], (22.0 * 40 * 50 / 65 / 50 + 2) * 1.5 * 0.5);
  EXPECT_DOUBLE_EQ(f.values[IndexOf("b_damage_share")], (22.0 * 40 * 50 / 65 / 50 + 2) * 0.75 / 45);
}

TEST(BattleFeatures, ExtractIsAPureFunction) {
  const Pokemon a = Mon(25, "Pikachu", kElectric, std::nullopt, {35, 55, 40, 50, 50, 90});
  Pokemon b = Mon(7, "Squirtle", kWater, std::nullopt, {44, 48, 65, 50, 64, 43});
  const Move m = MakeMove(84, "Thunder Shock", kElectric, MoveCategory::kSpecial, 40, 100);
  const domain::TypeChart chart = Chart();
  const BattleFeatures first = Extract(a, battle::Evaluate(m, a, b, chart), b, battle::Evaluate(m, b, a, chart));
  // Another id and name with the same stats and types: the same battle.
  b.id = 999;
  b.name_en = "Someone else";
  const BattleFeatures second = Extract(a, battle::Evaluate(m, a, b, chart), b, battle::Evaluate(m, b, a, chart));
  EXPECT_EQ(first.values, second.values);
  EXPECT_EQ(first.labels, second.labels);
}

}  // namespace
}  // namespace pdex::features
