#include "store/sql_store.h"

#include <chrono>

#include "store/schema.h"
#include "text/utc_time.h"
#include "text/utf8.h"

namespace pdex::store {
namespace {

using domain::Move;
using domain::Pokemon;
using domain::PokemonMove;
using domain::Type;

// Column lists shared by every query that returns whole objects; the row
// decoders below read them by position.
#define PDEX_POKEMON_SELECT                                                          \
  "SELECT p.id, p.species_id, f.name, p.name_en, p.name_fr,"                         \
  " t1.id, t1.name_en, t1.name_fr, t2.id, t2.name_en, t2.name_fr,"                   \
  " s.hp, s.attack, s.defense, s.sp_attack, s.sp_defense, s.speed"                   \
  " FROM pokemon p JOIN form f ON f.id = p.form_id"                                  \
  " JOIN pokemon_stats s ON s.pokemon_id = p.id JOIN type t1 ON t1.id = p.type1_id"  \
  " LEFT JOIN type t2 ON t2.id = p.type2_id "
#define PDEX_MOVE_SELECT                                                             \
  "SELECT m.id, m.name_en, m.name_fr, t.id, t.name_en, t.name_fr, c.name,"           \
  " m.power, m.accuracy, m.pp, m.priority, m.effect"                                 \
  " FROM move m JOIN type t ON t.id = m.type_id"                                     \
  " JOIN move_category c ON c.id = m.category_id "

constexpr Statement kPing{"ping", "SELECT 1"};
constexpr Statement kCountPokemon{"count_pokemon", "SELECT COUNT(*) FROM pokemon"};
constexpr Statement kListPokemon{"list_pokemon",
                                 PDEX_POKEMON_SELECT "ORDER BY p.id LIMIT $1 OFFSET $2"};
constexpr Statement kSearchPokemonEn{
    "search_pokemon_en", PDEX_POKEMON_SELECT "WHERE p.search_en LIKE $1 ESCAPE '\\' ORDER BY p.id"};
constexpr Statement kSearchPokemonFr{
    "search_pokemon_fr", PDEX_POKEMON_SELECT "WHERE p.search_fr LIKE $1 ESCAPE '\\' ORDER BY p.id"};
constexpr Statement kGetPokemon{"get_pokemon", PDEX_POKEMON_SELECT "WHERE p.id = $1"};
constexpr Statement kPokemonOfType{
    "pokemon_of_type", PDEX_POKEMON_SELECT "WHERE p.type1_id = $1 OR p.type2_id = $1 ORDER BY p.id"};
constexpr Statement kPokemonMoves{
    "pokemon_moves",
    "SELECT m.id, m.name_en, m.name_fr, t.id, t.name_en, t.name_fr, c.name,"
    " m.power, m.accuracy, m.pp, m.priority, m.effect, l.method, l.level"
    " FROM learnset l JOIN move m ON m.id = l.move_id JOIN type t ON t.id = m.type_id"
    " JOIN move_category c ON c.id = m.category_id WHERE l.pokemon_id = $1"
    " ORDER BY CASE l.method WHEN 'level' THEN 0 WHEN 'tm' THEN 1 WHEN 'tutor' THEN 2 ELSE 3 END, l.level, m.id"};
constexpr Statement kCountMoves{"count_moves", "SELECT COUNT(*) FROM move"};
constexpr Statement kListMoves{"list_moves", PDEX_MOVE_SELECT "ORDER BY m.id LIMIT $1 OFFSET $2"};
constexpr Statement kSearchMoves{
    "search_moves",
    PDEX_MOVE_SELECT "WHERE m.search_en LIKE $1 ESCAPE '\\' OR m.search_fr LIKE $1 ESCAPE '\\'"
                     " ORDER BY m.id"};
constexpr Statement kMovesOfType{"moves_of_type", PDEX_MOVE_SELECT "WHERE m.type_id = $1 ORDER BY m.id"};
constexpr Statement kGetMove{"get_move", PDEX_MOVE_SELECT "WHERE m.id = $1"};
constexpr Statement kListTypes{"list_types", "SELECT id, name_en, name_fr FROM type ORDER BY id"};
constexpr Statement kGetType{"get_type", "SELECT id, name_en, name_fr FROM type WHERE id = $1"};
constexpr Statement kFindType{
    "find_type", "SELECT id, name_en, name_fr FROM type WHERE search_en = $1 OR search_fr = $1"};
constexpr Statement kEffectiveness{
    "effectiveness",
    "SELECT multiplier FROM type_effectiveness WHERE attacking_type_id = $1 AND defending_type_id = $2"};
constexpr Statement kChart{
    "chart", "SELECT attacking_type_id, defending_type_id, multiplier FROM type_effectiveness"};

constexpr Statement kCreateMigrations{
    "create_migrations",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL, applied_at TEXT NOT NULL)"};
constexpr Statement kAppliedMigrations{"applied_migrations", "SELECT version FROM schema_migrations"};
constexpr Statement kRecordMigration{
    "record_migration", "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};
constexpr Statement kFingerprint{"fingerprint", "SELECT fingerprint FROM dataset WHERE id = 1"};

// Loading: children first when deleting, parents first when inserting.
constexpr std::string_view kDataTables[] = {"dataset", "tm",      "learnset",      "move",
                                            "move_category", "pokemon_stats", "pokemon",
                                            "form",    "species", "type_effectiveness", "type"};
constexpr Statement kInsertType{
    "insert_type", "INSERT INTO type (id, name_en, name_fr, search_en, search_fr) VALUES ($1, $2, $3, $4, $5)"};
constexpr Statement kInsertEffectiveness{
    "insert_effectiveness",
    "INSERT INTO type_effectiveness (attacking_type_id, defending_type_id, multiplier) VALUES ($1, $2, $3)"};
constexpr Statement kInsertSpecies{"insert_species",
                                   "INSERT INTO species (id, name_en, name_fr) VALUES ($1, $2, $3)"};
constexpr Statement kInsertForm{"insert_form", "INSERT INTO form (id, name) VALUES ($1, $2)"};
constexpr Statement kInsertPokemon{
    "insert_pokemon",
    "INSERT INTO pokemon (id, species_id, form_id, name_en, name_fr, search_en, search_fr, type1_id,"
    " type2_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr Statement kInsertStats{
    "insert_stats",
    "INSERT INTO pokemon_stats (pokemon_id, hp, attack, defense, sp_attack, sp_defense, speed)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Statement kInsertCategory{"insert_category",
                                    "INSERT INTO move_category (id, name) VALUES ($1, $2)"};
constexpr Statement kInsertMove{
    "insert_move",
    "INSERT INTO move (id, name_en, name_fr, search_en, search_fr, type_id, category_id, power,"
    " accuracy, pp, priority, effect) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"};
constexpr Statement kInsertLearnset{
    "insert_learnset", "INSERT INTO learnset (pokemon_id, move_id, method, level) VALUES ($1, $2, $3, $4)"};
constexpr Statement kInsertTm{"insert_tm", "INSERT INTO tm (number, move_id) VALUES ($1, $2)"};
constexpr Statement kInsertDataset{
    "insert_dataset", "INSERT INTO dataset (id, fingerprint, loaded_at) VALUES (1, $1, $2)"};

SqlValue Int(int v) { return static_cast<std::int64_t>(v); }
SqlValue OptInt(std::optional<int> v) { return v ? Int(*v) : SqlValue{}; }

Type TypeAt(const SqlRow& row, std::size_t i) {
  return {row.Int32(i), row.Text(i + 1), row.Text(i + 2)};
}

template <typename Enum>
Enum ParseOrThrow(std::optional<Enum> parsed, const std::string& text) {
  if (!parsed) throw StoreError("unexpected value in database: " + text);
  return *parsed;
}

Pokemon PokemonFromRow(const SqlRow& r) {
  Pokemon p;
  p.id = r.Int32(0);
  p.dex = r.Int32(1);
  p.form = ParseOrThrow(domain::ParseForm(r.Text(2)), r.Text(2));
  p.name_en = r.Text(3);
  p.name_fr = r.Text(4);
  p.type1 = TypeAt(r, 5);
  if (!r.IsNull(8)) p.type2 = TypeAt(r, 8);
  p.stats = {r.Int32(11), r.Int32(12), r.Int32(13), r.Int32(14), r.Int32(15), r.Int32(16)};
  return p;
}

Move MoveFromRow(const SqlRow& r) {
  Move m;
  m.id = r.Int32(0);
  m.name_en = r.Text(1);
  m.name_fr = r.Text(2);
  m.type = TypeAt(r, 3);
  m.category = ParseOrThrow(domain::ParseMoveCategory(r.Text(6)), r.Text(6));
  m.power = r.OptInt32(7);
  m.accuracy = r.OptInt32(8);
  m.pp = r.Int32(9);
  m.priority = r.Int32(10);
  m.effect = ParseOrThrow(domain::ParseMoveEffect(r.Text(11)), r.Text(11));
  return m;
}

template <typename T, typename RowDecoder>
std::vector<T> Decode(const std::vector<SqlRow>& rows, RowDecoder decode) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const SqlRow& r : rows) out.push_back(decode(r));
  return out;
}

// A LIKE pattern matching `query` (folded) anywhere, with wildcards escaped.
std::string ContainsPattern(std::string_view query) {
  std::string pattern = "%";
  for (const char c : text::Fold(query)) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace

SqlStore::SqlStore(ConnectionPool::Factory factory, std::size_t pool_size,
                   ConnectionPool::Clock::duration reconnect_backoff)
    : pool_(std::move(factory), pool_size, reconnect_backoff) {}

std::vector<SqlRow> SqlStore::Query(const Statement& stmt, std::vector<SqlValue> params) {
  // Idle connections die together when the database restarts: drop them
  // all and retry once on a fresh connection before reporting the database
  // unavailable.
  for (int attempt = 0;; ++attempt) {
    ConnectionPool::Lease conn = pool_.Acquire();
    try {
      return conn->Query(stmt, params);
    } catch (const StoreUnavailable&) {
      conn.Discard();
      pool_.DiscardIdle();
      if (attempt > 0) throw;
    }
  }
}

void SqlStore::InTransaction(const std::function<void(SqlConnection&)>& fn) {
  ConnectionPool::Lease conn = pool_.Acquire();
  try {
    conn->BeginExclusive();
    fn(*conn);
    conn->Commit();
  } catch (const StoreUnavailable&) {
    conn.Discard();
    throw;
  } catch (...) {
    try {
      conn->Rollback();
    } catch (const StoreError&) {
      conn.Discard();
    }
    throw;
  }
}

void SqlStore::Ping() { Query(kPing); }

int SqlStore::Migrate() {
  int version = 0;
  InTransaction([&version](SqlConnection& c) {
    c.Query(kCreateMigrations, {});
    std::vector<int> applied;
    for (const SqlRow& r : c.Query(kAppliedMigrations, {})) applied.push_back(r.Int32(0));
    for (const Migration& m : Migrations()) {
      if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) {
        c.ExecuteScript(m.sql);
        const SqlValue params[] = {Int(m.version), std::string(m.name), text::FormatUtc(std::chrono::system_clock::now())};
        c.Query(kRecordMigration, params);
      }
      version = std::max(version, m.version);
    }
  });
  return version;
}

std::optional<std::string> SqlStore::LoadedFingerprint() {
  const auto rows = Query(kFingerprint);
  if (rows.empty()) return std::nullopt;
  return rows.front().Text(0);
}

bool SqlStore::Load(const domain::GameData& data) {
  const std::string fingerprint = data.Fingerprint();
  bool wrote = false;
  InTransaction([&](SqlConnection& c) {
    const auto current = c.Query(kFingerprint, {});
    if (!current.empty() && current.front().Text(0) == fingerprint) return;
    wrote = true;
    auto exec = [&c](const Statement& s, std::initializer_list<SqlValue> params) {
      c.Query(s, std::span<const SqlValue>(params.begin(), params.size()));
    };
    for (const std::string_view table : kDataTables) {
      c.ExecuteScript("DELETE FROM " + std::string(table));
    }
    for (const Type& t : data.types) {
      exec(kInsertType, {Int(t.id), t.name_en, t.name_fr, text::Fold(t.name_en), text::Fold(t.name_fr)});
    }
    for (const Type& a : data.types) {
      for (const Type& d : data.types) {
        exec(kInsertEffectiveness, {Int(a.id), Int(d.id), data.chart.Multiplier(a.id, d.id)});
      }
    }
    for (const Pokemon& p : data.pokemon) {
      if (p.form == domain::Form::kBase) exec(kInsertSpecies, {Int(p.dex), p.name_en, p.name_fr});
    }
    for (const domain::Form f : {domain::Form::kBase, domain::Form::kMega, domain::Form::kAlola,
                                 domain::Form::kPartner}) {
      exec(kInsertForm, {Int(static_cast<int>(f) + 1), std::string(domain::ToString(f))});
    }
    for (const Pokemon& p : data.pokemon) {
      exec(kInsertPokemon, {Int(p.id), Int(p.dex), Int(static_cast<int>(p.form) + 1), p.name_en,
                            p.name_fr, text::Fold(p.name_en), text::Fold(p.name_fr), Int(p.type1.id),
                            p.type2 ? Int(p.type2->id) : SqlValue{}});
      exec(kInsertStats, {Int(p.id), Int(p.stats.hp), Int(p.stats.attack), Int(p.stats.defense),
                          Int(p.stats.sp_attack), Int(p.stats.sp_defense), Int(p.stats.speed)});
    }
    for (const domain::MoveCategory cat : {domain::MoveCategory::kPhysical,
                                           domain::MoveCategory::kSpecial,
                                           domain::MoveCategory::kStatus}) {
      exec(kInsertCategory, {Int(static_cast<int>(cat) + 1), std::string(domain::ToString(cat))});
    }
    for (const Move& m : data.moves) {
      exec(kInsertMove, {Int(m.id), m.name_en, m.name_fr, text::Fold(m.name_en),
                         text::Fold(m.name_fr), Int(m.type.id), Int(static_cast<int>(m.category) + 1),
                         OptInt(m.power), OptInt(m.accuracy), Int(m.pp), Int(m.priority),
                         std::string(domain::ToString(m.effect))});
    }
    for (const domain::LearnsetEntry& l : data.learnsets) {
      exec(kInsertLearnset, {Int(l.pokemon_id), Int(l.move_id),
                             std::string(domain::ToString(l.method)), OptInt(l.level)});
    }
    for (const domain::Tm& tm : data.tms) exec(kInsertTm, {Int(tm.number), Int(tm.move_id)});
    exec(kInsertDataset, {fingerprint, text::FormatUtc(std::chrono::system_clock::now())});
  });
  return wrote;
}

int SqlStore::CountPokemon() { return Query(kCountPokemon).front().Int32(0); }

std::vector<Pokemon> SqlStore::ListPokemon(int limit, int offset) {
  return Decode<Pokemon>(Query(kListPokemon, {Int(limit), Int(offset)}), PokemonFromRow);
}

std::vector<Pokemon> SqlStore::SearchPokemon(std::string_view query, Lang lang) {
  return Decode<Pokemon>(
      Query(lang == Lang::kEn ? kSearchPokemonEn : kSearchPokemonFr, {ContainsPattern(query)}),
      PokemonFromRow);
}

std::optional<Pokemon> SqlStore::GetPokemon(int id) {
  const auto rows = Query(kGetPokemon, {Int(id)});
  if (rows.empty()) return std::nullopt;
  return PokemonFromRow(rows.front());
}

std::vector<PokemonMove> SqlStore::PokemonMoves(int pokemon_id) {
  return Decode<PokemonMove>(Query(kPokemonMoves, {Int(pokemon_id)}), [](const SqlRow& r) {
    return PokemonMove{MoveFromRow(r), ParseOrThrow(domain::ParseLearnMethod(r.Text(12)), r.Text(12)),
                       r.OptInt32(13)};
  });
}

std::vector<Pokemon> SqlStore::PokemonOfType(int type_id) {
  return Decode<Pokemon>(Query(kPokemonOfType, {Int(type_id)}), PokemonFromRow);
}

int SqlStore::CountMoves() { return Query(kCountMoves).front().Int32(0); }

std::vector<Move> SqlStore::ListMoves(int limit, int offset) {
  return Decode<Move>(Query(kListMoves, {Int(limit), Int(offset)}), MoveFromRow);
}

std::vector<Move> SqlStore::SearchMoves(std::string_view query) {
  return Decode<Move>(Query(kSearchMoves, {ContainsPattern(query)}), MoveFromRow);
}

std::vector<Move> SqlStore::MovesOfType(int type_id) {
  return Decode<Move>(Query(kMovesOfType, {Int(type_id)}), MoveFromRow);
}

std::optional<Move> SqlStore::GetMove(int id) {
  const auto rows = Query(kGetMove, {Int(id)});
  if (rows.empty()) return std::nullopt;
  return MoveFromRow(rows.front());
}

std::vector<Type> SqlStore::ListTypes() {
  return Decode<Type>(Query(kListTypes), [](const SqlRow& r) { return TypeAt(r, 0); });
}

std::optional<Type> SqlStore::GetType(int id) {
  const auto rows = Query(kGetType, {Int(id)});
  if (rows.empty()) return std::nullopt;
  return TypeAt(rows.front(), 0);
}

std::optional<Type> SqlStore::FindTypeByName(std::string_view name) {
  const auto rows = Query(kFindType, {text::Fold(name)});
  if (rows.empty()) return std::nullopt;
  return TypeAt(rows.front(), 0);
}

std::optional<double> SqlStore::Effectiveness(int attacking_type_id, int defending_type_id) {
  const auto rows = Query(kEffectiveness, {Int(attacking_type_id), Int(defending_type_id)});
  if (rows.empty()) return std::nullopt;
  return rows.front().Real(0);
}

domain::TypeChart SqlStore::Chart() {
  domain::TypeChart chart;
  for (const SqlRow& r : Query(kChart)) chart.Set(r.Int32(0), r.Int32(1), r.Real(2));
  return chart;
}

}  // namespace pdex::store
