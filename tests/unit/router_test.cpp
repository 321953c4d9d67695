// Unit tests for http/router.h: template matching, precedence, 404 and 405.
#include "http/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pdex::http {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Kind = Router::Match::Kind;

// A handler that answers with `name` as its body, to tell routes apart.
Handler Named(std::string name) {
  return [name = std::move(name)](const RouteContext&) {
    Response r;
    r.body = name;
    return r;
  };
}

std::vector<std::string> Segments(std::string_view target) {
  const auto t = ParseTarget(target);
  EXPECT_TRUE(t.has_value()) << target;
  return t ? t->segments : std::vector<std::string>{};
}

// Calls the matched handler and returns its body.
std::string Call(const Router::Match& m) {
  if (m.handler == nullptr) return "<no handler>";
  const Request request{"GET", "/", {}, ""};
  const Target target;
  return (*m.handler)(RouteContext{request, target, m.params}).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/pokemon/", Named("list"));
    router_.Add("GET", "/pokemon/{id}", Named("get"));
    router_.Add("GET", "/pokemon/search", Named("search"));
    router_.Add("GET", "/pokemon/{id}/weaknesses", Named("weaknesses"));
    router_.Add("GET", "/types/{id}/pokemon", Named("type-pokemon"));
    router_.Add("GET", "/types/by-name/{name}/pokemon", Named("type-name-pokemon"));
    router_.Add("DELETE", "/pokemon/{id}", Named("delete"));
    router_.Add("PUT", "/pokemon/{id}", Named("put"));
    router_.Add("POST", "/battles", Named("battle"));
  }
  Router::Match Find(std::string_view method, std::string_view target) const {
    return router_.Find(method, Segments(target));
  }
  Router router_;
};

TEST_F(RouterTest, LiteralBeatsParameterWhateverTheRegistrationOrder) {
  const auto m = Find("GET", "/pokemon/search");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(Call(m), "search");
  EXPECT_EQ(m.route_template, "/pokemon/search");
  EXPECT_THAT(m.params, IsEmpty());

  // Same routes registered literal-first.
  Router other;
  other.Add("GET", "/pokemon/search", Named("search"));
  other.Add("GET", "/pokemon/{id}", Named("get"));
  const auto o = other.Find("GET", Segments("/pokemon/search"));
  ASSERT_EQ(o.kind, Kind::kFound);
  EXPECT_EQ(Call(o), "search");
}

TEST_F(RouterTest, LeftmostLiteralWins) {
  // Two same-length templates that both match: the one whose first literal
  // comes earlier wins.
  Router r;
  r.Add("GET", "/{a}/fixed", Named("param-first"));
  r.Add("GET", "/fixed/{b}", Named("literal-first"));
  const auto m = r.Find("GET", Segments("/fixed/fixed"));
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(Call(m), "literal-first");
  EXPECT_THAT(m.params, ElementsAre(std::pair<const std::string, std::string>{"b", "fixed"}));
}

TEST_F(RouterTest, CapturesParameters) {
  const auto m = Find("GET", "/pokemon/25");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(Call(m), "get");
  EXPECT_EQ(m.route_template, "/pokemon/{id}");
  ASSERT_EQ(m.params.count("id"), 1u);
  EXPECT_EQ(m.params.at("id"), "25");

  const auto named = Find("GET", "/types/by-name/%C3%89lectrik/pokemon");
  ASSERT_EQ(named.kind, Kind::kFound);
  EXPECT_EQ(Call(named), "type-name-pokemon");
  EXPECT_EQ(named.params.at("name"), "\xC3\x89lectrik");  // decoded

  const auto weak = Find("GET", "/pokemon/abc/weaknesses");
  ASSERT_EQ(weak.kind, Kind::kFound);
  EXPECT_EQ(weak.route_template, "/pokemon/{id}/weaknesses");
  EXPECT_EQ(weak.params.at("id"), "abc");  // the router does not validate values
}

TEST_F(RouterTest, ParameterMayHoldAnEscapedSlash) {
  const auto m = Find("GET", "/types/by-name/a%2Fb/pokemon");
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(m.params.at("name"), "a/b");
}

TEST_F(RouterTest, TrailingSlashIsInsignificant) {
  const auto without = Find("GET", "/pokemon");
  ASSERT_EQ(without.kind, Kind::kFound);
  EXPECT_EQ(Call(without), "list");
  EXPECT_EQ(without.route_template, "/pokemon/");  // the template as registered

  const auto with = Find("GET", "/pokemon/25/");
  ASSERT_EQ(with.kind, Kind::kFound);
  EXPECT_EQ(Call(with), "get");

  const auto search = Find("GET", "/pokemon/search/");
  ASSERT_EQ(search.kind, Kind::kFound);
  EXPECT_EQ(Call(search), "search");
}

