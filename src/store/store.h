#pragma once
// The storage interface every PredictionDex service reads game data through.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/game_data.h"
#include "domain/model.h"

namespace pdex::store {

// Any storage failure. Messages are safe to log, not to show to clients.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database cannot be reached right now (down, restarting, connection
// lost). Callers answer 503; the store reconnects by itself later.
class StoreUnavailable : public StoreError {
 public:
  using StoreError::StoreError;
};

enum class Lang { kEn, kFr };

// Read access to the game data plus the one write path (loading data/).
//
// Thread safety: every method may be called from any number of threads at
// once. Failure: methods throw StoreUnavailable when the database is
// unreachable and StoreError for anything else; they never return partial
// results.
class Store {
 public:
  virtual ~Store() = default;

  // Cheap round trip proving the database answers.
  virtual void Ping() = 0;

  // Creates or upgrades the schema; safe to run concurrently from several
  // processes. Returns the schema version now in place.
  virtual int Migrate() = 0;
  // Loads `data` unless the same data set is already loaded. Atomic: readers
  // see the old or the new data, never a mix. Returns true when it wrote.
  virtual bool Load(const domain::GameData& data) = 0;
  // Fingerprint of the loaded data set, if any.
  virtual std::optional<std::string> LoadedFingerprint() = 0;

  virtual int CountPokemon() = 0;
  virtual std::vector<domain::Pokemon> ListPokemon(int limit, int offset) = 0;
  // Substring search on folded names (see text::Fold), ordered by id.
  virtual std::vector<domain::Pokemon> SearchPokemon(std::string_view query, Lang lang) = 0;
  virtual std::optional<domain::Pokemon> GetPokemon(int id) = 0;
  // The Pokémon's learnable moves: level-up by level, then TM, tutor, and
  // moves kept from a previous evolution.
  virtual std::vector<domain::PokemonMove> PokemonMoves(int pokemon_id) = 0;
  virtual std::vector<domain::Pokemon> PokemonOfType(int type_id) = 0;

  virtual int CountMoves() = 0;
  virtual std::vector<domain::Move> ListMoves(int limit, int offset) = 0;
  // Substring search on folded English and French names, ordered by id.
  virtual std::vector<domain::Move> SearchMoves(std::string_view query) = 0;
  virtual std::vector<domain::Move> MovesOfType(int type_id) = 0;
  virtual std::optional<domain::Move> GetMove(int id) = 0;

  virtual std::vector<domain::Type> ListTypes() = 0;
  virtual std::optional<domain::Type> GetType(int id) = 0;
  // Exact match on the folded English or French name ("electrik" finds Electric).
  virtual std::optional<domain::Type> FindTypeByName(std::string_view name) = 0;
  virtual std::optional<double> Effectiveness(int attacking_type_id, int defending_type_id) = 0;
  virtual domain::TypeChart Chart() = 0;
};

}  // namespace pdex::store
