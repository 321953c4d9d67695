// Unit tests for text/utf8.h: validation and name folding.
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace pdex::text {
namespace {

// Encodes one code point as UTF-8 (no validation: tests build invalid input
// byte by byte instead).
std::string Encode(char32_t cp) {
  std::string out;
  auto byte = [&out](unsigned v) { out.push_back(static_cast<char>(static_cast<unsigned char>(v))); };
  const auto c = static_cast<unsigned>(cp);
  if (c < 0x80) {
    byte(c);
  } else if (c < 0x800) {
    byte(0xC0 | (c >> 6));
    byte(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    byte(0xE0 | (c >> 12));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  } else {
    byte(0xF0 | (c >> 18));
    byte(0x80 | ((c >> 12) & 0x3F));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  }
  return out;
}

// ---------------------------------------------------------------- IsValidUtf8

TEST(IsValidUtf8, AcceptsEmptyAndAscii) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Pikachu, level 5!"));
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));  // NUL is a code point
  EXPECT_TRUE(IsValidUtf8("\x7F"));
}

TEST(IsValidUtf8, AcceptsWellFormedMultiByteSequences) {
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9"));          // é (2 bytes)
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080, smallest 2-byte value
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));          // U+07FF, largest 2-byte value
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte value
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));      // € (3 bytes)
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte value
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8("Évoli, Métamorph, Nidoran♀, ピカチュウ"));
}

TEST(IsValidUtf8, RejectsOverlongEncodings) {
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // NUL in 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // '/' in 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // U+007F in 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));      // NUL in 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF in 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\x80"));  // NUL in 4 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in 4 bytes
}

TEST(IsValidUtf8, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xAF\xBF"));  // U+DBFF
  EXPECT_FALSE(IsValidUtf8("\xED\xB0\x80"));  // U+DC00
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));  // U+DFFF
  // A CESU-8 style surrogate pair is not UTF-8 either.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));
}

TEST(IsValidUtf8, RejectsValuesAboveU10FFFF) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF7\xBF\xBF\xBF"));      // U+1FFFFF
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // old 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xFC\x84\x80\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFE"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(IsValidUtf8, RejectsTruncatedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("Pikach\xC3"));    // truncated at the end of the input
  EXPECT_FALSE(IsValidUtf8("\xE2\x82" "A"));  // interrupted by an ASCII byte
  EXPECT_FALSE(IsValidUtf8("\xC3\xC3\xA9"));  // a lead byte where a continuation should be
}

TEST(IsValidUtf8, RejectsStrayContinuationBytes) {
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xBF"));
  EXPECT_FALSE(IsValidUtf8("a\x80z"));
  EXPECT_FALSE(IsValidUtf8("\xC3\xA9\xA9"));  // one continuation too many
}

TEST(IsValidUtf8, InvalidSequenceAnywhereMakesTheWholeStringInvalid) {
  const std::string good = "Salam\xC3\xA8" "che";
  ASSERT_TRUE(IsValidUtf8(good));
  EXPECT_FALSE(IsValidUtf8("\xFF" + good));
  EXPECT_FALSE(IsValidUtf8(good + "\xFF"));
  EXPECT_FALSE(IsValidUtf8(good.substr(0, 6)));  // cut in the middle of è
}

TEST(IsValidUtf8, EveryEncodedScalarValueRoundTripsAsValid) {
  // Sample the whole code space, skipping the surrogates.
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += 0x101) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    ASSERT_TRUE(IsValidUtf8(Encode(cp))) << "U+" << std::hex << static_cast<unsigned>(cp);
  }
  ASSERT_TRUE(IsValidUtf8(Encode(0x10FFFF)));
  for (char32_t cp = 0xD800; cp <= 0xDFFF; cp += 0x7F) {
    ASSERT_FALSE(IsValidUtf8(Encode(cp))) << "U+" << std::hex << static_cast<unsigned>(cp);
  }
}

// ----------------------------------------------------------------------- Fold

