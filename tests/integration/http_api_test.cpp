// pdex-api's routes through a real socket, on both stores, and bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "api/service.h"
#include "domain/game_data.h"
#include "http/server.h"
#include "store/open_store.h"
#include "api_server.h"
#include "test_support.h"
#include "backends.h"

namespace pdex {
namespace {

using nlohmann::json;
using testing::HttpConnection;

using testing::Backend;
using testing::BackendName;

using testing::ApiServer;

class HttpApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  static void SetUpTestSuite() {
    sqlite_dir_ = new testing::TempDir();
    sqlite_ = new ApiServer("sqlite://" + (sqlite_dir_->path() / "api.sqlite3").string());
  }
  static void TearDownTestSuite() {
    delete sqlite_;
    delete postgres_;
    delete sqlite_dir_;
    sqlite_ = postgres_ = nullptr;
  }
  std::uint16_t Port() {
    if (GetParam() == Backend::kSqlite) return sqlite_->port();
    if (postgres_ == nullptr) postgres_ = new ApiServer(testing::SharedPostgres().url());
    return postgres_->port();
  }
  json GetJson(const std::string& target, int expected_status = 200) {
    HttpConnection c(Port());
    const auto r = c.Get(target);
    EXPECT_EQ(r.status, expected_status) << target << ": " << r.body;
    EXPECT_EQ(r.headers.count("content-type") ? r.headers.at("content-type") : "", "application/json");
    return json::parse(r.body);
  }

  static testing::TempDir* sqlite_dir_;
  static ApiServer* sqlite_;
  static ApiServer* postgres_;
};
testing::TempDir* HttpApiTest::sqlite_dir_ = nullptr;
ApiServer* HttpApiTest::sqlite_ = nullptr;
ApiServer* HttpApiTest::postgres_ = nullptr;

TEST_P(HttpApiTest, PokemonDetail) {
  const json p = GetJson("/pokemon/25");
  EXPECT_EQ(p["name"], "Pikachu");
  EXPECT_EQ(p["types"][0]["name"], "Electric");
  EXPECT_EQ(p["stats"]["speed"], 90);
  ASSERT_TRUE(p["moves"].is_array());
  bool thunderbolt = false;
  for (const auto& m : p["moves"]) thunderbolt |= m["name"] == "Thunderbolt" && m["name_fr"] == "Tonnerre";
  EXPECT_TRUE(thunderbolt);
}

TEST_P(HttpApiTest, PokemonListPagesWithTotal) {
  HttpConnection c(Port());
  const auto r = c.Get("/pokemon/?limit=5&offset=20");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.at("x-total-count"), "188");
  const json list = json::parse(r.body);
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0]["id"], 21);
  EXPECT_EQ(GetJson("/pokemon").size(), 100u) << "no trailing slash works too";
}

TEST_P(HttpApiTest, SearchInBothLanguages) {
  const json fr = GetJson("/pokemon/search?name=%C3%A9VOLI&lang=fr");
  ASSERT_EQ(fr.size(), 2u);
  EXPECT_EQ(fr[0]["name"], "Eevee");
  EXPECT_EQ(GetJson("/pokemon/search?name=pika").size(), 2u);
  EXPECT_EQ(GetJson("/moves/search?name=lance-flammes")[0]["name"], "Flamethrower");
}

TEST_P(HttpApiTest, Weaknesses) {
  const json w = GetJson("/pokemon/6/weaknesses");  // Charizard, Fire/Flying
  ASSERT_FALSE(w["weaknesses"].empty());
  EXPECT_EQ(w["weaknesses"][0]["type"]["name"], "Rock");
  EXPECT_EQ(w["weaknesses"][0]["multiplier"], 4);
  bool ground_immune = false;
  for (const auto& m : w["immunities"]) ground_immune |= m["type"]["name"] == "Ground";
  EXPECT_TRUE(ground_immune);
  EXPECT_EQ(w["weaknesses"].size() + w["neutral"].size() + w["resistances"].size() + w["immunities"].size(), 18u);
}

TEST_P(HttpApiTest, MovesRoutes) {
  EXPECT_EQ(GetJson("/moves/id/85")["name"], "Thunderbolt");
  const json electric = GetJson("/moves/by-type/%C3%A9lectrik");
  ASSERT_FALSE(electric.empty());
  for (const auto& m : electric) EXPECT_EQ(m["type"]["name"], "Electric");
  EXPECT_EQ(GetJson("/moves/by-type/13").size(), electric.size());
  EXPECT_EQ(GetJson("/moves/?limit=3").size(), 3u);
}

