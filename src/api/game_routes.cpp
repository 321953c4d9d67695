#include "api/game_routes.h"

#include <algorithm>
#include <limits>

#include "api/errors.h"
#include "api/json_writer.h"
#include "api/params.h"
#include "api/serialize.h"
#include "text/number.h"

namespace pdex::api {
namespace {

using http::Response;
using http::RouteContext;

constexpr IntRange kId{1, 1'000'000};
constexpr IntRange kLimit{1, 500};
constexpr IntRange kOffset{0, 1'000'000};
constexpr int kDefaultLimit = 100;

Response Json(JsonWriter& w, http::Fields headers = {}) {
  Response r;
  r.body = w.Take();
  r.headers = std::move(headers);
  return r;
}

template <typename T, typename WriteOne>
Response JsonList(const std::vector<T>& items, WriteOne write_one, http::Fields headers = {}) {
  JsonWriter w;
  w.BeginArray();
  for (const T& item : items) write_one(w, item);
  w.EndArray();
  return Json(w, std::move(headers));
}

domain::Pokemon PokemonOr404(store::Store& store, int id) {
  auto p = store.GetPokemon(id);
  if (!p) throw ApiError(404, "Pokémon " + std::to_string(id) + " not found");
  return std::move(*p);
}

domain::Type TypeOr404(store::Store& store, int id) {
  auto t = store.GetType(id);
  if (!t) throw ApiError(404, "type " + std::to_string(id) + " not found");
  return std::move(*t);
}

// A type by English or French name (any case or accents), else 404.
domain::Type TypeByNameOr404(store::Store& store, const std::string& name) {
  auto t = store.FindTypeByName(name);
  if (!t) throw ApiError(404, "type '" + name + "' not found");
  return std::move(*t);
}

// A type given by name or by id.
domain::Type TypeByNameOrId(store::Store& store, const std::string& name_or_id) {
  const std::optional<long long> id = text::ParseInteger(name_or_id);
  if (id && *id >= std::numeric_limits<int>::min() && *id <= std::numeric_limits<int>::max()) {
    return TypeOr404(store, static_cast<int>(*id));
  }
  return TypeByNameOr404(store, name_or_id);
}

Response Affinity(store::Store& store, const domain::Type& attacking, const domain::Type& defending) {
  const auto m = store.Effectiveness(attacking.id, defending.id);
  if (!m) throw ApiError(404, "no effectiveness recorded for this pair of types");
  JsonWriter w;
  w.BeginObject();
  w.Key("attacking_type"), WriteType(w, attacking);
  w.Key("defending_type"), WriteType(w, defending);
  w.Key("multiplier"), w.Double(*m);
  w.EndObject();
  return Json(w);
}

Response Weaknesses(store::Store& store, int id) {
  const domain::Pokemon p = PokemonOr404(store, id);
  const auto matchups = domain::DefensiveMatchups(store.Chart(), store.ListTypes(), p);
  JsonWriter w;
  w.BeginObject();
  w.Key("pokemon"), WritePokemon(w, p);
  auto group = [&](const char* key, auto keep) {
    std::vector<domain::TypeMatchup> selected;
    std::copy_if(matchups.begin(), matchups.end(), std::back_inserter(selected), keep);
    std::stable_sort(selected.begin(), selected.end(),
                     [](const auto& a, const auto& b) { return a.multiplier > b.multiplier; });
    w.Key(key);
    w.BeginArray();
    for (const auto& m : selected) {
      w.BeginObject();
      w.Key("type"), WriteType(w, m.attacking);
      w.Key("multiplier"), w.Double(m.multiplier);
      w.EndObject();
    }
    w.EndArray();
  };
  group("weaknesses", [](const auto& m) { return m.multiplier > 1; });
  group("neutral", [](const auto& m) { return m.multiplier == 1; });
  group("resistances", [](const auto& m) { return m.multiplier > 0 && m.multiplier < 1; });
  group("immunities", [](const auto& m) { return m.multiplier == 0; });
  w.EndObject();
  return Json(w);
}

http::Fields TotalCount(int total) { return {{"X-Total-Count", std::to_string(total)}}; }

const ParamSpec kLimitParam{"limit", "query", "integer", false, "Page size, 1-500 (default 100)"};
const ParamSpec kOffsetParam{"offset", "query", "integer", false, "Items to skip (default 0)"};
const ParamSpec kIdParam{"id", "path", "integer", true, "Identifier (>= 1)"};

}  // namespace

std::vector<RouteSpec> GameRoutes(store::Store& store) {
  store::Store* s = &store;
  std::vector<RouteSpec> routes = {
      {"GET", "/pokemon/", "pokemon", "List Pokémon by id (X-Total-Count gives the total)",
       {kLimitParam, kOffsetParam}, true,
       [s](const RouteContext& ctx) {
         const int limit = QueryInt(ctx, "limit", kDefaultLimit, kLimit);
         const int offset = QueryInt(ctx, "offset", 0, kOffset);
         return JsonList(s->ListPokemon(limit, offset), WritePokemon, TotalCount(s->CountPokemon()));
       }},
      {"GET", "/pokemon/search", "pokemon", "Find Pokémon whose name contains `name` (case and accents ignored)",
       {{"name", "query", "string", true, "Part of the name"},
        {"lang", "query", "string", false, "en (default) or fr"}},
       true,
       [s](const RouteContext& ctx) {
         const std::string name = RequiredQueryText(ctx, "name");
         return JsonList(s->SearchPokemon(name, QueryLang(ctx)), WritePokemon);
       }},
      {"GET", "/pokemon/{id}", "pokemon", "A Pokémon with its stats, types and learnable moves",
       {kIdParam}, true,
       [s](const RouteContext& ctx) {
         const domain::Pokemon p = PokemonOr404(*s, PathInt(ctx, "id", kId));
         JsonWriter w;
         w.BeginObject();
         WritePokemonFields(w, p);
         w.Key("moves");
         w.BeginArray();
         for (const auto& m : s->PokemonMoves(p.id)) WritePokemonMove(w, m);
         w.EndArray();
         w.EndObject();
         return Json(w);
       }},
      {"GET", "/pokemon/{id}/weaknesses", "pokemon",
       "How every attacking type fares against this Pokémon", {kIdParam}, true,
       [s](const RouteContext& ctx) { return Weaknesses(*s, PathInt(ctx, "id", kId)); }},
      {"GET", "/moves/", "moves", "List moves by id (X-Total-Count gives the total)",
       {kLimitParam, kOffsetParam}, true,
       [s](const RouteContext& ctx) {
         const int limit = QueryInt(ctx, "limit", kDefaultLimit, kLimit);
         const int offset = QueryInt(ctx, "offset", 0, kOffset);
         return JsonList(s->ListMoves(limit, offset), WriteMove, TotalCount(s->CountMoves()));
       }},
      {"GET", "/moves/search", "moves",
       "Find moves whose English or French name contains `name` (case and accents ignored)",
       {{"name", "query", "string", true, "Part of the name"}}, true,
       [s](const RouteContext& ctx) {
         return JsonList(s->SearchMoves(RequiredQueryText(ctx, "name")), WriteMove);
       }},
      {"GET", "/moves/by-type/{type}", "moves", "Moves of a type, given by English or French name or id",
       {{"type", "path", "string", true, "Type name (en or fr) or id"}}, true,
       [s](const RouteContext& ctx) {
         const domain::Type t = TypeByNameOrId(*s, PathText(ctx, "type"));
         return JsonList(s->MovesOfType(t.id), WriteMove);
       }},
      {"GET", "/moves/id/{id}", "moves", "A move", {kIdParam}, true,
       [s](const RouteContext& ctx) {
         const int id = PathInt(ctx, "id", kId);
         const auto m = s->GetMove(id);
         if (!m) throw ApiError(404, "move " + std::to_string(id) + " not found");
         JsonWriter w;
         WriteMove(w, *m);
         return Json(w);
       }},
      {"GET", "/types/", "types", "The 18 types", {}, true,
       [s](const RouteContext&) { return JsonList(s->ListTypes(), WriteType); }},
      {"GET", "/types/affinities", "types", "Effectiveness of one type attacking another, by ids",
       {{"attacking_type_id", "query", "integer", true, "Attacking type id"},
        {"defending_type_id", "query", "integer", true, "Defending type id"}},
       true,
       [s](const RouteContext& ctx) {
         const int a = RequiredQueryInt(ctx, "attacking_type_id", kId);
         const int d = RequiredQueryInt(ctx, "defending_type_id", kId);
         return Affinity(*s, TypeOr404(*s, a), TypeOr404(*s, d));
       }},
      {"GET", "/types/affinities/by-name", "types",
       "Effectiveness of one type attacking another, by English or French names",
       {{"attacking", "query", "string", true, "Attacking type name"},
        {"defending", "query", "string", true, "Defending type name"}},
       true,
       [s](const RouteContext& ctx) {
         const std::string a = RequiredQueryText(ctx, "attacking");
         const std::string d = RequiredQueryText(ctx, "defending");
         return Affinity(*s, TypeByNameOr404(*s, a), TypeByNameOr404(*s, d));
       }},
      {"GET", "/types/{id}/pokemon", "types", "Pokémon having this type", {kIdParam}, true,
       [s](const RouteContext& ctx) {
         const domain::Type t = TypeOr404(*s, PathInt(ctx, "id", kId));
         return JsonList(s->PokemonOfType(t.id), WritePokemon);
       }},
      {"GET", "/types/by-name/{name}/pokemon", "types", "Pokémon having this type, by English or French name",
       {{"name", "path", "string", true, "Type name (en or fr)"}}, true,
       [s](const RouteContext& ctx) {
         const domain::Type t = TypeByNameOr404(*s, PathText(ctx, "name"));
         return JsonList(s->PokemonOfType(t.id), WritePokemon);
       }},
  };
  for (RouteSpec& r : routes) r.cache_by_data_version = true;
  return routes;
}

}  // namespace pdex::api
