// Unit tests for api/service.h: ApiService::Handle over a real SQLite store,
// without sockets.
#include "api/service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/game_routes.h"
#include "domain/game_data.h"
#include "logging/logger.h"
#include "store/open_store.h"

namespace pdex::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// The store every test shares: data/ loaded into a fresh SQLite file.
class SharedStore {
 public:
  SharedStore() {
    std::string pattern = (fs::temp_directory_path() / "pdex-service-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    store_ = store::OpenStore("sqlite://" + (dir_ / "pdex.sqlite3").string(), 2);
    store_->Migrate();
    store_->Load(domain::LoadGameData(PDEX_SOURCE_DATA_DIR));
  }
  ~SharedStore() {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  SharedStore(const SharedStore&) = delete;
  SharedStore& operator=(const SharedStore&) = delete;
  store::Store& store() { return *store_; }

 private:
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

http::Request Get(std::string target, http::Fields headers = {}) {
  return {"GET", std::move(target), std::move(headers), ""};
}

std::optional<std::string> HeaderOf(const http::Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

json Body(const http::Response& r) { return json::parse(r.body); }

// Lines of a metrics document that are samples (not # comments).
std::vector<std::string> Samples(const std::string& metrics) {
  std::vector<std::string> out;
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

// Sample lines of `family` (exact name, labelled) containing every needle.
std::vector<std::string> SeriesOf(const std::string& metrics, const std::string& family,
                                  std::initializer_list<std::string_view> needles) {
  std::vector<std::string> out;
  for (const std::string& line : Samples(metrics)) {
    if (line.rfind(family + "{", 0) != 0) continue;
    bool all = true;
    for (const auto n : needles) all = all && line.find(n) != std::string::npos;
    if (all) out.push_back(line);
  }
  return out;
}

double ValueOf(const std::string& sample_line) {
  return std::stod(sample_line.substr(sample_line.rfind(' ') + 1));
}

class ApiServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { shared_ = new SharedStore(); }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  // A ready service over the shared store.
  std::unique_ptr<ApiService> MakeService(std::vector<std::string> api_keys = {}) {
    ServiceOptions options;
    options.api_keys = std::move(api_keys);
    auto service = std::make_unique<ApiService>(shared_->store(), logger_, options);
    service->SetStoreReady(true);
    return service;
  }

  static SharedStore* shared_;
  std::ostringstream log_;
  logging::Logger logger_{log_};
};

SharedStore* ApiServiceTest::shared_ = nullptr;

// ------------------------------------------------------------- data routes

TEST_F(ApiServiceTest, GetPokemonReturnsItsFields) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/25"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  const json p = Body(r);
  EXPECT_EQ(p.at("id"), 25);
  EXPECT_EQ(p.at("dex_number"), 25);
  EXPECT_EQ(p.at("form"), "base");
  EXPECT_EQ(p.at("name"), "Pikachu");
  EXPECT_EQ(p.at("name_fr"), "Pikachu");
  ASSERT_EQ(p.at("types").size(), 1u);
  EXPECT_EQ(p.at("types")[0].at("id"), 13);
  EXPECT_EQ(p.at("types")[0].at("name"), "Electric");
  EXPECT_EQ(p.at("types")[0].at("name_fr"), "Électrik");
  EXPECT_EQ(p.at("stats").at("hp"), 35);
  EXPECT_EQ(p.at("stats").at("speed"), 90);
  EXPECT_EQ(p.at("stats").at("total"), 320);
  ASSERT_TRUE(p.at("moves").is_array());
  ASSERT_FALSE(p.at("moves").empty());
  bool thunder_shock = false;
  for (const json& m : p.at("moves")) {
    EXPECT_TRUE(m.contains("learn_method")) << m.dump();
    EXPECT_TRUE(m.contains("level")) << m.dump();
    if (m.at("name") == "Thunder Shock") thunder_shock = true;
  }
  EXPECT_TRUE(thunder_shock) << "Pikachu should learn Thunder Shock";
}

TEST_F(ApiServiceTest, RepeatedRequestGivesTheSameBody) {
  auto service = MakeService();
  const http::Response first = service->Handle(Get("/pokemon/6"));
  const http::Response second = service->Handle(Get("/pokemon/6"));  // from the cache
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(Body(second).at("name"), "Charizard");
  // Each answer has its own request id, cached or not.
  EXPECT_NE(HeaderOf(first, "X-Request-ID"), HeaderOf(second, "X-Request-ID"));
}

TEST_F(ApiServiceTest, SearchByFoldedFrenchNameFindsEevee) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/search?name=%C3%89VOLI&lang=fr"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json list = Body(r);
  ASSERT_TRUE(list.is_array());
  std::set<int> ids;
  for (const json& p : list) ids.insert(p.at("id").get<int>());
  EXPECT_TRUE(ids.count(133)) << r.body;  // Eevee / Évoli
  for (const json& p : list) {
    EXPECT_THAT(p.at("name_fr").get<std::string>(), HasSubstr("voli")) << p.dump();
  }
  // The same query in English finds nothing called "évoli".
  const json en = Body(service->Handle(Get("/pokemon/search?name=%C3%89VOLI&lang=en")));
  EXPECT_TRUE(en.empty()) << en.dump();
}

TEST_F(ApiServiceTest, AffinityByFrenchNames) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/types/affinities/by-name?attacking=eau&defending=feu"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = Body(r);
  EXPECT_DOUBLE_EQ(a.at("multiplier").get<double>(), 2);
  EXPECT_EQ(a.at("attacking_type").at("name"), "Water");
  EXPECT_EQ(a.at("defending_type").at("name"), "Fire");

  const json immune = Body(service->Handle(Get("/types/affinities/by-name?attacking=Normal&defending=SPECTRE")));
  EXPECT_DOUBLE_EQ(immune.at("multiplier").get<double>(), 0);
}

TEST_F(ApiServiceTest, ListsPageWithTotalCount) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/?limit=5&offset=10"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json list = Body(r);
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0].at("id"), 11);
  EXPECT_EQ(HeaderOf(r, "X-Total-Count"), "188");
  EXPECT_EQ(Body(service->Handle(Get("/types"))).size(), 18u);
}

