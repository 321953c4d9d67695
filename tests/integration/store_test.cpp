// The same Store cases against embedded SQLite and a real PostgreSQL server.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "domain/game_data.h"
#include "store/open_store.h"
#include "test_support.h"
#include "backends.h"

namespace pdex {
namespace {

using domain::Form;
using store::Lang;

const domain::GameData& Data() {
  static const domain::GameData data = domain::LoadGameData(PDEX_SOURCE_DATA_DIR);
  return data;
}

using testing::Backend;
using testing::BackendName;

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      url_ = "sqlite://" + (dir_.path() / "pdex.sqlite3").string();
    } else {
      url_ = testing::SharedPostgres().url();
      // A clean database per test: drop what an earlier test created.
      ASSERT_TRUE(testing::ResetPostgresDatabase(url_)) << "psql could not reset the test database";
    }
    store_ = store::OpenStore(url_, 4);
    ASSERT_EQ(store_->Migrate(), 1);
    ASSERT_TRUE(store_->Load(Data()));
  }

  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(StoreTest, MigrateAndLoadAreIdempotent) {
  EXPECT_EQ(store_->Migrate(), 1);
  EXPECT_FALSE(store_->Load(Data())) << "same data set loaded twice must not rewrite";
  EXPECT_EQ(store_->LoadedFingerprint(), Data().Fingerprint());
  EXPECT_EQ(store_->CountPokemon(), 188);
  EXPECT_EQ(store_->CountMoves(), static_cast<int>(Data().moves.size()));
}

TEST_P(StoreTest, ReloadsChangedDataAndReplacesEverything) {
  domain::GameData changed = Data();
  changed.pokemon[24].stats.speed = 91;  // Pikachu
  changed.moves.pop_back();
  std::erase_if(changed.learnsets, [&](const domain::LearnsetEntry& l) { return !changed.FindMove(l.move_id); });
  EXPECT_TRUE(store_->Load(changed));
  EXPECT_EQ(store_->GetPokemon(25)->stats.speed, 91);
  EXPECT_EQ(store_->CountMoves(), static_cast<int>(Data().moves.size()) - 1);
  EXPECT_EQ(store_->LoadedFingerprint(), changed.Fingerprint());
  EXPECT_TRUE(store_->Load(Data()));
  EXPECT_EQ(store_->GetPokemon(25)->stats.speed, 90);
}

TEST_P(StoreTest, PokemonRoundTripsExactly) {
  for (const domain::Pokemon& expected : Data().pokemon) {
    const auto got = store_->GetPokemon(expected.id);
    ASSERT_TRUE(got.has_value()) << expected.name_en;
    EXPECT_EQ(*got, expected) << expected.name_en;
  }
  EXPECT_FALSE(store_->GetPokemon(0).has_value());
  EXPECT_FALSE(store_->GetPokemon(189).has_value());
}

TEST_P(StoreTest, MovesRoundTripExactly) {
  for (const domain::Move& expected : Data().moves) {
    const auto got = store_->GetMove(expected.id);
    ASSERT_TRUE(got.has_value()) << expected.name_en;
    EXPECT_EQ(*got, expected) << expected.name_en;
  }
  EXPECT_FALSE(store_->GetMove(99999).has_value());
}

TEST_P(StoreTest, ListsPageInIdOrder) {
  const auto first = store_->ListPokemon(10, 0);
  ASSERT_EQ(first.size(), 10u);
  EXPECT_EQ(first.front().name_en, "Bulbasaur");
  const auto tail = store_->ListPokemon(100, 180);
  ASSERT_EQ(tail.size(), 8u);
  EXPECT_EQ(tail.back().name_en, "Partner Eevee");
  EXPECT_TRUE(store_->ListPokemon(10, 500).empty());
  const auto moves = store_->ListMoves(5, 0);
  ASSERT_EQ(moves.size(), 5u);
  EXPECT_TRUE(std::is_sorted(moves.begin(), moves.end(), [](auto& a, auto& b) { return a.id < b.id; }));
}

TEST_P(StoreTest, SearchIgnoresCaseAndAccents) {
  auto names = [](const std::vector<domain::Pokemon>& ps) {
    std::vector<std::string> out;
    for (const auto& p : ps) out.push_back(p.name_en);
    return out;
  };
  EXPECT_EQ(names(store_->SearchPokemon("EVOLI", Lang::kFr)), (std::vector<std::string>{"Eevee", "Partner Eevee"}));
  EXPECT_EQ(names(store_->SearchPokemon("évoli", Lang::kFr)), (std::vector<std::string>{"Eevee", "Partner Eevee"}));
  EXPECT_TRUE(store_->SearchPokemon("evoli", Lang::kEn).empty());
  const auto charizards = names(store_->SearchPokemon("charizard", Lang::kEn));
  EXPECT_EQ(charizards, (std::vector<std::string>{"Charizard", "Mega Charizard X", "Mega Charizard Y"}));
  // LIKE wildcards in the query are literal characters.
  EXPECT_TRUE(store_->SearchPokemon("%", Lang::kEn).empty());
  EXPECT_TRUE(store_->SearchPokemon("_", Lang::kEn).empty());
  const auto thunder = store_->SearchMoves("TONNERRE");
  ASSERT_FALSE(thunder.empty());
  EXPECT_TRUE(std::any_of(thunder.begin(), thunder.end(), [](auto& m) { return m.name_en == "Thunderbolt"; }));
}

