#include "training/dataset.h"

#include <algorithm>
#include <stdexcept>

#include "battle/simulator.h"
#include "text/hash.h"
#include "training/random.h"

namespace pdex::training {
namespace {

// Salts keep the per-pair random streams of different uses apart.
enum Salt : std::uint64_t { kPairKept = 1, kRandomMove = 2, kCombinations = 3, kSplit = 4 };

Example Label(const domain::Pokemon& a, const battle::MoveEvaluation& a_move, const domain::Pokemon& b,
              const battle::MoveEvaluation& b_move, Scenario scenario) {
  return Example{a.id, b.id, a_move.move->id, b_move.move->id, scenario,
                 battle::Simulate(a, a_move, b, b_move).a_wins};
}

}  // namespace

std::string_view ToString(Scenario s) {
  switch (s) {
    case Scenario::kBestMove: return "best_move";
    case Scenario::kRandomMove: return "random_move";
    case Scenario::kAllCombinations: return "all_combinations";
  }
  return "unknown";
}

BattleWorld::BattleWorld(const domain::GameData& data) : data_(data) {
  int max_id = 0;
  for (const domain::Pokemon& p : data.pokemon) max_id = std::max(max_id, p.id);
  usable_by_id_.resize(static_cast<std::size_t>(max_id) + 1);
  for (const domain::LearnsetEntry& entry : data.learnsets) {
    const domain::Move* move = data.FindMove(entry.move_id);
    if (move != nullptr && battle::IsUsable(*move)) usable_by_id_.at(static_cast<std::size_t>(entry.pokemon_id)).push_back(move);
  }
  for (auto& moves : usable_by_id_) {
    std::sort(moves.begin(), moves.end(), [](const domain::Move* x, const domain::Move* y) { return x->id < y->id; });
    moves.erase(std::unique(moves.begin(), moves.end()), moves.end());
  }
  for (const domain::Pokemon& p : data.pokemon) {
    if (!UsableMoves(p.id).empty()) fighters_.push_back(&p);
  }
}

const std::vector<const domain::Move*>& BattleWorld::UsableMoves(int pokemon_id) const {
  static const std::vector<const domain::Move*> kNone;
  if (pokemon_id < 0 || static_cast<std::size_t>(pokemon_id) >= usable_by_id_.size()) return kNone;
  return usable_by_id_[static_cast<std::size_t>(pokemon_id)];
}

features::BattleFeatures BattleWorld::FeaturesOf(const Example& e) const {
  const domain::Pokemon* a = data_.FindPokemon(e.a_id);
  const domain::Pokemon* b = data_.FindPokemon(e.b_id);
  const domain::Move* a_move = data_.FindMove(e.a_move_id);
  const domain::Move* b_move = data_.FindMove(e.b_move_id);
  if (a == nullptr || b == nullptr || a_move == nullptr || b_move == nullptr) {
    throw std::out_of_range("example refers to a Pokémon or move the game data lacks");
  }
  return features::Extract(*a, battle::Evaluate(*a_move, *a, *b, data_.chart), *b,
                           battle::Evaluate(*b_move, *b, *a, data_.chart));
}

std::vector<Example> GenerateExamples(const BattleWorld& world, const DatasetOptions& options) {
  const domain::TypeChart& chart = world.data().chart;
  std::vector<Example> out;
  std::vector<battle::MoveEvaluation> a_evals, b_evals;
  std::vector<std::size_t> combos;
  for (const domain::Pokemon* a : world.fighters()) {
    for (const domain::Pokemon* b : world.fighters()) {
      if (a == b) continue;
      const auto pair_seed = [&](Salt salt) {
        return Rng::Mix({options.seed, static_cast<std::uint64_t>(a->id), static_cast<std::uint64_t>(b->id), salt});
      };
      if (options.pair_fraction < 1 && Rng(pair_seed(kPairKept)).Uniform() >= options.pair_fraction) continue;

      a_evals.clear();
      b_evals.clear();
      for (const domain::Move* m : world.UsableMoves(a->id)) a_evals.push_back(battle::Evaluate(*m, *a, *b, chart));
      for (const domain::Move* m : world.UsableMoves(b->id)) b_evals.push_back(battle::Evaluate(*m, *b, *a, chart));
      const auto a_best = *battle::BestMove(world.UsableMoves(a->id), *a, *b, chart);
      const auto b_best = *battle::BestMove(world.UsableMoves(b->id), *b, *a, chart);

      out.push_back(Label(*a, a_best, *b, b_best, Scenario::kBestMove));

      Rng random_move(pair_seed(kRandomMove));
      for (int i = 0; i < options.random_move_samples; ++i) {
        const auto& b_move = b_evals[random_move.Below(b_evals.size())];
        out.push_back(Label(*a, a_best, *b, b_move, Scenario::kRandomMove));
      }

      // A uniform sample of the A move x B move grid, without replacement
      // (a partial Fisher-Yates shuffle), listed in grid order.
      const std::size_t grid = a_evals.size() * b_evals.size();
      const std::size_t keep = std::min(grid, static_cast<std::size_t>(std::max(options.max_combinations, 0)));
      combos.resize(grid);
      for (std::size_t i = 0; i < grid; ++i) combos[i] = i;
      Rng combinations(pair_seed(kCombinations));
      for (std::size_t i = 0; i < keep && keep < grid; ++i) {
        std::swap(combos[i], combos[i + combinations.Below(grid - i)]);
      }
      std::sort(combos.begin(), combos.begin() + static_cast<std::ptrdiff_t>(keep));
      for (std::size_t k = 0; k < keep; ++k) {
        const std::size_t cell = combos[k];
        out.push_back(Label(*a, a_evals[cell / b_evals.size()], *b, b_evals[cell % b_evals.size()],
                            Scenario::kAllCombinations));
      }
    }
  }
  return out;
}

std::string DatasetHash(const std::vector<Example>& examples) {
  text::Fnv1a h;
  for (const Example& e : examples) {
    h.AddUint64(static_cast<std::uint64_t>(e.a_id));
    h.AddUint64(static_cast<std::uint64_t>(e.b_id));
    h.AddUint64(static_cast<std::uint64_t>(e.a_move_id));
    h.AddUint64(static_cast<std::uint64_t>(e.b_move_id));
    h.AddUint64(static_cast<std::uint64_t>(e.scenario));
    h.AddUint64(e.a_wins ? 1 : 0);
  }
  return h.Hex();
}

Split StratifiedSplit(const std::vector<Example>& examples, double test_share, std::uint64_t seed) {
  Split split;
  for (const bool label : {false, true}) {
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < examples.size(); ++i) {
      if (examples[i].a_wins == label) indices.push_back(i);
    }
    Rng rng(Rng::Mix({seed, kSplit, label ? 1u : 0u}));
    const auto n_test = static_cast<std::size_t>(static_cast<double>(indices.size()) * test_share + 0.5);
    for (std::size_t i = 0; i < n_test; ++i) std::swap(indices[i], indices[i + rng.Below(indices.size() - i)]);
    split.test.insert(split.test.end(), indices.begin(), indices.begin() + static_cast<std::ptrdiff_t>(n_test));
    split.train.insert(split.train.end(), indices.begin() + static_cast<std::ptrdiff_t>(n_test), indices.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

}  // namespace pdex::training
