// Unit tests for api/params.h: parameter parsing through real route contexts.
#include "api/params.h"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "api/errors.h"
#include "http/router.h"
#include "http/url.h"

namespace pdex::api {
namespace {

constexpr IntRange kId{1, 1'000'000};
constexpr IntRange kLimit{1, 500};

// A request routed like the service does it: parsed target, router match,
// then a RouteContext over them.
class Routed {
 public:
  explicit Routed(std::string target) : request_{"GET", std::move(target), {}, ""} {
    http::Router router;
    const http::Handler none = [](const http::RouteContext&) { return http::Response{}; };
    router.Add("GET", "/pokemon/{id}", none);
    router.Add("GET", "/types/by-name/{name}/pokemon", none);
    router.Add("GET", "/search", none);
    const auto parsed = http::ParseTarget(request_.target);
    if (!parsed) throw std::invalid_argument("bad target " + request_.target);
    target_ = *parsed;
    auto match = router.Find("GET", target_.segments);
    if (match.kind != http::Router::Match::Kind::kFound) {
      throw std::invalid_argument("no route for " + request_.target);
    }
    params_ = std::move(match.params);
  }
  http::RouteContext ctx() const { return {request_, target_, params_}; }

 private:
  http::Request request_;
  http::Target target_;
  http::PathParams params_;
};

// The single FieldError `f` throws as a ValidationError.
FieldError ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors().size(), 1u);
    if (!e.errors().empty()) return e.errors().front();
    return {};
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected ValidationError, got " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected ValidationError, nothing thrown";
  return {};
}

// ---------------------------------------------------------------- PathInt

TEST(PathInt, ParsesAnIntegerInRange) {
  const Routed r("/pokemon/25");
  EXPECT_EQ(PathInt(r.ctx(), "id", kId), 25);
  EXPECT_EQ(PathInt(Routed("/pokemon/1").ctx(), "id", kId), 1);
  EXPECT_EQ(PathInt(Routed("/pokemon/1000000").ctx(), "id", kId), 1'000'000);
  EXPECT_EQ(PathInt(Routed("/pokemon/007").ctx(), "id", kId), 7);
}

TEST(PathInt, NonIntegersAreIntParsingErrorsAtPathId) {
  for (const std::string target : {"/pokemon/abc", "/pokemon/12abc", "/pokemon/1.5", "/pokemon/%2012",
                                   "/pokemon/+5", "/pokemon/0x10", "/pokemon/%C3%A9"}) {
    const Routed r(target);
    const FieldError e = ErrorOf([&] { PathInt(r.ctx(), "id", kId); });
    EXPECT_EQ(e.location, "path") << target;
    EXPECT_EQ(e.field, "id") << target;
    EXPECT_EQ(e.type, "int_parsing") << target;
    EXPECT_EQ(e.message, "Input should be a valid integer") << target;
  }
}

TEST(PathInt, BelowMinimumIsGreaterThanEqual) {
  const Routed r("/pokemon/0");
  const FieldError e = ErrorOf([&] { PathInt(r.ctx(), "id", kId); });
  EXPECT_EQ(e.location, "path");
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.type, "greater_than_equal");
  EXPECT_EQ(e.message, "Input should be greater than or equal to 1");
  EXPECT_EQ(ErrorOf([] { PathInt(Routed("/pokemon/-5").ctx(), "id", kId); }).type, "greater_than_equal");
}

TEST(PathInt, AboveMaximumIsLessThanEqual) {
  const FieldError e = ErrorOf([] { PathInt(Routed("/pokemon/1000001").ctx(), "id", kId); });
  EXPECT_EQ(e.location, "path");
  EXPECT_EQ(e.type, "less_than_equal");
  EXPECT_EQ(e.message, "Input should be less than or equal to 1000000");
}

