#include "domain/game_data.h"

#include <algorithm>
#include <limits>
#include <cstdlib>
#include <map>
#include <set>

#include "text/csv.h"
#include "text/hash.h"
#include "text/number.h"
#include "text/utf8.h"

namespace pdex::domain {
namespace {

using text::CsvTable;

// Reads a CSV file, turning its errors into DataError.
CsvTable Read(const std::filesystem::path& dir, const char* name) {
  try {
    return CsvTable::ReadFile((dir / name).string());
  } catch (const text::CsvError& e) {
    throw DataError(e.what());
  }
}

[[noreturn]] void Fail(const CsvTable& t, std::size_t row, const std::string& what) {
  throw DataError(t.source() + ":" + std::to_string(t.LineOf(row)) + ": " + what);
}

int ParseInt(const CsvTable& t, std::size_t row, std::size_t col) {
  const std::string& s = t.rows()[row][col];
  const std::optional<long long> v = text::ParseInteger(s);
  if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    Fail(t, row, "column '" + t.header()[col] + "': '" + s + "' is not an integer");
  }
  return static_cast<int>(*v);
}

std::optional<int> ParseOptionalInt(const CsvTable& t, std::size_t row, std::size_t col) {
  if (t.rows()[row][col].empty()) return std::nullopt;
  return ParseInt(t, row, col);
}

double ParseMultiplier(const CsvTable& t, std::size_t row, std::size_t col) {
  const std::string& s = t.rows()[row][col];
  if (s == "0") return 0;
  if (s == "0.5") return 0.5;
  if (s == "1") return 1;
  if (s == "2") return 2;
  Fail(t, row, "multiplier '" + s + "' is not one of 0, 0.5, 1, 2");
}

std::vector<Type> LoadTypes(const std::filesystem::path& dir) {
  const CsvTable t = Read(dir, "types.csv");
  const std::size_t id = t.Column("id"), en = t.Column("name_en"), fr = t.Column("name_fr");
  std::vector<Type> types;
  for (std::size_t r = 0; r < t.rows().size(); ++r) {
    const int type_id = ParseInt(t, r, id);
    if (type_id != static_cast<int>(r) + 1) Fail(t, r, "type ids must run 1, 2, 3, ... in order");
    types.push_back({type_id, t.rows()[r][en], t.rows()[r][fr]});
  }
  if (types.size() != kTypeCount) throw DataError(t.source() + ": expected 18 types");
  return types;
}

const Type& TypeByName(const std::vector<Type>& types, const CsvTable& t, std::size_t row,
                       const std::string& name) {
  for (const Type& type : types) {
    if (type.name_en == name) return type;
  }
  Fail(t, row, "unknown type '" + name + "'");
}

TypeChart LoadChart(const std::filesystem::path& dir, const std::vector<Type>& types) {
  const CsvTable t = Read(dir, "type_chart.csv");
  if (t.header().size() != kTypeCount + 1) throw DataError(t.source() + ": expected 19 columns");
  if (t.rows().size() != kTypeCount) throw DataError(t.source() + ": expected 18 rows");
  std::vector<int> defending;
  for (std::size_t c = 1; c < t.header().size(); ++c) {
    defending.push_back(TypeByName(types, t, 0, t.header()[c]).id);
  }
  TypeChart chart;
  for (std::size_t r = 0; r < t.rows().size(); ++r) {
    const int attacking = TypeByName(types, t, r, t.rows()[r][0]).id;
    for (std::size_t c = 1; c < t.header().size(); ++c) {
      chart.Set(attacking, defending[c - 1], ParseMultiplier(t, r, c));
    }
  }
  return chart;
}

std::vector<Pokemon> LoadPokemon(const std::filesystem::path& dir, const std::vector<Type>& types) {
  const CsvTable t = Read(dir, "pokemon.csv");
  const std::size_t c_id = t.Column("id"), c_dex = t.Column("dex"), c_form = t.Column("form"),
                    c_en = t.Column("name_en"), c_fr = t.Column("name_fr"),
                    c_t1 = t.Column("type1"), c_t2 = t.Column("type2"), c_hp = t.Column("hp"),
                    c_atk = t.Column("attack"), c_def = t.Column("defense"),
                    c_spa = t.Column("sp_attack"), c_spd = t.Column("sp_defense"),
                    c_spe = t.Column("speed");
  std::vector<Pokemon> out;
  for (std::size_t r = 0; r < t.rows().size(); ++r) {
    const auto& row = t.rows()[r];
    Pokemon p;
    p.id = ParseInt(t, r, c_id);
    if (p.id != static_cast<int>(r) + 1) Fail(t, r, "Pokémon ids must run 1, 2, 3, ... in order");
    p.dex = ParseInt(t, r, c_dex);
    const auto form = ParseForm(row[c_form]);
    if (!form) Fail(t, r, "unknown form '" + row[c_form] + "'");
    p.form = *form;
    p.name_en = row[c_en];
    p.name_fr = row[c_fr];
    p.type1 = TypeByName(types, t, r, row[c_t1]);
    if (!row[c_t2].empty()) p.type2 = TypeByName(types, t, r, row[c_t2]);
    p.stats = {ParseInt(t, r, c_hp),  ParseInt(t, r, c_atk), ParseInt(t, r, c_def),
               ParseInt(t, r, c_spa), ParseInt(t, r, c_spd), ParseInt(t, r, c_spe)};
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Move> LoadMoves(const std::filesystem::path& dir, const std::vector<Type>& types) {
  const CsvTable t = Read(dir, "moves.csv");
  const std::size_t c_id = t.Column("id"), c_en = t.Column("name_en"), c_fr = t.Column("name_fr"),
                    c_type = t.Column("type"), c_cat = t.Column("category"),
                    c_pow = t.Column("power"), c_acc = t.Column("accuracy"), c_pp = t.Column("pp"),
                    c_pri = t.Column("priority"), c_eff = t.Column("effect");
  std::vector<Move> out;
  for (std::size_t r = 0; r < t.rows().size(); ++r) {
    const auto& row = t.rows()[r];
    Move m;
    m.id = ParseInt(t, r, c_id);
    m.name_en = row[c_en];
    m.name_fr = row[c_fr];
    m.type = TypeByName(types, t, r, row[c_type]);
    const auto category = ParseMoveCategory(row[c_cat]);
    if (!category) Fail(t, r, "unknown category '" + row[c_cat] + "'");
    m.category = *category;
    m.power = ParseOptionalInt(t, r, c_pow);
    m.accuracy = ParseOptionalInt(t, r, c_acc);
    m.pp = ParseInt(t, r, c_pp);
    m.priority = ParseInt(t, r, c_pri);
    const auto effect = ParseMoveEffect(row[c_eff]);
    if (!effect) Fail(t, r, "unknown effect '" + row[c_eff] + "'");
    m.effect = *effect;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Move& a, const Move& b) { return a.id < b.id; });
  return out;
}

}  // namespace

const Pokemon* GameData::FindPokemon(int id) const {
  if (id < 1 || static_cast<std::size_t>(id) > pokemon.size()) return nullptr;
  return &pokemon[static_cast<std::size_t>(id - 1)];
}

const Move* GameData::FindMove(int id) const {
  const auto it = std::lower_bound(moves.begin(), moves.end(), id,
                                   [](const Move& m, int v) { return m.id < v; });
  return it != moves.end() && it->id == id ? &*it : nullptr;
}

const Type* GameData::FindType(int id) const {
  if (id < 1 || static_cast<std::size_t>(id) > types.size()) return nullptr;
  return &types[static_cast<std::size_t>(id - 1)];
}

std::string GameData::Fingerprint() const {
  // FNV-1a over a canonical rendering, each field closed by a 0xFF byte.
  text::Fnv1a h;
  auto mix = [&h](std::string_view s) {
    h.Add(s);
    h.AddByte(0xFF);
  };
  auto num = [&mix](long long v) { mix(std::to_string(v)); };
  for (const Type& t : types) num(t.id), mix(t.name_en), mix(t.name_fr);
  for (const Type& a : types) {
    for (const Type& d : types) num(static_cast<long long>(chart.Multiplier(a.id, d.id) * 2));
  }
  for (const Pokemon& p : pokemon) {
    num(p.id), num(p.dex), mix(ToString(p.form)), mix(p.name_en), mix(p.name_fr);
    num(p.type1.id), num(p.type2 ? p.type2->id : 0);
    num(p.stats.hp), num(p.stats.attack), num(p.stats.defense);
    num(p.stats.sp_attack), num(p.stats.sp_defense), num(p.stats.speed);
  }
  for (const Move& m : moves) {
    num(m.id), mix(m.name_en), mix(m.name_fr), num(m.type.id), mix(ToString(m.category));
    num(m.power.value_or(-1)), num(m.accuracy.value_or(-1)), num(m.pp), num(m.priority);
    mix(ToString(m.effect));
  }
  for (const LearnsetEntry& l : learnsets) {
    num(l.pokemon_id), num(l.move_id), mix(ToString(l.method)), num(l.level.value_or(-1));
  }
  for (const Tm& tm : tms) num(tm.number), num(tm.move_id);
  return h.Hex();
}

GameData LoadGameData(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw DataError("data directory not found: " + dir.string());
  }
  GameData data;
  data.types = LoadTypes(dir);
  data.chart = LoadChart(dir, data.types);
  data.pokemon = LoadPokemon(dir, data.types);
  data.moves = LoadMoves(dir, data.types);

