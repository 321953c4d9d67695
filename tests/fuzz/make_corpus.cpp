// Writes the seed corpus of tests/fuzz/ with the project's own writer: small
// valid files covering every column type, value encoding, codec and data page
// version the writer supports. Deterministic; every file stays under 8 KB.
//
//   parquet_make_corpus OUT_DIR
//
// See README.md for how the corpus is refreshed (DuckDB files included).
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/table.h"
#include "parquet/writer.h"

namespace {

using namespace pdex::parquet;

// A tiny deterministic generator (no std::random distributions, whose output
// differs between standard libraries).
class Lcg {
 public:
  uint64_t Next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return state_ >> 17;
  }
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool OneIn(uint64_t n) { return Next() % n == 0; }

 private:
  uint64_t state_ = 42;
};

// Every type the writer supports, one column each.
struct Spec {
  std::string name;
  ColumnType type;
};

std::vector<Spec> AllTypes() {
  return {
      {"b", ColumnType::Of(TypeKind::kBoolean)},
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
      {"s", ColumnType::Of(TypeKind::kString)},
      {"bin", ColumnType::Of(TypeKind::kBinary)},
      {"fixed", ColumnType::FixedBinary(4)},
      {"date", ColumnType::Of(TypeKind::kDate)},
      {"time_ms", ColumnType::Time(TimeUnit::kMillis, true)},
      {"time_us", ColumnType::Time(TimeUnit::kMicros, false)},
      {"ts_ms", ColumnType::Timestamp(TimeUnit::kMillis, true)},
      {"ts_us", ColumnType::Timestamp(TimeUnit::kMicros, false)},
      {"ts_ns", ColumnType::Timestamp(TimeUnit::kNanos, true)},
      {"dec9", ColumnType::Decimal(9, 2)},
      {"dec18", ColumnType::Decimal(18, 4)},
      {"dec38", ColumnType::Decimal(38, 10)},
  };
}

// Appends one plausible value of `column`'s type.
void AppendValue(Column& column, Lcg& rng, size_t row) {
  const ColumnType& t = column.type();
  switch (t.kind) {
    case TypeKind::kBoolean: column.AppendInt(rng.Range(0, 1)); return;
    case TypeKind::kInt8: column.AppendInt(rng.Range(-128, 127)); return;
    case TypeKind::kInt16: column.AppendInt(rng.Range(-32768, 32767)); return;
    case TypeKind::kInt32: column.AppendInt(rng.Range(-2000000000, 2000000000)); return;
    case TypeKind::kInt64: column.AppendInt(static_cast<int64_t>(rng.Next()) - (int64_t{1} << 45)); return;
    case TypeKind::kUInt8: column.AppendInt(rng.Range(0, 255)); return;
    case TypeKind::kUInt16: column.AppendInt(rng.Range(0, 65535)); return;
    case TypeKind::kUInt32: column.AppendInt(rng.Range(0, 4000000000)); return;
    case TypeKind::kUInt64: column.AppendInt(static_cast<int64_t>(rng.Next() << 17)); return;
    case TypeKind::kFloat: column.AppendDouble(static_cast<double>(static_cast<float>(rng.Range(-1000, 1000)) / 8.0f)); return;
    case TypeKind::kDouble: column.AppendDouble(static_cast<double>(rng.Range(-100000, 100000)) / 7.0); return;
    case TypeKind::kString: {
      static const char* const kWords[] = {"pikachu", "bulbasaur", "", "mew", "ĉevalo", "charmander", "eevee"};
      column.AppendString(kWords[rng.Next() % 7]);
      return;
    }
    case TypeKind::kBinary: {
      std::string bytes(static_cast<size_t>(rng.Range(0, 6)), '\0');
      for (char& c : bytes) c = static_cast<char>(rng.Next() & 0xff);
      column.AppendString(bytes);
      return;
    }
    case TypeKind::kFixedBinary: {
      std::string bytes(static_cast<size_t>(t.byte_width), '\0');
      for (char& c : bytes) c = static_cast<char>(rng.Next() & 0xff);
      column.AppendString(bytes);
      return;
    }
    case TypeKind::kDate: column.AppendInt(rng.Range(-1000, 30000)); return;
    case TypeKind::kTime:
      column.AppendInt(t.unit == TimeUnit::kMillis ? rng.Range(0, 86399999) : rng.Range(0, 86399999999));
      return;
    case TypeKind::kTimestamp: column.AppendInt(1600000000000 + rng.Range(0, 1000000000) + static_cast<int64_t>(row)); return;
    case TypeKind::kDecimal:
      if (t.precision > kMaxInt64DecimalPrecision) {
        // 16-byte big-endian two's complement.
        std::string bytes(16, '\0');
        const int64_t v = rng.Range(-1000000000, 1000000000);
        for (int i = 0; i < 16; ++i) {
          bytes[static_cast<size_t>(15 - i)] = static_cast<char>(i < 8 ? (static_cast<uint64_t>(v) >> (8 * i)) & 0xff : (v < 0 ? 0xff : 0));
        }
        column.AppendString(bytes);
      } else {
        column.AppendInt(t.precision <= 9 ? rng.Range(-99999999, 99999999) : rng.Range(-999999999999, 999999999999));
      }
      return;
  }
}