TEST(PathInt, ValuesBeyondIntAreRejectedNotTruncated) {
  // 2^32 + 25 would be 25 if truncated to 32 bits.
  const FieldError big = ErrorOf([] { PathInt(Routed("/pokemon/4294967321").ctx(), "id", kId); });
  EXPECT_EQ(big.location, "path");
  EXPECT_EQ(big.field, "id");
  const FieldError huge =
      ErrorOf([] { PathInt(Routed("/pokemon/99999999999999999999999").ctx(), "id", kId); });
  EXPECT_EQ(huge.location, "path");
  EXPECT_EQ(huge.field, "id");
}

TEST(PathInt, MissingParameterIsAnError) {
  // The route has no {count}: asking for it is an error, not 0.
  const FieldError e = ErrorOf([] { PathInt(Routed("/pokemon/25").ctx(), "count", kId); });
  EXPECT_EQ(e.location, "path");
  EXPECT_EQ(e.field, "count");
}

// --------------------------------------------------------------- PathText

TEST(PathText, ReturnsTheDecodedSegment) {
  EXPECT_EQ(PathText(Routed("/types/by-name/%C3%A9lectrik/pokemon").ctx(), "name"), "\xC3\xA9lectrik");
  EXPECT_EQ(PathText(Routed("/types/by-name/a%2Fb/pokemon").ctx(), "name"), "a/b");
}

TEST(PathText, InvalidUtf8AndTooLongAreRejected) {
  const FieldError bad = ErrorOf([] { PathText(Routed("/types/by-name/%FF/pokemon").ctx(), "name"); });
  EXPECT_EQ(bad.location, "path");
  EXPECT_EQ(bad.field, "name");
  EXPECT_EQ(bad.type, "string_unicode");
  const std::string long_name(101, 'a');
  const FieldError too_long =
      ErrorOf([&] { PathText(Routed("/types/by-name/" + long_name + "/pokemon").ctx(), "name"); });
  EXPECT_EQ(too_long.type, "string_too_long");
}

// --------------------------------------------------------------- QueryInt

TEST(QueryInt, AbsentGivesTheFallback) {
  EXPECT_EQ(QueryInt(Routed("/search").ctx(), "limit", 100, kLimit), 100);
  EXPECT_EQ(QueryInt(Routed("/search?offset=3").ctx(), "limit", 100, kLimit), 100);
}

TEST(QueryInt, PresentIsParsed) {
  EXPECT_EQ(QueryInt(Routed("/search?limit=20").ctx(), "limit", 100, kLimit), 20);
  EXPECT_EQ(QueryInt(Routed("/search?limit=500").ctx(), "limit", 100, kLimit), 500);
  EXPECT_EQ(QueryInt(Routed("/search?limit=7&limit=9").ctx(), "limit", 100, kLimit), 7);  // first wins
}

TEST(QueryInt, BadValuesNameQueryAndField) {
  struct Case {
    const char* target;
    const char* type;
  };
  for (const Case& c : {Case{"/search?limit=abc", "int_parsing"}, Case{"/search?limit=", "int_parsing"},
                        Case{"/search?limit", "int_parsing"}, Case{"/search?limit=1+1", "int_parsing"},
                        Case{"/search?limit=0", "greater_than_equal"},
                        Case{"/search?limit=-1", "greater_than_equal"},
                        Case{"/search?limit=501", "less_than_equal"}}) {
    const Routed r(c.target);
    const FieldError e = ErrorOf([&] { QueryInt(r.ctx(), "limit", 100, kLimit); });
    EXPECT_EQ(e.location, "query") << c.target;
    EXPECT_EQ(e.field, "limit") << c.target;
    EXPECT_EQ(e.type, c.type) << c.target;
  }
}

TEST(RequiredQueryInt, MissingIsAMissingError) {
  const FieldError e = ErrorOf([] { RequiredQueryInt(Routed("/search").ctx(), "attacking_type_id", kId); });
  EXPECT_EQ(e.location, "query");
  EXPECT_EQ(e.field, "attacking_type_id");
  EXPECT_EQ(e.type, "missing");
  EXPECT_EQ(e.message, "Field required");
  EXPECT_EQ(RequiredQueryInt(Routed("/search?attacking_type_id=11").ctx(), "attacking_type_id", kId), 11);
}

