// Unit tests for domain/game_data.h against the real data/ and broken copies.
#include "domain/game_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "text/utf8.h"

#include "test_support.h"

namespace pdex::domain {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using pdex::testing::TempDir;

// The real data/ shared by the read-only tests (loaded once).
const GameData& RealData() {
  static const GameData data = LoadGameData(PDEX_SOURCE_DATA_DIR);
  return data;
}

// A copy of data/ in a temp dir, whose files the test may edit.
class DataCopy {
 public:
  DataCopy() {
    for (const auto& entry : fs::directory_iterator(PDEX_SOURCE_DATA_DIR)) {
      if (entry.path().extension() == ".csv") fs::copy_file(entry.path(), dir_.path() / entry.path().filename());
    }
  }
  const fs::path& path() const { return dir_.path(); }
  std::string FilePath(const std::string& name) const { return (dir_.path() / name).string(); }

  std::vector<std::string> Lines(const std::string& name) const {
    std::ifstream in(dir_.path() / name, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  void Write(const std::string& name, const std::vector<std::string>& lines) const {
    std::ofstream out(dir_.path() / name, std::ios::binary | std::ios::trunc);
    for (const std::string& line : lines) out << line << '\n';
  }
  // Replaces the first occurrence of `from` on 1-based line `line_no`.
  void EditLine(const std::string& name, std::size_t line_no, const std::string& from,
                const std::string& to) const {
    auto lines = Lines(name);
    ASSERT_LE(line_no, lines.size());
    std::string& line = lines[line_no - 1];
    const auto pos = line.find(from);
    ASSERT_NE(pos, std::string::npos) << "'" << from << "' not on line " << line_no << ": " << line;
    line.replace(pos, from.size(), to);
    Write(name, lines);
  }

 private:
  TempDir dir_;
};

// The DataError message LoadGameData(dir) throws, or "" when it loads.
std::string LoadError(const fs::path& dir) {
  try {
    LoadGameData(dir);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

int TypeId(const GameData& data, std::string_view name_en) {
  for (const Type& t : data.types) {
    if (t.name_en == name_en) return t.id;
  }
  ADD_FAILURE() << "no type " << name_en;
  return 0;
}

const Pokemon* PokemonNamed(const GameData& data, std::string_view name_en) {
  for (const Pokemon& p : data.pokemon) {
    if (p.name_en == name_en) return &p;
  }
  return nullptr;
}

// (move id, method, level) of one Pokémon, sorted.
std::vector<std::tuple<int, LearnMethod, std::optional<int>>> LearnsetOf(const GameData& data, int id) {
  std::vector<std::tuple<int, LearnMethod, std::optional<int>>> out;
  for (const LearnsetEntry& l : data.learnsets) {
    if (l.pokemon_id == id) out.emplace_back(l.move_id, l.method, l.level);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// --------------------------------------------------------------- real data

TEST(RealGameData, ValidatesWithoutProblems) {
  const std::vector<std::string> problems = Validate(RealData());
  std::string all;
  for (const std::string& p : problems) all += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << problems.size() << " problem(s):" << all;
}

TEST(RealGameData, HasTheExpectedCounts) {
  const GameData& d = RealData();
  EXPECT_EQ(d.types.size(), 18u);
  EXPECT_EQ(d.pokemon.size(), 188u);
  std::map<Form, int> by_form;
  for (const Pokemon& p : d.pokemon) ++by_form[p.form];
  EXPECT_EQ(by_form[Form::kBase], 153);
  EXPECT_EQ(by_form[Form::kMega], 15);
  EXPECT_EQ(by_form[Form::kAlola], 18);
  EXPECT_EQ(by_form[Form::kPartner], 2);
  EXPECT_EQ(d.tms.size(), 60u);
  EXPECT_FALSE(d.moves.empty());
}

TEST(RealGameData, IdsRunInOrderAndFindersAgree) {
  const GameData& d = RealData();
  for (std::size_t i = 0; i < d.types.size(); ++i) EXPECT_EQ(d.types[i].id, static_cast<int>(i) + 1);
  for (std::size_t i = 0; i < d.pokemon.size(); ++i) EXPECT_EQ(d.pokemon[i].id, static_cast<int>(i) + 1);
  for (std::size_t i = 1; i < d.moves.size(); ++i) EXPECT_LT(d.moves[i - 1].id, d.moves[i].id);
  ASSERT_NE(d.FindPokemon(188), nullptr);
  EXPECT_EQ(d.FindPokemon(188)->id, 188);
  EXPECT_EQ(d.FindPokemon(0), nullptr);
  EXPECT_EQ(d.FindPokemon(189), nullptr);
  ASSERT_NE(d.FindType(18), nullptr);
  EXPECT_EQ(d.FindType(18)->name_en, "Fairy");
  EXPECT_EQ(d.FindType(19), nullptr);
  EXPECT_EQ(d.FindType(0), nullptr);
  const Move& last = d.moves.back();
  ASSERT_NE(d.FindMove(last.id), nullptr);
  EXPECT_EQ(d.FindMove(last.id)->name_en, last.name_en);
  EXPECT_EQ(d.FindMove(0), nullptr);
  EXPECT_EQ(d.FindMove(last.id + 1), nullptr);
}

TEST(RealGameData, PikachuIsElectricWithSpeed90) {
  const GameData& d = RealData();
  const Pokemon* p = d.FindPokemon(25);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name_en, "Pikachu");
  EXPECT_EQ(p->dex, 25);
  EXPECT_EQ(p->form, Form::kBase);
  EXPECT_EQ(p->type1.name_en, "Electric");
  EXPECT_EQ(p->type1.name_fr, "Électrik");
  EXPECT_FALSE(p->type2.has_value());
  EXPECT_EQ(p->stats.speed, 90);
}

TEST(RealGameData, CharizardIsFireFlying) {
  const Pokemon* p = RealData().FindPokemon(6);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name_en, "Charizard");
  EXPECT_EQ(p->type1.name_en, "Fire");
  ASSERT_TRUE(p->type2.has_value());
  EXPECT_EQ(p->type2->name_en, "Flying");
}

TEST(RealGameData, TypeChartSpotChecks) {
  const GameData& d = RealData();
  const auto m = [&](std::string_view a, std::string_view b) {
    return d.chart.Multiplier(TypeId(d, a), TypeId(d, b));
  };
  EXPECT_DOUBLE_EQ(m("Water", "Fire"), 2);
  EXPECT_DOUBLE_EQ(m("Fire", "Water"), 0.5);
  EXPECT_DOUBLE_EQ(m("Normal", "Ghost"), 0);
  EXPECT_DOUBLE_EQ(m("Ground", "Flying"), 0);
  EXPECT_DOUBLE_EQ(m("Dragon", "Fairy"), 0);
  EXPECT_DOUBLE_EQ(m("Electric", "Ground"), 0);
  EXPECT_DOUBLE_EQ(m("Ghost", "Normal"), 0);
  EXPECT_DOUBLE_EQ(m("Normal", "Normal"), 1);
  // Product over two types: Electric vs Gyarados (Water/Flying) is 4.
  const Pokemon* gyarados = PokemonNamed(d, "Gyarados");
  ASSERT_NE(gyarados, nullptr);
  EXPECT_DOUBLE_EQ(d.chart.Multiplier(TypeId(d, "Electric"), *gyarados), 4);
}

TEST(RealGameData, EveryMegaHasExactlyItsBaseFormsLearnset) {
  const GameData& d = RealData();
  int megas = 0;
  for (const Pokemon& mega : d.pokemon) {
    if (mega.form != Form::kMega) continue;
    ++megas;
    const Pokemon* base = nullptr;
    for (const Pokemon& p : d.pokemon) {
      if (p.dex == mega.dex && p.form == Form::kBase) base = &p;
    }
    ASSERT_NE(base, nullptr) << mega.name_en;
    const auto mega_set = LearnsetOf(d, mega.id);
    EXPECT_FALSE(mega_set.empty()) << mega.name_en;
    EXPECT_EQ(mega_set, LearnsetOf(d, base->id)) << mega.name_en << " vs " << base->name_en;
  }
  EXPECT_EQ(megas, 15);
}

TEST(RealGameData, DittoOnlyKnowsTransform) {
  const GameData& d = RealData();
  const Pokemon* ditto = PokemonNamed(d, "Ditto");
  ASSERT_NE(ditto, nullptr);
  const auto set = LearnsetOf(d, ditto->id);
  ASSERT_EQ(set.size(), 1u);
  const Move* move = d.FindMove(std::get<0>(set[0]));
  ASSERT_NE(move, nullptr);
  EXPECT_EQ(move->name_en, "Transform");
}

TEST(RealGameData, NamesAreUniqueInBothLanguages) {
  const GameData& d = RealData();
  std::set<std::string> en, fr, en_folded, fr_folded;
  for (const Pokemon& p : d.pokemon) {
    EXPECT_TRUE(en.insert(p.name_en).second) << "duplicate " << p.name_en;
    EXPECT_TRUE(fr.insert(p.name_fr).second) << "duplicate " << p.name_fr;
    EXPECT_TRUE(en_folded.insert(text::Fold(p.name_en)).second) << "folded duplicate " << p.name_en;
    EXPECT_TRUE(fr_folded.insert(text::Fold(p.name_fr)).second) << "folded duplicate " << p.name_fr;
  }
  std::set<std::string> move_en, move_fr;
  for (const Move& m : d.moves) {
    EXPECT_TRUE(move_en.insert(m.name_en).second) << "duplicate move " << m.name_en;
    EXPECT_TRUE(move_fr.insert(m.name_fr).second) << "duplicate move " << m.name_fr;
  }
}

TEST(RealGameData, EveryLearnsetEntryNamesAKnownMoveAndPokemon) {
  const GameData& d = RealData();
  ASSERT_FALSE(d.learnsets.empty());
  std::set<std::tuple<int, int, LearnMethod>> keys;
  for (const LearnsetEntry& l : d.learnsets) {
    EXPECT_NE(d.FindMove(l.move_id), nullptr) << "move id " << l.move_id;
    EXPECT_NE(d.FindPokemon(l.pokemon_id), nullptr) << "pokemon id " << l.pokemon_id;
    EXPECT_EQ(l.method == LearnMethod::kLevel, l.level.has_value());
    EXPECT_TRUE(keys.emplace(l.pokemon_id, l.move_id, l.method).second)
        << "repeated entry for pokemon " << l.pokemon_id << " move " << l.move_id;
  }
  for (const Tm& tm : d.tms) EXPECT_NE(d.FindMove(tm.move_id), nullptr) << "TM" << tm.number;
}

TEST(RealGameData, AMoveListedAtTwoLevelsKeepsTheLowerOne) {
  // learnsets.csv lists Venusaur's Vine Whip at levels 1 and 5.
  const GameData& d = RealData();
  const Pokemon* venusaur = PokemonNamed(d, "Venusaur");
  ASSERT_NE(venusaur, nullptr);
  int vine_whip = 0;
  for (const Move& m : d.moves) {
    if (m.name_en == "Vine Whip") vine_whip = m.id;
  }
  ASSERT_NE(vine_whip, 0);
  int found = 0;
  for (const LearnsetEntry& l : d.learnsets) {
    if (l.pokemon_id == venusaur->id && l.move_id == vine_whip && l.method == LearnMethod::kLevel) {
      ++found;
      EXPECT_EQ(l.level, 1);
    }
  }
  EXPECT_EQ(found, 1);
}

TEST(Fingerprint, IsStableAcrossLoads) {
  const GameData a = LoadGameData(PDEX_SOURCE_DATA_DIR);
  const GameData b = LoadGameData(PDEX_SOURCE_DATA_DIR);
  const std::string fp = a.Fingerprint();
  EXPECT_EQ(fp.size(), 16u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos) << fp;
  EXPECT_EQ(fp, b.Fingerprint());
  EXPECT_EQ(fp, a.Fingerprint());
}

TEST(Fingerprint, ChangesWhenOneValueChanges) {
  const GameData original = LoadGameData(PDEX_SOURCE_DATA_DIR);
  const std::string fp = original.Fingerprint();

  GameData stat = original;
  stat.pokemon[24].stats.speed += 1;
  EXPECT_NE(stat.Fingerprint(), fp);

  GameData name = original;
  name.moves[0].name_fr += "x";
  EXPECT_NE(name.Fingerprint(), fp);

  GameData chart = original;
  chart.chart.Set(11, 10, 1);  // Water vs Fire
  EXPECT_NE(chart.Fingerprint(), fp);

  GameData learnset = original;
  learnset.learnsets.pop_back();
  EXPECT_NE(learnset.Fingerprint(), fp);

  GameData optional_field = original;
  optional_field.pokemon[0].type2.reset();
  EXPECT_NE(optional_field.Fingerprint(), fp);
}

TEST(Fingerprint, ChangesWhenADataFileChanges) {
  DataCopy copy;
  const std::string fp = LoadGameData(copy.path()).Fingerprint();
  EXPECT_EQ(fp, RealData().Fingerprint());
  // Pikachu (line 26) speed 90 -> 91.
  copy.EditLine("pokemon.csv", 26, ",50,50,90", ",50,50,91");
  const GameData changed = LoadGameData(copy.path());
  EXPECT_EQ(changed.FindPokemon(25)->stats.speed, 91);
  EXPECT_NE(changed.Fingerprint(), fp);
}

TEST(Fingerprint, FieldBoundariesMatter) {
  // Moving a character from one name to the next must change the digest.
  GameData a = RealData();
  GameData b = RealData();
  a.types[0].name_en = "ab";
  a.types[0].name_fr = "c";
  b.types[0].name_en = "a";
  b.types[0].name_fr = "bc";
  EXPECT_NE(a.Fingerprint(), b.Fingerprint());
}

// ------------------------------------------------------------- broken data

TEST(LoadGameData, MissingDirectoryIsNamed) {
  const std::string e = LoadError("/nonexistent/pdex-data");
  EXPECT_THAT(e, HasSubstr("/nonexistent/pdex-data"));
}

TEST(LoadGameData, MissingFileIsNamed) {
  DataCopy copy;
  fs::remove(copy.path() / "moves.csv");
  EXPECT_THAT(LoadError(copy.path()), HasSubstr("moves.csv"));
}

TEST(LoadGameData, UnknownTypeNamesFileAndLine) {
  DataCopy copy;
  copy.EditLine("pokemon.csv", 26, ",Electric,", ",Electrik,");
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("pokemon.csv") + ":26:"));
  EXPECT_THAT(e, HasSubstr("unknown type 'Electrik'"));
}

TEST(LoadGameData, UnknownMoveTypeNamesFileAndLine) {
  DataCopy copy;
  // moves.csv line 2 is Pound (Normal).
  copy.EditLine("moves.csv", 2, ",Normal,", ",Sound,");
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("moves.csv") + ":2:"));
  EXPECT_THAT(e, HasSubstr("'Sound'"));
}

TEST(LoadGameData, NonIntegerStatNamesFileLineAndColumn) {
  DataCopy copy;
  copy.EditLine("pokemon.csv", 26, ",50,50,90", ",50,50,9O");
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("pokemon.csv") + ":26:"));
  EXPECT_THAT(e, HasSubstr("speed"));
  EXPECT_THAT(e, HasSubstr("'9O'"));
}

