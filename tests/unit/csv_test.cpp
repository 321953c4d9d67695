// Unit tests for text/csv.h: the RFC 4180 reader behind data/.
#include "text/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pdex::text {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The CsvError message of parsing `content`, or "" when it parses.
std::string ErrorOf(std::string_view content, std::string source = "test.csv") {
  try {
    CsvTable::Parse(content, std::move(source));
  } catch (const CsvError& e) {
    return e.what();
  }
  return "";
}

TEST(CsvTable, ParsesHeaderAndRows) {
  const CsvTable t = CsvTable::Parse("id,name\n1,Bulbasaur\n2,Ivysaur\n", "mini.csv");
  EXPECT_THAT(t.header(), ElementsAre("id", "name"));
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_THAT(t.rows()[0], ElementsAre("1", "Bulbasaur"));
  EXPECT_THAT(t.rows()[1], ElementsAre("2", "Ivysaur"));
  EXPECT_EQ(t.source(), "mini.csv");
  EXPECT_EQ(t.LineOf(0), 2u);
  EXPECT_EQ(t.LineOf(1), 3u);
}

TEST(CsvTable, LastLineWithoutNewlineIsARecord) {
  const CsvTable t = CsvTable::Parse("a,b\n1,2", "t.csv");
  ASSERT_EQ(t.rows().size(), 1u);
  EXPECT_THAT(t.rows()[0], ElementsAre("1", "2"));
}

TEST(CsvTable, EmptyFieldsAreKept) {
  const CsvTable t = CsvTable::Parse("a,b,c\n,,\n1,,3\nx,y,\n", "t.csv");
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_THAT(t.rows()[0], ElementsAre("", "", ""));
  EXPECT_THAT(t.rows()[1], ElementsAre("1", "", "3"));
  EXPECT_THAT(t.rows()[2], ElementsAre("x", "y", ""));
}

TEST(CsvTable, QuotedFieldsMayHoldCommasQuotesAndNewlines) {
  const CsvTable t = CsvTable::Parse(
      "name,note\n"
      "\"Mr. Mime, the mime\",\"say \"\"hi\"\"\"\n"
      "\"Farfetch'd\",\"line one\nline two\"\n"
      "\"\",plain\n",
      "t.csv");
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_THAT(t.rows()[0], ElementsAre("Mr. Mime, the mime", "say \"hi\""));
  EXPECT_THAT(t.rows()[1], ElementsAre("Farfetch'd", "line one\nline two"));
  EXPECT_THAT(t.rows()[2], ElementsAre("", "plain"));
}

TEST(CsvTable, QuotedEmptyFieldIsARecordNotABlankLine) {
  // In a one-column file, a line holding "" is a record with one empty
  // field (RFC 4180); only a line with nothing on it is blank.
  const CsvTable t = CsvTable::Parse("name\n\"\"\nx\n", "t.csv");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_THAT(t.rows()[0], ElementsAre(""));
  EXPECT_EQ(t.LineOf(1), 3u);
}

TEST(CsvTable, LineNumbersCountNewlinesInsideQuotedFields) {
  const CsvTable t = CsvTable::Parse("a,b\n1,\"x\ny\nz\"\n2,w\n", "t.csv");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.LineOf(0), 2u);
  EXPECT_EQ(t.LineOf(1), 5u);  // the first record spans lines 2-4
}

TEST(CsvTable, AcceptsCrlfLineEndings) {
  const CsvTable t = CsvTable::Parse("id,name\r\n1,Bulbasaur\r\n2,\"Ivy\r\nsaur\"\r\n", "t.csv");
  EXPECT_THAT(t.header(), ElementsAre("id", "name"));
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_THAT(t.rows()[0], ElementsAre("1", "Bulbasaur"));  // no trailing '\r'
  EXPECT_EQ(t.rows()[1][0], "2");
  EXPECT_EQ(t.LineOf(1), 3u);
}

TEST(CsvTable, SkipsBlankLinesButKeepsRealLineNumbers) {
  const CsvTable t = CsvTable::Parse("\na,b\n\n1,2\n\r\n\n3,4\n\n", "t.csv");
  EXPECT_THAT(t.header(), ElementsAre("a", "b"));
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_THAT(t.rows()[0], ElementsAre("1", "2"));
  EXPECT_THAT(t.rows()[1], ElementsAre("3", "4"));
  EXPECT_EQ(t.LineOf(0), 4u);
  EXPECT_EQ(t.LineOf(1), 7u);
}