TEST_F(ApiServiceTest, SearchTreatsLikeWildcardsLiterally) {
  auto service = MakeService();
  for (const char* target : {"/pokemon/search?name=%25", "/pokemon/search?name=_", "/moves/search?name=%25",
                             "/pokemon/search?name=%5C"}) {
    const http::Response r = service->Handle(Get(target));
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_TRUE(Body(r).empty()) << target << " matched " << Body(r).size() << " items";
  }
  // Quotes are data, not SQL.
  const http::Response quote = service->Handle(Get("/pokemon/search?name=%27%20OR%201%3D1--"));
  ASSERT_EQ(quote.status, 200);
  EXPECT_TRUE(Body(quote).empty());
  // Apostrophes fold: "farfetch’d" finds Farfetch'd.
  const http::Response typographic = service->Handle(Get("/pokemon/search?name=farfetch%E2%80%99d"));
  ASSERT_EQ(typographic.status, 200);
  ASSERT_EQ(Body(typographic).size(), 1u) << typographic.body;
  EXPECT_EQ(Body(typographic)[0].at("id"), 83);
}

TEST_F(ApiServiceTest, WeaknessesGroupTheChartForADualType) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/6/weaknesses"));  // Charizard, Fire/Flying
  ASSERT_EQ(r.status, 200) << r.body;
  const json w = Body(r);
  EXPECT_EQ(w.at("pokemon").at("name"), "Charizard");
  ASSERT_FALSE(w.at("weaknesses").empty());
  EXPECT_EQ(w.at("weaknesses")[0].at("type").at("name"), "Rock");  // x4 comes first
  EXPECT_DOUBLE_EQ(w.at("weaknesses")[0].at("multiplier").get<double>(), 4);
  ASSERT_EQ(w.at("immunities").size(), 1u);
  EXPECT_EQ(w.at("immunities")[0].at("type").at("name"), "Ground");
  const std::size_t total =
      w.at("weaknesses").size() + w.at("neutral").size() + w.at("resistances").size() + w.at("immunities").size();
  EXPECT_EQ(total, 18u);
}