Table MakeTable(const std::vector<Spec>& specs, size_t rows, bool nullable, uint64_t null_one_in, Lcg& rng) {
  std::vector<Column> columns;
  for (const Spec& spec : specs) {
    Column column(spec.name, spec.type, nullable);
    for (size_t r = 0; r < rows; ++r) {
      if (nullable && null_one_in > 0 && rng.OneIn(null_one_in)) {
        column.AppendNull();
      } else {
        AppendValue(column, rng, r);
      }
    }
    columns.push_back(std::move(column));
  }
  return Table(std::move(columns));
}

std::vector<Spec> Pick(const std::vector<std::string>& names) {
  std::vector<Spec> out;
  for (const Spec& spec : AllTypes()) {
    for (const std::string& name : names) {
      if (spec.name == name) out.push_back(spec);
    }
  }
  return out;
}

WriterOptions Options(Compression codec, PageVersion version) {
  WriterOptions options;
  options.compression = codec;
  options.page_version = version;
  options.created_by = "pdex parquet (tests/fuzz/make_corpus)";
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path out = argv[1];
  try {
    std::filesystem::create_directories(out);
    const auto write = [&](const std::string& name, const Table& table, const WriterOptions& options) {
      const std::string path = (out / (name + ".parquet")).string();
      WriteTable(path, table, options);
      std::printf("%8ju  %s\n", static_cast<uintmax_t>(std::filesystem::file_size(path)), path.c_str());
    };
    Lcg rng;

    // Every type, default encodings (PLAIN; RLE_DICTIONARY for strings), each codec and page version.
    write("types_optional_plain_uncompressed_v1", MakeTable(AllTypes(), 12, true, 4, rng),
          Options(Compression::kUncompressed, PageVersion::kV1));
    write("types_optional_snappy_v2", MakeTable(AllTypes(), 12, true, 3, rng), Options(Compression::kSnappy, PageVersion::kV2));
    write("types_required_gzip_v1", MakeTable(AllTypes(), 10, false, 0, rng), Options(Compression::kGzip, PageVersion::kV1));
    write("types_required_zstd_v2", MakeTable(AllTypes(), 10, false, 0, rng), Options(Compression::kZstd, PageVersion::kV2));
    write("types_all_null_uncompressed_v2", MakeTable(AllTypes(), 5, true, 1, rng),
          Options(Compression::kUncompressed, PageVersion::kV2));

    // Dictionary encodings on every type that allows them.
    {
      const auto specs = Pick({"i32", "i64", "f32", "f64", "s", "bin", "fixed", "dec18", "ts_us"});
      WriterOptions options = Options(Compression::kSnappy, PageVersion::kV1);
      for (const Spec& spec : specs) options.column_encodings[spec.name] = Encoding::kRleDictionary;
      Lcg dict_rng;
      Table table = MakeTable(specs, 40, true, 6, dict_rng);
      write("dict_rle_dictionary_snappy_v1", table, options);
      for (const Spec& spec : specs) options.column_encodings[spec.name] = Encoding::kPlainDictionary;
      options.compression = Compression::kUncompressed;
      write("dict_plain_dictionary_uncompressed_v1", table, options);
      options = Options(Compression::kZstd, PageVersion::kV2);
      for (const Spec& spec : specs) options.column_encodings[spec.name] = Encoding::kRleDictionary;
      write("dict_rle_dictionary_zstd_v2", table, options);
    }
    // Strings whose dictionary outgrows the limit: the writer falls back to PLAIN.
    {
      WriterOptions options = Options(Compression::kUncompressed, PageVersion::kV1);
      options.dictionary_max_bytes = 16;
      Column s("s", ColumnType::Of(TypeKind::kString), true);
      for (int i = 0; i < 30; ++i) {
        if (i % 7 == 3) {
          s.AppendNull();
        } else {
          s.AppendString("value-" + std::to_string(i * 37));
        }
      }
      write("dict_fallback_plain_strings_v1", Table({s}), options);
    }

    // Dictionary-encoded strings with pages of nulls only: an all-null
    // chunk (empty dictionary) and a chunk whose first pages are all null.
    {
      WriterOptions options = Options(Compression::kUncompressed, PageVersion::kV1);
      options.page_bytes = 16;
      options.column_encodings["s"] = Encoding::kRleDictionary;
      Column s("s", ColumnType::Of(TypeKind::kString), true);
      for (int i = 0; i < 24; ++i) {
        if (i < 12 || i % 3 == 0) {
          s.AppendNull();
        } else {
          s.AppendString(i % 2 == 0 ? "ditto" : "mew");
        }
      }
      options.row_group_rows = 12;
      write("dict_strings_null_pages_v1", Table({s}), options);
    }

    // DELTA_BINARY_PACKED.
    {
      const auto specs = Pick({"i8", "i32", "i64", "u32", "u64", "date", "ts_ns", "dec9", "dec18"});
      WriterOptions options = Options(Compression::kUncompressed, PageVersion::kV2);
      for (const Spec& spec : specs) options.column_encodings[spec.name] = Encoding::kDeltaBinaryPacked;
      write("delta_binary_packed_uncompressed_v2", MakeTable(specs, 150, true, 9, rng), options);
      options.page_version = PageVersion::kV1;
      options.compression = Compression::kGzip;
      write("delta_binary_packed_required_gzip_v1", MakeTable(specs, 70, false, 0, rng), options);
    }
    // DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY.
    {
      const auto specs = Pick({"s", "bin"});
      WriterOptions options = Options(Compression::kGzip, PageVersion::kV1);
      for (const Spec& spec : specs) options.column_encodings[spec.name] = Encoding::kDeltaLengthByteArray;
      write("delta_length_byte_array_gzip_v1", MakeTable(specs, 40, true, 5, rng), options);
      const auto specs2 = Pick({"s", "bin", "fixed", "dec38"});
      options = Options(Compression::kZstd, PageVersion::kV2);
      for (const Spec& spec : specs2) options.column_encodings[spec.name] = Encoding::kDeltaByteArray;
      write("delta_byte_array_zstd_v2", MakeTable(specs2, 40, true, 5, rng), options);
    }
    // BYTE_STREAM_SPLIT on floating point and fixed-width columns.
    {
      const auto specs = Pick({"f32", "f64", "i32", "i64", "fixed", "dec38"});
      WriterOptions options = Options(Compression::kSnappy, PageVersion::kV2);
      for (const Spec& spec : specs) options.column_encodings[spec.name] = Encoding::kByteStreamSplit;
      write("byte_stream_split_snappy_v2", MakeTable(specs, 30, true, 6, rng), options);
    }
    // RLE booleans, both page versions.
    {
      const auto specs = Pick({"b"});
      WriterOptions options = Options(Compression::kUncompressed, PageVersion::kV1);
      options.column_encodings["b"] = Encoding::kRle;
      write("rle_boolean_uncompressed_v1", MakeTable(specs, 100, true, 5, rng), options);
      options.page_version = PageVersion::kV2;
      options.compression = Compression::kZstd;
      write("rle_boolean_required_zstd_v2", MakeTable(specs, 100, false, 0, rng), options);
    }
    // Several row groups and several pages per chunk (tiny limits).
    {
      const auto specs = Pick({"i64", "s", "f64", "b"});
      WriterOptions options = Options(Compression::kSnappy, PageVersion::kV1);
      options.row_group_rows = 25;
      options.page_bytes = 64;
      options.key_value_metadata = {{"origin", "make_corpus"}, {"pdex.schema", "{\"v\":1}"}};
      write("multi_row_groups_small_pages_snappy_v1", MakeTable(specs, 100, true, 7, rng), options);
      options.page_version = PageVersion::kV2;
      options.compression = Compression::kUncompressed;
      options.column_encodings["i64"] = Encoding::kDeltaBinaryPacked;
      options.column_encodings["s"] = Encoding::kDeltaByteArray;
      write("multi_row_groups_small_pages_delta_v2", MakeTable(specs, 100, true, 7, rng), options);
    }
    // No rows at all.
    write("empty_zero_rows", MakeTable(Pick({"i32", "s", "f64"}), 0, true, 0, rng),
          Options(Compression::kSnappy, PageVersion::kV1));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_corpus: %s\n", e.what());
    return 1;
  }
  return 0;
}
