// Unit tests for parquet/format.h: value text for every kind, CSV output and
// the file description.
#include "parquet/format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "parquet/reader.h"
#include "parquet/table.h"
#include "parquet/writer.h"
#include "test_support.h"

namespace pdex::parquet {
namespace {

__extension__ typedef unsigned __int128 UInt128;

Column Ints(ColumnType type, const std::vector<int64_t>& values) {
  Column c("c", type, true);
  for (const int64_t v : values) c.AppendInt(v);
  return c;
}

Column Doubles(ColumnType type, const std::vector<double>& values) {
  Column c("c", type, true);
  for (const double v : values) c.AppendDouble(v);
  return c;
}

Column Strings(ColumnType type, const std::vector<std::string>& values, Storage storage) {
  Column c("c", type, true, storage);
  for (const auto& v : values) c.AppendString(v);
  return c;
}

std::vector<std::string> Formatted(const Column& c) {
  std::vector<std::string> out;
  for (size_t r = 0; r < c.size(); ++r) out.push_back(FormatValue(c, r));
  return out;
}

using Texts = std::vector<std::string>;

TEST(ParquetFormat, Booleans) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kBoolean), {1, 0})), (Texts{"true", "false"}));
}

TEST(ParquetFormat, SignedIntegers) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kInt8), {-128, 127, 0})), (Texts{"-128", "127", "0"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kInt32), {-2147483648LL, 2147483647})),
            (Texts{"-2147483648", "2147483647"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kInt64),
                           {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()})),
            (Texts{"-9223372036854775808", "9223372036854775807"}));
}

TEST(ParquetFormat, UnsignedIntegers) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kUInt8), {255})), (Texts{"255"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kUInt32), {4294967295LL})), (Texts{"4294967295"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kUInt64), {-1, std::numeric_limits<int64_t>::min(), 7})),
            (Texts{"18446744073709551615", "9223372036854775808", "7"}));
}

TEST(ParquetFormat, FloatsShortest) {
  EXPECT_EQ(Formatted(Doubles(ColumnType::Of(TypeKind::kFloat),
                              {static_cast<double>(0.1f), static_cast<double>(1.5f), static_cast<double>(-0.0f),
                               static_cast<double>(3.4028235e38f), static_cast<double>(1e-45f)})),
            (Texts{"0.1", "1.5", "-0", "3.4028235e+38", "1e-45"}));
  EXPECT_EQ(Formatted(Doubles(ColumnType::Of(TypeKind::kDouble), {0.1, 1.0 / 3.0, 1e300, -2.5, 100.0})),
            (Texts{"0.1", "0.3333333333333333", "1e+300", "-2.5", "100"}));
  // A float's double widening printed as DOUBLE shows its true value.
  EXPECT_EQ(Formatted(Doubles(ColumnType::Of(TypeKind::kDouble), {static_cast<double>(0.1f)})),
            (Texts{"0.10000000149011612"}));
  const Texts special = Formatted(Doubles(ColumnType::Of(TypeKind::kDouble),
                                          {std::numeric_limits<double>::infinity(),
                                           -std::numeric_limits<double>::infinity(), std::nan("")}));
  EXPECT_EQ(special[0], "inf");
  EXPECT_EQ(special[1], "-inf");
  EXPECT_NE(special[2].find("nan"), std::string::npos) << special[2];
}

TEST(ParquetFormat, StringsAndBinary) {
  EXPECT_EQ(Formatted(Strings(ColumnType::Of(TypeKind::kString), {"héllo", "", "a,b"}, Storage::kBinary)),
            (Texts{"héllo", "", "a,b"}));
  EXPECT_EQ(Formatted(Strings(ColumnType::Of(TypeKind::kString), {"x", "y", "x"}, Storage::kDictionary)),
            (Texts{"x", "y", "x"}));
  EXPECT_EQ(Formatted(Strings(ColumnType::Of(TypeKind::kBinary), {std::string("\x00\xff\x41\x0a", 4), ""},
                              Storage::kBinary)),
            (Texts{"00ff410a", ""}));
  EXPECT_EQ(Formatted(Strings(ColumnType::Of(TypeKind::kBinary), {"AB"}, Storage::kDictionary)), (Texts{"4142"}));
  EXPECT_EQ(Formatted(Strings(ColumnType::FixedBinary(4), {std::string("\xde\xad\xbe\xef", 4)}, Storage::kBinary)),
            (Texts{"deadbeef"}));
}

