// Unit tests for parquet/table.h: Column storages, nulls, AppendRange with
// dictionary remapping, Table invariants, type names and default storages.
#include "support/parquet_test_util.h"
#include "parquet/table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace pdex::parquet {
namespace {

std::vector<std::string> Strings(const Column& column) {
  std::vector<std::string> out;
  for (size_t i = 0; i < column.size(); ++i) out.emplace_back(column.IsNull(i) ? "<null>" : column.StringAt(i));
  return out;
}

using pdex::parquet::testing::ErrorOf;

TEST(ParquetColumn, AppendIntStoresValues) {
  Column c("i", ColumnType::Of(TypeKind::kInt64), false);
  EXPECT_EQ(c.storage(), Storage::kInt64);
  c.AppendInt(std::numeric_limits<int64_t>::min());
  c.AppendInt(0);
  c.AppendInt(std::numeric_limits<int64_t>::max());
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.ints(), (std::vector<int64_t>{std::numeric_limits<int64_t>::min(), 0, std::numeric_limits<int64_t>::max()}));
  EXPECT_TRUE(c.validity().empty());
  EXPECT_EQ(c.null_count(), 0u);
  EXPECT_FALSE(c.IsNull(0));
}

TEST(ParquetColumn, AppendDoubleStoresValues) {
  Column c("d", ColumnType::Of(TypeKind::kDouble), true);
  EXPECT_EQ(c.storage(), Storage::kDouble);
  c.AppendDouble(1.5);
  c.AppendDouble(-2.25);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.doubles(), (std::vector<double>{1.5, -2.25}));
}

TEST(ParquetColumn, AppendStringBinaryStorage) {
  Column c("s", ColumnType::Of(TypeKind::kString), false);
  EXPECT_EQ(c.storage(), Storage::kBinary);
  c.AppendString("alpha");
  c.AppendString("");
  c.AppendString(std::string("a\0b", 3));
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.StringAt(0), "alpha");
  EXPECT_EQ(c.StringAt(1), "");
  EXPECT_EQ(c.StringAt(2), std::string("a\0b", 3));
  EXPECT_EQ(c.binary().size(), 3u);
  EXPECT_EQ(c.binary().offsets(), (std::vector<uint32_t>{0, 5, 5, 8}));
}

TEST(ParquetColumn, AppendStringDictionaryStorageDeduplicates) {
  Column c("s", ColumnType::Of(TypeKind::kString), false, Storage::kDictionary);
  c.AppendString("red");
  c.AppendString("green");
  c.AppendString("red");
  c.AppendString("blue");
  c.AppendString("green");
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c.codes(), (std::vector<int32_t>{0, 1, 0, 2, 1}));
  ASSERT_EQ(c.dictionary().size(), 3u);
  EXPECT_EQ(c.dictionary().at(0), "red");
  EXPECT_EQ(c.dictionary().at(1), "green");
  EXPECT_EQ(c.dictionary().at(2), "blue");
  EXPECT_EQ(Strings(c), (std::vector<std::string>{"red", "green", "red", "blue", "green"}));
}

TEST(ParquetColumn, ValidityAppearsLazilyWithFirstNull) {
  Column c("i", ColumnType::Of(TypeKind::kInt32), true);
  c.AppendInt(1);
  c.AppendInt(2);
  EXPECT_TRUE(c.validity().empty());
  c.AppendNull();
  EXPECT_EQ(c.validity(), (std::vector<uint8_t>{1, 1, 0}));
  c.AppendInt(4);
  EXPECT_EQ(c.validity(), (std::vector<uint8_t>{1, 1, 0, 1}));
  EXPECT_EQ(c.size(), 4u);
  EXPECT_EQ(c.ints().size(), 4u);
  EXPECT_EQ(c.ints()[2], 0);
  EXPECT_EQ(c.null_count(), 1u);
  EXPECT_FALSE(c.IsNull(1));
  EXPECT_TRUE(c.IsNull(2));
  EXPECT_FALSE(c.IsNull(3));
}

