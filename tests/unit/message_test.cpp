// Unit tests for http/message.h: the JSON error body.
#include "http/message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

namespace pdex::http {
namespace {

nlohmann::json ParseBody(const Response& r) {
  return nlohmann::json::parse(r.body);  // throws (failing the test) on invalid JSON
}

TEST(ErrorResponse, IsAJsonObjectWithOnlyDetail) {
  const Response r = ErrorResponse(404, "Pokémon 999 not found");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_TRUE(r.headers.empty());
  const auto body = ParseBody(r);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), 1u);
  EXPECT_EQ(body.at("detail"), "Pokémon 999 not found");
}

TEST(ErrorResponse, EscapesQuotesBackslashesAndControlCharacters) {
  const std::string detail = "type '\"fire\"' \\ not found\n\t\x01";
  const Response r = ErrorResponse(422, detail);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ParseBody(r).at("detail"), detail);
  EXPECT_EQ(r.body.find('\n'), std::string::npos);  // a raw newline would be invalid JSON
}

TEST(ErrorResponse, InvalidUtf8IsReplacedNotThrown) {
  Response r;
  ASSERT_NO_THROW(r = ErrorResponse(400, "bad \xFF\xC3 bytes \xED\xA0\x80 end"));
  EXPECT_EQ(r.status, 400);
  nlohmann::json body;
  ASSERT_NO_THROW(body = ParseBody(r)) << r.body;
  const std::string detail = body.at("detail");
  EXPECT_EQ(detail.rfind("bad ", 0), 0u);
  EXPECT_NE(detail.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_NE(detail.find(" end"), std::string::npos);
  EXPECT_EQ(detail.find('\xFF'), std::string::npos);
}

TEST(ErrorResponse, EmptyDetail) {
  const Response r = ErrorResponse(500, "");
  EXPECT_EQ(ParseBody(r).at("detail"), "");
}

TEST(ErrorResponse, DetailWithNulByte) {
  const std::string detail("a\0b", 3);
  const Response r = ErrorResponse(400, detail);
  EXPECT_EQ(ParseBody(r).at("detail").get<std::string>(), detail);
}

}  // namespace
}  // namespace pdex::http