TEST_F(ApiServiceTest, ConcurrentRequestsAreAllAnswered) {
  auto service = MakeService();
  constexpr int kThreads = 4, kEach = 40;
  const char* const targets[] = {"/pokemon/25", "/pokemon/search?name=pika", "/types/affinities?attacking_type_id=11&defending_type_id=10",
                                 "/moves/id/1", "/health"};
  std::atomic<int> not_ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto& target = targets[static_cast<std::size_t>(i + t) % std::size(targets)];
        if (service->Handle(Get(target)).status != 200) ++not_ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(not_ok.load(), 0);
  const std::string m = service->Handle(Get("/metrics")).body;
  double total = 0;
  for (const std::string& line : SeriesOf(m, "api_requests_total", {"status=\"200\""})) total += ValueOf(line);
  EXPECT_EQ(total, kThreads * kEach);
}

// ------------------------------------------------------------------ errors

TEST_F(ApiServiceTest, UnknownIdIs404WithDetail) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/9999"));
  EXPECT_EQ(r.status, 404);
  const json body = Body(r);
  ASSERT_TRUE(body.at("detail").is_string());
  EXPECT_THAT(body.at("detail").get<std::string>(), HasSubstr("9999"));
}

TEST_F(ApiServiceTest, NonIntegerIdIs422LocatedAtPathId) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/abc"));
  ASSERT_EQ(r.status, 422) << r.body;
  const json body = Body(r);
  ASSERT_TRUE(body.at("detail").is_array());
  ASSERT_EQ(body.at("detail").size(), 1u);
  const json& e = body.at("detail")[0];
  EXPECT_EQ(e.at("loc"), json::array({"path", "id"}));
  EXPECT_EQ(e.at("type"), "int_parsing");
  EXPECT_TRUE(e.at("msg").is_string());
}

TEST_F(ApiServiceTest, MissingQueryIs422LocatedAtQueryName) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/search"));
  ASSERT_EQ(r.status, 422) << r.body;
  const json body = Body(r);
  const json& e = body.at("detail")[0];
  EXPECT_EQ(e.at("loc"), json::array({"query", "name"}));
  EXPECT_EQ(e.at("type"), "missing");
}

TEST_F(ApiServiceTest, InvalidUtf8QueryIs422NotAnError500) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/pokemon/search?name=%FF%FE"));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NO_THROW(Body(r));
}

TEST_F(ApiServiceTest, OtherMethodIs405WithAllowHeader) {
  auto service = MakeService();
  http::Request post = Get("/pokemon/25");
  post.method = "POST";
  const http::Response r = service->Handle(post);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET");
  EXPECT_TRUE(Body(r).at("detail").is_string());

  http::Request del = Get("/pokemon/search?name=x");
  del.method = "DELETE";
  const http::Response search = service->Handle(del);
  EXPECT_EQ(search.status, 405);
  EXPECT_EQ(HeaderOf(search, "Allow"), "GET");
}

TEST_F(ApiServiceTest, UnmatchedRouteIs404) {
  auto service = MakeService();
  for (const char* target : {"/nope", "/pokemon/25/weaknesses/extra", "/", "/POKEMON/25"}) {
    const http::Response r = service->Handle(Get(target));
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(Body(r).at("detail"), "Not Found") << target;
  }
}

TEST_F(ApiServiceTest, MalformedTargetIs400) {
  auto service = MakeService();
  EXPECT_EQ(service->Handle(Get("pokemon/25")).status, 400);
  EXPECT_EQ(service->Handle(Get("/pokemon/%zz")).status, 400);
}

TEST_F(ApiServiceTest, RejectedShapesTheServersErrors) {
  auto service = MakeService();
  const http::Response r = service->Rejected(413, "body too large");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Body(r).at("detail"), "body too large");
  EXPECT_TRUE(HeaderOf(r, "X-Request-ID").has_value());
}

// ---------------------------------------------------------------- API keys

TEST_F(ApiServiceTest, ApiKeysGuardDataRoutes) {
  auto service = MakeService({"key-one", "key-two"});
  EXPECT_EQ(service->Handle(Get("/pokemon/25")).status, 401);
  EXPECT_EQ(service->Handle(Get("/pokemon/25", {{"x-api-key", "wrong"}})).status, 403);
  EXPECT_EQ(service->Handle(Get("/pokemon/25", {{"x-api-key", ""}})).status, 403);
  EXPECT_EQ(service->Handle(Get("/pokemon/25", {{"x-api-key", "key-one-and-more"}})).status, 403);
  EXPECT_EQ(service->Handle(Get("/pokemon/25", {{"x-api-key", "key-on"}})).status, 403);
  EXPECT_EQ(service->Handle(Get("/pokemon/25", {{"x-api-key", "key-one"}})).status, 200);
  EXPECT_EQ(service->Handle(Get("/pokemon/25", {{"x-api-key", "key-two"}})).status, 200);
  const http::Response missing = service->Handle(Get("/pokemon/25"));
  EXPECT_TRUE(Body(missing).at("detail").is_string());
}