TEST(ParquetColumn, NullSlotsInEveryStorage) {
  Column d("d", ColumnType::Of(TypeKind::kDouble), true);
  d.AppendNull();
  d.AppendDouble(2.0);
  EXPECT_EQ(d.doubles(), (std::vector<double>{0.0, 2.0}));
  EXPECT_EQ(d.null_count(), 1u);

  Column b("b", ColumnType::Of(TypeKind::kBinary), true);
  b.AppendString("x");
  b.AppendNull();
  b.AppendNull();
  EXPECT_EQ(b.binary().size(), 3u);
  EXPECT_EQ(b.binary().at(1), "");
  EXPECT_EQ(b.null_count(), 2u);

  Column s("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  s.AppendNull();
  s.AppendString("v");
  EXPECT_EQ(s.codes(), (std::vector<int32_t>{0, 0}));
  EXPECT_TRUE(s.IsNull(0));
  EXPECT_EQ(s.StringAt(1), "v");
  EXPECT_EQ(s.null_count(), 1u);
}

TEST(ParquetColumn, AppendNullOnRequiredColumnThrows) {
  Column c("req", ColumnType::Of(TypeKind::kInt64), false);
  c.AppendInt(1);
  const std::string message = ErrorOf([&] { c.AppendNull(); });
  EXPECT_NE(message.find("req"), std::string::npos) << message;
  EXPECT_EQ(c.size(), 1u);
  EXPECT_TRUE(c.validity().empty());
}

TEST(ParquetColumn, WrongStorageAppendThrows) {
  Column i("i", ColumnType::Of(TypeKind::kInt64), true);
  EXPECT_THROW(i.AppendDouble(1.0), ParquetError);
  EXPECT_THROW(i.AppendString("x"), ParquetError);
  Column d("d", ColumnType::Of(TypeKind::kDouble), true);
  EXPECT_THROW(d.AppendInt(1), ParquetError);
  EXPECT_THROW(d.AppendString("x"), ParquetError);
  Column s("s", ColumnType::Of(TypeKind::kString), true);
  EXPECT_THROW(s.AppendInt(1), ParquetError);
  EXPECT_THROW(s.AppendDouble(1.0), ParquetError);
  Column dict("k", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  EXPECT_THROW(dict.AppendInt(1), ParquetError);
  EXPECT_EQ(i.size() + d.size() + s.size() + dict.size(), 0u);
}

TEST(ParquetColumn, ConstructorRejectsStorageNotFittingType) {
  EXPECT_THROW(Column("x", ColumnType::Of(TypeKind::kInt64), true, Storage::kDouble), ParquetError);
  EXPECT_THROW(Column("x", ColumnType::Of(TypeKind::kDouble), true, Storage::kInt64), ParquetError);
  EXPECT_THROW(Column("x", ColumnType::FixedBinary(4), true, Storage::kDictionary), ParquetError);
  EXPECT_THROW(Column("x", ColumnType::Decimal(30, 2), true, Storage::kDictionary), ParquetError);
  EXPECT_NO_THROW(Column("x", ColumnType::Of(TypeKind::kBinary), true, Storage::kDictionary));
}

TEST(ParquetColumn, SetSizeChecksStorage) {
  Column c("i", ColumnType::Of(TypeKind::kInt64), true);
  c.ints() = {1, 2, 3};
  EXPECT_THROW(c.SetSize(2), ParquetError);
  EXPECT_THROW(c.SetSize(4), ParquetError);
  c.SetSize(3);
  EXPECT_EQ(c.size(), 3u);
  c.validity() = {1, 0};  // wrong length
  EXPECT_THROW(c.SetSize(3), ParquetError);
  c.validity() = {1, 0, 1};
  c.SetSize(3);
  EXPECT_EQ(c.null_count(), 1u);

  Column s("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  s.dictionary().Append("a");
  s.codes() = {0, 0};
  EXPECT_THROW(s.SetSize(1), ParquetError);
  s.SetSize(2);
  EXPECT_EQ(Strings(s), (std::vector<std::string>{"a", "a"}));
}

TEST(ParquetColumn, AppendRangeInts) {
  Column a("i", ColumnType::Of(TypeKind::kInt64), true);
  a.AppendInt(1);
  Column b("i", ColumnType::Of(TypeKind::kInt64), true);
  b.AppendInt(10);
  b.AppendNull();
  b.AppendInt(30);
  b.AppendInt(40);
  a.AppendRange(b, 1, 3);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.ints(), (std::vector<int64_t>{1, 0, 30}));
  EXPECT_EQ(a.validity(), (std::vector<uint8_t>{1, 0, 1}));
  // A range of valid rows keeps validity consistent.
  a.AppendRange(b, 3, 4);
  EXPECT_EQ(a.validity(), (std::vector<uint8_t>{1, 0, 1, 1}));
  a.AppendRange(b, 2, 2);  // empty range
  EXPECT_EQ(a.size(), 4u);
  EXPECT_NO_THROW(a.SetSize(4));
}

TEST(ParquetColumn, AppendRangeWithoutNullsKeepsValidityEmpty) {
  Column a("d", ColumnType::Of(TypeKind::kDouble), true);
  Column b("d", ColumnType::Of(TypeKind::kDouble), true);
  b.AppendDouble(1.0);
  b.AppendDouble(2.0);
  a.AppendRange(b, 0, 2);
  EXPECT_TRUE(a.validity().empty());
  EXPECT_EQ(a.doubles(), (std::vector<double>{1.0, 2.0}));
}

TEST(ParquetColumn, AppendRangeRejectsOtherTypeAndBadRange) {
  Column a("i", ColumnType::Of(TypeKind::kInt64), true);
  Column b("i", ColumnType::Of(TypeKind::kInt32), true);
  b.AppendInt(1);
  EXPECT_THROW(a.AppendRange(b, 0, 1), ParquetError);
  Column c("i", ColumnType::Of(TypeKind::kInt64), true);
  c.AppendInt(1);
  EXPECT_THROW(a.AppendRange(c, 0, 2), ParquetError);
  EXPECT_THROW(a.AppendRange(c, 1, 0), ParquetError);
  EXPECT_EQ(a.size(), 0u);
}

TEST(ParquetColumn, AppendRangeRemapsDictionaries) {
  Column a("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  a.AppendString("x");
  a.AppendString("y");
  Column b("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  b.AppendString("z");
  b.AppendString("y");
  b.AppendNull();
  b.AppendString("x");
  b.AppendString("w");
  a.AppendRange(b, 0, 5);
  ASSERT_EQ(a.storage(), Storage::kDictionary);
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"x", "y", "z", "y", "<null>", "x", "w"}));
  // Existing values reuse their codes; new ones are added once.
  EXPECT_EQ(a.dictionary().size(), 4u);
  EXPECT_EQ(a.codes()[0], a.codes()[5]);
  EXPECT_EQ(a.codes()[1], a.codes()[3]);
  EXPECT_EQ(a.null_count(), 1u);
}

TEST(ParquetColumn, AppendRangeSubrangeOfDictionary) {
  Column a("s", ColumnType::Of(TypeKind::kBinary), false, Storage::kDictionary);
  Column b("s", ColumnType::Of(TypeKind::kBinary), false, Storage::kDictionary);
  for (const char* v : {"p", "q", "r", "q"}) b.AppendString(v);
  a.AppendRange(b, 1, 3);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"q", "r"}));
  a.AppendRange(b, 3, 4);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"q", "r", "q"}));
}

