// Unit tests for http/url.h: percent-decoding and request-target parsing.
#include "http/url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace pdex::http {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Pair = std::pair<std::string, std::string>;

TEST(PercentDecode, DecodesValidEscapes) {
  EXPECT_EQ(PercentDecode("a%20b", false), "a b");
  EXPECT_EQ(PercentDecode("%41%42c", false), "ABc");
  EXPECT_EQ(PercentDecode("%c3%a9", false), "\xC3\xA9");  // lower-case hex digits
  EXPECT_EQ(PercentDecode("%C3%89VOLI", false), "\xC3\x89VOLI");
  EXPECT_EQ(PercentDecode("%2F%3f%25", false), "/?%");
  EXPECT_EQ(PercentDecode("%FF", false), "\xFF");  // any byte, even invalid UTF-8
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("plain-text_1.2~", false), "plain-text_1.2~");
}

TEST(PercentDecode, DecodesNulIntoTheResult) {
  const auto decoded = PercentDecode("a%00b", false);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, std::string("a\0b", 3));
}

TEST(PercentDecode, EscapeAtTheVeryEndIsDecoded) {
  EXPECT_EQ(PercentDecode("x%41", false), "xA");
  EXPECT_EQ(PercentDecode("%41", false), "A");
}

TEST(PercentDecode, RejectsInvalidHexDigits) {
  EXPECT_EQ(PercentDecode("%G1", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%1G", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("ok%-1", false), std::nullopt);
  EXPECT_EQ(PercentDecode("% 1", false), std::nullopt);
}

TEST(PercentDecode, RejectsTruncatedEscapes) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%%41", false), std::nullopt);
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");  // an escaped plus stays a plus
  EXPECT_EQ(PercentDecode("++", true), "  ");
}

TEST(ParseTarget, SplitsPathIntoDecodedSegments) {
  const auto t = ParseTarget("/pokemon/25");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->segments, ElementsAre("pokemon", "25"));
  EXPECT_THAT(t->query, IsEmpty());

  const auto spaced = ParseTarget("/types/by-name/%C3%A9lectrik/pokemon");
  ASSERT_TRUE(spaced.has_value());
  EXPECT_THAT(spaced->segments, ElementsAre("types", "by-name", "\xC3\xA9lectrik", "pokemon"));
}

TEST(ParseTarget, RootHasNoSegments) {
  const auto t = ParseTarget("/");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->segments, IsEmpty());
  EXPECT_THAT(t->query, IsEmpty());
}

TEST(ParseTarget, DropsEmptySegments) {
  const auto t = ParseTarget("//pokemon///25/");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->segments, ElementsAre("pokemon", "25"));
  const auto trailing = ParseTarget("/pokemon/");
  ASSERT_TRUE(trailing.has_value());
  EXPECT_THAT(trailing->segments, ElementsAre("pokemon"));
}

TEST(ParseTarget, EscapedSlashStaysInsideItsSegment) {
  const auto t = ParseTarget("/a%2Fb/c");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->segments, ElementsAre("a/b", "c"));
  const auto q = ParseTarget("/a%3Fb?c=d");
  ASSERT_TRUE(q.has_value());
  EXPECT_THAT(q->segments, ElementsAre("a?b"));
  EXPECT_THAT(q->query, ElementsAre(Pair{"c", "d"}));
}

TEST(ParseTarget, PlusIsLiteralInThePathButSpaceInTheQuery) {
  const auto t = ParseTarget("/mr+mime?name=mr+mime");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->segments, ElementsAre("mr+mime"));
  EXPECT_THAT(t->query, ElementsAre(Pair{"name", "mr mime"}));
}

TEST(ParseTarget, QueryPairsAreDecodedAndKeptInOrder) {
  const auto t = ParseTarget("/pokemon/search?name=%C3%89VOLI&lang=fr&name=second");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->segments, ElementsAre("pokemon", "search"));
  EXPECT_THAT(t->query, ElementsAre(Pair{"name", "\xC3\x89VOLI"}, Pair{"lang", "fr"}, Pair{"name", "second"}));
}

TEST(ParseTarget, KeyWithoutEqualsHasAnEmptyValue) {
  const auto t = ParseTarget("/x?flag&k=v&empty=");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->query, ElementsAre(Pair{"flag", ""}, Pair{"k", "v"}, Pair{"empty", ""}));
}

TEST(ParseTarget, OnlyTheFirstEqualsSplitsKeyFromValue) {
  const auto t = ParseTarget("/x?q=a=b&=v");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->query, ElementsAre(Pair{"q", "a=b"}, Pair{"", "v"}));
}

TEST(ParseTarget, EmptyQueryPartsAreSkipped) {
  const auto t = ParseTarget("/x?&a=1&&b=2&");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->query, ElementsAre(Pair{"a", "1"}, Pair{"b", "2"}));
  const auto bare = ParseTarget("/x?");
  ASSERT_TRUE(bare.has_value());
  EXPECT_THAT(bare->segments, ElementsAre("x"));
  EXPECT_THAT(bare->query, IsEmpty());
}

TEST(ParseTarget, EscapedAmpersandAndEqualsStayInTheValue) {
  const auto t = ParseTarget("/x?q=a%26b%3Dc");
  ASSERT_TRUE(t.has_value());
  EXPECT_THAT(t->query, ElementsAre(Pair{"q", "a&b=c"}));
}

TEST(ParseTarget, RejectsNonOriginFormTargets) {
  EXPECT_EQ(ParseTarget(""), std::nullopt);
  EXPECT_EQ(ParseTarget("pokemon/25"), std::nullopt);
  EXPECT_EQ(ParseTarget("http://example.com/pokemon/25"), std::nullopt);
  EXPECT_EQ(ParseTarget("*"), std::nullopt);
  EXPECT_EQ(ParseTarget("?x=1"), std::nullopt);
  EXPECT_EQ(ParseTarget("example.com:80"), std::nullopt);
}

TEST(ParseTarget, RejectsMalformedEscapesInPathOrQuery) {
  EXPECT_EQ(ParseTarget("/pokemon/%zz"), std::nullopt);
  EXPECT_EQ(ParseTarget("/pokemon/25%"), std::nullopt);
  EXPECT_EQ(ParseTarget("/x?name=%4"), std::nullopt);
  EXPECT_EQ(ParseTarget("/x?%G=1"), std::nullopt);
  EXPECT_EQ(ParseTarget("/x?a=1&b=%"), std::nullopt);
}

}  // namespace
}  // namespace pdex::http
