// libFuzzer target for the Parquet reader (src/parquet/reader.h).
//
// Opens the input with FileReader over a MemoryFile, decodes every row group
// (all columns, then a projection of the last column with plain string
// storage, and the whole file when it is small), and walks every decoded value, checking the invariants the
// Table API promises. Only ParquetError is an acceptable outcome for bad
// input: any other exception escapes to libFuzzer (reported as a crash), and
// a broken invariant traps.
//
// Build and run: see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parquet/file.h"
#include "parquet/reader.h"
#include "parquet/table.h"

namespace {

using pdex::parquet::Column;
using pdex::parquet::Field;
using pdex::parquet::FileReader;
using pdex::parquet::ParquetError;
using pdex::parquet::ReaderOptions;
using pdex::parquet::Storage;
using pdex::parquet::Table;
using pdex::parquet::TypeKind;

// An invariant the reader promises does not hold: a finding.
inline void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// Tight limits: a page may not exceed 4 MiB and a row group 1 Mi rows, so a
// file that legitimately claims a large page or row group is refused with a
// ParquetError before the reader allocates for it. With the defaults (256 MiB
// pages, 2^28 rows) such a claim would trip libFuzzer's -malloc_limit_mb /
// -rss_limit_mb and be reported as a false finding.
ReaderOptions FuzzOptions() {
  ReaderOptions options;
  options.max_page_bytes = 4u << 20;
  options.max_row_group_rows = 1u << 20;
  return options;
}

// Above this many decoded values (rows x columns) the columns of a row group
// are decoded one at a time: a tiny file may legitimately hold 1 Mi rows of a
// run-length-encoded column in each of hundreds of column chunks (all
// pointing at the same bytes), and holding all of them at once would exceed
// libFuzzer's RSS limit without being a reader bug.
constexpr uint64_t kMaxValuesAtOnce = 1u << 22;
// ReadAll (which concatenates row groups and merges dictionaries) only for
// files this small in total.
constexpr uint64_t kMaxValuesReadAll = 1u << 18;

volatile uint64_t g_sink = 0;

void CheckBinary(const pdex::parquet::BinaryData& data, size_t expected_size) {
  Check(data.size() == expected_size);
  const auto& offsets = data.offsets();
  Check(offsets.size() == expected_size + 1);
  Check(offsets.front() == 0);
  Check(offsets.back() == data.bytes().size());
  for (size_t i = 1; i < offsets.size(); ++i) Check(offsets[i - 1] <= offsets[i]);
}

// Walks one decoded column of `rows` rows read for `field`.
uint64_t TouchColumn(const Column& column, const Field& field, size_t rows) {
  Check(column.size() == rows);
  Check(column.name() == field.name);
  Check(column.type() == field.type);
  Check(column.validity().empty() || column.validity().size() == rows);
  if (!field.nullable) Check(column.null_count() == 0);
  uint64_t acc = column.null_count();
  const TypeKind kind = column.type().kind;
  switch (column.storage()) {
    case Storage::kInt64: {
      Check(column.ints().size() == rows);
      for (size_t r = 0; r < rows; ++r) {
        const int64_t v = column.ints()[r];
        if (column.IsNull(r)) continue;
        if (kind == TypeKind::kBoolean) Check(v == 0 || v == 1);
        acc += static_cast<uint64_t>(v);
      }
      break;
    }
    case Storage::kDouble: {
      Check(column.doubles().size() == rows);
      for (size_t r = 0; r < rows; ++r) {
        const double v = column.doubles()[r];
        if (!column.IsNull(r) && v == v) acc += 1;
      }
      break;
    }
    case Storage::kBinary:
      CheckBinary(column.binary(), rows);
      break;
    case Storage::kDictionary: {
      Check(column.codes().size() == rows);
      const auto& dictionary = column.dictionary();
      CheckBinary(dictionary, dictionary.size());
      for (size_t r = 0; r < rows; ++r) {
        if (column.IsNull(r)) continue;
        const int32_t code = column.codes()[r];
        Check(code >= 0 && static_cast<size_t>(code) < dictionary.size());
      }
      break;
    }
  }
  if (column.storage() == Storage::kBinary || column.storage() == Storage::kDictionary) {
    for (size_t r = 0; r < rows; ++r) {
      if (column.IsNull(r)) continue;
      const std::string_view value = column.StringAt(r);
      if (kind == TypeKind::kFixedBinary) Check(value.size() == static_cast<size_t>(column.type().byte_width));
      if (kind == TypeKind::kDecimal) Check(value.size() == 16);
      acc += value.size();
      if (!value.empty()) acc += uint64_t{static_cast<unsigned char>(value.front())} + static_cast<unsigned char>(value.back());
    }
  }
  return acc;
}

void TouchTable(const Table& table, const FileReader& reader, const std::vector<size_t>& columns, size_t rows) {
  Check(table.num_columns() == columns.size());
  uint64_t acc = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    acc += TouchColumn(table.column(i), reader.fields()[columns[i]], rows);
  }
  g_sink = g_sink + acc;
}

void Fuzz(std::string_view bytes) {
  const FileReader reader(pdex::parquet::MemoryFile(bytes), FuzzOptions());
  // The projection is read with plain string storage (keep_dictionaries
  // off), the full row groups with the default (dictionary codes kept).
  ReaderOptions plain_options = FuzzOptions();
  plain_options.keep_dictionaries = false;
  const FileReader plain_reader(pdex::parquet::MemoryFile(bytes), plain_options);
  const size_t num_fields = reader.fields().size();
  std::vector<size_t> all(num_fields);
  for (size_t i = 0; i < num_fields; ++i) all[i] = i;

  for (size_t g = 0; g < reader.num_row_groups(); ++g) {
    const int64_t claimed = reader.metadata().row_groups[g].num_rows;
    Check(claimed >= 0 && static_cast<uint64_t>(claimed) <= FuzzOptions().max_row_group_rows);
    const auto rows = static_cast<size_t>(claimed);
    if (num_fields == 0) continue;
    try {
      if (static_cast<uint64_t>(rows) * num_fields <= kMaxValuesAtOnce) {
        const Table table = reader.ReadRowGroup(g);
        TouchTable(table, reader, all, rows);
      } else {
        for (size_t c = 0; c < num_fields; ++c) {
          const Table table = reader.ReadRowGroup(g, {c});
          TouchTable(table, reader, {c}, rows);
        }
      }
    } catch (const ParquetError&) {
      // A bad row group must not stop the others from being tried.
    }
    try {
      const std::vector<size_t> last = {num_fields - 1};
      const Table table = plain_reader.ReadRowGroup(g, last);
      TouchTable(table, plain_reader, last, rows);
    } catch (const ParquetError&) {
    }
  }

  if (num_fields > 0 && static_cast<uint64_t>(reader.num_rows()) * num_fields <= kMaxValuesReadAll) {
    const Table table = reader.ReadAll();
    TouchTable(table, reader, all, static_cast<size_t>(reader.num_rows()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    Fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const ParquetError&) {
    // The expected outcome for malformed input.
  }
  return 0;
}