TEST(ParquetColumn, AppendRangeDictionaryIntoPlainStaysPlain) {
  Column a("s", ColumnType::Of(TypeKind::kString), true);
  a.AppendString("plain");
  Column b("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  b.AppendString("d1");
  b.AppendNull();
  b.AppendString("d1");
  a.AppendRange(b, 0, 3);
  EXPECT_EQ(a.storage(), Storage::kBinary);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"plain", "d1", "<null>", "d1"}));
  EXPECT_EQ(a.validity(), (std::vector<uint8_t>{1, 1, 0, 1}));
  EXPECT_NO_THROW(a.SetSize(4));
}

TEST(ParquetColumn, AppendRangePlainIntoDictionaryBecomesPlain) {
  Column a("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  a.AppendString("d1");
  a.AppendNull();
  a.AppendString("d2");
  Column b("s", ColumnType::Of(TypeKind::kString), true);
  b.AppendString("p1");
  b.AppendString("d1");
  a.AppendRange(b, 0, 2);
  EXPECT_EQ(a.storage(), Storage::kBinary);
  EXPECT_TRUE(a.codes().empty());
  EXPECT_EQ(a.dictionary().size(), 0u);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"d1", "<null>", "d2", "p1", "d1"}));
  EXPECT_NO_THROW(a.SetSize(5));
}

