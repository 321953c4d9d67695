#include "text/hash.h"

#include <gtest/gtest.h>

namespace pdex::text {
namespace {

// Published FNV-1a 64-bit test vectors.
TEST(Fnv1aTest, MatchesPublishedVectors) {
  EXPECT_EQ(Fnv1a().Hex(), "cbf29ce484222325");
  Fnv1a a;
  a.Add("a");
  EXPECT_EQ(a.Hex(), "af63dc4c8601ec8c");
  Fnv1a foobar;
  foobar.Add("foobar");
  EXPECT_EQ(foobar.value(), 0x85944171f73967e8ull);
}

TEST(Fnv1aTest, AddsPiecesAsOneStream) {
  Fnv1a whole, pieces;
  whole.Add("foobar");
  pieces.Add("foo");
  pieces.AddByte('b');
  pieces.Add("ar");
  EXPECT_EQ(whole.value(), pieces.value());
}

TEST(Fnv1aTest, AddsIntegersLeastSignificantByteFirst) {
  Fnv1a as_integer, as_bytes;
  as_integer.AddUint64(0x0102030405060708ull);
  for (const int b : {8, 7, 6, 5, 4, 3, 2, 1}) as_bytes.AddByte(static_cast<std::uint8_t>(b));
  EXPECT_EQ(as_integer.value(), as_bytes.value());
}

}  // namespace
}  // namespace pdex::text