  std::map<std::string, int, std::less<>> move_by_name;
  for (const Move& m : data.moves) move_by_name.emplace(m.name_en, m.id);
  std::map<std::string, const Pokemon*, std::less<>> pokemon_by_name;
  for (const Pokemon& p : data.pokemon) pokemon_by_name.emplace(p.name_en, &p);

  const CsvTable tms = Read(dir, "tms.csv");
  const std::size_t c_tm = tms.Column("tm"), c_tm_move = tms.Column("move");
  for (std::size_t r = 0; r < tms.rows().size(); ++r) {
    const auto it = move_by_name.find(tms.rows()[r][c_tm_move]);
    if (it == move_by_name.end()) Fail(tms, r, "unknown move '" + tms.rows()[r][c_tm_move] + "'");
    data.tms.push_back({ParseInt(tms, r, c_tm), it->second});
  }

  // Megas learn what their base form learns.
  std::map<int, std::vector<int>> megas_of_base;
  for (const Pokemon& p : data.pokemon) {
    if (p.form != Form::kMega) continue;
    const auto base = std::find_if(data.pokemon.begin(), data.pokemon.end(), [&](const Pokemon& b) {
      return b.dex == p.dex && b.form == Form::kBase;
    });
    if (base == data.pokemon.end()) {
      throw DataError("pokemon.csv: " + p.name_en + " has no base form with dex " +
                      std::to_string(p.dex));
    }
    megas_of_base[base->id].push_back(p.id);
  }