TEST_F(RouterTest, UnknownPathsAreNotFound) {
  for (const std::string_view target : {"/", "/nope", "/pokemon/25/weaknesses/extra", "/types/5",
                                         "/types/by-name/fire", "/Pokemon/25"}) {
    const auto m = Find("GET", target);
    EXPECT_EQ(m.kind, Kind::kNotFound) << target;
    EXPECT_EQ(m.handler, nullptr) << target;
    EXPECT_THAT(m.allowed_methods, IsEmpty()) << target;
  }
}

TEST_F(RouterTest, OtherMethodOnAKnownPathIs405WithSortedAllowedMethods) {
  const auto m = Find("POST", "/pokemon/25");
  ASSERT_EQ(m.kind, Kind::kMethodNotAllowed);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.route_template, "/pokemon/{id}");
  EXPECT_THAT(m.allowed_methods, ElementsAre("DELETE", "GET", "PUT"));

  const auto battles = Find("GET", "/battles");
  ASSERT_EQ(battles.kind, Kind::kMethodNotAllowed);
  EXPECT_THAT(battles.allowed_methods, ElementsAre("POST"));
  EXPECT_EQ(battles.route_template, "/battles");
}

TEST_F(RouterTest, OtherMethodOnALiteralRouteIs405ForThatRouteNotTheParameterRoute) {
  // POST /pokemon/search is the search route (GET only), not /pokemon/{id}
  // (which allows DELETE, GET and PUT).
  const auto m = Find("POST", "/pokemon/search");
  ASSERT_EQ(m.kind, Kind::kMethodNotAllowed);
  EXPECT_EQ(m.route_template, "/pokemon/search");
  EXPECT_THAT(m.allowed_methods, ElementsAre("GET"));

  // DELETE /pokemon/search: /pokemon/{id} allows DELETE, but the literal
  // route is more specific.
  const auto del = Find("DELETE", "/pokemon/search");
  EXPECT_EQ(del.kind, Kind::kMethodNotAllowed);
  EXPECT_EQ(del.route_template, "/pokemon/search");
}

TEST_F(RouterTest, DuplicateMethodsAreListedOnce) {
  Router r;
  r.Add("GET", "/x/{a}", Named("1"));
  r.Add("GET", "/x/{b}", Named("2"));
  r.Add("HEAD", "/x/{a}", Named("3"));
  const auto m = r.Find("POST", Segments("/x/1"));
  ASSERT_EQ(m.kind, Kind::kMethodNotAllowed);
  EXPECT_THAT(m.allowed_methods, ElementsAre("GET", "HEAD"));
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  EXPECT_EQ(Find("get", "/pokemon/25").kind, Kind::kMethodNotAllowed);
}

TEST_F(RouterTest, EmptyRouterFindsNothing) {
  const Router empty;
  EXPECT_EQ(empty.Find("GET", {}).kind, Kind::kNotFound);
  EXPECT_EQ(empty.Find("GET", {"a"}).kind, Kind::kNotFound);
}

TEST_F(RouterTest, RootRoute) {
  Router r;
  r.Add("GET", "/", Named("root"));
  const auto m = r.Find("GET", Segments("/"));
  ASSERT_EQ(m.kind, Kind::kFound);
  EXPECT_EQ(Call(m), "root");
  EXPECT_EQ(r.Find("GET", Segments("/x")).kind, Kind::kNotFound);
}

TEST_F(RouterTest, VeryDeepPathsAreNotFound) {
  Router r;
  r.Add("GET", "/{a}", Named("a"));
  std::vector<std::string> deep(100, "x");
  EXPECT_EQ(r.Find("GET", deep).kind, Kind::kNotFound);
}

TEST(RouteContext, QueryReturnsTheFirstValueWithThatName) {
  const Request request{"GET", "/x?a=1&b=2&a=3", {}, ""};
  const auto target = ParseTarget(request.target);
  ASSERT_TRUE(target.has_value());
  const PathParams params;
  const RouteContext ctx{request, *target, params};
  EXPECT_EQ(ctx.Query("a"), "1");
  EXPECT_EQ(ctx.Query("b"), "2");
  EXPECT_EQ(ctx.Query("c"), std::nullopt);
  EXPECT_EQ(ctx.Query("A"), std::nullopt);
}

TEST(Request, HeaderFindsTheFirstLowerCaseName) {
  const Request request{"GET", "/", {{"x-api-key", "k1"}, {"accept", "*/*"}, {"x-api-key", "k2"}}, ""};
  EXPECT_EQ(request.Header("x-api-key"), "k1");
  EXPECT_EQ(request.Header("accept"), "*/*");
  EXPECT_EQ(request.Header("host"), std::nullopt);
}

}  // namespace
}  // namespace pdex::http
