// Unit tests for api/response_cache.h.
#include "api/response_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace pdex::api {
namespace {

http::Response MakeResponse(std::string body, int status = 200) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(ResponseCache, EmptyCacheMisses) {
  const ResponseCache cache;
  EXPECT_FALSE(cache.Get("/pokemon/25", "v1").has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ResponseCache, HitReturnsTheStoredResponse) {
  ResponseCache cache;
  http::Response r = MakeResponse(R"({"id":25})");
  r.content_type = "application/json; charset=utf-8";
  r.headers = {{"X-Total-Count", "188"}};
  cache.Put("/pokemon/25", "v1", r);
  const auto hit = cache.Get("/pokemon/25", "v1");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->status, 200);
  EXPECT_EQ(hit->body, R"({"id":25})");
  EXPECT_EQ(hit->content_type, "application/json; charset=utf-8");
  ASSERT_EQ(hit->headers.size(), 1u);
  EXPECT_EQ(hit->headers[0].first, "X-Total-Count");
  EXPECT_EQ(hit->headers[0].second, "188");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ResponseCache, OtherKeyMisses) {
  ResponseCache cache;
  cache.Put("/pokemon/25", "v1", MakeResponse("pikachu"));
  EXPECT_FALSE(cache.Get("/pokemon/26", "v1").has_value());
  EXPECT_FALSE(cache.Get("/pokemon/25?lang=fr", "v1").has_value());
  EXPECT_FALSE(cache.Get("/pokemon/2", "v1").has_value());
}

TEST(ResponseCache, OtherVersionMisses) {
  ResponseCache cache;
  cache.Put("/pokemon/25", "v1", MakeResponse("old"));
  EXPECT_FALSE(cache.Get("/pokemon/25", "v2").has_value());
  EXPECT_FALSE(cache.Get("/pokemon/25", "").has_value());
  EXPECT_TRUE(cache.Get("/pokemon/25", "v1").has_value());
}

TEST(ResponseCache, PutForANewVersionReplacesTheEntry) {
  ResponseCache cache;
  cache.Put("/types/", "v1", MakeResponse("old"));
  cache.Put("/types/", "v2", MakeResponse("new"));
  EXPECT_FALSE(cache.Get("/types/", "v1").has_value());
  const auto hit = cache.Get("/types/", "v2");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->body, "new");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ResponseCache, SizeStaysWithinTheCapacity) {
  ResponseCache cache(64);
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "/pokemon/" + std::to_string(i);
    cache.Put(key, "v1", MakeResponse("body " + std::to_string(i)));
    ASSERT_LE(cache.size(), 64u) << "after " << i + 1 << " puts";
    // The entry just stored is always there.
    const auto hit = cache.Get(key, "v1");
    ASSERT_TRUE(hit.has_value()) << key;
    EXPECT_EQ(hit->body, "body " + std::to_string(i));
  }
  EXPECT_GT(cache.size(), 0u);
}

TEST(ResponseCache, SmallCapacityIsAlsoABound) {
  // A capacity below the number of internal shards must still bound the
  // number of entries kept.
  ResponseCache cache(4);
  for (int i = 0; i < 500; ++i) cache.Put("/k/" + std::to_string(i), "v", MakeResponse("x"));
  EXPECT_LE(cache.size(), 4u);
}

TEST(ResponseCache, RewritingAnExistingKeyDoesNotGrowTheCache) {
  ResponseCache cache(64);
  for (int i = 0; i < 100; ++i) cache.Put("/same", "v" + std::to_string(i), MakeResponse("b"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Get("/same", "v99").has_value());
}

TEST(ResponseCache, BodyOverTheLimitIsNotStored) {
  ResponseCache cache(100, 10);
  cache.Put("/big", "v1", MakeResponse(std::string(11, 'x')));
  EXPECT_FALSE(cache.Get("/big", "v1").has_value());
  EXPECT_EQ(cache.size(), 0u);
  cache.Put("/exact", "v1", MakeResponse(std::string(10, 'x')));
  EXPECT_TRUE(cache.Get("/exact", "v1").has_value());
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ResponseCache, ConcurrentPutAndGetFromSeveralThreads) {
  ResponseCache cache(256);
  constexpr int kThreads = 4;
  constexpr int kIterations = 3000;
  std::atomic<int> hits{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&cache, &hits, &wrong, t] {
      for (int i = 0; i < kIterations; ++i) {
        // Keys overlap between threads; versions alternate.
        const std::string key = "/pokemon/" + std::to_string((i * 7 + t) % 300);
        const std::string version = (i / 100) % 2 == 0 ? "a" : "b";
        if (i % 3 == 0) {
          cache.Put(key, version, MakeResponse(key + "@" + version));
        } else if (const auto hit = cache.Get(key, version)) {
          ++hits;
          if (hit->body != key + "@" + version) ++wrong;
        }
        if (i % 500 == 0) (void)cache.size();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(hits.load(), 0);
  EXPECT_LE(cache.size(), 256u);
}

TEST(ResponseCache, BytesAreBoundedWhateverClientsAsk) {
  // 1000 distinct targets of 10 KiB bodies against a 320 KiB budget (20 KiB
  // a shard: one entry each).
  ResponseCache cache(8192, 1 << 20, 320 * 1024);
  http::Response big;
  big.body = std::string(10 * 1024, 'x');
  for (int i = 0; i < 1000; ++i) cache.Put("/pokemon/?junk=" + std::to_string(i), "v1", big);
  EXPECT_LE(cache.bytes(), 320u * 1024);
  EXPECT_GT(cache.size(), 0u);
}

TEST(ResponseCache, LongKeysAreNotKept) {
  ResponseCache cache;
  http::Response r;
  r.body = "{}";
  const std::string key = "/pokemon/search?name=" + std::string(2000, 'a');
  cache.Put(key, "v1", r);
  EXPECT_FALSE(cache.Get(key, "v1").has_value());
}

TEST(ResponseCache, ReplacingAnEntryKeepsTheByteCountExact) {
  ResponseCache cache;
  http::Response r;
  r.body = std::string(100, 'a');
  cache.Put("/k", "v1", r);
  cache.Put("/k", "v2", r);
  EXPECT_EQ(cache.bytes(), 2u + 100u);
  EXPECT_EQ(cache.size(), 1u);
}

}  // namespace
}  // namespace pdex::api
