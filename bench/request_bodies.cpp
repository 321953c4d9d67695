// Prints N realistic POST /predict/best-move bodies, one per line: seeded
// random pairs of Pokémon with up to 4 of A's usable moves, so a benchmark
// does not score the same 4 battles over and over (hot cache paths).
//
//   request_bodies [COUNT [SEED [uniform|training|shifted]]]
//
// `uniform` (the default) draws A and B from every Pokémon that can fight,
// with up to 4 of A's moves. `training` asks what the training set holds:
// one battle per request, a random usable move of A against a random usable
// move of B (given as available_moves_b), so the events look like the
// model's reference data. `shifted` is `training` with A drawn from the
// strongest fifth (by base stat total) and B from the weakest fifth: traffic
// that no longer looks like the training data, for the drift tests.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/game_data.h"
#include "training/dataset.h"
#include "training/random.h"

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
  const std::string mode = argc > 3 ? argv[3] : "uniform";
  if (mode != "uniform" && mode != "training" && mode != "shifted") {
    std::fprintf(stderr, "usage: request_bodies [COUNT [SEED [uniform|training|shifted]]]\n");
    return 2;
  }
  const bool shifted = mode == "shifted";
  const std::size_t a_moves = mode == "uniform" ? 4 : 1;
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(pdex::domain::LocateDataDir());
  const pdex::training::BattleWorld world(data);
  std::vector<const pdex::domain::Pokemon*> a_pool = world.fighters(), b_pool = world.fighters();
  if (shifted) {
    auto by_total = world.fighters();
    std::sort(by_total.begin(), by_total.end(),
              [](const auto* x, const auto* y) {
                const int tx = x->stats.Total(), ty = y->stats.Total();
                return tx > ty || (tx == ty && x->id < y->id);
              });
    const std::size_t fifth = by_total.size() / 5;
    a_pool.assign(by_total.begin(), by_total.begin() + static_cast<std::ptrdiff_t>(fifth));
    b_pool.assign(by_total.end() - static_cast<std::ptrdiff_t>(fifth), by_total.end());
  }
  pdex::training::Rng rng(seed);
  for (std::size_t i = 0; i < count; ++i) {
    const pdex::domain::Pokemon* a = a_pool[rng.Below(a_pool.size())];
    const pdex::domain::Pokemon* b = b_pool[rng.Below(b_pool.size())];
    std::vector<const pdex::domain::Move*> moves = world.UsableMoves(a->id);
    nlohmann::json names = nlohmann::json::array();
    for (std::size_t k = 0; k < a_moves && !moves.empty(); ++k) {
      const std::size_t pick = rng.Below(moves.size());
      names.push_back(moves[pick]->name_en);
      moves.erase(moves.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    nlohmann::json body = {{"pokemon_a_id", a->id}, {"pokemon_b_id", b->id}, {"available_moves", names}};
    if (mode != "uniform") {
      const auto& b_moves = world.UsableMoves(b->id);
      body["available_moves_b"] = {b_moves[rng.Below(b_moves.size())]->name_en};
    }
    std::puts(body.dump().c_str());
  }
  return 0;
}
