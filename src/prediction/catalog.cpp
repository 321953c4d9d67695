#include "prediction/catalog.h"

#include <algorithm>

#include "text/utf8.h"

namespace pdex::prediction {
namespace {

long long LearnKey(int pokemon_id, int move_id) {
  return (static_cast<long long>(pokemon_id) << 32) | static_cast<unsigned>(move_id);
}

}  // namespace

Catalog Catalog::FromStore(store::Store& store) {
  Catalog c;
  for (domain::Pokemon& p : store.ListPokemon(store.CountPokemon(), 0)) {
    const int id = p.id;
    c.pokemon_.emplace(id, std::move(p));
  }
  for (domain::Move& m : store.ListMoves(store.CountMoves(), 0)) {
    auto owned = std::make_unique<domain::Move>(std::move(m));
    c.moves_by_name_.emplace(text::Fold(owned->name_en), owned.get());
    c.moves_by_name_.emplace(text::Fold(owned->name_fr), owned.get());
    const int id = owned->id;
    c.moves_.emplace(id, std::move(owned));
  }
  for (const auto& [id, pokemon] : c.pokemon_) {
    std::vector<const domain::Move*>& learnset = c.learnsets_[id];
    for (const domain::PokemonMove& pm : store.PokemonMoves(id)) {
      const auto move = c.moves_.find(pm.move.id);
      if (move == c.moves_.end()) continue;
      if (c.learnable_.insert(LearnKey(id, pm.move.id)).second) learnset.push_back(move->second.get());
    }
    std::sort(learnset.begin(), learnset.end(),
              [](const domain::Move* x, const domain::Move* y) { return x->id < y->id; });
  }
  c.chart_ = store.Chart();
  return c;
}

const domain::Pokemon* Catalog::FindPokemon(int id) const {
  const auto it = pokemon_.find(id);
  return it == pokemon_.end() ? nullptr : &it->second;
}

const domain::Move* Catalog::FindMove(std::string_view name) const {
  const auto it = moves_by_name_.find(text::Fold(name));
  return it == moves_by_name_.end() ? nullptr : it->second;
}

bool Catalog::CanLearn(int pokemon_id, int move_id) const {
  return learnable_.contains(LearnKey(pokemon_id, move_id));
}

const std::vector<const domain::Move*>& Catalog::Learnset(int pokemon_id) const {
  static const std::vector<const domain::Move*> kNone;
  const auto it = learnsets_.find(pokemon_id);
  return it == learnsets_.end() ? kNone : it->second;
}

std::shared_ptr<const Catalog> CatalogCache::Get(const std::string& data_version) {
  std::lock_guard lock(mu_);
  if (!catalog_ || version_ != data_version) {
    catalog_ = std::make_shared<const Catalog>(Catalog::FromStore(store_));
    version_ = data_version;
  }
  return catalog_;
}

}  // namespace pdex::prediction
