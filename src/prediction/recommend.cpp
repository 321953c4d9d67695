#include "prediction/recommend.h"

#include <algorithm>
#include <chrono>

namespace pdex::prediction {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

const domain::Pokemon& PokemonOrThrow(const Catalog& catalog, int id) {
  const domain::Pokemon* p = catalog.FindPokemon(id);
  if (p == nullptr) throw QueryError(QueryError::Kind::kNotFound, "Pokémon " + std::to_string(id) + " not found");
  return *p;
}

struct ResolvedMoves {
  std::vector<const domain::Move*> moves;  // learnable, each once, in the given order
  std::vector<std::string> unlearnable;    // English names
};

// Resolves names against the Pokémon's learnset; unknown names are refused.
ResolvedMoves ResolveMoves(const Catalog& catalog, const domain::Pokemon& p, const std::vector<std::string>& names,
                           const std::string& field) {
  std::vector<std::string> unknown;
  ResolvedMoves out;
  for (const std::string& name : names) {
    const domain::Move* m = catalog.FindMove(name);
    if (m == nullptr) {
      unknown.push_back(name);
    } else if (!catalog.CanLearn(p.id, m->id)) {
      out.unlearnable.push_back(m->name_en);
    } else if (std::find(out.moves.begin(), out.moves.end(), m) == out.moves.end()) {
      out.moves.push_back(m);
    }
  }
  if (!unknown.empty()) throw QueryError(QueryError::Kind::kInvalid, "unknown moves in " + field + ": " + Join(unknown));
  return out;
}

}  // namespace

Recommendation RecommendBestMove(const Catalog& catalog, const BattleModel& model, const BestMoveQuery& query) {
  Recommendation r;
  r.a = &PokemonOrThrow(catalog, query.pokemon_a_id);
  r.b = &PokemonOrThrow(catalog, query.pokemon_b_id);
  const domain::Pokemon& a = *r.a;
  const domain::Pokemon& b = *r.b;

  // A's moves must all be learnable and deal damage; every offending name
  // is reported at once.
  const ResolvedMoves a_moves = ResolveMoves(catalog, a, query.available_moves, "available_moves");
  std::vector<std::string> no_damage;
  for (const domain::Move* m : a_moves.moves) {
    if (!battle::IsUsable(*m)) no_damage.push_back(m->name_en);
  }
  std::string refused;
  if (!a_moves.unlearnable.empty()) refused = "moves " + a.name_en + " cannot learn: " + Join(a_moves.unlearnable);
  if (!no_damage.empty()) {
    refused += (refused.empty() ? "" : "; ") +
               std::string("moves that deal no damage from a power (status, fixed damage, one-hit KO): ") +
               Join(no_damage);
  }
  if (!refused.empty()) throw QueryError(QueryError::Kind::kInvalid, "available_moves: " + refused);
  if (a_moves.moves.empty()) throw QueryError(QueryError::Kind::kInvalid, "available_moves is empty");

  std::vector<const domain::Move*> b_moves = catalog.Learnset(b.id);
  if (query.available_moves_b) {
    ResolvedMoves given = ResolveMoves(catalog, b, *query.available_moves_b, "available_moves_b");
    if (!given.unlearnable.empty()) {
      throw QueryError(QueryError::Kind::kInvalid,
                       "available_moves_b: moves " + b.name_en + " cannot learn: " + Join(given.unlearnable));
    }
    b_moves = std::move(given.moves);
  }
  const auto b_best = battle::BestMove(b_moves, b, a, catalog.chart());
  if (!b_best) {
    throw QueryError(QueryError::Kind::kInvalid,
                     b.name_en + (query.available_moves_b ? " has no damaging move among available_moves_b"
                                                          : " has no damaging move"));
  }
  r.b_move = *b_best;

  std::vector<features::ModelRow> rows;
  rows.reserve(a_moves.moves.size());
  r.moves.reserve(a_moves.moves.size());
  for (const domain::Move* m : a_moves.moves) {
    MovePrediction& p = r.moves.emplace_back();
    p.evaluation = battle::Evaluate(*m, a, b, catalog.chart());
    p.features = features::Extract(a, p.evaluation, b, r.b_move);
    rows.push_back(features::ModelInput(p.features));
  }
  std::vector<float> probabilities(rows.size());
  const auto started = std::chrono::steady_clock::now();
  model.Predict(rows.data(), rows.size(), probabilities.data());
  r.model_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (std::size_t i = 0; i < r.moves.size(); ++i) r.moves[i].win_probability = probabilities[i];

  std::stable_sort(r.moves.begin(), r.moves.end(), [](const MovePrediction& x, const MovePrediction& y) {
    if (x.win_probability != y.win_probability) return x.win_probability > y.win_probability;
    if (x.evaluation.score != y.evaluation.score) return x.evaluation.score > y.evaluation.score;
    return x.evaluation.move->id < y.evaluation.move->id;
  });
  return r;
}

}  // namespace pdex::prediction