TEST(IsValidUtf8, AnInvalidByteAfterALongAsciiRunIsFound) {
  // The ASCII fast path reads eight bytes at a time: put the bad byte at
  // every offset of the first words and in the tail.
  for (std::size_t at = 0; at < 40; ++at) {
    std::string s(40, 'a');
    s[at] = '\xff';
    EXPECT_FALSE(IsValidUtf8(s)) << at;
    s[at] = 'a';
    EXPECT_TRUE(IsValidUtf8(s));
    s.replace(at, 1, "\xC3\xA9");
    EXPECT_TRUE(IsValidUtf8(s)) << at;
  }
}

TEST(RepairUtf8, ReplacesEachInvalidByteAndKeepsTheRest) {
  EXPECT_EQ(RepairUtf8("plain"), "plain");
  EXPECT_EQ(RepairUtf8("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(RepairUtf8("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(RepairUtf8("\xC3"), "\xEF\xBF\xBD");  // a truncated sequence
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate: three bytes
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\x80\xC0\xF5\xFF x")));
}

TEST(ValidUtf8LengthAt, IsTheLengthOfTheSequenceStartingThere) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8C\xBF\xff";
  EXPECT_EQ(ValidUtf8LengthAt(s, 0), 1u);
  EXPECT_EQ(ValidUtf8LengthAt(s, 1), 2u);
  EXPECT_EQ(ValidUtf8LengthAt(s, 2), 0u);  // a continuation byte
  EXPECT_EQ(ValidUtf8LengthAt(s, 3), 3u);
  EXPECT_EQ(ValidUtf8LengthAt(s, 6), 4u);
  EXPECT_EQ(ValidUtf8LengthAt(s, 10), 0u);
}

TEST(Fold, LowerCasesAscii) {
  EXPECT_EQ(Fold("PIKACHU"), "pikachu");
  EXPECT_EQ(Fold("Mr. Mime"), "mr. mime");
  EXPECT_EQ(Fold("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "abcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(Fold("0123456789 -'.@[`{"), "0123456789 -'.@[`{");
  EXPECT_EQ(Fold(""), "");
}

TEST(Fold, StripsAccentsFromLatin1Letters) {
  EXPECT_EQ(Fold("Évoli"), "evoli");
  EXPECT_EQ(Fold("Salamèche"), "salameche");
  EXPECT_EQ(Fold("Électrik"), "electrik");
  EXPECT_EQ(Fold("Ténèbres"), "tenebres");
  EXPECT_EQ(Fold("Fée"), "fee");
  EXPECT_EQ(Fold("ÀÁÂÃÄÅàáâãäå"), "aaaaaaaaaaaa");
  EXPECT_EQ(Fold("ÇçÑñÝýÿ"), "ccnnyyy");
  EXPECT_EQ(Fold("ÒÓÔÕÖØòóôõöø"), "oooooooooooo");
  EXPECT_EQ(Fold("ÙÚÛÜùúûü"), "uuuuuuuu");
  EXPECT_EQ(Fold("ÌÍÎÏìíîï"), "iiiiiiii");
  EXPECT_EQ(Fold("ÈÉÊËèéêë"), "eeeeeeee");
}

TEST(Fold, ExpandsLigaturesAndSpecialLetters) {
  EXPECT_EQ(Fold("Œ"), "oe");
  EXPECT_EQ(Fold("œ"), "oe");
  EXPECT_EQ(Fold("Cœur"), "coeur");
  EXPECT_EQ(Fold("Æ"), "ae");
  EXPECT_EQ(Fold("æ"), "ae");
  EXPECT_EQ(Fold("ß"), "ss");
  EXPECT_EQ(Fold("Þþ"), "thth");
  EXPECT_EQ(Fold("Ðð"), "dd");
  EXPECT_EQ(Fold("Ĳĳ"), "ijij");
}

TEST(Fold, TypographicApostropheBecomesAscii) {
  EXPECT_EQ(Fold("Écras’Face"), "ecras'face");  // U+2019
  EXPECT_EQ(Fold("\xE2\x80\x99"), "'");
  EXPECT_EQ(Fold("\xE2\x80\x98"), "'");  // U+2018
  EXPECT_EQ(Fold("Écras’Face"), Fold("ECRAS'FACE"));
}

TEST(Fold, KeepsSymbolsAndOtherScripts) {
  EXPECT_EQ(Fold("Nidoran♀"), "nidoran♀");
  EXPECT_EQ(Fold("Nidoran♂"), "nidoran♂");
  EXPECT_NE(Fold("Nidoran♀"), Fold("Nidoran♂"));
  EXPECT_EQ(Fold("ピカチュウ"), "ピカチュウ");
  EXPECT_EQ(Fold("Ω"), "Ω");  // Greek is outside the folded ranges
  EXPECT_EQ(Fold("×÷"), "×÷");  // Latin-1 signs that are not letters stay
  EXPECT_EQ(Fold("\xE2\x80\x9C"), "\xE2\x80\x9C");  // U+201C is not an apostrophe
}

TEST(Fold, FoldsLatinExtendedA) {
  EXPECT_EQ(Fold("Ł"), "l");
  EXPECT_EQ(Fold("ł"), "l");
  EXPECT_EQ(Fold("ž"), "z");
  EXPECT_EQ(Fold("Ž"), "z");
  EXPECT_EQ(Fold("Łódź"), "lodz");
  EXPECT_EQ(Fold("Dvořák"), "dvorak");
  EXPECT_EQ(Fold("Ğİşı"), "gisi");
  EXPECT_EQ(Fold("Ā"), "a");
  EXPECT_EQ(Fold("ą"), "a");
  EXPECT_EQ(Fold("Č"), "c");
  EXPECT_EQ(Fold("Đđ"), "dd");
  EXPECT_EQ(Fold("Ħ"), "h");
  EXPECT_EQ(Fold("Ĵ"), "j");
  EXPECT_EQ(Fold("ĸ"), "k");
  EXPECT_EQ(Fold("Ŋ"), "n");
  EXPECT_EQ(Fold("Ő"), "o");
  EXPECT_EQ(Fold("Ŕ"), "r");
  EXPECT_EQ(Fold("Ş"), "s");
  EXPECT_EQ(Fold("Ŧ"), "t");
  EXPECT_EQ(Fold("Ů"), "u");
  EXPECT_EQ(Fold("Ŵ"), "w");
  EXPECT_EQ(Fold("Ÿ"), "y");
  EXPECT_EQ(Fold("Ź"), "z");
  EXPECT_EQ(Fold("ſ"), "s");  // U+017F, the last code point of the block
}

TEST(Fold, EveryLatinLetterFoldsToLowerCaseAscii) {
  // U+00C0..U+017F, except the two Latin-1 signs × and ÷.
  for (char32_t cp = 0xC0; cp <= 0x17F; ++cp) {
    if (cp == 0xD7 || cp == 0xF7) continue;
    const std::string folded = Fold(Encode(cp));
    ASSERT_FALSE(folded.empty()) << "U+" << std::hex << static_cast<unsigned>(cp);
    for (const char c : folded) {
      ASSERT_TRUE(c >= 'a' && c <= 'z')
          << "U+" << std::hex << static_cast<unsigned>(cp) << " folds to '" << folded << "'";
    }
  }
}

TEST(Fold, KeepsInvalidBytesVerbatim) {
  EXPECT_EQ(Fold("A\xFF" "B"), "a\xFF" "b");
  EXPECT_EQ(Fold("\xC3"), "\xC3");
  EXPECT_EQ(Fold("\xC0\x80"), "\xC0\x80");  // overlong NUL is not decoded to NUL
  EXPECT_EQ(Fold("\xED\xA0\x80"), "\xED\xA0\x80");
}

TEST(Fold, MakesAccentAndCaseVariantsEqualAndIsIdempotent) {
  EXPECT_EQ(Fold("SALAMÈCHE"), Fold("salameche"));
  EXPECT_EQ(Fold("Évoli"), Fold("EVOLI"));
  EXPECT_EQ(Fold("Méga-Dracaufeu X"), "mega-dracaufeu x");
  for (const std::string_view s : {"Évoli", "Œ", "Łódź", "Nidoran♀", "Écras’Face", "ß"}) {
    EXPECT_EQ(Fold(Fold(s)), Fold(s)) << s;
  }
}

}  // namespace
}  // namespace pdex::text