// ------------------------------------------------------- RequiredQueryText

TEST(RequiredQueryText, ReturnsTheDecodedValue) {
  EXPECT_EQ(RequiredQueryText(Routed("/search?name=%C3%89VOLI").ctx(), "name"), "\xC3\x89VOLI");
  EXPECT_EQ(RequiredQueryText(Routed("/search?name=mr+mime").ctx(), "name"), "mr mime");
}

TEST(RequiredQueryText, MissingIsAMissingError) {
  const FieldError e = ErrorOf([] { RequiredQueryText(Routed("/search?lang=fr").ctx(), "name"); });
  EXPECT_EQ(e.location, "query");
  EXPECT_EQ(e.field, "name");
  EXPECT_EQ(e.type, "missing");
}

TEST(RequiredQueryText, EmptyIsTooShort) {
  const FieldError e = ErrorOf([] { RequiredQueryText(Routed("/search?name=").ctx(), "name"); });
  EXPECT_EQ(e.location, "query");
  EXPECT_EQ(e.field, "name");
  EXPECT_EQ(e.type, "string_too_short");
}

TEST(RequiredQueryText, HundredBytesAllowedHundredAndOneTooLong) {
  const std::string ok(100, 'p');
  EXPECT_EQ(RequiredQueryText(Routed("/search?name=" + ok).ctx(), "name"), ok);
  // 50 two-byte characters are 100 bytes; one more byte is too long.
  std::string accents;
  for (int i = 0; i < 50; ++i) accents += "%C3%A9";
  EXPECT_EQ(RequiredQueryText(Routed("/search?name=" + accents).ctx(), "name").size(), 100u);
  const FieldError e =
      ErrorOf([&] { RequiredQueryText(Routed("/search?name=" + accents + "x").ctx(), "name"); });
  EXPECT_EQ(e.location, "query");
  EXPECT_EQ(e.field, "name");
  EXPECT_EQ(e.type, "string_too_long");
}

TEST(RequiredQueryText, InvalidUtf8IsRejected) {
  for (const std::string target : {"/search?name=%FF", "/search?name=pika%C3", "/search?name=%C0%80",
                                   "/search?name=%ED%A0%80"}) {
    const FieldError e = ErrorOf([&] { RequiredQueryText(Routed(target).ctx(), "name"); });
    EXPECT_EQ(e.location, "query") << target;
    EXPECT_EQ(e.field, "name") << target;
    EXPECT_EQ(e.type, "string_unicode") << target;
  }
}

// --------------------------------------------------------------- QueryLang

TEST(QueryLang, DefaultsToEnglishAndAcceptsEnAndFr) {
  EXPECT_EQ(QueryLang(Routed("/search").ctx()), store::Lang::kEn);
  EXPECT_EQ(QueryLang(Routed("/search?lang=en").ctx()), store::Lang::kEn);
  EXPECT_EQ(QueryLang(Routed("/search?lang=fr").ctx()), store::Lang::kFr);
}

TEST(QueryLang, AnythingElseIsAnEnumError) {
  for (const std::string target : {"/search?lang=de", "/search?lang=FR", "/search?lang=", "/search?lang=fr%00",
                                   "/search?lang=%FF"}) {
    const FieldError e = ErrorOf([&] { QueryLang(Routed(target).ctx()); });
    EXPECT_EQ(e.location, "query") << target;
    EXPECT_EQ(e.field, "lang") << target;
    EXPECT_EQ(e.type, "enum") << target;
  }
}

TEST(ValidationError, WhatIsTheFirstMessage) {
  const ValidationError e({{"query", "limit", "Input should be a valid integer", "int_parsing"}});
  EXPECT_STREQ(e.what(), "Input should be a valid integer");
  EXPECT_STREQ(ValidationError(std::vector<FieldError>{}).what(), "invalid input");
}

}  // namespace
}  // namespace pdex::api
