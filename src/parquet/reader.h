// Reads flat Parquet files (Apache Parquet format, Thrift compact metadata)
// into Tables, one row group at a time or whole, with column projection.
//
// Every malformed input throws ParquetError with a message naming what is
// wrong; allocations are bounded by ReaderOptions, never by a number the
// file claims. A FileReader is immutable after construction: ReadRowGroup may
// be called from several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parquet/file.h"
#include "parquet/metadata.h"
#include "parquet/table.h"

namespace pdex::parquet {

struct ReaderOptions {
  // Largest page accepted, compressed or decompressed (decompression bombs
  // stop here).
  uint64_t max_page_bytes = 256ull << 20;
  // Largest row group accepted, in rows; values are decoded page by page, so
  // memory grows with what the pages really hold.
  uint64_t max_row_group_rows = 1ull << 28;
  // Strings whose pages are all dictionary-encoded come back as dictionary
  // codes (cheap for categorical columns) instead of plain strings.
  bool keep_dictionaries = true;
};

// One leaf column of a flat schema, as the reader exposes it.
struct Field {
  std::string name;
  ColumnType type;
  bool nullable = true;
  PhysicalType physical = PhysicalType::kDouble;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
};

class FileReader {
 public:
  // Reads and checks the footer. Throws ParquetError (with the path) on a
  // missing, truncated, corrupt or nested-schema file.
  static FileReader Open(const std::string& path, ReaderOptions options = {});
  explicit FileReader(std::unique_ptr<RandomAccessFile> file, ReaderOptions options = {});

  const std::vector<Field>& fields() const { return fields_; }
  const FileMetaData& metadata() const { return metadata_; }
  int64_t num_rows() const { return metadata_.num_rows; }
  size_t num_row_groups() const { return metadata_.row_groups.size(); }

  // Indices of the named columns, in the order given; throws ParquetError
  // naming an unknown column.
  std::vector<size_t> ColumnIndices(const std::vector<std::string>& names) const;

  // Decodes one row group; `columns` are field indices (empty = all), and the
  // table's columns follow that order.
  Table ReadRowGroup(size_t row_group, const std::vector<size_t>& columns = {}) const;
  // Every row group concatenated (dictionaries merged).
  Table ReadAll(const std::vector<size_t>& columns = {}) const;

 private:
  // `columns`, or every field when empty; throws on an index out of range.
  std::vector<size_t> Selected(const std::vector<size_t>& columns) const;

  std::unique_ptr<RandomAccessFile> file_;
  ReaderOptions options_;
  FileMetaData metadata_;
  std::vector<Field> fields_;
};

}  // namespace pdex::parquet