TEST_F(ApiServiceTest, ApiKeyIsCheckedBeforeValidationAndLookup) {
  auto service = MakeService({"secret"});
  EXPECT_EQ(service->Handle(Get("/pokemon/abc")).status, 401);
  EXPECT_EQ(service->Handle(Get("/pokemon/9999")).status, 401);
  EXPECT_EQ(service->Handle(Get("/pokemon/abc", {{"x-api-key", "secret"}})).status, 422);
}

TEST_F(ApiServiceTest, ApiKeyIsNotServedFromTheCacheWithoutAKey) {
  auto service = MakeService({"secret"});
  ASSERT_EQ(service->Handle(Get("/pokemon/1", {{"x-api-key", "secret"}})).status, 200);
  EXPECT_EQ(service->Handle(Get("/pokemon/1")).status, 401);
  EXPECT_EQ(service->Handle(Get("/pokemon/1", {{"x-api-key", "nope"}})).status, 403);
}

TEST_F(ApiServiceTest, ServiceRoutesNeedNoKey) {
  auto service = MakeService({"secret"});
  EXPECT_EQ(service->Handle(Get("/health")).status, 200);
  EXPECT_EQ(service->Handle(Get("/metrics")).status, 200);
  EXPECT_EQ(service->Handle(Get("/openapi.json")).status, 200);
  EXPECT_EQ(service->Handle(Get("/ready")).status, 200);
}

// ----------------------------------------------------------------- metrics

TEST_F(ApiServiceTest, MetricsUseRouteTemplatesNeverRawPaths) {
  auto service = MakeService();
  ASSERT_EQ(service->Handle(Get("/pokemon/25")).status, 200);
  ASSERT_EQ(service->Handle(Get("/pokemon/26")).status, 200);
  ASSERT_EQ(service->Handle(Get("/no/such/path")).status, 404);
  const http::Response r = service->Handle(Get("/metrics"));
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.content_type, HasSubstr("text/plain"));
  const std::string& m = r.body;

  const auto ok = SeriesOf(m, "api_requests_total", {"endpoint=\"/pokemon/{id}\"", "method=\"GET\"", "status=\"200\""});
  ASSERT_EQ(ok.size(), 1u) << m;
  EXPECT_EQ(ValueOf(ok[0]), 2);
  const auto unmatched = SeriesOf(m, "api_requests_total", {"endpoint=\"unmatched\"", "status=\"404\""});
  ASSERT_EQ(unmatched.size(), 1u) << m;
  EXPECT_EQ(ValueOf(unmatched[0]), 1);
  EXPECT_THAT(m, Not(HasSubstr("/pokemon/25")));
  EXPECT_THAT(m, Not(HasSubstr("/pokemon/26")));
  EXPECT_THAT(m, Not(HasSubstr("/no/such/path")));
  EXPECT_THAT(m, HasSubstr("# TYPE api_requests_total counter"));
  EXPECT_THAT(m, HasSubstr("api_request_duration_seconds_count{"));
  EXPECT_FALSE(SeriesOf(m, "api_errors_total", {"endpoint=\"unmatched\"", "error_type=\"not_found\""}).empty());

  const auto rss = [&] {
    for (const std::string& line : Samples(m)) {
      if (line.rfind("process_resident_memory_bytes ", 0) == 0) return ValueOf(line);
    }
    return -1.0;
  }();
  EXPECT_GT(rss, 0) << "process_resident_memory_bytes missing";
}

