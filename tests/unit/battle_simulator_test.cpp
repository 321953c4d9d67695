#include "battle/simulator.h"

#include <gtest/gtest.h>

namespace pdex::battle {
namespace {

using domain::Move;
using domain::MoveCategory;
using domain::MoveEffect;
using domain::Pokemon;
using domain::Type;

constexpr int kNormal = 1, kFire = 2, kWater = 3, kElectric = 5, kGround = 9;

domain::TypeChart Chart() {
  domain::TypeChart chart;
  for (int a = 1; a <= domain::kTypeCount; ++a) {
    for (int d = 1; d <= domain::kTypeCount; ++d) chart.Set(a, d, 1.0);
  }
  chart.Set(kElectric, kWater, 2.0);
  chart.Set(kElectric, kGround, 0.0);
  chart.Set(kWater, kFire, 2.0);
  chart.Set(kFire, kWater, 0.5);
  return chart;
}

Pokemon Mon(int id, int type1, domain::Stats stats, std::optional<int> type2 = std::nullopt) {
  Pokemon p;
  p.id = id;
  p.type1 = Type{type1, "", ""};
  if (type2) p.type2 = Type{*type2, "", ""};
  p.stats = stats;
  return p;
}

Move MakeMove(int id, int type, MoveCategory category, std::optional<int> power, std::optional<int> accuracy = 100,
              int priority = 0, MoveEffect effect = MoveEffect::kPlain) {
  Move m;
  m.id = id;
  m.type = Type{type, "", ""};
  m.category = category;
  m.power = power;
  m.accuracy = accuracy;
  m.priority = priority;
  m.effect = effect;
  return m;
}

// Pikachu and Squirtle's base stats.
const domain::Stats kPikachu{35, 55, 40, 50, 50, 90};
const domain::Stats kSquirtle{44, 48, 65, 50, 64, 43};

TEST(Simulator, EffectivePowerFollowsTheMoveEffect) {
  EXPECT_EQ(EffectivePower(MakeMove(1, kNormal, MoveCategory::kPhysical, 40)), 40);
  EXPECT_EQ(EffectivePower(MakeMove(1, kNormal, MoveCategory::kPhysical, 25, 100, 0, MoveEffect::kMultiHit)), 75);
  EXPECT_EQ(EffectivePower(MakeMove(1, kNormal, MoveCategory::kPhysical, 35, 100, 0, MoveEffect::kDoubleDamage)), 70);
  EXPECT_EQ(EffectivePower(MakeMove(1, kNormal, MoveCategory::kSpecial, 120, 100, 0, MoveEffect::kTwoTurn)), 60);
  EXPECT_EQ(EffectivePower(MakeMove(1, kNormal, MoveCategory::kStatus, std::nullopt)), 0);
  EXPECT_FALSE(IsUsable(MakeMove(1, kNormal, MoveCategory::kPhysical, std::nullopt)));  // fixed damage
  EXPECT_FALSE(IsUsable(MakeMove(1, kNormal, MoveCategory::kStatus, std::nullopt)));
}

TEST(Simulator, ScoreIsPowerTimesStabTimesMultiplierTimesAccuracyPlusPriority) {
  const auto chart = Chart();
  const Pokemon pikachu = Mon(25, kElectric, kPikachu);
  const Pokemon squirtle = Mon(7, kWater, kSquirtle);
  const Move thunderbolt = MakeMove(85, kElectric, MoveCategory::kSpecial, 90);
  const MoveEvaluation e = Evaluate(thunderbolt, pikachu, squirtle, chart);
  EXPECT_EQ(e.stab, 1.5);
  EXPECT_EQ(e.type_multiplier, 2.0);
  EXPECT_DOUBLE_EQ(e.score, 90 * 1.5 * 2.0);
  const Move quick_attack = MakeMove(98, kNormal, MoveCategory::kPhysical, 40, 100, 1);
  EXPECT_DOUBLE_EQ(Evaluate(quick_attack, pikachu, squirtle, chart).score, 40 + 50);
  const Move inaccurate = MakeMove(87, kElectric, MoveCategory::kSpecial, 110, 70);
  EXPECT_DOUBLE_EQ(Evaluate(inaccurate, pikachu, squirtle, chart).score, 110 * 1.5 * 2.0 * 0.7);
}

TEST(Simulator, BestMoveTakesTheHighestScoreAndTheLowestIdOnTies) {
  const auto chart = Chart();
  const Pokemon pikachu = Mon(25, kElectric, kPikachu);
  const Pokemon squirtle = Mon(7, kWater, kSquirtle);
  const Move a = MakeMove(30, kNormal, MoveCategory::kPhysical, 60);
  const Move b = MakeMove(20, kNormal, MoveCategory::kPhysical, 60);
  const Move status = MakeMove(10, kNormal, MoveCategory::kStatus, std::nullopt);
  const auto best = BestMove({&a, &status, &b}, pikachu, squirtle, chart);
  ASSERT_TRUE(best);
  EXPECT_EQ(best->move->id, 20);
  EXPECT_FALSE(BestMove({&status}, pikachu, squirtle, chart));
}

TEST(Simulator, DamageAtLevelFiftyFromBaseStats) {
  const auto chart = Chart();
  const Pokemon pikachu = Mon(25, kElectric, kPikachu);
  const Pokemon squirtle = Mon(7, kWater, kSquirtle);
  const Move thunderbolt = MakeMove(85, kElectric, MoveCategory::kSpecial, 90);
  const MoveEvaluation e = Evaluate(thunderbolt, pikachu, squirtle, chart);
  // ((22 * 90 * 50/64) / 50 + 2) * 1.5 * 2
  EXPECT_DOUBLE_EQ(Damage(e, pikachu, squirtle), (22.0 * 90 * 50 / 64 / 50 + 2) * 3);
  EXPECT_DOUBLE_EQ(TurnsToKo(Damage(e, pikachu, squirtle), squirtle), 44 / ((22.0 * 90 * 50 / 64 / 50 + 2) * 3));
  // Physical moves use Attack and Defense.
  const Move tackle = MakeMove(33, kNormal, MoveCategory::kPhysical, 40);
  const MoveEvaluation t = Evaluate(tackle, squirtle, pikachu, chart);
  EXPECT_DOUBLE_EQ(Damage(t, squirtle, pikachu), 22.0 * 40 * 48 / 40 / 50 + 2);
  // Immune: damage 0, turns computed against the 0.1 floor.
  const Pokemon ground = Mon(50, kGround, {10, 55, 25, 35, 45, 95});
  const MoveEvaluation immune = Evaluate(thunderbolt, pikachu, ground, chart);
  EXPECT_EQ(Damage(immune, pikachu, ground), 0);
  EXPECT_DOUBLE_EQ(TurnsToKo(0, ground), 100);
}

TEST(Simulator, PriorityThenSpeedThenADecidesWhoActsFirst) {
  const auto chart = Chart();
  const Pokemon fast = Mon(1, kNormal, {50, 50, 50, 50, 50, 100});
  const Pokemon slow = Mon(2, kNormal, {50, 50, 50, 50, 50, 10});
  const Move plain = MakeMove(1, kNormal, MoveCategory::kPhysical, 50);
  const Move quick = MakeMove(2, kNormal, MoveCategory::kPhysical, 50, 100, 1);
  // Same damage both ways: whoever acts first wins.
  EXPECT_TRUE(Simulate(fast, Evaluate(plain, fast, slow, chart), slow, Evaluate(plain, slow, fast, chart)).a_wins);
  EXPECT_FALSE(Simulate(slow, Evaluate(plain, slow, fast, chart), fast, Evaluate(plain, fast, slow, chart)).a_wins);
  const Outcome priority = Simulate(slow, Evaluate(quick, slow, fast, chart), fast, Evaluate(plain, fast, slow, chart));
  EXPECT_TRUE(priority.a_moves_first);
  EXPECT_TRUE(priority.a_wins);
  // Equal speed and priority: A acts first.
  const Pokemon twin = Mon(3, kNormal, {50, 50, 50, 50, 50, 100});
  EXPECT_TRUE(Simulate(fast, Evaluate(plain, fast, twin, chart), twin, Evaluate(plain, twin, fast, chart)).a_moves_first);
}

TEST(Simulator, TheSlowerSideWinsWhenItNeedsFewerTurns) {
  const auto chart = Chart();
  const Pokemon fast_weak = Mon(1, kFire, {50, 20, 50, 20, 50, 100});
  const Pokemon slow_strong = Mon(2, kWater, {50, 50, 50, 120, 50, 10});
  const Move ember = MakeMove(52, kFire, MoveCategory::kSpecial, 40);
  const Move surf = MakeMove(57, kWater, MoveCategory::kSpecial, 90);
  const Outcome o = Simulate(fast_weak, Evaluate(ember, fast_weak, slow_strong, chart), slow_strong,
                             Evaluate(surf, slow_strong, fast_weak, chart));
  EXPECT_TRUE(o.a_moves_first);
  EXPECT_GT(o.a_turns_to_ko, o.b_turns_to_ko);
  EXPECT_FALSE(o.a_wins);
}

}  // namespace
}  // namespace pdex::battle
