#include "text/ascii.h"

#include <gtest/gtest.h>

namespace pdex::text {
namespace {

TEST(AsciiLower, LowersOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("Content-Type"), "content-type");
  EXPECT_EQ(AsciiLower("RLE_DICTIONARY"), "rle_dictionary");
  EXPECT_EQ(AsciiLower("@[`{09"), "@[`{09");        // neighbours of A-Z and a-z
  EXPECT_EQ(AsciiLower("ÉVOLI"), "Évoli");           // UTF-8 bytes untouched
  EXPECT_EQ(AsciiLower(""), "");
}

}  // namespace
}  // namespace pdex::text
