// Round trips through parquet/writer.h and parquet/reader.h on disk: every
// column type, every codec and page version, every encoding override, row
// groups, pages, projection, dictionaries, statistics and the temp-file
// protocol.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/reader.h"
#include "parquet/table.h"
#include "parquet/writer.h"
#include "test_support.h"

namespace pdex::parquet {
namespace {


using pdex::testing::TempDir;

struct Spec {
  std::string name;
  ColumnType type;
};

std::vector<Spec> AllTypes() {
  return {
      {"bool", ColumnType::Of(TypeKind::kBoolean)},
      {"i8", ColumnType::Of(TypeKind::kInt8)},
      {"i16", ColumnType::Of(TypeKind::kInt16)},
      {"i32", ColumnType::Of(TypeKind::kInt32)},
      {"i64", ColumnType::Of(TypeKind::kInt64)},
      {"u8", ColumnType::Of(TypeKind::kUInt8)},
      {"u16", ColumnType::Of(TypeKind::kUInt16)},
      {"u32", ColumnType::Of(TypeKind::kUInt32)},
      {"u64", ColumnType::Of(TypeKind::kUInt64)},
      {"f32", ColumnType::Of(TypeKind::kFloat)},
      {"f64", ColumnType::Of(TypeKind::kDouble)},
      {"str", ColumnType::Of(TypeKind::kString)},
      {"bin", ColumnType::Of(TypeKind::kBinary)},
      {"fixed16", ColumnType::FixedBinary(16)},
      {"date", ColumnType::Of(TypeKind::kDate)},
      {"time_ms", ColumnType::Time(TimeUnit::kMillis, false)},
      {"time_us", ColumnType::Time(TimeUnit::kMicros, true)},
      {"time_ns", ColumnType::Time(TimeUnit::kNanos, false)},
      {"ts_ms", ColumnType::Timestamp(TimeUnit::kMillis, true)},
      {"ts_us", ColumnType::Timestamp(TimeUnit::kMicros, false)},
      {"ts_ns", ColumnType::Timestamp(TimeUnit::kNanos, true)},
      {"ts_ns_local", ColumnType::Timestamp(TimeUnit::kNanos, false)},
      {"ts_us_utc", ColumnType::Timestamp(TimeUnit::kMicros, true)},
      {"dec9", ColumnType::Decimal(9, 2)},
      {"dec18", ColumnType::Decimal(18, 4)},
      {"dec38", ColumnType::Decimal(38, 10)},
  };
}

double FromBits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

uint64_t Bits(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return bits;
}

Int128 Pow10(int n) {
  Int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

int64_t UnitsPerDay(TimeUnit unit) {
  return 86400LL * (unit == TimeUnit::kMillis ? 1000 : unit == TimeUnit::kMicros ? 1000000 : 1000000000);
}

// Integer range [lo, hi] and special values of an integer-stored type.
void IntDomain(const ColumnType& t, int64_t* lo, int64_t* hi, std::vector<int64_t>* specials) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  switch (t.kind) {
    case TypeKind::kBoolean: *lo = 0; *hi = 1; *specials = {0, 1, 1, 0}; return;
    case TypeKind::kInt8: *lo = -128; *hi = 127; break;
    case TypeKind::kInt16: *lo = -32768; *hi = 32767; break;
    case TypeKind::kInt32: *lo = std::numeric_limits<int32_t>::min(); *hi = std::numeric_limits<int32_t>::max(); break;
    case TypeKind::kInt64: *lo = kMin; *hi = kMax; break;
    case TypeKind::kUInt8: *lo = 0; *hi = 255; break;
    case TypeKind::kUInt16: *lo = 0; *hi = 65535; break;
    case TypeKind::kUInt32: *lo = 0; *hi = 4294967295LL; break;
    case TypeKind::kUInt64:
      *lo = kMin;
      *hi = kMax;
      // -1 is UINT64_MAX, kMin is 2^63.
      *specials = {0, 1, -1, kMin, kMax, -2};
      return;
    case TypeKind::kDate:
      *lo = -1000000;
      *hi = 1000000;
      *specials = {0, -1, -719528, 11016, 2932896, std::numeric_limits<int32_t>::min(),
                   std::numeric_limits<int32_t>::max()};
      return;
    case TypeKind::kTime:
      *lo = 0;
      *hi = UnitsPerDay(t.unit) - 1;
      *specials = {0, 1, *hi, UnitsPerDay(t.unit) / 2};
      return;
    case TypeKind::kTimestamp:
      *lo = kMin;
      *hi = kMax;
      *specials = {0, -1, 1, kMin, kMax, -UnitsPerDay(t.unit) * 365, 1700000000LL * (UnitsPerDay(t.unit) / 86400)};
      return;
    case TypeKind::kDecimal: {
      const int64_t limit = t.precision == 9 ? 999999999LL : 999999999999999999LL;
      *lo = -limit;
      *hi = limit;
      *specials = {0, -5, 12340, limit, -limit, 1, -1};
      return;
    }
    default: *lo = 0; *hi = 0; return;
  }
  *specials = {*lo, *hi, 0, -1 < *lo ? *lo + 1 : -1, 1};
}

std::vector<double> DoubleSpecials(bool as_float) {
  if (as_float) {
    const auto f = [](float v) { return static_cast<double>(v); };
    return {f(0.0f), f(-0.0f), f(0.1f), f(std::numeric_limits<float>::infinity()),
            f(-std::numeric_limits<float>::infinity()), f(std::numeric_limits<float>::quiet_NaN()),
            f(std::numeric_limits<float>::denorm_min()), f(-std::numeric_limits<float>::denorm_min()),
            f(std::numeric_limits<float>::max()), f(std::numeric_limits<float>::lowest()),
            f(std::numeric_limits<float>::min()), f(1e-30f), f(-123.456f)};
  }
  return {0.0, -0.0, 0.1, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
          FromBits(0x7ff8000000000123ULL), FromBits(0xfff8000000000000ULL), std::numeric_limits<double>::denorm_min(),
          -std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
          std::numeric_limits<double>::lowest(), std::numeric_limits<double>::min(), -123.456e200};
}

std::vector<std::string> StringSpecials(TypeKind kind) {
  if (kind == TypeKind::kString) {
    return {"", "a", "hello, world", "ünïcödé", "日本語テキスト", "🎉 emoji", std::string(300, 'x'), "a\"quote\n"};
  }
  return {"", std::string(1, '\0'), std::string("\0\0\xff\x00", 4), std::string("\x80\x81", 2), "text"};
}

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

void AppendValue(Column* c, size_t row, std::mt19937_64& rng) {
  const ColumnType& t = c->type();
  switch (c->storage()) {
    case Storage::kInt64: {
      int64_t lo = 0, hi = 0;
      std::vector<int64_t> specials;
      IntDomain(t, &lo, &hi, &specials);
      if (row < specials.size() * 2 || row % 5 == 0) {
        c->AppendInt(specials[row % specials.size()]);
      } else {
        c->AppendInt(std::uniform_int_distribution<int64_t>(lo, hi)(rng));
      }
      return;
    }
    case Storage::kDouble: {
      const bool as_float = t.kind == TypeKind::kFloat;
      const auto specials = DoubleSpecials(as_float);
      if (row < specials.size() * 2 || row % 5 == 0) {
        c->AppendDouble(specials[row % specials.size()]);
      } else {
        const double v = std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
        c->AppendDouble(as_float ? static_cast<double>(static_cast<float>(v)) : v);
      }
      return;
    }
    default: break;
  }
  if (t.kind == TypeKind::kFixedBinary) {
    if (row % 4 == 0) {
      c->AppendString(std::string(16, static_cast<char>(row % 8 == 0 ? 0 : 0xff)));
    } else {
      c->AppendString(RandomBytes(rng, 16));
    }
    return;
  }
  if (t.kind == TypeKind::kDecimal) {
    const Int128 limit = Pow10(38) - 1;
    const std::vector<Int128> specials = {0, -5, 12340, limit, -limit, -1, 1, Int128{123456789} * Pow10(20)};
    if (row < specials.size() * 2 || row % 5 == 0) {
      c->AppendString(Int128ToBigEndian(specials[row % specials.size()]));
    } else {
      const auto a = static_cast<int64_t>(rng());
      const auto b = static_cast<int64_t>(rng() >> 2);
      c->AppendString(Int128ToBigEndian(static_cast<Int128>(a) * b));
    }
    return;
  }
  const auto specials = StringSpecials(t.kind);
  if (row < specials.size() * 2 || row % 3 == 0) {
    c->AppendString(specials[row % specials.size()]);
  } else if (t.kind == TypeKind::kString) {
    c->AppendString("word" + std::to_string(rng() % 40) + (rng() % 2 ? "é" : ""));
  } else {
    c->AppendString(RandomBytes(rng, rng() % 12));
  }
}

bool NullAt(size_t row) { return row == 1 || row % 7 == 3; }

Column MakeColumn(const std::string& name, const ColumnType& type, bool nullable, size_t rows, uint64_t seed,
                  Storage storage) {
  Column c(name, type, nullable, storage);
  std::mt19937_64 rng(seed);
  for (size_t r = 0; r < rows; ++r) {
    if (nullable && NullAt(r)) {
      c.AppendNull();
    } else {
      AppendValue(&c, r, rng);
    }
  }
  return c;
}

Column MakeColumn(const std::string& name, const ColumnType& type, bool nullable, size_t rows, uint64_t seed = 1) {
  return MakeColumn(name, type, nullable, rows, seed, DefaultStorage(type));
}

// Every type, required ("_req") and nullable with nulls ("_opt").
Table AllTypesTable(size_t rows) {
  Table t;
  uint64_t seed = 1;
  for (const Spec& spec : AllTypes()) {
    t.AddColumn(MakeColumn(spec.name + "_req", spec.type, false, rows, seed++));
    t.AddColumn(MakeColumn(spec.name + "_opt", spec.type, true, rows, seed++));
  }
  return t;
}

std::string ValueText(const Column& c, size_t row) {
  switch (c.storage()) {
    case Storage::kInt64: return std::to_string(c.ints()[row]);
    case Storage::kDouble: {
      std::ostringstream out;
      out << "0x" << std::hex << Bits(c.doubles()[row]) << " (" << c.doubles()[row] << ")";
      return out.str();
    }
    default: {
      std::ostringstream out;
      for (const char ch : c.StringAt(row)) {
        out << std::hex << static_cast<int>(static_cast<uint8_t>(ch)) << ' ';
      }
      return "[" + out.str() + "]";
    }
  }
}

void ExpectSameColumn(const Column& want, const Column& got, size_t want_offset = 0) {
  SCOPED_TRACE("column " + want.name());
  ASSERT_EQ(got.name(), want.name());
  ASSERT_EQ(got.type(), want.type()) << TypeName(got.type()) << " vs " << TypeName(want.type());
  EXPECT_EQ(got.nullable(), want.nullable());
  ASSERT_LE(want_offset + got.size(), want.size());
  int failures = 0;
  for (size_t r = 0; r < got.size() && failures < 5; ++r) {
    const size_t w = r + want_offset;
    if (want.IsNull(w) != got.IsNull(r)) {
      ADD_FAILURE() << "row " << r << ": null " << got.IsNull(r) << ", expected " << want.IsNull(w);
      ++failures;
      continue;
    }
    if (want.IsNull(w)) continue;
    const std::string a = ValueText(want, w), b = ValueText(got, r);
    if (a != b) {
      ADD_FAILURE() << "row " << r << ": got " << b << ", expected " << a;
      ++failures;
    }
  }
}

void ExpectSameTable(const Table& want, const Table& got) {
  ASSERT_EQ(got.num_columns(), want.num_columns());
  ASSERT_EQ(got.num_rows(), want.num_rows());
  for (size_t i = 0; i < want.num_columns(); ++i) ExpectSameColumn(want.column(i), got.column(i));
}

Table Slice(const Table& table, size_t begin, size_t end) {
  Table out;
  for (const Column& c : table.columns()) {
    Column s(c.name(), c.type(), c.nullable(), c.storage());
    s.AppendRange(c, begin, end);
    out.AddColumn(std::move(s));
  }
  return out;
}

std::string FileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct PageCounts {
  int dictionary = 0;
  int data = 0;
};

PageCounts CountPages(const std::string& file, const ColumnMetaData& meta) {
  PageCounts counts;
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset) start = std::min(start, *meta.dictionary_page_offset);
  std::string_view chunk = std::string_view(file).substr(static_cast<size_t>(start),
                                                         static_cast<size_t>(meta.total_compressed_size));
  while (!chunk.empty()) {
    size_t consumed = 0;
    const PageHeader h = ParsePageHeader(chunk, &consumed);
    if (h.type == PageType::kDictionaryPage) {
      ++counts.dictionary;
    } else {
      ++counts.data;
    }
    chunk.remove_prefix(consumed + static_cast<size_t>(h.compressed_page_size));
  }
  return counts;
}

std::vector<std::string> FolderEntries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Physical type family of a type, for applicable encodings.
enum class Family { kBoolean, kInt32, kInt64, kFloating, kByteArray, kFixed };

Family FamilyOf(const ColumnType& t) {
  switch (t.kind) {
    case TypeKind::kBoolean: return Family::kBoolean;
    case TypeKind::kInt8: case TypeKind::kInt16: case TypeKind::kInt32: case TypeKind::kUInt8:
    case TypeKind::kUInt16: case TypeKind::kUInt32: case TypeKind::kDate:
      return Family::kInt32;
    case TypeKind::kTime: return t.unit == TimeUnit::kMillis ? Family::kInt32 : Family::kInt64;
    case TypeKind::kInt64: case TypeKind::kUInt64: case TypeKind::kTimestamp: return Family::kInt64;
    case TypeKind::kFloat: case TypeKind::kDouble: return Family::kFloating;
    case TypeKind::kString: case TypeKind::kBinary: return Family::kByteArray;
    case TypeKind::kFixedBinary: return Family::kFixed;
    case TypeKind::kDecimal:
      return t.precision <= 9 ? Family::kInt32 : t.precision <= 18 ? Family::kInt64 : Family::kFixed;
  }
  return Family::kByteArray;
}

bool Applies(Encoding e, Family f) {
  switch (e) {
    case Encoding::kPlain: return true;
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: return f != Family::kBoolean;
    case Encoding::kRle: return f == Family::kBoolean;
    case Encoding::kDeltaBinaryPacked: return f == Family::kInt32 || f == Family::kInt64;
    case Encoding::kDeltaLengthByteArray: return f == Family::kByteArray;
    case Encoding::kDeltaByteArray: return f == Family::kByteArray || f == Family::kFixed;
    case Encoding::kByteStreamSplit: return f != Family::kBoolean && f != Family::kByteArray;
    default: return false;
  }
}

const std::vector<Encoding>& ValueEncodings() {
  static const std::vector<Encoding> encodings = {
      Encoding::kPlain,          Encoding::kPlainDictionary,      Encoding::kRleDictionary,
      Encoding::kRle,            Encoding::kDeltaBinaryPacked,    Encoding::kDeltaLengthByteArray,
      Encoding::kDeltaByteArray, Encoding::kByteStreamSplit};
  return encodings;
}

// ---------------------------------------------------------------------------
// Codec × page version

struct Config {
  Compression codec;
  PageVersion version;
};

class RoundTrip : public ::testing::TestWithParam<Config> {
 protected:
  WriterOptions Options() const {
    WriterOptions o;
    o.compression = GetParam().codec;
    o.page_version = GetParam().version;
    return o;
  }
  std::string PathFor(const std::string& name) const { return (dir_.path() / name).string(); }
  TempDir dir_;
};

TEST_P(RoundTrip, AllTypesDefaultEncodings) {
  const Table table = AllTypesTable(500);
  const std::string path = PathFor("all.parquet");
  WriteTable(path, table, Options());
  const FileReader reader = FileReader::Open(path);
  EXPECT_EQ(reader.num_rows(), 500);
  ASSERT_EQ(reader.fields().size(), table.num_columns());
  for (size_t i = 0; i < table.num_columns(); ++i) {
    EXPECT_EQ(reader.fields()[i].name, table.column(i).name());
    EXPECT_EQ(reader.fields()[i].type, table.column(i).type()) << table.column(i).name();
    EXPECT_EQ(reader.fields()[i].nullable, table.column(i).nullable()) << table.column(i).name();
  }
  for (const ColumnChunk& chunk : reader.metadata().row_groups.at(0).columns) {
    ASSERT_TRUE(chunk.meta_data.has_value());
    EXPECT_EQ(chunk.meta_data->codec, GetParam().codec);
  }
  ExpectSameTable(table, reader.ReadAll());
  ExpectSameTable(table, reader.ReadRowGroup(0));
}

TEST_P(RoundTrip, AllTypesWithoutKeepingDictionaries) {
  const Table table = AllTypesTable(200);
  const std::string path = PathFor("plain.parquet");
  WriteTable(path, table, Options());
  ReaderOptions ro;
  ro.keep_dictionaries = false;
  const FileReader reader = FileReader::Open(path, ro);
  const Table got = reader.ReadAll();
  ExpectSameTable(table, got);
  EXPECT_EQ(got.column(std::string_view("str_opt")).storage(), Storage::kBinary);
}

TEST_P(RoundTrip, EveryEncodingOverride) {
  const Table table = AllTypesTable(300);
  for (const Encoding encoding : ValueEncodings()) {
    SCOPED_TRACE(EncodingName(encoding));
    WriterOptions options = Options();
    std::set<std::string> overridden;
    for (const Column& c : table.columns()) {
      if (Applies(encoding, FamilyOf(c.type()))) {
        options.column_encodings[c.name()] = encoding;
        overridden.insert(c.name());
      }
    }
    ASSERT_FALSE(overridden.empty());
    const std::string path = PathFor(std::string("enc_") + EncodingName(encoding) + ".parquet");
    ASSERT_NO_THROW(WriteTable(path, table, options));
    const FileReader reader = FileReader::Open(path);
    const auto& chunks = reader.metadata().row_groups.at(0).columns;
    for (size_t i = 0; i < table.num_columns(); ++i) {
      if (!overridden.count(table.column(i).name())) continue;
      const auto& encodings = chunks[i].meta_data->encodings;
      EXPECT_NE(std::find(encodings.begin(), encodings.end(), encoding), encodings.end())
          << table.column(i).name() << " does not list " << EncodingName(encoding);
      const bool dictionary = encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary;
      EXPECT_EQ(chunks[i].meta_data->dictionary_page_offset.has_value(), dictionary) << table.column(i).name();
    }
    ExpectSameTable(table, reader.ReadAll());
  }
}

TEST_P(RoundTrip, SeveralRowGroups) {
  const Table table = AllTypesTable(100);
  const std::string path = PathFor("groups.parquet");
  WriterOptions options = Options();
  options.row_group_rows = 7;
  WriteTable(path, table, options);
  const FileReader reader = FileReader::Open(path);
  ASSERT_EQ(reader.num_row_groups(), 15u);
  EXPECT_EQ(reader.num_rows(), 100);
  size_t offset = 0;
  for (size_t g = 0; g < reader.num_row_groups(); ++g) {
    SCOPED_TRACE("row group " + std::to_string(g));
    const Table group = reader.ReadRowGroup(g);
    EXPECT_EQ(group.num_rows(), g < 14 ? 7u : 2u);
    EXPECT_EQ(reader.metadata().row_groups[g].num_rows, static_cast<int64_t>(group.num_rows()));
    for (size_t i = 0; i < table.num_columns(); ++i) ExpectSameColumn(table.column(i), group.column(i), offset);
    offset += group.num_rows();
  }
  EXPECT_EQ(offset, 100u);
  ExpectSameTable(table, reader.ReadAll());
  EXPECT_THROW((void)reader.ReadRowGroup(15), ParquetError);
}

TEST_P(RoundTrip, ManySmallPages) {
  const Table table = AllTypesTable(400);
  const std::string path = PathFor("pages.parquet");
  WriterOptions options = Options();
  options.page_bytes = 64;
  WriteTable(path, table, options);
  const FileReader reader = FileReader::Open(path);
  const std::string file = FileBytes(path);
  const auto& chunks = reader.metadata().row_groups.at(0).columns;
  for (size_t i = 0; i < chunks.size(); ++i) {
    const PageCounts counts = CountPages(file, *chunks[i].meta_data);
    EXPECT_GE(counts.data, 5) << table.column(i).name();
    EXPECT_LE(counts.dictionary, 1) << table.column(i).name();
  }
  ExpectSameTable(table, reader.ReadAll());
}

TEST_P(RoundTrip, ManySmallPagesWithEveryEncoding) {
  const Table table = AllTypesTable(150);
  for (const Encoding encoding : ValueEncodings()) {
    SCOPED_TRACE(EncodingName(encoding));
    WriterOptions options = Options();
    options.page_bytes = 100;
    options.row_group_rows = 60;
    for (const Column& c : table.columns()) {
      if (Applies(encoding, FamilyOf(c.type()))) options.column_encodings[c.name()] = encoding;
    }
    const std::string path = PathFor(std::string("pages_") + EncodingName(encoding) + ".parquet");
    ASSERT_NO_THROW(WriteTable(path, table, options));
    const FileReader reader = FileReader::Open(path);
    EXPECT_EQ(reader.num_row_groups(), 3u);
    ExpectSameTable(table, reader.ReadAll());
  }
}

TEST_P(RoundTrip, ManySmallBatches) {
  const Table table = AllTypesTable(250);
  const std::string path = PathFor("batches.parquet");
  WriterOptions options = Options();
  options.row_group_rows = 40;
  {
    FileWriter writer(path, table, options);
    size_t row = 0, step = 1;
    while (row < table.num_rows()) {
      const size_t end = std::min(table.num_rows(), row + step);
      writer.Write(Slice(table, row, end));
      row = end;
      step = step % 9 + 1;
    }
    writer.Write(Slice(table, 0, 0));  // empty batch
    writer.Close();
  }
  const FileReader reader = FileReader::Open(path);
  EXPECT_EQ(reader.num_row_groups(), 7u);  // 6 × 40 + 10
  ExpectSameTable(table, reader.ReadAll());
}

TEST_P(RoundTrip, OneRow) {
  const Table table = AllTypesTable(1);
  const std::string path = PathFor("one.parquet");
  WriteTable(path, table, Options());
  const FileReader reader = FileReader::Open(path);
  EXPECT_EQ(reader.num_rows(), 1);
  ExpectSameTable(table, reader.ReadAll());
}

TEST_P(RoundTrip, ZeroRows) {
  const Table table = AllTypesTable(0);
  const std::string path = PathFor("zero.parquet");
  WriteTable(path, table, Options());
  const FileReader reader = FileReader::Open(path);
  EXPECT_EQ(reader.num_rows(), 0);
  const Table got = reader.ReadAll();
  ASSERT_EQ(got.num_columns(), table.num_columns());
  EXPECT_EQ(got.num_rows(), 0u);
  for (size_t i = 0; i < table.num_columns(); ++i) {
    EXPECT_EQ(got.column(i).name(), table.column(i).name());
    EXPECT_EQ(got.column(i).type(), table.column(i).type());
    EXPECT_EQ(got.column(i).nullable(), table.column(i).nullable());
  }
}

TEST_P(RoundTrip, AllNullColumns) {
  Table table;
  for (const Spec& spec : AllTypes()) {
    Column c(spec.name, spec.type, true);
    for (int i = 0; i < 20; ++i) c.AppendNull();
    table.AddColumn(std::move(c));
  }
  const std::string path = PathFor("nulls.parquet");
  WriteTable(path, table, Options());
  const FileReader reader = FileReader::Open(path);
  const Table got = reader.ReadAll();
  ExpectSameTable(table, got);
  for (const Column& c : got.columns()) EXPECT_EQ(c.null_count(), 20u) << c.name();
}

std::string ConfigName(const ::testing::TestParamInfo<Config>& info) {
  return std::string(CompressionName(info.param.codec)) + (info.param.version == PageVersion::kV1 ? "_V1" : "_V2");
}

INSTANTIATE_TEST_SUITE_P(
    CodecsAndPageVersions, RoundTrip,
    ::testing::Values(Config{Compression::kUncompressed, PageVersion::kV1}, Config{Compression::kUncompressed, PageVersion::kV2},
                      Config{Compression::kSnappy, PageVersion::kV1}, Config{Compression::kSnappy, PageVersion::kV2},
                      Config{Compression::kGzip, PageVersion::kV1}, Config{Compression::kGzip, PageVersion::kV2},
                      Config{Compression::kZstd, PageVersion::kV1}, Config{Compression::kZstd, PageVersion::kV2}),
    ConfigName);

// ---------------------------------------------------------------------------
// Single-configuration behaviour

class ParquetFiles : public ::testing::Test {
 protected:
  std::string PathFor(const std::string& name) const { return (dir_.path() / name).string(); }
  TempDir dir_;
};

TEST_F(ParquetFiles, InapplicableEncodingOverridesThrow) {
  const Table table = AllTypesTable(10);
  for (const Encoding encoding : ValueEncodings()) {
    for (const Column& c : table.columns()) {
      if (Applies(encoding, FamilyOf(c.type()))) continue;
      WriterOptions options;
      options.column_encodings[c.name()] = encoding;
      const std::string path = PathFor("bad.parquet");
      EXPECT_THROW(WriteTable(path, table, options), ParquetError)
          << EncodingName(encoding) << " on " << c.name();
      EXPECT_FALSE(std::filesystem::exists(path));
    }
  }
  // BIT_PACKED is not a value encoding at all.
  WriterOptions options;
  options.column_encodings["i32_req"] = Encoding::kBitPacked;
  EXPECT_THROW(WriteTable(PathFor("bad.parquet"), table, options), ParquetError);
  EXPECT_TRUE(FolderEntries(dir_.path()).empty());
}

TEST_F(ParquetFiles, Projection) {
  const Table table = AllTypesTable(50);
  const std::string path = PathFor("p.parquet");
  WriteTable(path, table, {});
  const FileReader reader = FileReader::Open(path);
  const std::vector<size_t> indices = reader.ColumnIndices({"str_opt", "i8_req", "dec38_opt"});
  ASSERT_EQ(indices.size(), 3u);
  EXPECT_EQ(reader.fields()[indices[0]].name, "str_opt");
  EXPECT_EQ(reader.fields()[indices[1]].name, "i8_req");
  EXPECT_EQ(reader.fields()[indices[2]].name, "dec38_opt");
  const Table got = reader.ReadAll(indices);
  ASSERT_EQ(got.num_columns(), 3u);
  ExpectSameColumn(table.column(std::string_view("str_opt")), got.column(0));
  ExpectSameColumn(table.column(std::string_view("i8_req")), got.column(1));
  ExpectSameColumn(table.column(std::string_view("dec38_opt")), got.column(2));
  const Table group = reader.ReadRowGroup(0, {indices[2], indices[0]});
  ASSERT_EQ(group.num_columns(), 2u);
  EXPECT_EQ(group.column(0).name(), "dec38_opt");
  EXPECT_EQ(group.column(1).name(), "str_opt");
  try {
    (void)reader.ColumnIndices({"i8_req", "no_such_column"});
    ADD_FAILURE() << "unknown column accepted";
  } catch (const ParquetError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_column"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)reader.ReadAll({table.num_columns()}), ParquetError);
}

TEST_F(ParquetFiles, StringDictionaryStorage) {
  Table table;
  Column s("s", ColumnType::Of(TypeKind::kString), true);
  Column b("b", ColumnType::Of(TypeKind::kBinary), false);
  for (int i = 0; i < 1000; ++i) {
    if (i % 11 == 5) {
      s.AppendNull();
    } else {
      s.AppendString(i % 3 == 0 ? "fire" : i % 3 == 1 ? "water" : "grass ✓");
    }
    b.AppendString(std::string(1, static_cast<char>(i % 4)));
  }
  table.AddColumn(s);
  table.AddColumn(b);
  const std::string path = PathFor("dict.parquet");
  WriterOptions options;
  options.row_group_rows = 300;
  WriteTable(path, table, options);

  ReaderOptions keep;
  keep.keep_dictionaries = true;
  // A single row group: every page of both columns is dictionary-encoded.
  const Table group = FileReader::Open(path, keep).ReadRowGroup(0);
  EXPECT_EQ(group.column(0).storage(), Storage::kDictionary) << "ReadRowGroup(0) of a dictionary-encoded chunk";
  const Table kept = FileReader::Open(path, keep).ReadAll();
  EXPECT_EQ(kept.column(0).storage(), Storage::kDictionary);
  EXPECT_EQ(kept.column(1).storage(), Storage::kDictionary);
  EXPECT_EQ(kept.column(0).dictionary().size(), 3u);
  EXPECT_EQ(kept.column(1).dictionary().size(), 4u);
  ExpectSameTable(table, kept);

  ReaderOptions plain;
  plain.keep_dictionaries = false;
  const Table flat = FileReader::Open(path, plain).ReadAll();
  EXPECT_EQ(flat.column(0).storage(), Storage::kBinary);
  EXPECT_EQ(flat.column(1).storage(), Storage::kBinary);
  ExpectSameTable(table, flat);
}

TEST_F(ParquetFiles, DictionaryStorageColumnsWrite) {
  Column s("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  for (int i = 0; i < 100; ++i) {
    if (i % 9 == 0) {
      s.AppendNull();
    } else {
      s.AppendString("v" + std::to_string(i % 6));
    }
  }
  Table table;
  table.AddColumn(s);
  for (const Encoding encoding : {Encoding::kRleDictionary, Encoding::kPlain, Encoding::kDeltaByteArray}) {
    WriterOptions options;
    options.column_encodings["s"] = encoding;
    options.row_group_rows = 30;
    const std::string path = PathFor(std::string("dictcol_") + EncodingName(encoding) + ".parquet");
    WriteTable(path, table, options);
    ExpectSameTable(table, FileReader::Open(path).ReadAll());
  }
}

// A string row group with only nulls has an empty dictionary (the null codes
// are 0, which the header allows). ReadAll merges it into the first group.
TEST_F(ParquetFiles, AllNullStringRowGroupAfterOthers) {
  Column s("s", ColumnType::Of(TypeKind::kString), true);
  for (int i = 0; i < 10; ++i) s.AppendString("x" + std::to_string(i % 2));
  for (int i = 0; i < 10; ++i) s.AppendNull();
  Table table;
  table.AddColumn(s);
  const std::string path = PathFor("nullgroup.parquet");
  WriterOptions options;
  options.row_group_rows = 10;
  WriteTable(path, table, options);
  const FileReader reader = FileReader::Open(path);
  ASSERT_EQ(reader.num_row_groups(), 2u);
  ExpectSameTable(table, reader.ReadAll());
}

// A dictionary-stored column holding only nulls (empty dictionary), written
// through the batching path (rows < row_group_rows).
TEST_F(ParquetFiles, AllNullDictionaryColumnWrites) {
  Column s("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  for (int i = 0; i < 5; ++i) s.AppendNull();
  Table table;
  table.AddColumn(s);
  const std::string path = PathFor("nulldict.parquet");
  WriteTable(path, table, {});
  ExpectSameTable(table, FileReader::Open(path).ReadAll());
}

// The same, with PLAIN pages written straight from the batch.
TEST_F(ParquetFiles, AllNullDictionaryColumnWritesPlain) {
  Column s("s", ColumnType::Of(TypeKind::kString), true, Storage::kDictionary);
  for (int i = 0; i < 5; ++i) s.AppendNull();
  Table table;
  table.AddColumn(s);
  const std::string path = PathFor("nulldict_plain.parquet");
  WriterOptions options;
  options.row_group_rows = 5;
  options.column_encodings["s"] = Encoding::kPlain;
  WriteTable(path, table, options);
  ExpectSameTable(table, FileReader::Open(path).ReadAll());
}

TEST_F(ParquetFiles, TinyDictionaryBudgetFallsBackToPlain) {
  Column s("s", ColumnType::Of(TypeKind::kString), false);
  for (int i = 0; i < 200; ++i) s.AppendString("distinct value number " + std::to_string(i));
  Table table;
  table.AddColumn(s);

  const std::string dict_path = PathFor("dict.parquet");
  WriteTable(dict_path, table, {});
  const FileReader dict_reader = FileReader::Open(dict_path);
  const ColumnMetaData& dict_meta = *dict_reader.metadata().row_groups.at(0).columns.at(0).meta_data;
  EXPECT_NE(std::find(dict_meta.encodings.begin(), dict_meta.encodings.end(), Encoding::kRleDictionary),
            dict_meta.encodings.end());
  EXPECT_TRUE(dict_meta.dictionary_page_offset.has_value());

  WriterOptions options;
  options.dictionary_max_bytes = 16;
  const std::string path = PathFor("fallback.parquet");
  WriteTable(path, table, options);
  const FileReader reader = FileReader::Open(path);
  const ColumnMetaData& meta = *reader.metadata().row_groups.at(0).columns.at(0).meta_data;
  EXPECT_EQ(meta.encodings, std::vector<Encoding>{Encoding::kPlain});
  EXPECT_FALSE(meta.dictionary_page_offset.has_value());
  const Table got = reader.ReadAll();
  EXPECT_EQ(got.column(0).storage(), Storage::kBinary);
  ExpectSameTable(table, got);

  // An explicit dictionary override that does not fit is an error, not a
  // silent fallback.
  options.column_encodings["s"] = Encoding::kRleDictionary;
  EXPECT_THROW(WriteTable(PathFor("forced.parquet"), table, options), ParquetError);
}

std::string LE32(int32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string LE64(int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string LEDouble(double v) { return std::string(reinterpret_cast<const char*>(&v), 8); }

TEST_F(ParquetFiles, StatisticsInMetadata) {
  Column i("i", ColumnType::Of(TypeKind::kInt64), true);
  Column i32("i32", ColumnType::Of(TypeKind::kInt32), false);
  Column d("d", ColumnType::Of(TypeKind::kDouble), true);
  Column s("s", ColumnType::Of(TypeKind::kString), true);
  Column u("u", ColumnType::Of(TypeKind::kUInt64), false);
  const int64_t ints[] = {5, -3, 0, 10, 7};
  const int64_t ints32[] = {7, -9, 3, 100, -2};
  const double doubles[] = {2.5, std::nan(""), -1.25, 7.0, 0.0};
  const char* strings[] = {"mango", "apple", nullptr, "zebra", "kiwi"};
  const int64_t unsigned_bits[] = {1, -1, 5, 0, 1000};  // -1 is the largest UINT64
  for (size_t r = 0; r < 5; ++r) {
    if (r == 2) {
      i.AppendNull();
    } else {
      i.AppendInt(ints[r]);
    }
    i32.AppendInt(ints32[r]);
    if (r == 4) {
      d.AppendNull();
    } else {
      d.AppendDouble(doubles[r]);
    }
    if (strings[r] == nullptr) {
      s.AppendNull();
    } else {
      s.AppendString(strings[r]);
    }
    u.AppendInt(unsigned_bits[r]);
  }
  Table table;
  table.AddColumn(i);
  table.AddColumn(i32);
  table.AddColumn(d);
  table.AddColumn(s);
  table.AddColumn(u);
  const std::string path = PathFor("stats.parquet");
  WriteTable(path, table, {});
  const FileReader reader = FileReader::Open(path);
  const auto& chunks = reader.metadata().row_groups.at(0).columns;
  const auto stats = [&](size_t c) -> const Statistics& { return chunks.at(c).meta_data->statistics.value(); };

  EXPECT_EQ(stats(0).min_value, LE64(-3));
  EXPECT_EQ(stats(0).max_value, LE64(10));
  EXPECT_EQ(stats(0).null_count, std::optional<int64_t>(1));

  EXPECT_EQ(stats(1).min_value, LE32(-9));
  EXPECT_EQ(stats(1).max_value, LE32(100));
  EXPECT_EQ(stats(1).null_count, std::optional<int64_t>(0));

  EXPECT_EQ(stats(2).min_value, LEDouble(-1.25));
  EXPECT_EQ(stats(2).max_value, LEDouble(7.0));
  EXPECT_EQ(stats(2).null_count, std::optional<int64_t>(1));

  EXPECT_EQ(stats(3).min_value, std::optional<std::string>("apple"));
  EXPECT_EQ(stats(3).max_value, std::optional<std::string>("zebra"));
  EXPECT_EQ(stats(3).null_count, std::optional<int64_t>(1));

  EXPECT_EQ(stats(4).min_value, LE64(0));
  EXPECT_EQ(stats(4).max_value, LE64(-1));
  EXPECT_EQ(stats(4).null_count, std::optional<int64_t>(0));
}

TEST_F(ParquetFiles, StatisticsForZerosUseSignedZeros) {
  Column d("d", ColumnType::Of(TypeKind::kDouble), false);
  d.AppendDouble(0.0);
  d.AppendDouble(-0.0);
  Table table;
  table.AddColumn(d);
  const std::string path = PathFor("zeros.parquet");
  WriteTable(path, table, {});
  const FileReader reader = FileReader::Open(path);
  const Statistics& stats = reader.metadata().row_groups.at(0).columns.at(0).meta_data->statistics.value();
  EXPECT_EQ(stats.min_value, LEDouble(-0.0));
  EXPECT_EQ(stats.max_value, LEDouble(0.0));
}

TEST_F(ParquetFiles, KeyValueMetadataAndCreatedBy) {
  const Table table = AllTypesTable(3);
  WriterOptions options;
  options.key_value_metadata = {{"origin", "unit test"}, {"empty", ""}, {"json", "{\"a\": [1, 2]}"}};
  options.created_by = "roundtrip test 1.0";
  const std::string path = PathFor("kv.parquet");
  WriteTable(path, table, options);
  const FileReader reader = FileReader::Open(path);
  const auto& kv = reader.metadata().key_value_metadata;
  ASSERT_EQ(kv.size(), 3u);
  EXPECT_EQ(kv[0].key, "origin");
  EXPECT_EQ(kv[0].value, std::optional<std::string>("unit test"));
  EXPECT_EQ(kv[1].key, "empty");
  EXPECT_EQ(kv[1].value, std::optional<std::string>(""));
  EXPECT_EQ(kv[2].key, "json");
  EXPECT_EQ(kv[2].value, std::optional<std::string>("{\"a\": [1, 2]}"));
  EXPECT_EQ(reader.metadata().created_by, std::optional<std::string>("roundtrip test 1.0"));
}

TEST_F(ParquetFiles, TempFileUntilClose) {
  const Table table = AllTypesTable(20);
  const std::string path = PathFor("final.parquet");
  {
    FileWriter writer(path, table, {});
    writer.Write(table);
    EXPECT_FALSE(std::filesystem::exists(path));
    const auto entries = FolderEntries(dir_.path());
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_NE(entries[0], "final.parquet");
    writer.Close();
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(FolderEntries(dir_.path()), std::vector<std::string>{"final.parquet"});
    writer.Close();  // idempotent
  }
  EXPECT_EQ(FolderEntries(dir_.path()), std::vector<std::string>{"final.parquet"});
  ExpectSameTable(table, FileReader::Open(path).ReadAll());
  EXPECT_THROW(
      {
        FileWriter writer(PathFor("again.parquet"), table, {});
        writer.Close();
        writer.Write(table);
      },
      ParquetError);
}

TEST_F(ParquetFiles, WriterDestroyedWithoutCloseLeavesNothing) {
  const Table table = AllTypesTable(20);
  const std::string path = PathFor("abandoned.parquet");
  {
    FileWriter writer(path, table, {});
    writer.Write(table);
    EXPECT_EQ(FolderEntries(dir_.path()).size(), 1u);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(FolderEntries(dir_.path()).empty());
  {
    WriterOptions options;
    options.row_group_rows = 5;  // row groups already on disk
    FileWriter writer(path, table, options);
    writer.Write(table);
  }
  EXPECT_TRUE(FolderEntries(dir_.path()).empty());
}

TEST_F(ParquetFiles, WriterRejectsBadSchemaAndFolder) {
  EXPECT_THROW(FileWriter(PathFor("empty.parquet"), Table(), {}), ParquetError);
  EXPECT_THROW(FileWriter((dir_.path() / "missing" / "x.parquet").string(), AllTypesTable(1), {}), ParquetError);
  WriterOptions zero;
  zero.row_group_rows = 0;
  EXPECT_THROW(FileWriter(PathFor("zero.parquet"), AllTypesTable(1), zero), ParquetError);
  EXPECT_TRUE(FolderEntries(dir_.path()).empty());
}

TEST_F(ParquetFiles, SchemaMismatchOnWriteThrows) {
  Table schema;
  schema.AddColumn(Column("a", ColumnType::Of(TypeKind::kInt64), false));
  schema.AddColumn(Column("b", ColumnType::Of(TypeKind::kString), true));
  const std::string path = PathFor("mismatch.parquet");
  FileWriter writer(path, schema, {});

  Table renamed;
  renamed.AddColumn(Column("a", ColumnType::Of(TypeKind::kInt64), false));
  renamed.AddColumn(Column("c", ColumnType::Of(TypeKind::kString), true));
  EXPECT_THROW(writer.Write(renamed), ParquetError);

  Table retyped;
  retyped.AddColumn(Column("a", ColumnType::Of(TypeKind::kInt32), false));
  retyped.AddColumn(Column("b", ColumnType::Of(TypeKind::kString), true));
  EXPECT_THROW(writer.Write(retyped), ParquetError);

  Table narrower;
  narrower.AddColumn(Column("a", ColumnType::Of(TypeKind::kInt64), false));
  EXPECT_THROW(writer.Write(narrower), ParquetError);

  Table nullable;
  nullable.AddColumn(Column("a", ColumnType::Of(TypeKind::kInt64), true));
  nullable.AddColumn(Column("b", ColumnType::Of(TypeKind::kString), true));
  EXPECT_THROW(writer.Write(nullable), ParquetError);

  Table reordered;
  reordered.AddColumn(Column("b", ColumnType::Of(TypeKind::kString), true));
  reordered.AddColumn(Column("a", ColumnType::Of(TypeKind::kInt64), false));
  EXPECT_THROW(writer.Write(reordered), ParquetError);

  // A matching batch is still accepted afterwards.
  Table good;
  Column a("a", ColumnType::Of(TypeKind::kInt64), false);
  a.AppendInt(42);
  Column b("b", ColumnType::Of(TypeKind::kString), true);
  b.AppendNull();
  good.AddColumn(a);
  good.AddColumn(b);
  writer.Write(good);
  writer.Close();
  const Table got = FileReader::Open(path).ReadAll();
  ASSERT_EQ(got.num_rows(), 1u);
  EXPECT_EQ(got.column(0).ints()[0], 42);
  EXPECT_TRUE(got.column(1).IsNull(0));
}

TEST_F(ParquetFiles, FixedBinaryWrongWidthThrows) {
  Column f("f", ColumnType::FixedBinary(4), false);
  f.AppendString("abc");
  Table table;
  table.AddColumn(f);
  EXPECT_THROW(WriteTable(PathFor("w.parquet"), table, {}), ParquetError);
  EXPECT_TRUE(FolderEntries(dir_.path()).empty());
}

TEST_F(ParquetFiles, DescribedPhysicalTypes) {
  const Table table = AllTypesTable(2);
  const std::string path = PathFor("phys.parquet");
  WriteTable(path, table, {});
  const FileReader reader = FileReader::Open(path);
  std::map<std::string, PhysicalType> physical;
  for (const Field& f : reader.fields()) physical[f.name] = f.physical;
  EXPECT_EQ(physical["bool_req"], PhysicalType::kBoolean);
  EXPECT_EQ(physical["u32_req"], PhysicalType::kInt32);
  EXPECT_EQ(physical["u64_req"], PhysicalType::kInt64);
  EXPECT_EQ(physical["date_req"], PhysicalType::kInt32);
  EXPECT_EQ(physical["time_ms_req"], PhysicalType::kInt32);
  EXPECT_EQ(physical["time_us_req"], PhysicalType::kInt64);
  EXPECT_EQ(physical["dec9_req"], PhysicalType::kInt32);
  EXPECT_EQ(physical["dec18_req"], PhysicalType::kInt64);
  EXPECT_EQ(physical["dec38_req"], PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(physical["fixed16_req"], PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(physical["str_req"], PhysicalType::kByteArray);
  EXPECT_EQ(physical["f32_req"], PhysicalType::kFloat);
}

}  // namespace
}  // namespace pdex::parquet
