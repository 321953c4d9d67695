// DataVersion over a real SQLite store.
#include "api/data_version.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "domain/game_data.h"
#include "store/open_store.h"
#include "test_support.h"

namespace pdex::api {
namespace {

class DataVersionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::OpenStore("sqlite://" + (dir_.path() / "v.sqlite3").string(), 2);
    store_->Migrate();
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(DataVersionTest, NoDataIsAnErrorNotAnEmptyVersion) {
  DataVersion version(*store_, std::chrono::milliseconds(0));
  EXPECT_THROW(version.Current(), store::StoreError);
}

TEST_F(DataVersionTest, TrustsAConfirmedVersionForTheInterval) {
  domain::GameData data = domain::LoadGameData(PDEX_SOURCE_DATA_DIR);
  store_->Load(data);
  DataVersion version(*store_, std::chrono::hours(1));
  EXPECT_EQ(version.Current(), data.Fingerprint());
  data.pokemon[0].stats.hp = 46;
  store_->Load(data);
  EXPECT_NE(version.Current(), data.Fingerprint()) << "re-read before the interval ended";
}

TEST_F(DataVersionTest, SeesAReloadAfterTheInterval) {
  domain::GameData data = domain::LoadGameData(PDEX_SOURCE_DATA_DIR);
  store_->Load(data);
  DataVersion version(*store_, std::chrono::milliseconds(20));
  EXPECT_EQ(version.Current(), data.Fingerprint());
  data.pokemon[0].stats.hp = 46;
  store_->Load(data);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_EQ(version.Current(), data.Fingerprint());
}

TEST_F(DataVersionTest, ConcurrentFirstCallsAllGetTheVersion) {
  const domain::GameData data = domain::LoadGameData(PDEX_SOURCE_DATA_DIR);
  store_->Load(data);
  for (int round = 0; round < 20; ++round) {
    DataVersion version(*store_, std::chrono::hours(1));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        try {
          if (version.Current() != data.Fingerprint()) ++failures;
        } catch (const store::StoreError&) {
          ++failures;
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0) << "round " << round;
  }
}

TEST(DataVersionUnavailableTest, UnreachableDatabaseThrowsUnavailable) {
  const auto store = store::OpenStore("postgresql://x@127.0.0.1:" + std::to_string(testing::FreePort()) + "/x", 1);
  DataVersion version(*store, std::chrono::milliseconds(100));
  EXPECT_THROW(version.Current(), store::StoreUnavailable);
  EXPECT_THROW(version.Current(), store::StoreUnavailable);
}

}  // namespace
}  // namespace pdex::api