  const CsvTable ls = Read(dir, "learnsets.csv");
  const std::size_t c_pk = ls.Column("pokemon"), c_method = ls.Column("method"),
                    c_level = ls.Column("level"), c_move = ls.Column("move");
  // One entry per (pokemon, move, method): the lowest level wins.
  std::map<std::tuple<int, int, LearnMethod>, std::optional<int>> entries;
  for (std::size_t r = 0; r < ls.rows().size(); ++r) {
    const auto& row = ls.rows()[r];
    const auto pk = pokemon_by_name.find(row[c_pk]);
    if (pk == pokemon_by_name.end()) Fail(ls, r, "unknown Pokémon '" + row[c_pk] + "'");
    if (pk->second->form == Form::kMega) Fail(ls, r, "Megas share their base form's learnset");
    const auto mv = move_by_name.find(row[c_move]);
    if (mv == move_by_name.end()) Fail(ls, r, "unknown move '" + row[c_move] + "'");
    const auto method = ParseLearnMethod(row[c_method]);
    if (!method) Fail(ls, r, "unknown learn method '" + row[c_method] + "'");
    std::optional<int> level = ParseOptionalInt(ls, r, c_level);
    if ((*method == LearnMethod::kLevel) != level.has_value()) {
      Fail(ls, r, "level-up rows need a level and other rows none");
    }
    std::vector<int> learners = {pk->second->id};
    if (const auto megas = megas_of_base.find(pk->second->id); megas != megas_of_base.end()) {
      learners.insert(learners.end(), megas->second.begin(), megas->second.end());
    }
    for (const int learner : learners) {
      const auto key = std::make_tuple(learner, mv->second, *method);
      const auto [it, inserted] = entries.emplace(key, level);
      if (!inserted && level && it->second && *level < *it->second) it->second = level;
    }
  }
  for (const auto& [key, level] : entries) {
    data.learnsets.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), level});
  }
  return data;
}

