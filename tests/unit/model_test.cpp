// Unit tests for domain/model.h: enum names and the type chart.
#include "domain/model.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace pdex::domain {
namespace {

TEST(FormNames, RoundTripEveryValue) {
  const std::pair<Form, std::string_view> all[] = {
      {Form::kBase, "base"}, {Form::kMega, "mega"}, {Form::kAlola, "alola"}, {Form::kPartner, "partner"}};
  for (const auto& [value, name] : all) {
    EXPECT_EQ(ToString(value), name);
    EXPECT_EQ(ParseForm(name), value) << name;
  }
}

TEST(MoveCategoryNames, RoundTripEveryValue) {
  const std::pair<MoveCategory, std::string_view> all[] = {{MoveCategory::kPhysical, "physical"},
                                                          {MoveCategory::kSpecial, "special"},
                                                          {MoveCategory::kStatus, "status"}};
  for (const auto& [value, name] : all) {
    EXPECT_EQ(ToString(value), name);
    EXPECT_EQ(ParseMoveCategory(name), value) << name;
  }
}

TEST(MoveEffectNames, RoundTripEveryValue) {
  const std::pair<MoveEffect, std::string_view> all[] = {
      {MoveEffect::kPlain, "plain"},          {MoveEffect::kMultiHit, "multi_hit"},
      {MoveEffect::kDoubleDamage, "double_damage"}, {MoveEffect::kTwoTurn, "two_turn"},
      {MoveEffect::kRecharge, "recharge"},    {MoveEffect::kRecoil, "recoil"},
      {MoveEffect::kDrain, "drain"},          {MoveEffect::kSelfKo, "self_ko"},
      {MoveEffect::kFixedDamage, "fixed_damage"}, {MoveEffect::kOhko, "ohko"},
      {MoveEffect::kCounter, "counter"},      {MoveEffect::kStatus, "status"}};
  std::set<std::string_view> names;
  for (const auto& [value, name] : all) {
    EXPECT_EQ(ToString(value), name);
    EXPECT_EQ(ParseMoveEffect(name), value) << name;
    names.insert(ToString(value));
  }
  EXPECT_EQ(names.size(), 12u);  // every effect has its own name
}

TEST(LearnMethodNames, RoundTripEveryValue) {
  const std::pair<LearnMethod, std::string_view> all[] = {{LearnMethod::kLevel, "level"},
                                                         {LearnMethod::kTm, "tm"},
                                                         {LearnMethod::kTutor, "tutor"},
                                                         {LearnMethod::kPreEvolution, "pre_evolution"}};
  for (const auto& [value, name] : all) {
    EXPECT_EQ(ToString(value), name);
    EXPECT_EQ(ParseLearnMethod(name), value) << name;
  }
}

TEST(EnumNames, ParseRejectsAnythingElse) {
  for (const std::string_view bad : {"", "Base", "MEGA", " base", "base ", "alolan", "partner\n"}) {
    EXPECT_FALSE(ParseForm(bad).has_value()) << "'" << bad << "'";
  }
  for (const std::string_view bad : {"", "Physical", "phys", "special "}) {
    EXPECT_FALSE(ParseMoveCategory(bad).has_value()) << "'" << bad << "'";
  }
  for (const std::string_view bad : {"", "multi-hit", "multihit", "Plain", "status_"}) {
    EXPECT_FALSE(ParseMoveEffect(bad).has_value()) << "'" << bad << "'";
  }
  for (const std::string_view bad : {"", "Level", "TM", "pre-evolution", "egg"}) {
    EXPECT_FALSE(ParseLearnMethod(bad).has_value()) << "'" << bad << "'";
  }
  // A name of another enum is not accepted either.
  EXPECT_FALSE(ParseForm("status").has_value());
  EXPECT_FALSE(ParseLearnMethod("plain").has_value());
}

TEST(Stats, TotalSumsAllSix) {
  const Stats s{35, 55, 40, 50, 50, 90};
  EXPECT_EQ(s.Total(), 320);
  EXPECT_EQ(Stats{}.Total(), 0);
}

TEST(Move, IsDamagingFollowsCategory) {
  Move m;
  m.category = MoveCategory::kPhysical;
  EXPECT_TRUE(m.IsDamaging());
  m.category = MoveCategory::kSpecial;
  EXPECT_TRUE(m.IsDamaging());
  m.category = MoveCategory::kStatus;
  EXPECT_FALSE(m.IsDamaging());
}

// Types by id as in data/types.csv.
constexpr int kNormal = 1, kFighting = 2, kFlying = 3, kGround = 5, kRock = 6, kGhost = 8,
              kSteel = 9, kFire = 10, kWater = 11, kGrass = 12, kElectric = 13, kIce = 15;

Pokemon Mon(int type1, std::optional<int> type2) {
  Pokemon p;
  p.type1.id = type1;
  if (type2) {
    p.type2 = Type{};
    p.type2->id = *type2;
  }
  return p;
}

TEST(TypeChart, SetAndGetSingleCells) {
  TypeChart chart;
  chart.Set(kWater, kFire, 2);
  chart.Set(kFire, kWater, 0.5);
  chart.Set(kNormal, kGhost, 0);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kWater, kFire), 2);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kFire, kWater), 0.5);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kNormal, kGhost), 0);
  chart.Set(1, 1, 1);
  chart.Set(18, 18, 2);  // both ends of the id range
  EXPECT_DOUBLE_EQ(chart.Multiplier(1, 1), 1);
  EXPECT_DOUBLE_EQ(chart.Multiplier(18, 18), 2);
}

