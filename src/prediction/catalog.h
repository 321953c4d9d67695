// The game data a prediction needs, held in memory: one snapshot per loaded
// data set, so a request costs no database round trip.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/model.h"
#include "store/store.h"

namespace pdex::prediction {

// Immutable once built: thread-safe to read.
class Catalog {
 public:
  // Reads every Pokémon, move, learnset and the type chart through `store`.
  // Throws what the store throws.
  static Catalog FromStore(store::Store& store);

  const domain::Pokemon* FindPokemon(int id) const;
  // By English or French name, case- and accent-insensitive (text::Fold).
  const domain::Move* FindMove(std::string_view name) const;
  bool CanLearn(int pokemon_id, int move_id) const;
  // Every move the Pokémon can learn, by id (status moves included).
  const std::vector<const domain::Move*>& Learnset(int pokemon_id) const;
  const domain::TypeChart& chart() const { return chart_; }

 private:
  Catalog() = default;
  std::unordered_map<int, domain::Pokemon> pokemon_;
  std::unordered_map<int, std::unique_ptr<domain::Move>> moves_;  // stable addresses
  std::unordered_map<std::string, const domain::Move*> moves_by_name_;
  std::unordered_map<int, std::vector<const domain::Move*>> learnsets_;
  std::unordered_set<long long> learnable_;  // pokemon_id << 32 | move_id
  domain::TypeChart chart_;
};

// The catalog of the data set the store holds now, rebuilt when the data
// version changes. Thread-safe; one thread builds while the others wait.
class CatalogCache {
 public:
  explicit CatalogCache(store::Store& store) : store_(store) {}
  std::shared_ptr<const Catalog> Get(const std::string& data_version);

 private:
  store::Store& store_;
  std::mutex mu_;
  std::string version_;
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace pdex::prediction