// The header allows a null's code 0 to be absent from the dictionary; an
// all-null dictionary column has an empty dictionary.
TEST(ParquetColumn, AppendRangeFromAllNullDictionaryColumn) {
  Column a("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  a.AppendString("x");
  Column b("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  b.AppendNull();
  b.AppendNull();
  ASSERT_EQ(b.dictionary().size(), 0u);
  a.AppendRange(b, 0, 2);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"x", "<null>", "<null>"}));
  EXPECT_EQ(a.null_count(), 2u);
}

TEST(ParquetColumn, AppendRangeFromAllNullDictionaryColumnIntoPlain) {
  Column a("s", ColumnType::Of(TypeKind::kString), true);
  a.AppendString("x");
  Column b("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  b.AppendNull();
  a.AppendRange(b, 0, 1);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(Strings(a), (std::vector<std::string>{"x", "<null>"}));
}

TEST(ParquetTable, AddColumnChecksLengthAndName) {
  Table t;
  Column a("a", ColumnType::Of(TypeKind::kInt64), false);
  a.AppendInt(1);
  a.AppendInt(2);
  t.AddColumn(a);
  EXPECT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.num_columns(), 1u);

  Column short_column("b", ColumnType::Of(TypeKind::kInt64), false);
  short_column.AppendInt(1);
  const std::string length_error = ErrorOf([&] { t.AddColumn(short_column); });
  EXPECT_NE(length_error.find("'b'"), std::string::npos) << length_error;
  EXPECT_EQ(t.num_columns(), 1u);

  Column duplicate("a", ColumnType::Of(TypeKind::kDouble), false);
  duplicate.AppendDouble(1);
  duplicate.AppendDouble(2);
  const std::string duplicate_error = ErrorOf([&] { t.AddColumn(duplicate); });
  EXPECT_NE(duplicate_error.find("duplicate"), std::string::npos) << duplicate_error;
  EXPECT_EQ(t.num_columns(), 1u);

  Column b("b", ColumnType::Of(TypeKind::kDouble), false);
  b.AppendDouble(1);
  b.AppendDouble(2);
  t.AddColumn(b);
  EXPECT_EQ(t.num_columns(), 2u);
  EXPECT_EQ(t.column(1).name(), "b");
}

TEST(ParquetTable, ConstructorChecksLikeAddColumn) {
  std::vector<Column> columns;
  columns.emplace_back("a", ColumnType::Of(TypeKind::kInt64), false);
  columns.emplace_back("a", ColumnType::Of(TypeKind::kInt64), false);
  EXPECT_THROW(Table(std::move(columns)), ParquetError);
}

TEST(ParquetTable, IndexOfAndColumnByName) {
  Table t({Column("first", ColumnType::Of(TypeKind::kInt64), true),
           Column("second", ColumnType::Of(TypeKind::kString), true)});
  EXPECT_EQ(t.IndexOf("first"), std::optional<size_t>(0));
  EXPECT_EQ(t.IndexOf("second"), std::optional<size_t>(1));
  EXPECT_EQ(t.IndexOf("third"), std::nullopt);
  EXPECT_EQ(t.column(std::string_view("second")).type().kind, TypeKind::kString);
  const std::string message = ErrorOf([&] { (void)t.column(std::string_view("missing_col")); });
  EXPECT_NE(message.find("missing_col"), std::string::npos) << message;
}