TEST(TypeChart, OutOfRangeIdsThrow) {
  TypeChart chart;
  EXPECT_THROW((void)chart.Multiplier(0, 1), std::out_of_range);
  EXPECT_THROW((void)chart.Multiplier(1, 19), std::out_of_range);
  EXPECT_THROW(chart.Set(19, 1, 1), std::out_of_range);
  EXPECT_THROW(chart.Set(1, -3, 1), std::out_of_range);
}

TEST(TypeChart, MultiplierAgainstAPokemonIsTheProductOverItsTypes) {
  TypeChart chart;
  for (int a = 1; a <= kTypeCount; ++a) {
    for (int d = 1; d <= kTypeCount; ++d) chart.Set(a, d, 1);
  }
  chart.Set(kIce, kGround, 2);
  chart.Set(kIce, kFlying, 2);
  chart.Set(kRock, kFlying, 2);
  chart.Set(kRock, kFighting, 0.5);
  chart.Set(kElectric, kGround, 0);
  chart.Set(kElectric, kFlying, 2);
  chart.Set(kFire, kGrass, 2);
  chart.Set(kFire, kSteel, 2);
  chart.Set(kWater, kGrass, 0.5);

  const Pokemon gliscor = Mon(kGround, kFlying);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kIce, gliscor), 4);       // 2 x 2
  EXPECT_DOUBLE_EQ(chart.Multiplier(kElectric, gliscor), 0);  // 0 x 2
  EXPECT_DOUBLE_EQ(chart.Multiplier(kNormal, gliscor), 1);

  const Pokemon hawlucha = Mon(kFighting, kFlying);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kRock, hawlucha), 1);  // 0.5 x 2

  const Pokemon ferrothorn = Mon(kGrass, kSteel);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kFire, ferrothorn), 4);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kWater, ferrothorn), 0.5);

  // A single-typed Pokémon uses its one type only.
  const Pokemon sandshrew = Mon(kGround, std::nullopt);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kIce, sandshrew), 2);
  EXPECT_DOUBLE_EQ(chart.Multiplier(kElectric, sandshrew), 0);
}

TEST(DefensiveMatchups, OneEntryPerTypeInOrderWithTheProduct) {
  TypeChart chart;
  for (int a = 1; a <= kTypeCount; ++a) {
    for (int d = 1; d <= kTypeCount; ++d) chart.Set(a, d, 1);
  }
  chart.Set(kIce, kGround, 2);
  chart.Set(kIce, kFlying, 2);
  chart.Set(kElectric, kGround, 0);
  std::vector<Type> types;
  for (int id = 1; id <= kTypeCount; ++id) types.push_back({id, "t" + std::to_string(id), ""});

  const auto matchups = DefensiveMatchups(chart, types, Mon(kGround, kFlying));
  ASSERT_EQ(matchups.size(), static_cast<std::size_t>(kTypeCount));
  for (std::size_t i = 0; i < matchups.size(); ++i) {
    EXPECT_EQ(matchups[i].attacking.id, static_cast<int>(i) + 1);
  }
  EXPECT_DOUBLE_EQ(matchups[kIce - 1].multiplier, 4);
  EXPECT_DOUBLE_EQ(matchups[kElectric - 1].multiplier, 0);
  EXPECT_DOUBLE_EQ(matchups[kWater - 1].multiplier, 1);
  EXPECT_EQ(matchups[kIce - 1].attacking.name_en, "t15");

  EXPECT_TRUE(DefensiveMatchups(chart, {}, Mon(kGround, std::nullopt)).empty());
}

}  // namespace
}  // namespace pdex::domain