TEST(ParquetFormat, Dates) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Of(TypeKind::kDate), {0, -1, 11016, 10957, 19782, -719528, 2932896, -25567})),
            (Texts{"1970-01-01", "1969-12-31", "2000-02-29", "2000-01-01", "2024-02-29", "0000-01-01", "9999-12-31",
                   "1900-01-01"}));
}

TEST(ParquetFormat, Times) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Time(TimeUnit::kMillis, false), {0, 3723004, 86399999})),
            (Texts{"00:00:00", "01:02:03.004", "23:59:59.999"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Time(TimeUnit::kMicros, true), {1, 3723000000LL})),
            (Texts{"00:00:00.000001", "01:02:03"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Time(TimeUnit::kNanos, false), {86399999999999LL, 500000000})),
            (Texts{"23:59:59.999999999", "00:00:00.500000000"}));
}

TEST(ParquetFormat, Timestamps) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Timestamp(TimeUnit::kMillis, true), {0, 1500, -1, 951782400123LL})),
            (Texts{"1970-01-01T00:00:00Z", "1970-01-01T00:00:01.500Z", "1969-12-31T23:59:59.999Z",
                   "2000-02-29T00:00:00.123Z"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Timestamp(TimeUnit::kMicros, false), {951782400123456LL, -86400000000LL})),
            (Texts{"2000-02-29T00:00:00.123456", "1969-12-31T00:00:00"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Timestamp(TimeUnit::kNanos, true), {-86400000000001LL, 1})),
            (Texts{"1969-12-30T23:59:59.999999999Z", "1970-01-01T00:00:00.000000001Z"}));
  // 1900-01-01T12:00:00 UTC (before 1970, whole seconds).
  EXPECT_EQ(Formatted(Ints(ColumnType::Timestamp(TimeUnit::kMicros, true), {(-2208988800LL + 43200) * 1000000})),
            (Texts{"1900-01-01T12:00:00Z"}));
}

TEST(ParquetFormat, TimestampExtremesDoNotOverflow) {
  const Texts texts = Formatted(Ints(ColumnType::Timestamp(TimeUnit::kNanos, false),
                                     {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}));
  EXPECT_EQ(texts[0], "1677-09-21T00:12:43.145224192");
  EXPECT_EQ(texts[1], "2262-04-11T23:47:16.854775807");
}

TEST(ParquetFormat, SmallDecimals) {
  EXPECT_EQ(Formatted(Ints(ColumnType::Decimal(9, 2), {-5, 12340, 0, 1, -100, 999999999})),
            (Texts{"-0.05", "123.40", "0.00", "0.01", "-1.00", "9999999.99"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Decimal(18, 4), {-999999999999999999LL, 50})),
            (Texts{"-99999999999999.9999", "0.0050"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Decimal(5, 0), {42, -42})), (Texts{"42", "-42"}));
  EXPECT_EQ(Formatted(Ints(ColumnType::Decimal(18, 18), {-1})), (Texts{"-0.000000000000000001"}));
}

TEST(ParquetFormat, WideDecimals) {
  Int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  max38 -= 1;
  const Int128 min128 = -static_cast<Int128>(UInt128{1} << 126) * 2;
  Column c("c", ColumnType::Decimal(38, 10), true);
  c.AppendString(Int128ToBigEndian(-max38));
  c.AppendString(Int128ToBigEndian(max38));
  c.AppendString(Int128ToBigEndian(-5));
  c.AppendString(Int128ToBigEndian(0));
  c.AppendString(Int128ToBigEndian(min128));
  c.AppendNull();
  EXPECT_EQ(Formatted(c), (Texts{"-9999999999999999999999999999.9999999999", "9999999999999999999999999999.9999999999",
                                 "-0.0000000005", "0.0000000000", "-17014118346046923173168730371.5884105728", ""}));
}