TEST(ParquetTable, AppendConcatenatesRows) {
  Table a({Column("i", ColumnType::Of(TypeKind::kInt64), true),
           Column("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary)});
  a.column(0).AppendInt(1);
  a.column(1).AppendString("one");
  Table b({Column("i", ColumnType::Of(TypeKind::kInt64), true),
           Column("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary)});
  b.column(0).AppendNull();
  b.column(1).AppendString("two");
  b.column(0).AppendInt(3);
  b.column(1).AppendString("one");
  a.Append(b);
  ASSERT_EQ(a.num_rows(), 3u);
  EXPECT_EQ(a.column(0).ints(), (std::vector<int64_t>{1, 0, 3}));
  EXPECT_TRUE(a.column(0).IsNull(1));
  EXPECT_EQ(Strings(a.column(1)), (std::vector<std::string>{"one", "two", "one"}));
  EXPECT_EQ(a.column(1).dictionary().size(), 2u);
}

TEST(ParquetTable, AppendRejectsOtherColumns) {
  Table a({Column("i", ColumnType::Of(TypeKind::kInt64), true)});
  Table renamed({Column("j", ColumnType::Of(TypeKind::kInt64), true)});
  EXPECT_THROW(a.Append(renamed), ParquetError);
  Table retyped({Column("i", ColumnType::Of(TypeKind::kDouble), true)});
  EXPECT_THROW(a.Append(retyped), ParquetError);
  Table wider({Column("i", ColumnType::Of(TypeKind::kInt64), true),
               Column("k", ColumnType::Of(TypeKind::kInt64), true)});
  EXPECT_THROW(a.Append(wider), ParquetError);
  EXPECT_EQ(a.num_rows(), 0u);
}

TEST(ParquetTypes, TypeNames) {
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kBoolean)), "BOOLEAN");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kInt8)), "INT8");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kInt16)), "INT16");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kInt32)), "INT32");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kInt64)), "INT64");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kUInt8)), "UINT8");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kUInt16)), "UINT16");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kUInt32)), "UINT32");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kUInt64)), "UINT64");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kFloat)), "FLOAT");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kDouble)), "DOUBLE");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kString)), "STRING");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kBinary)), "BINARY");
  EXPECT_EQ(TypeName(ColumnType::FixedBinary(16)), "FIXED_BINARY(16)");
  EXPECT_EQ(TypeName(ColumnType::Of(TypeKind::kDate)), "DATE");
  EXPECT_EQ(TypeName(ColumnType::Time(TimeUnit::kMillis, false)), "TIME(ms)");
  EXPECT_EQ(TypeName(ColumnType::Time(TimeUnit::kNanos, true)), "TIME(ns, UTC)");
  EXPECT_EQ(TypeName(ColumnType::Timestamp(TimeUnit::kMicros, true)), "TIMESTAMP(us, UTC)");
  EXPECT_EQ(TypeName(ColumnType::Timestamp(TimeUnit::kNanos, false)), "TIMESTAMP(ns)");
  EXPECT_EQ(TypeName(ColumnType::Timestamp(TimeUnit::kMillis, false)), "TIMESTAMP(ms)");
  EXPECT_EQ(TypeName(ColumnType::Decimal(10, 2)), "DECIMAL(10,2)");
  EXPECT_EQ(TypeName(ColumnType::Decimal(38, 0)), "DECIMAL(38,0)");
}

TEST(ParquetTypes, DefaultStorage) {
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kBoolean)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kInt8)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kUInt64)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kFloat)), Storage::kDouble);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kDouble)), Storage::kDouble);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kString)), Storage::kBinary);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kBinary)), Storage::kBinary);
  EXPECT_EQ(DefaultStorage(ColumnType::FixedBinary(4)), Storage::kBinary);
  EXPECT_EQ(DefaultStorage(ColumnType::Of(TypeKind::kDate)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Time(TimeUnit::kNanos, false)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Timestamp(TimeUnit::kMillis, true)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Decimal(9, 2)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Decimal(18, 4)), Storage::kInt64);
  EXPECT_EQ(DefaultStorage(ColumnType::Decimal(19, 4)), Storage::kBinary);
  EXPECT_EQ(DefaultStorage(ColumnType::Decimal(38, 10)), Storage::kBinary);
  EXPECT_EQ(Column("x", ColumnType::Decimal(18, 0), true).storage(), Storage::kInt64);
  EXPECT_EQ(Column("x", ColumnType::Decimal(19, 0), true).storage(), Storage::kBinary);
}

TEST(ParquetBinaryData, AppendClearAndEquality) {
  BinaryData a;
  EXPECT_EQ(a.size(), 0u);
  a.Append("ab");
  a.Append("");
  a.Append("cde");
  EXPECT_EQ(a.bytes(), "abcde");
  EXPECT_EQ(a.at(2), "cde");
  BinaryData b;
  b.Append("ab");
  b.Append("");
  b.Append("cde");
  EXPECT_EQ(a, b);
  a.Clear();
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(a.offsets(), (std::vector<uint32_t>{0}));
  EXPECT_EQ(a, BinaryData());
}

}  // namespace
}  // namespace pdex::parquet