TEST_P(HttpApiTest, TypesRoutes) {
  EXPECT_EQ(GetJson("/types/").size(), 18u);
  EXPECT_EQ(GetJson("/types/affinities?attacking_type_id=11&defending_type_id=10")["multiplier"], 2);
  EXPECT_EQ(GetJson("/types/affinities/by-name?attacking=normal&defending=spectre")["multiplier"], 0);
  EXPECT_EQ(GetJson("/types/affinities/by-name?attacking=Dragon&defending=F%C3%A9e")["multiplier"], 0);
  const json ghosts = GetJson("/types/by-name/ghost/pokemon");
  EXPECT_EQ(GetJson("/types/8/pokemon"), ghosts);
  bool gengar = false;
  for (const auto& p : ghosts) gengar |= p["name"] == "Gengar";
  EXPECT_TRUE(gengar);
}

TEST_P(HttpApiTest, ErrorsAreJsonWithDetail) {
  EXPECT_EQ(GetJson("/pokemon/9999", 404)["detail"], "Pokémon 9999 not found");
  EXPECT_EQ(GetJson("/moves/id/9999", 404)["detail"], "move 9999 not found");
  EXPECT_EQ(GetJson("/types/by-name/plasma/pokemon", 404)["detail"], "type 'plasma' not found");
  EXPECT_EQ(GetJson("/nothing/here", 404)["detail"], "Not Found");
  const json bad_id = GetJson("/pokemon/abc", 422);
  EXPECT_EQ(bad_id["detail"][0]["loc"], json::array({"path", "id"}));
  EXPECT_EQ(GetJson("/pokemon/0", 422)["detail"][0]["type"], "greater_than_equal");
  EXPECT_EQ(GetJson("/pokemon/99999999999999999999", 422)["detail"][0]["loc"][1], "id");
  EXPECT_EQ(GetJson("/pokemon/?limit=0", 422)["detail"][0]["loc"], json::array({"query", "limit"}));
  EXPECT_EQ(GetJson("/pokemon/?limit=ten", 422)["detail"][0]["type"], "int_parsing");
  EXPECT_EQ(GetJson("/pokemon/search", 422)["detail"][0]["type"], "missing");
  EXPECT_EQ(GetJson("/pokemon/search?name=x&lang=de", 422)["detail"][0]["loc"][1], "lang");
  EXPECT_EQ(GetJson("/types/affinities?attacking_type_id=1", 422)["detail"][0]["loc"][1], "defending_type_id");
}

TEST_P(HttpApiTest, BadInputNeverCrashes) {
  // Invalid UTF-8 in a query value.
  EXPECT_EQ(GetJson("/pokemon/search?name=%FF%FE", 422)["detail"][0]["type"], "string_unicode");
  // Over-long value.
  EXPECT_EQ(GetJson("/pokemon/search?name=" + std::string(300, 'a'), 422)["detail"][0]["type"], "string_too_long");
  // Path tricks: encoded slashes, dot segments, NUL bytes.
  GetJson("/pokemon/..%2F..%2Fetc%2Fpasswd", 422);
  GetJson("/pokemon/../../etc/passwd", 404);
  GetJson("/pokemon/%00", 422);
  GetJson("/types/by-name/%00/pokemon", 422);
  GetJson("/pokemon/search?name=pika%0Achu", 422);
  // A malformed escape in the target.
  GetJson("/pokemon/%zz", 400);
  // Wrong method, and a JSON body where none is expected.
  HttpConnection c(Port());
  const auto post = c.Send("POST", "/pokemon/25", "{not json");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.headers.at("allow"), "GET");
  EXPECT_EQ(json::parse(post.body)["detail"], "Method Not Allowed");
  // The same connection still works afterwards (keep-alive).
  EXPECT_EQ(c.Get("/health").status, 200);
}

TEST_P(HttpApiTest, HeadIsGetWithoutABody) {
  HttpConnection c(Port());
  const auto get = c.Get("/pokemon/25");
  const auto head = c.Head("/pokemon/25");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.headers.at("content-length"), std::to_string(get.body.size()));
  // The connection stays in sync: the next response is read correctly.
  EXPECT_EQ(c.Get("/health").body, "{\"status\":\"ok\"}");
  EXPECT_EQ(c.Head("/nothing").status, 404);
}