TEST_F(ApiServiceTest, MethodNotAllowedIsCountedUnderTheTemplate) {
  auto service = MakeService();
  http::Request post = Get("/pokemon/77");
  post.method = "POST";
  ASSERT_EQ(service->Handle(post).status, 405);
  const std::string m = service->Handle(Get("/metrics")).body;
  EXPECT_EQ(SeriesOf(m, "api_requests_total", {"endpoint=\"/pokemon/{id}\"", "method=\"POST\"", "status=\"405\""}).size(),
            1u)
      << m;
  EXPECT_THAT(m, Not(HasSubstr("/pokemon/77")));
}

TEST_F(ApiServiceTest, UnknownMethodsShareOneLabel) {
  auto service = MakeService();
  for (const char* method : {"BREW", "PROPFIND", "get"}) {
    http::Request r = Get("/pokemon/1");
    r.method = method;
    service->Handle(r);
  }
  const std::string m = service->Handle(Get("/metrics")).body;
  EXPECT_THAT(m, Not(HasSubstr("BREW")));
  EXPECT_THAT(m, Not(HasSubstr("PROPFIND")));
  EXPECT_EQ(SeriesOf(m, "api_requests_total", {"method=\"OTHER\""}).size(), 1u) << m;
}

TEST_F(ApiServiceTest, ManyUnknownPathsAddAtMostOneUnmatchedSeries) {
  auto service = MakeService();
  service->Handle(Get("/metrics"));
  service->Handle(Get("/metrics"));  // now the /metrics series exist too
  const std::string before = service->Handle(Get("/metrics")).body;
  for (int i = 0; i < 500; ++i) {
    ASSERT_EQ(service->Handle(Get("/unknown/" + std::to_string(i) + "/x" + std::to_string(i * 7))).status, 404);
  }
  const std::string after = service->Handle(Get("/metrics")).body;

  const auto unmatched = SeriesOf(after, "api_requests_total", {"endpoint=\"unmatched\""});
  ASSERT_EQ(unmatched.size(), 1u);
  EXPECT_EQ(ValueOf(unmatched[0]), 500);
  EXPECT_THAT(after, Not(HasSubstr("/unknown/")));
  // New samples: one request counter, one error counter and one histogram
  // (its buckets, +Inf, _sum and _count).
  const std::size_t histogram_lines = 14 + 1 + 2;
  EXPECT_LE(Samples(after).size(), Samples(before).size() + 2 + histogram_lines);
}

// -------------------------------------------------------------- request id

TEST_F(ApiServiceTest, RequestIdIsEchoedWhenGiven) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/health", {{"x-request-id", "req-42_a.B"}}));
  EXPECT_EQ(HeaderOf(r, "X-Request-ID"), "req-42_a.B");
  const http::Response err = service->Handle(Get("/nope", {{"x-request-id", "trace-7"}}));
  EXPECT_EQ(HeaderOf(err, "X-Request-ID"), "trace-7");
}

TEST_F(ApiServiceTest, RequestIdIsGeneratedOtherwise) {
  auto service = MakeService();
  const auto a = HeaderOf(service->Handle(Get("/health")), "X-Request-ID");
  const auto b = HeaderOf(service->Handle(Get("/health")), "X-Request-ID");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(a->empty());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef"), std::string::npos) << *a;
}

TEST_F(ApiServiceTest, UnsafeOrOverlongRequestIdsAreReplaced) {
  auto service = MakeService();
  for (const std::string& given : {std::string("has space"), std::string("quote\"d"), std::string("line\nbreak"),
                                  std::string(65, 'a'), std::string("")}) {
    const auto id = HeaderOf(service->Handle(Get("/health", {{"x-request-id", given}})), "X-Request-ID");
    ASSERT_TRUE(id.has_value());
    EXPECT_NE(*id, given);
    EXPECT_FALSE(id->empty());
  }
  const std::string max(64, 'b');
  EXPECT_EQ(HeaderOf(service->Handle(Get("/health", {{"x-request-id", max}})), "X-Request-ID"), max);
}

TEST_F(ApiServiceTest, AccessLogCarriesTheRequestIdAndTemplate) {
  auto service = MakeService();
  service->Handle(Get("/pokemon/25", {{"x-request-id", "log-check-1"}}));
  bool found = false;
  std::istringstream in(log_.str());
  for (std::string line; std::getline(in, line);) {
    const json j = json::parse(line);
    if (j.value("request_id", "") == "log-check-1") {
      found = true;
      EXPECT_EQ(j.at("route"), "/pokemon/{id}");
      EXPECT_EQ(j.at("status"), 200);
    }
  }
  EXPECT_TRUE(found) << log_.str();
}