TEST(ParquetFormat, NullsAreEmpty) {
  Column i("i", ColumnType::Of(TypeKind::kInt64), true);
  i.AppendNull();
  Column s("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  s.AppendNull();  // code 0 with an empty dictionary
  Column d("d", ColumnType::Of(TypeKind::kDate), true);
  d.AppendNull();
  EXPECT_EQ(FormatValue(i, 0), "");
  EXPECT_EQ(FormatValue(s, 0), "");
  EXPECT_EQ(FormatValue(d, 0), "");
}

Table CsvTable() {
  Column name("name", ColumnType::Of(TypeKind::kString), true);
  Column n("n", ColumnType::Of(TypeKind::kInt64), true);
  const std::vector<std::string> names = {"plain", "with,comma", "with \"quote\"", "line\nbreak", "cr\rhere", ""};
  for (size_t i = 0; i < names.size(); ++i) {
    name.AppendString(names[i]);
    if (i == 2) {
      n.AppendNull();
    } else {
      n.AppendInt(static_cast<int64_t>(i));
    }
  }
  name.AppendNull();
  n.AppendInt(-1);
  Table t;
  t.AddColumn(name);
  t.AddColumn(n);
  return t;
}

TEST(ParquetFormat, CsvQuoting) {
  const Table t = CsvTable();
  std::ostringstream out;
  WriteCsvHeader(t, out);
  WriteCsvRows(t, 100, out);
  EXPECT_EQ(out.str(),
            "name,n\n"
            "plain,0\n"
            "\"with,comma\",1\n"
            "\"with \"\"quote\"\"\",\n"
            "\"line\nbreak\",3\n"
            "\"cr\rhere\",4\n"
            ",5\n"
            ",-1\n");
}

TEST(ParquetFormat, CsvMaxRowsAndHeaderQuoting) {
  const Table t = CsvTable();
  std::ostringstream out;
  WriteCsvRows(t, 2, out);
  EXPECT_EQ(out.str(), "plain,0\n\"with,comma\",1\n");
  std::ostringstream none;
  WriteCsvRows(t, 0, none);
  EXPECT_EQ(none.str(), "");

  Table odd;
  odd.AddColumn(Column("a,b", ColumnType::Of(TypeKind::kInt64), true));
  odd.AddColumn(Column("say \"hi\"", ColumnType::Of(TypeKind::kInt64), true));
  std::ostringstream header;
  WriteCsvHeader(odd, header);
  EXPECT_EQ(header.str(), "\"a,b\",\"say \"\"hi\"\"\"\n");
}

TEST(ParquetFormat, CsvOfTypedValues) {
  Column day("day", ColumnType::Of(TypeKind::kDate), false);
  day.AppendInt(11016);
  Column price("price", ColumnType::Decimal(9, 2), true);
  price.AppendInt(-5);
  Column ts("ts", ColumnType::Timestamp(TimeUnit::kMillis, true), true);
  ts.AppendInt(1500);
  Table t;
  t.AddColumn(day);
  t.AddColumn(price);
  t.AddColumn(ts);
  std::ostringstream out;
  WriteCsvHeader(t, out);
  WriteCsvRows(t, 10, out);
  EXPECT_EQ(out.str(), "day,price,ts\n2000-02-29,-0.05,1970-01-01T00:00:01.500Z\n");
}

TEST(ParquetFormat, DescribeFile) {
  pdex::testing::TempDir dir;
  Column id("pokemon_id", ColumnType::Of(TypeKind::kInt64), false);
  Column name("species", ColumnType::Of(TypeKind::kString), true);
  Column when("caught_at", ColumnType::Timestamp(TimeUnit::kMicros, true), true);
  Column price("price", ColumnType::Decimal(38, 10), true);
  for (int i = 0; i < 30; ++i) {
    id.AppendInt(i);
    name.AppendString(i % 2 ? "pikachu" : "eevee");
    when.AppendInt(i * 1000);
    price.AppendNull();
  }
  Table t;
  t.AddColumn(id);
  t.AddColumn(name);
  t.AddColumn(when);
  t.AddColumn(price);
  WriterOptions options;
  options.compression = Compression::kZstd;
  options.row_group_rows = 10;
  options.created_by = "describe test";
  options.key_value_metadata = {{"origin", "unit-test"}};
  const std::string path = (dir.path() / "d.parquet").string();
  WriteTable(path, t, options);
  const FileReader reader = FileReader::Open(path);
  std::ostringstream out;
  DescribeFile(reader, out);
  const std::string text = out.str();
  const auto contains = [&](const std::string& needle) {
    EXPECT_NE(text.find(needle), std::string::npos) << "missing '" << needle << "' in:\n" << text;
  };
  contains("rows: 30");
  contains("row groups: 3");
  contains("created by: describe test");
  contains("pokemon_id: INT64 NOT NULL (INT64) ZSTD");
  contains("species: STRING (BYTE_ARRAY) ZSTD");
  contains("RLE_DICTIONARY");
  contains("caught_at: TIMESTAMP(us, UTC) (INT64)");
  contains("price: DECIMAL(38,10) (FIXED_LEN_BYTE_ARRAY)");
  contains("origin = unit-test");
  EXPECT_EQ(text.find("SNAPPY"), std::string::npos) << text;
  // One line per column, in schema order.
  EXPECT_LT(text.find("pokemon_id:"), text.find("species:"));
  EXPECT_LT(text.find("species:"), text.find("caught_at:"));
  EXPECT_LT(text.find("caught_at:"), text.find("price:"));
}

}  // namespace
}  // namespace pdex::parquet
