#pragma once
// Loading and validating the game data authored under data/.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/model.h"

namespace pdex::domain {

// Thrown when data/ is missing, unreadable or inconsistent; the message names
// the file and line.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Everything under data/, resolved to ids. Mega Evolutions carry their base
// form's learnset (the files list it once, for the base form).
struct GameData {
  std::vector<Type> types;  // ordered by id
  TypeChart chart;
  std::vector<Pokemon> pokemon;  // ordered by id
  std::vector<Move> moves;       // ordered by id
  std::vector<LearnsetEntry> learnsets;
  std::vector<Tm> tms;

  const Pokemon* FindPokemon(int id) const;
  const Move* FindMove(int id) const;
  const Type* FindType(int id) const;
  // A stable digest of the whole data set (hex), to tell loaded versions apart.
  std::string Fingerprint() const;
};

// Reads types.csv, type_chart.csv, pokemon.csv, moves.csv, tms.csv and
// learnsets.csv from `dir`. Throws DataError on any unreadable or dangling
// reference.
GameData LoadGameData(const std::filesystem::path& dir);

// Checks the invariants the rest of the system relies on (counts, unique
// names, stat ranges, chart values, damaging moves). Returns one message per
// violation; empty when the data is sound.
std::vector<std::string> Validate(const GameData& data);

// LoadGameData, then Validate: throws DataError listing every violation.
GameData LoadValidGameData(const std::filesystem::path& dir);

// Finds data/: $PDEX_DATA_DIR, else ./data, else the source tree's data/
// recorded at build time. Throws DataError naming the places it looked.
std::filesystem::path LocateDataDir();

}  // namespace pdex::domain
