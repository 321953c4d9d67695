// Prints N realistic POST /predict/best-move bodies, one per line: seeded
// random pairs of Pokémon with up to 4 of A's usable moves, so a benchmark
// does not score the same 4 battles over and over (hot cache paths).
//
//   request_bodies [COUNT [SEED [uniform|training|shifted|drift]]]
//
// `uniform` (the default) draws A and B from every Pokémon that can fight,
// with up to 4 of A's moves. `training` asks what the training set holds:
// one battle per request, a random usable move of A against a random usable
// move of B (given as available_moves_b), so the events look like the
// model's reference data. `shifted` is `training` with A drawn from the
// strongest fifth (by base stat total) and B from the weakest fifth: traffic
// that no longer looks like the training data, for the drift tests. `drift`
// is what `pdex loadgen --drift` sends (mostly Fire and Dragon Pokémon, A's
// most powerful move). The bodies come from loadgen::BodyGenerator.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/game_data.h"
#include "loadgen/body_generator.h"
#include "training/dataset.h"

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
  const auto mode = pdex::loadgen::ParseBodyMode(argc > 3 ? argv[3] : "uniform");
  if (!mode) {
    std::fprintf(stderr, "usage: request_bodies [COUNT [SEED [uniform|training|shifted|drift]]]\n");
    return 2;
  }
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(pdex::domain::LocateDataDir());
  const pdex::training::BattleWorld world(data);
  pdex::loadgen::BodyGenerator bodies(world, *mode, seed);
  for (std::size_t i = 0; i < count; ++i) std::puts(bodies.Next().c_str());
  return 0;
}