std::vector<std::string> Validate(const GameData& data) {
  std::vector<std::string> errors;
  auto expect_count = [&errors](const char* what, std::size_t got, std::size_t want) {
    if (got != want) {
      errors.push_back(std::string(what) + ": expected " + std::to_string(want) + ", found " +
                       std::to_string(got));
    }
  };
  expect_count("types", data.types.size(), kTypeCount);
  expect_count("pokemon", data.pokemon.size(), 188);
  std::map<Form, std::size_t> by_form;
  for (const Pokemon& p : data.pokemon) ++by_form[p.form];
  expect_count("base forms", by_form[Form::kBase], 153);
  expect_count("mega evolutions", by_form[Form::kMega], 15);
  expect_count("alolan forms", by_form[Form::kAlola], 18);
  expect_count("partner pokemon", by_form[Form::kPartner], 2);
  if (data.moves.size() < 200 || data.moves.size() > 260) {
    errors.push_back("moves: expected about 226, found " + std::to_string(data.moves.size()));
  }
  expect_count("tms", data.tms.size(), 60);

  auto check_unique = [&errors](const char* what, const std::vector<std::string>& names) {
    std::set<std::string> seen, seen_folded;
    for (const std::string& n : names) {
      if (n.empty()) errors.push_back(std::string(what) + ": empty name");
      if (!text::IsValidUtf8(n)) errors.push_back(std::string(what) + ": invalid UTF-8 in " + n);
      if (!seen.insert(n).second) errors.push_back(std::string(what) + ": duplicate name " + n);
      else if (!seen_folded.insert(text::Fold(n)).second) {
        errors.push_back(std::string(what) + ": names differ only by case or accents: " + n);
      }
    }
  };
  std::vector<std::string> en, fr;
  for (const Pokemon& p : data.pokemon) en.push_back(p.name_en), fr.push_back(p.name_fr);
  check_unique("pokemon name_en", en);
  check_unique("pokemon name_fr", fr);
  en.clear(), fr.clear();
  for (const Move& m : data.moves) en.push_back(m.name_en), fr.push_back(m.name_fr);
  check_unique("move name_en", en);
  check_unique("move name_fr", fr);
  en.clear(), fr.clear();
  for (const Type& t : data.types) en.push_back(t.name_en), fr.push_back(t.name_fr);
  check_unique("type name_en", en);
  check_unique("type name_fr", fr);

  std::set<int> move_ids;
  for (const Move& m : data.moves) {
    if (!move_ids.insert(m.id).second) errors.push_back("move id repeated: " + std::to_string(m.id));
    if (m.IsDamaging() == (m.effect == MoveEffect::kStatus)) {
      errors.push_back(m.name_en + ": effect 'status' is for status moves only");
    }
    if (!m.IsDamaging() && m.power) errors.push_back(m.name_en + ": status move with a power");
    if (m.power && (*m.power < 1 || *m.power > 250)) errors.push_back(m.name_en + ": power out of range");
    if (m.accuracy && (*m.accuracy < 1 || *m.accuracy > 100)) {
      errors.push_back(m.name_en + ": accuracy out of range");
    }
    if (m.pp < 1 || m.pp > 40) errors.push_back(m.name_en + ": pp out of range");
    if (m.priority < -7 || m.priority > 5) errors.push_back(m.name_en + ": priority out of range");
  }

  for (const Pokemon& p : data.pokemon) {
    for (const int s : {p.stats.hp, p.stats.attack, p.stats.defense, p.stats.sp_attack,
                        p.stats.sp_defense, p.stats.speed}) {
      if (s < 1 || s > 255) errors.push_back(p.name_en + ": base stat out of range 1..255");
    }
    if (p.type2 && p.type2->id == p.type1.id) errors.push_back(p.name_en + ": same type twice");
  }

  for (const Type& a : data.types) {
    for (const Type& d : data.types) {
      const double m = data.chart.Multiplier(a.id, d.id);
      if (m != 0 && m != 0.5 && m != 1 && m != 2) {
        errors.push_back("chart " + a.name_en + " vs " + d.name_en + ": illegal value");
      }
    }
  }

  // Every Pokémon but Ditto must be able to attack.
  std::set<int> can_attack, has_learnset;
  for (const LearnsetEntry& l : data.learnsets) {
    has_learnset.insert(l.pokemon_id);
    const Move* m = data.FindMove(l.move_id);
    if (m == nullptr) {
      errors.push_back("learnset names unknown move id " + std::to_string(l.move_id));
    } else if (m->power) {
      can_attack.insert(l.pokemon_id);
    }
  }
  for (const Pokemon& p : data.pokemon) {
    if (!has_learnset.count(p.id)) errors.push_back(p.name_en + ": no learnset");
    if (p.name_en != "Ditto" && !can_attack.count(p.id)) {
      errors.push_back(p.name_en + ": no damaging move with a power");
    }
  }
  return errors;
}

GameData LoadValidGameData(const std::filesystem::path& dir) {
  GameData data = LoadGameData(dir);
  const std::vector<std::string> problems = Validate(data);
  if (!problems.empty()) {
    std::string msg = "invalid game data in " + dir.string() + ":";
    for (const std::string& p : problems) msg += "\n  " + p;
    throw DataError(msg);
  }
  return data;
}

std::filesystem::path LocateDataDir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("PDEX_DATA_DIR"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);  // an explicit setting is the only candidate
  } else {
    candidates.emplace_back("data");
    candidates.emplace_back(PDEX_SOURCE_DATA_DIR);
  }
  std::string tried;
  for (const auto& c : candidates) {
    if (std::filesystem::is_regular_file(c / "pokemon.csv")) return c;
    tried += (tried.empty() ? "" : ", ") + c.string();
  }
  throw DataError("game data not found (set PDEX_DATA_DIR); looked in: " + tried);
}

}  // namespace pdex::domain