TEST(CsvTable, FieldCountMismatchNamesSourceAndLine) {
  const std::string too_many = ErrorOf("a,b\n1,2\n3,4,5\n", "pokemon.csv");
  EXPECT_THAT(too_many, HasSubstr("pokemon.csv:3"));
  EXPECT_THAT(too_many, HasSubstr("expected 2 fields, found 3"));

  const std::string too_few = ErrorOf("a,b,c\n1,2,3\n\n4,5\n", "moves.csv");
  EXPECT_THAT(too_few, HasSubstr("moves.csv:4"));
  EXPECT_THAT(too_few, HasSubstr("expected 3 fields, found 2"));
}

TEST(CsvTable, FieldCountMismatchAfterMultiLineFieldNamesTheRecordsFirstLine) {
  const std::string e = ErrorOf("a,b\n1,\"x\ny\"\n2\n", "t.csv");
  EXPECT_THAT(e, HasSubstr("t.csv:4"));
}

TEST(CsvTable, ColumnFindsHeaderIndexAndNamesAMissingColumn) {
  const CsvTable t = CsvTable::Parse("id,name_en,name_fr\n1,Normal,Normal\n", "types.csv");
  EXPECT_EQ(t.Column("id"), 0u);
  EXPECT_EQ(t.Column("name_fr"), 2u);
  try {
    (void)t.Column("speed");
    FAIL() << "expected CsvError";
  } catch (const CsvError& e) {
    EXPECT_THAT(e.what(), HasSubstr("types.csv"));
    EXPECT_THAT(e.what(), HasSubstr("'speed'"));
  }
  EXPECT_THROW((void)t.Column("ID"), CsvError);  // names are case-sensitive
}

TEST(CsvTable, NoHeaderIsAnError) {
  EXPECT_THAT(ErrorOf("", "empty.csv"), HasSubstr("empty.csv"));
  EXPECT_THAT(ErrorOf("", "empty.csv"), HasSubstr("no header"));
  EXPECT_THAT(ErrorOf("\n\n\r\n", "blank.csv"), HasSubstr("no header"));
}

TEST(CsvTable, HeaderOnlyHasNoRows) {
  const CsvTable t = CsvTable::Parse("a,b\n", "t.csv");
  EXPECT_THAT(t.header(), ElementsAre("a", "b"));
  EXPECT_TRUE(t.rows().empty());
  EXPECT_THROW((void)t.LineOf(0), std::out_of_range);
}

TEST(CsvTable, UnterminatedQuoteIsAnError) {
  EXPECT_THAT(ErrorOf("a,b\n1,\"open\n", "q.csv"), HasSubstr("q.csv"));
  EXPECT_THAT(ErrorOf("a,b\n1,\"open\n", "q.csv"), HasSubstr("unterminated"));
}

TEST(CsvTable, QuoteInsideAnUnquotedFieldIsAnErrorNamingTheLine) {
  const std::string e = ErrorOf("a,b\n1,2\nab\"c,d\n", "s.csv");
  EXPECT_THAT(e, HasSubstr("s.csv:3"));
}

TEST(CsvTable, KeepsUtf8BytesAndSurroundingSpaces) {
  const CsvTable t = CsvTable::Parse("en,fr\nEevee, Évoli \n", "t.csv");
  EXPECT_THAT(t.rows()[0], ElementsAre("Eevee", " Évoli "));
}

TEST(CsvTable, ReadFileNamesAnUnreadablePath) {
  try {
    CsvTable::ReadFile("/nonexistent/pdex/missing.csv");
    FAIL() << "expected CsvError";
  } catch (const CsvError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/pdex/missing.csv"));
  }
}

TEST(CsvTable, ReadFileParsesTheRealTypesFile) {
  const std::string path = std::string(PDEX_SOURCE_DATA_DIR) + "/types.csv";
  const CsvTable t = CsvTable::ReadFile(path);
  EXPECT_EQ(t.source(), path);
  EXPECT_THAT(t.header(), ElementsAre("id", "name_en", "name_fr"));
  ASSERT_EQ(t.rows().size(), 18u);
  EXPECT_THAT(t.rows()[12], ElementsAre("13", "Electric", "Électrik"));
}

}  // namespace
}  // namespace pdex::text