TEST_P(HttpApiTest, KeepAliveServesManyRequestsOnOneConnection) {
  HttpConnection c(Port());
  for (int i = 1; i <= 50; ++i) {
    const auto r = c.Get("/pokemon/" + std::to_string(i));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["id"], i);
  }
}

TEST_P(HttpApiTest, OversizedBodyIs413) {
  HttpConnection c(Port());
  const auto r = c.Send("POST", "/pokemon/25", std::string(64 * 1024 + 1, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(json::parse(r.body)["detail"].get<std::string>().find("larger than"), std::string::npos);
}

TEST_P(HttpApiTest, MalformedHttpIs400) {
  HttpConnection c(Port());
  const auto r = c.Raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(json::parse(r.body).contains("detail"));
  HttpConnection d(Port());
  EXPECT_EQ(d.Raw("GET /health HTTP/1.1\r\nContent-Length: -5\r\n\r\n").status, 400);
}

TEST_P(HttpApiTest, HugeHeadersAreRefused) {
  HttpConnection c(Port());
  const auto r = c.Raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(r.status, 431);
}

TEST_P(HttpApiTest, MetricsUseRouteTemplates) {
  HttpConnection c(Port());
  c.Get("/pokemon/1");
  c.Get("/pokemon/2");
  c.Get("/does/not/exist/1");
  const auto r = c.Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("api_requests_total{endpoint=\"/pokemon/{id}\",method=\"GET\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("endpoint=\"unmatched\""), std::string::npos);
  EXPECT_EQ(r.body.find("/pokemon/1\""), std::string::npos) << "raw paths must never be labels";
  EXPECT_EQ(r.body.find("/does/not/exist"), std::string::npos);
  EXPECT_NE(r.body.find("api_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r.body.find("api_errors_total{endpoint=\"unmatched\",error_type=\"not_found\",method=\"GET\"}"),
            std::string::npos);
  for (const char* name : {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                           "process_start_time_seconds"}) {
    EXPECT_NE(r.body.find(name), std::string::npos) << name;
  }
}

TEST_P(HttpApiTest, OpenApiDescribesEveryRoute) {
  const json doc = GetJson("/openapi.json");
  for (const char* path : {"/pokemon/", "/pokemon/search", "/pokemon/{id}", "/pokemon/{id}/weaknesses", "/moves/",
                           "/moves/search", "/moves/by-type/{type}", "/moves/id/{id}", "/types/",
                           "/types/affinities", "/types/affinities/by-name", "/types/{id}/pokemon",
                           "/types/by-name/{name}/pokemon", "/health", "/ready", "/metrics", "/openapi.json"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpApiTest, testing::BothBackends(),
                         BackendName);

TEST(HttpApiKeyTest, KeysGuardDataRoutesOnly) {
  testing::TempDir dir;
  ApiServer server("sqlite://" + (dir.path() / "k.sqlite3").string(), {"alpha-key", "beta-key"});
  HttpConnection c(server.port());
  const auto missing = c.Get("/pokemon/25");
  EXPECT_EQ(missing.status, 401);
  EXPECT_TRUE(json::parse(missing.body).contains("detail"));
  EXPECT_EQ(c.Get("/pokemon/25", {{"X-API-Key", "alpha-kez"}}).status, 403);
  EXPECT_EQ(c.Get("/pokemon/25", {{"X-API-Key", "alpha"}}).status, 403);
  EXPECT_EQ(c.Get("/pokemon/25", {{"X-API-Key", ""}}).status, 403);
  EXPECT_EQ(c.Get("/pokemon/25", {{"X-API-Key", "alpha-key"}}).status, 200);
  EXPECT_EQ(c.Get("/pokemon/25", {{"X-API-Key", "beta-key"}}).status, 200);
  for (const char* open : {"/health", "/ready", "/metrics", "/openapi.json"}) {
    EXPECT_EQ(c.Get(open).status, 200) << open;
  }
}

TEST(HttpTimeoutTest, SlowClientsAreDisconnected) {
  testing::TempDir dir;
  ApiServer server("sqlite://" + (dir.path() / "t.sqlite3").string(), {}, std::chrono::milliseconds(300));
  HttpConnection slow(server.port());
  slow.WriteRaw("GET /health HTTP/1.1\r\nHost: x\r\n");  // never finishes the headers
  EXPECT_TRUE(slow.ClosedWithin(3000));
  HttpConnection idle(server.port());
  EXPECT_EQ(idle.Get("/health").status, 200);
  EXPECT_TRUE(idle.ClosedWithin(3000)) << "an idle keep-alive connection is closed";
}

}  // namespace
}  // namespace pdex
