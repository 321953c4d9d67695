// Prints N realistic POST /predict/best-move bodies, one per line: seeded
// random pairs of Pokémon with up to 4 of A's usable moves, so a benchmark
// does not score the same 4 battles over and over (hot cache paths).
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "domain/game_data.h"
#include "training/dataset.h"
#include "training/random.h"

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(pdex::domain::LocateDataDir());
  const pdex::training::BattleWorld world(data);
  const auto& fighters = world.fighters();
  pdex::training::Rng rng(7);
  for (std::size_t i = 0; i < count; ++i) {
    const pdex::domain::Pokemon* a = fighters[rng.Below(fighters.size())];
    const pdex::domain::Pokemon* b = fighters[rng.Below(fighters.size())];
    std::vector<const pdex::domain::Move*> moves = world.UsableMoves(a->id);
    nlohmann::json names = nlohmann::json::array();
    for (std::size_t k = 0; k < 4 && !moves.empty(); ++k) {
      const std::size_t pick = rng.Below(moves.size());
      names.push_back(moves[pick]->name_en);
      moves.erase(moves.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    const nlohmann::json body = {{"pokemon_a_id", a->id}, {"pokemon_b_id", b->id}, {"available_moves", names}};
    std::puts(body.dump().c_str());
  }
  return 0;
}