TEST(LoadGameData, EmptyRequiredIntegerIsAnError) {
  DataCopy copy;
  copy.EditLine("pokemon.csv", 7, ",78,84,", ",,84,");  // Charizard's hp
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("pokemon.csv") + ":7:"));
  EXPECT_THAT(e, HasSubstr("hp"));
}

TEST(LoadGameData, UnknownMoveInLearnsetsNamesFileAndLine) {
  DataCopy copy;
  copy.EditLine("learnsets.csv", 2, ",Tackle", ",Tackel");
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("learnsets.csv") + ":2:"));
  EXPECT_THAT(e, HasSubstr("unknown move 'Tackel'"));
}

TEST(LoadGameData, UnknownPokemonInLearnsetsNamesFileAndLine) {
  DataCopy copy;
  auto lines = copy.Lines("learnsets.csv");
  lines.push_back("Missingno,level,1,Tackle");
  copy.Write("learnsets.csv", lines);
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("learnsets.csv") + ":" + std::to_string(lines.size()) + ":"));
  EXPECT_THAT(e, HasSubstr("Missingno"));
}

TEST(LoadGameData, MegaRowsInLearnsetsAreRejected) {
  DataCopy copy;
  auto lines = copy.Lines("learnsets.csv");
  lines.push_back("Mega Venusaur,level,1,Tackle");
  copy.Write("learnsets.csv", lines);
  EXPECT_THAT(LoadError(copy.path()),
              HasSubstr(copy.FilePath("learnsets.csv") + ":" + std::to_string(lines.size()) + ":"));
}

