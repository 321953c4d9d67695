#include "training/dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "battle/simulator.h"
#include "domain/game_data.h"
#include "training/random.h"

namespace pdex::training {
namespace {

// --- Rng -------------------------------------------------------------------

TEST(Rng, IsSplitMix64) {
  // The published SplitMix64 sequence from seed 0: the same on every platform.
  Rng rng(0);
  EXPECT_EQ(rng.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.Next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(rng.Next(), 0x06c45d188009454fULL);
}

TEST(Rng, SameSeedSameSequence) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs = differs || x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, MixIsDeterministicAndOrderSensitive) {
  EXPECT_EQ(Rng::Mix({42, 1, 2, 3}), Rng::Mix({42, 1, 2, 3}));
  EXPECT_NE(Rng::Mix({42, 1, 2, 3}), Rng::Mix({42, 2, 1, 3}));
  EXPECT_NE(Rng::Mix({42, 1, 2, 3}), Rng::Mix({43, 1, 2, 3}));
  EXPECT_NE(Rng::Mix({42, 1, 2}), Rng::Mix({42, 1, 2, 0}));
}

TEST(Rng, BelowStaysInRange) {
  Rng rng(7);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.Below(1), 0U);
  for (const std::uint64_t n : {2ULL, 3ULL, 7ULL, 10ULL, 1000ULL, (1ULL << 63) + 1, ~0ULL}) {
    for (int i = 0; i < 2000; ++i) EXPECT_LT(rng.Below(n), n) << n;
  }
}

TEST(Rng, BelowIsUniform) {
  // 60,000 draws in 6 buckets: each near 10,000 (a standard deviation is ~91).
  Rng rng(42);
  std::array<int, 6> counts{};
  for (int i = 0; i < 60'000; ++i) ++counts.at(rng.Below(6));
  for (const int c : counts) {
    EXPECT_GT(c, 9'600);
    EXPECT_LT(c, 10'400);
  }
  // With n = 3 x 2^62, a third of [0, n) lies below 2^62; plain modulo
  // (no rejection) would land half the draws there (x and x - n for x >= n).
  const std::uint64_t n = (1ULL << 63) + (1ULL << 62);
  int low = 0;
  for (int i = 0; i < 20'000; ++i) low += rng.Below(n) < (1ULL << 62) ? 1 : 0;
  EXPECT_GT(low, 20'000 / 3 - 400);  // a standard deviation is ~67
  EXPECT_LT(low, 20'000 / 3 + 400);
}

TEST(Rng, UniformIsInTheUnitInterval) {
  Rng rng(1);
  double sum = 0;
  for (int i = 0; i < 10'000; ++i) {
    const double u = rng.Uniform();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 10'000, 0.5, 0.02);
}

// --- The data set on the real game data ------------------------------------

class Dataset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new domain::GameData(domain::LoadValidGameData(PDEX_SOURCE_DATA_DIR));
    world_ = new BattleWorld(*data_);
  }
  static void TearDownTestSuite() {
    delete world_;
    delete data_;
    world_ = nullptr;
    data_ = nullptr;
  }
  static DatasetOptions Small(std::uint64_t seed = 42) {
    DatasetOptions o;
    o.seed = seed;
    o.pair_fraction = 0.05;
    return o;
  }
  // The examples of one ordered pair are consecutive; returns [begin, end) ranges.
  static std::vector<std::pair<std::size_t, std::size_t>> Pairs(const std::vector<Example>& examples) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < examples.size();) {
      std::size_t j = i;
      while (j < examples.size() && examples[j].a_id == examples[i].a_id && examples[j].b_id == examples[i].b_id) ++j;
      out.emplace_back(i, j);
      i = j;
    }
    return out;
  }
  static bool Simulated(const Example& e) {
    const domain::Pokemon& a = *data_->FindPokemon(e.a_id);
    const domain::Pokemon& b = *data_->FindPokemon(e.b_id);
    const auto a_move = battle::Evaluate(*data_->FindMove(e.a_move_id), a, b, data_->chart);
    const auto b_move = battle::Evaluate(*data_->FindMove(e.b_move_id), b, a, data_->chart);
    return battle::Simulate(a, a_move, b, b_move).a_wins;
  }
  static bool Usable(int pokemon_id, int move_id) {
    const auto& moves = world_->UsableMoves(pokemon_id);
    return std::any_of(moves.begin(), moves.end(), [&](const domain::Move* m) { return m->id == move_id; });
  }
  // Checks the layout of every pair's rows (see GenerateExamples).
  static void CheckPairs(const std::vector<Example>& examples, const DatasetOptions& options) {
    std::set<std::pair<int, int>> seen;
    std::pair<int, int> previous{0, 0};
    for (const auto& [begin, end] : Pairs(examples)) {
      const Example& first = examples[begin];
      const std::pair<int, int> pair{first.a_id, first.b_id};
      ASSERT_NE(first.a_id, first.b_id);
      ASSERT_TRUE(seen.insert(pair).second) << "pair " << first.a_id << "-" << first.b_id << " is split";
      ASSERT_LT(previous, pair) << "pairs out of order";
      previous = pair;
      const auto& a_moves = world_->UsableMoves(first.a_id);
      const auto& b_moves = world_->UsableMoves(first.b_id);
      const std::size_t combinations =
          std::min<std::size_t>(static_cast<std::size_t>(options.max_combinations), a_moves.size() * b_moves.size());
      ASSERT_EQ(end - begin, 1 + static_cast<std::size_t>(options.random_move_samples) + combinations)
          << first.a_id << "-" << first.b_id;

      const domain::Pokemon& a = *data_->FindPokemon(first.a_id);
      const domain::Pokemon& b = *data_->FindPokemon(first.b_id);
      const auto a_best = battle::BestMove(a_moves, a, b, data_->chart);
      const auto b_best = battle::BestMove(b_moves, b, a, data_->chart);
      ASSERT_TRUE(a_best && b_best);
      EXPECT_EQ(first.scenario, Scenario::kBestMove);
      EXPECT_EQ(first.a_move_id, a_best->move->id);
      EXPECT_EQ(first.b_move_id, b_best->move->id);

      std::set<std::pair<int, int>> grid;
      std::pair<int, int> previous_cell{0, 0};
      for (std::size_t i = begin + 1; i < end; ++i) {
        const Example& e = examples[i];
        const bool random = i <= begin + static_cast<std::size_t>(options.random_move_samples);
        EXPECT_EQ(e.scenario, random ? Scenario::kRandomMove : Scenario::kAllCombinations);
        EXPECT_TRUE(Usable(e.a_id, e.a_move_id));
        EXPECT_TRUE(Usable(e.b_id, e.b_move_id));
        if (random) {
          EXPECT_EQ(e.a_move_id, a_best->move->id);
        } else {
          const std::pair<int, int> cell{e.a_move_id, e.b_move_id};
          EXPECT_TRUE(grid.insert(cell).second) << "duplicate combination in " << e.a_id << "-" << e.b_id;
          EXPECT_LT(previous_cell, cell) << "combinations out of grid order";
          previous_cell = cell;
        }
      }
      EXPECT_EQ(grid.size(), combinations);
      if (HasFailure()) return;  // one broken pair says enough
    }
  }

  static domain::GameData* data_;
  static BattleWorld* world_;
};
domain::GameData* Dataset::data_ = nullptr;
BattleWorld* Dataset::world_ = nullptr;

TEST_F(Dataset, ScenarioNames) {
  EXPECT_EQ(ToString(Scenario::kBestMove), "best_move");
  EXPECT_EQ(ToString(Scenario::kRandomMove), "random_move");
  EXPECT_EQ(ToString(Scenario::kAllCombinations), "all_combinations");
}

TEST_F(Dataset, DittoDoesNotFight) {
  const domain::Pokemon* ditto = nullptr;
  for (const domain::Pokemon& p : data_->pokemon) {
    if (p.name_en == "Ditto") ditto = &p;
  }
  ASSERT_NE(ditto, nullptr);
  EXPECT_TRUE(world_->UsableMoves(ditto->id).empty());
  for (const domain::Pokemon* p : world_->fighters()) EXPECT_NE(p->id, ditto->id);
  // Nor do ids outside the data.
  EXPECT_TRUE(world_->UsableMoves(-1).empty());
  EXPECT_TRUE(world_->UsableMoves(100'000).empty());
}

TEST_F(Dataset, FightersAreEveryPokemonWithAUsableMove) {
  std::vector<int> expected;
  for (const domain::Pokemon& p : data_->pokemon) {
    const bool usable = std::any_of(data_->learnsets.begin(), data_->learnsets.end(), [&](const domain::LearnsetEntry& l) {
      return l.pokemon_id == p.id && battle::IsUsable(*data_->FindMove(l.move_id));
    });
    if (usable) expected.push_back(p.id);
  }
  std::vector<int> fighters;
  for (const domain::Pokemon* p : world_->fighters()) fighters.push_back(p->id);
  EXPECT_EQ(fighters, expected);  // ordered by id
  EXPECT_GT(fighters.size(), 180U);
  EXPECT_LT(fighters.size(), data_->pokemon.size());
}

TEST_F(Dataset, UsableMovesAreTheLearnsetsUsableMovesSortedAndUnique) {
  for (const domain::Pokemon& p : data_->pokemon) {
    std::set<int> expected;
    for (const domain::LearnsetEntry& l : data_->learnsets) {
      if (l.pokemon_id == p.id && battle::IsUsable(*data_->FindMove(l.move_id))) expected.insert(l.move_id);
    }
    std::vector<int> ids;
    for (const domain::Move* m : world_->UsableMoves(p.id)) {
      EXPECT_TRUE(battle::IsUsable(*m)) << m->name_en;
      ids.push_back(m->id);
    }
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << p.name_en;
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << p.name_en << " has a move twice";
    EXPECT_EQ(ids, std::vector<int>(expected.begin(), expected.end())) << p.name_en;
  }
}

TEST_F(Dataset, FeaturesOfRecomputesTheBattle) {
  const std::vector<Example> examples = GenerateExamples(*world_, Small());
  ASSERT_FALSE(examples.empty());
  const Example& e = examples[examples.size() / 2];
  const domain::Pokemon& a = *data_->FindPokemon(e.a_id);
  const domain::Pokemon& b = *data_->FindPokemon(e.b_id);
  const features::BattleFeatures expected =
      features::Extract(a, battle::Evaluate(*data_->FindMove(e.a_move_id), a, b, data_->chart), b,
                        battle::Evaluate(*data_->FindMove(e.b_move_id), b, a, data_->chart));
  const features::BattleFeatures got = world_->FeaturesOf(e);
  EXPECT_EQ(got.values, expected.values);
  EXPECT_EQ(got.labels, expected.labels);

  Example bad = e;
  bad.a_id = 100'000;
  EXPECT_THROW(world_->FeaturesOf(bad), std::out_of_range);
  bad = e;
  bad.b_move_id = -3;
  EXPECT_THROW(world_->FeaturesOf(bad), std::out_of_range);
}

TEST_F(Dataset, GenerationIsDeterministic) {
  const std::vector<Example> first = GenerateExamples(*world_, Small(42));
  const std::vector<Example> second = GenerateExamples(*world_, Small(42));
  const std::vector<Example> other = GenerateExamples(*world_, Small(43));
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
  EXPECT_EQ(DatasetHash(first), DatasetHash(second));
  EXPECT_EQ(DatasetHash(first).size(), 16U);
  EXPECT_NE(first, other);
  EXPECT_NE(DatasetHash(first), DatasetHash(other));
}

TEST_F(Dataset, HashSeesEveryField) {
  const std::vector<Example> examples = GenerateExamples(*world_, Small());
  ASSERT_GT(examples.size(), 10U);
  const std::string hash = DatasetHash(examples);
  const auto changed = [&](auto&& edit) {
    std::vector<Example> copy = examples;
    edit(copy[7]);
    return DatasetHash(copy);
  };
  EXPECT_NE(changed([](Example& e) { e.a_id += 1; }), hash);
  EXPECT_NE(changed([](Example& e) { e.b_id += 1; }), hash);
  EXPECT_NE(changed([](Example& e) { e.a_move_id += 1; }), hash);
  EXPECT_NE(changed([](Example& e) { e.b_move_id += 1; }), hash);
  EXPECT_NE(changed([](Example& e) {
    e.scenario = e.scenario == Scenario::kBestMove ? Scenario::kRandomMove : Scenario::kBestMove;
  }), hash);
  EXPECT_NE(changed([](Example& e) { e.a_wins = !e.a_wins; }), hash);
  std::vector<Example> shorter(examples.begin(), examples.end() - 1);
  EXPECT_NE(DatasetHash(shorter), hash);
}

TEST_F(Dataset, PairFractionKeepsAboutThatShareOfPairs) {
  const std::vector<Example> examples = GenerateExamples(*world_, Small());
  const std::size_t fighters = world_->fighters().size();
  const double share = static_cast<double>(Pairs(examples).size()) / static_cast<double>(fighters * (fighters - 1));
  EXPECT_GT(share, 0.045);
  EXPECT_LT(share, 0.055);
}

TEST_F(Dataset, EachPairHasItsScenarios) {
  const DatasetOptions options = Small();
  const std::vector<Example> examples = GenerateExamples(*world_, options);
  CheckPairs(examples, options);
}

TEST_F(Dataset, SampleSizesFollowTheOptions) {
  DatasetOptions options = Small(9);
  options.random_move_samples = 2;
  options.max_combinations = 3;
  const std::vector<Example> examples = GenerateExamples(*world_, options);
  ASSERT_FALSE(examples.empty());
  CheckPairs(examples, options);
  options.max_combinations = 0;
  options.random_move_samples = 0;
  const std::vector<Example> best_only = GenerateExamples(*world_, options);
  EXPECT_EQ(best_only.size(), Pairs(best_only).size());
  for (const Example& e : best_only) EXPECT_EQ(e.scenario, Scenario::kBestMove);
}

TEST_F(Dataset, LabelsAreTheSimulatorsOutcome) {
  const std::vector<Example> examples = GenerateExamples(*world_, Small());
  std::size_t wins = 0;
  for (const Example& e : examples) {
    ASSERT_EQ(e.a_wins, Simulated(e)) << e.a_id << " vs " << e.b_id << " moves " << e.a_move_id << "/" << e.b_move_id;
    wins += e.a_wins ? 1 : 0;
  }
  // Both outcomes are common.
  EXPECT_GT(wins, examples.size() / 4);
  EXPECT_LT(wins, examples.size() * 3 / 4);
}

// The full data set, generated once for the tests below.
class FullDataset : public Dataset {
 protected:
  static void SetUpTestSuite() {
    Dataset::SetUpTestSuite();
    examples_ = new std::vector<Example>(GenerateExamples(*world_, DatasetOptions{}));
  }
  static void TearDownTestSuite() {
    delete examples_;
    examples_ = nullptr;
    Dataset::TearDownTestSuite();
  }
  static std::vector<Example>* examples_;
};
std::vector<Example>* FullDataset::examples_ = nullptr;

TEST_F(FullDataset, HasEveryOrderedPair) {
  const std::vector<Example>& examples = *examples_;
  EXPECT_GT(examples.size(), 850'000U);
  EXPECT_LT(examples.size(), 950'000U);
  for (const Example& e : examples) ASSERT_NE(e.a_id, e.b_id);
  const std::size_t fighters = world_->fighters().size();
  EXPECT_EQ(Pairs(examples).size(), fighters * (fighters - 1));
}

TEST_F(FullDataset, PairsAreLaidOutAsDocumented) { CheckPairs(*examples_, DatasetOptions{}); }

TEST_F(FullDataset, StratifiedSplit) {
  const std::vector<Example>& examples = *examples_;
  const Split split = StratifiedSplit(examples, 0.2, 42);
  ASSERT_TRUE(std::is_sorted(split.train.begin(), split.train.end()));
  ASSERT_TRUE(std::is_sorted(split.test.begin(), split.test.end()));
  // Disjoint, and together every example once.
  std::vector<std::size_t> all;
  std::merge(split.train.begin(), split.train.end(), split.test.begin(), split.test.end(), std::back_inserter(all));
  ASSERT_EQ(all.size(), examples.size());
  for (std::size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], i);

  // 20% of each label, to the row.
  std::array<std::size_t, 2> total{}, test{};
  for (const Example& e : examples) ++total[e.a_wins ? 1 : 0];
  for (const std::size_t i : split.test) ++test[examples[i].a_wins ? 1 : 0];
  for (const int label : {0, 1}) {
    const double expected = 0.2 * static_cast<double>(total.at(static_cast<std::size_t>(label)));
    EXPECT_NEAR(static_cast<double>(test.at(static_cast<std::size_t>(label))), expected, 1.0) << "label " << label;
  }

  // Deterministic for a seed; another seed draws another test set.
  const Split again = StratifiedSplit(examples, 0.2, 42);
  EXPECT_EQ(again.train, split.train);
  EXPECT_EQ(again.test, split.test);
  const Split other = StratifiedSplit(examples, 0.2, 43);
  EXPECT_EQ(other.test.size(), split.test.size());
  EXPECT_NE(other.test, split.test);

  // The test rows are spread over the whole data set, not a block of it.
  EXPECT_LT(split.test.front(), examples.size() / 100);
  EXPECT_GT(split.test.back(), examples.size() - examples.size() / 100);
}

TEST_F(FullDataset, SplitEdgeShares) {
  const std::vector<Example> small(examples_->begin(), examples_->begin() + 1000);
  const Split none = StratifiedSplit(small, 0.0, 1);
  EXPECT_TRUE(none.test.empty());
  EXPECT_EQ(none.train.size(), small.size());
  const Split all = StratifiedSplit(small, 1.0, 1);
  EXPECT_TRUE(all.train.empty());
  EXPECT_EQ(all.test.size(), small.size());
}

}  // namespace
}  // namespace pdex::training