// ----------------------------------------------------------------- openapi

TEST_F(ApiServiceTest, OpenApiListsEveryRoute) {
  auto service = MakeService();
  const http::Response r = service->Handle(Get("/openapi.json"));
  ASSERT_EQ(r.status, 200);
  const json doc = Body(r);
  EXPECT_EQ(doc.at("openapi").get<std::string>().rfind("3.", 0), 0u);
  const json& paths = doc.at("paths");

  std::vector<std::pair<std::string, std::string>> expected = {
      {"GET", "/health"}, {"GET", "/ready"}, {"GET", "/metrics"}, {"GET", "/openapi.json"}};
  for (const RouteSpec& spec : GameRoutes(shared_->store())) expected.emplace_back(spec.method, spec.path);
  ASSERT_GT(expected.size(), 10u);
  std::size_t operations = 0;
  for (const auto& [method, path] : expected) {
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(paths.contains(path)) << path;
    EXPECT_TRUE(paths.at(path).contains(lower)) << method << " " << path;
    // Every listed route answers (not 404) through the service.
    std::string target = path;
    const std::pair<std::string, std::string> kValues[] = {{"{id}", "1"}, {"{type}", "fire"}, {"{name}", "fire"}};
    for (const auto& [param, value] : kValues) {
      if (const auto pos = target.find(param); pos != std::string::npos) target.replace(pos, param.size(), value);
    }
    http::Request req = Get(target);
    req.method = method;
    EXPECT_NE(service->Handle(req).status, 404) << method << " " << target;
  }
  for (const auto& [path, ops] : paths.items()) operations += ops.size();
  EXPECT_EQ(operations, expected.size()) << "the document lists routes the service does not have";
}

TEST_F(ApiServiceTest, OpenApiDocumentsPathParametersAndSecurity) {
  auto service = MakeService();
  const json doc = Body(service->Handle(Get("/openapi.json")));
  const json& get = doc.at("paths").at("/pokemon/{id}").at("get");
  ASSERT_EQ(get.at("parameters").size(), 1u);
  EXPECT_EQ(get.at("parameters")[0].at("name"), "id");
  EXPECT_EQ(get.at("parameters")[0].at("in"), "path");
  EXPECT_EQ(get.at("parameters")[0].at("required"), true);
  EXPECT_TRUE(get.at("responses").contains("404"));
  EXPECT_TRUE(get.at("responses").contains("422"));
  EXPECT_TRUE(get.contains("security"));
  EXPECT_FALSE(doc.at("paths").at("/health").at("get").contains("security"));
}

// ------------------------------------------------------------ store ready

TEST_F(ApiServiceTest, NotReadyStoreGives503OnDataRoutesButHealthAnswers) {
  auto service = MakeService();
  service->SetStoreReady(false);
  const http::Response data = service->Handle(Get("/pokemon/25"));
  EXPECT_EQ(data.status, 503);
  EXPECT_TRUE(Body(data).at("detail").is_string());
  EXPECT_EQ(service->Handle(Get("/types/")).status, 503);
  EXPECT_EQ(service->Handle(Get("/pokemon/search?name=pika")).status, 503);
  const http::Response health = service->Handle(Get("/health"));
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Body(health).at("status"), "ok");
  EXPECT_EQ(service->Handle(Get("/ready")).status, 503);
  EXPECT_EQ(service->Handle(Get("/metrics")).status, 200);

  service->SetStoreReady(true);
  EXPECT_EQ(service->Handle(Get("/pokemon/25")).status, 200);
  const http::Response ready = service->Handle(Get("/ready"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(Body(ready).at("status"), "ready");
}

TEST_F(ApiServiceTest, NotReadyIsNotServedFromTheCache) {
  auto service = MakeService();
  ASSERT_EQ(service->Handle(Get("/pokemon/3")).status, 200);  // now cached
  service->SetStoreReady(false);
  EXPECT_EQ(service->Handle(Get("/pokemon/3")).status, 503);
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("secret2", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_FALSE(ConstantTimeEquals("x", ""));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0", 2), "a"));
}

}  // namespace
}  // namespace pdex::api