TEST(LoadGameData, LevelUpRowWithoutLevelIsRejected) {
  DataCopy copy;
  copy.EditLine("learnsets.csv", 2, "Bulbasaur,level,1,", "Bulbasaur,level,,");
  EXPECT_THAT(LoadError(copy.path()), HasSubstr(copy.FilePath("learnsets.csv") + ":2:"));
}

TEST(LoadGameData, UnknownMoveInTmsNamesFileAndLine) {
  DataCopy copy;
  copy.EditLine("tms.csv", 2, "Headbutt", "Headbut");
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("tms.csv") + ":2:"));
  EXPECT_THAT(e, HasSubstr("Headbut"));
}

TEST(LoadGameData, IllegalChartValueNamesFileAndLine) {
  DataCopy copy;
  copy.EditLine("type_chart.csv", 2, "Normal,1,", "Normal,3,");
  const std::string e = LoadError(copy.path());
  EXPECT_THAT(e, HasSubstr(copy.FilePath("type_chart.csv") + ":2:"));
  EXPECT_THAT(e, HasSubstr("'3'"));
}

TEST(LoadGameData, FieldCountMismatchIsADataErrorNamingFileAndLine) {
  DataCopy copy;
  copy.EditLine("pokemon.csv", 26, ",Electric,,", ",Electric,");
  EXPECT_THAT(LoadError(copy.path()), HasSubstr(copy.FilePath("pokemon.csv") + ":26:"));
}