TEST_P(StoreTest, TypesByNameInEitherLanguage) {
  EXPECT_EQ(store_->FindTypeByName("electrik")->name_en, "Electric");
  EXPECT_EQ(store_->FindTypeByName("ÉLECTRIK")->name_en, "Electric");
  EXPECT_EQ(store_->FindTypeByName("fairy")->name_fr, "Fée");
  EXPECT_FALSE(store_->FindTypeByName("plasma").has_value());
  EXPECT_EQ(store_->ListTypes().size(), 18u);
}

TEST_P(StoreTest, EffectivenessAndChartMatchTheData) {
  const domain::TypeChart chart = store_->Chart();
  for (int a = 1; a <= 18; ++a) {
    for (int d = 1; d <= 18; ++d) {
      EXPECT_EQ(chart.Multiplier(a, d), Data().chart.Multiplier(a, d));
    }
  }
  EXPECT_EQ(store_->Effectiveness(11, 10), 2.0);  // Water -> Fire
  EXPECT_EQ(store_->Effectiveness(1, 8), 0.0);    // Normal -> Ghost
  EXPECT_FALSE(store_->Effectiveness(1, 99).has_value());
}

TEST_P(StoreTest, MegasShareTheirBaseFormsMoves) {
  auto ids = [&](int pokemon_id) {
    std::vector<std::pair<int, domain::LearnMethod>> out;
    for (const auto& m : store_->PokemonMoves(pokemon_id)) out.emplace_back(m.move.id, m.method);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto charizard = ids(6);
  ASSERT_FALSE(charizard.empty());
  for (const auto& p : Data().pokemon) {
    if (p.form == Form::kMega && p.dex == 6) {
      EXPECT_EQ(ids(p.id), charizard) << p.name_en;
    }
  }
}

TEST_P(StoreTest, PokemonMovesAreOrderedLevelThenTm) {
  const auto moves = store_->PokemonMoves(25);
  ASSERT_FALSE(moves.empty());
  EXPECT_EQ(moves.front().method, domain::LearnMethod::kLevel);
  for (std::size_t i = 1; i < moves.size(); ++i) {
    EXPECT_LE(static_cast<int>(moves[i - 1].method), static_cast<int>(moves[i].method));
  }
  EXPECT_TRUE(std::any_of(moves.begin(), moves.end(), [](auto& m) { return m.move.name_en == "Thunderbolt"; }));
}

TEST_P(StoreTest, PokemonOfTypeCoversBothSlots) {
  const auto flying = store_->PokemonOfType(3);
  EXPECT_TRUE(std::any_of(flying.begin(), flying.end(), [](auto& p) { return p.name_en == "Charizard"; }));
  EXPECT_TRUE(std::any_of(flying.begin(), flying.end(), [](auto& p) { return p.name_en == "Pidgey"; }));
  for (const auto& p : flying) EXPECT_TRUE(p.type1.id == 3 || (p.type2 && p.type2->id == 3)) << p.name_en;
}

TEST_P(StoreTest, ReadersNeverSeeAHalfLoadedDataSet) {
  domain::GameData changed = Data();
  changed.pokemon[0].stats.hp = 46;
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!done.load()) {
      try {
        const int n = store_->CountPokemon();
        if (n != 188) ++bad;
      } catch (const store::StoreError&) {
        // SQLite may report busy under the writer's lock; never wrong data.
      }
    }
  });
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(store_->Load(changed));
    EXPECT_TRUE(store_->Load(Data()));
  }
  done = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, testing::BothBackends(),
                         BackendName);

TEST(OpenStoreTest, RejectsUnknownSchemes) {
  EXPECT_THROW(store::OpenStore("mysql://x", 1), store::StoreError);
  EXPECT_THROW(store::OpenStore("sqlite://", 1), store::StoreError);
}

TEST(OpenStoreTest, UnreachablePostgresIsUnavailableNotACrash) {
  const auto store = store::OpenStore("postgresql://pdex@127.0.0.1:" + std::to_string(testing::FreePort()) + "/x", 1);
  EXPECT_THROW(store->Ping(), store::StoreUnavailable);
  // Inside the back-off window the answer is immediate.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(store->Ping(), store::StoreUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace pdex