TEST(Validate, ReportsBrokenInvariants) {
  GameData d = RealData();
  d.pokemon[24].stats.speed = 0;
  d.pokemon[5].type2 = d.pokemon[5].type1;
  d.pokemon[1].name_fr = d.pokemon[0].name_fr;
  d.chart.Set(1, 1, 3);
  const std::vector<std::string> problems = Validate(d);
  std::string all;
  for (const std::string& p : problems) all += p + "\n";
  EXPECT_THAT(all, HasSubstr("Pikachu: base stat out of range"));
  EXPECT_THAT(all, HasSubstr("Charizard: same type twice"));
  EXPECT_THAT(all, HasSubstr("duplicate name " + d.pokemon[0].name_fr));
  EXPECT_THAT(all, HasSubstr("chart Normal vs Normal"));
}

TEST(Validate, ReportsNamesDifferingOnlyByAccents) {
  GameData d = RealData();
  d.pokemon[1].name_fr = "BULBIZÂRRE";  // folds like Bulbizarre
  EXPECT_THAT(Validate(d), ::testing::Contains(HasSubstr("differ only by case or accents")));
}

// ---------------------------------------------------------- LocateDataDir

// Sets PDEX_DATA_DIR for one test and restores the previous value.
class ScopedDataDirEnv {
 public:
  explicit ScopedDataDirEnv(const std::string& value) {
    if (const char* old = std::getenv("PDEX_DATA_DIR")) old_ = old;
    setenv("PDEX_DATA_DIR", value.c_str(), 1);
  }
  ~ScopedDataDirEnv() {
    if (old_) setenv("PDEX_DATA_DIR", old_->c_str(), 1);
    else unsetenv("PDEX_DATA_DIR");
  }
  ScopedDataDirEnv(const ScopedDataDirEnv&) = delete;
  ScopedDataDirEnv& operator=(const ScopedDataDirEnv&) = delete;

 private:
  std::optional<std::string> old_;
};

TEST(LocateDataDir, HonoursPdexDataDir) {
  DataCopy copy;
  const ScopedDataDirEnv env(copy.path().string());
  EXPECT_EQ(LocateDataDir(), copy.path());
}

TEST(LocateDataDir, WrongPdexDataDirThrowsNamingThePath) {
  const ScopedDataDirEnv env("/nonexistent/pdex-data-dir");
  try {
    LocateDataDir();
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/pdex-data-dir"));
  }
}

TEST(LocateDataDir, PdexDataDirIsTheOnlyCandidateWhenSet) {
  // A directory that exists but holds no pokemon.csv is wrong too, even
  // though the source tree's data/ would be found without the variable.
  TempDir empty;
  const ScopedDataDirEnv env(empty.path().string());
  try {
    LocateDataDir();
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(empty.path().string()));
  }
}

TEST(LocateDataDir, FallsBackToTheSourceTreeWhenUnsetOrEmpty) {
  const ScopedDataDirEnv env("");
  const fs::path found = LocateDataDir();
  EXPECT_TRUE(fs::is_regular_file(found / "pokemon.csv")) << found;
}

}  // namespace
}  // namespace pdex::domain
