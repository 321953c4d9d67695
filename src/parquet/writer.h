// Writes Tables as flat Parquet files. The file appears under its final name
// only when complete: it is written to a temporary name in the same folder,
// synced, then renamed. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/table.h"

namespace pdex::parquet {

enum class PageVersion : uint8_t { kV1, kV2 };

struct WriterOptions {
  Compression compression = Compression::kSnappy;
  // Codec level; 0 = the codec's default (ZSTD 3, GZIP 6).
  int compression_level = 0;
  // Rows per row group; batches are buffered until a group is full.
  size_t row_group_rows = 1 << 20;
  // Target uncompressed size of a data page.
  size_t page_bytes = 1 << 20;
  PageVersion page_version = PageVersion::kV1;
  // String and binary columns are dictionary-encoded (RLE_DICTIONARY) unless
  // the dictionary grows past this many bytes, then PLAIN.
  size_t dictionary_max_bytes = 1 << 20;
  // Per-column encoding overrides, by column name: PLAIN, PLAIN_DICTIONARY,
  // RLE_DICTIONARY, RLE (booleans), DELTA_BINARY_PACKED (INT32/INT64),
  // DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (BYTE_ARRAY),
  // BYTE_STREAM_SPLIT (FLOAT/DOUBLE, and fixed-width since format 2.11).
  std::map<std::string, Encoding> column_encodings;
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
  std::string created_by = "pdex parquet";
};

class FileWriter {
 public:
  // Starts `path` (through a temporary file). The schema is the columns'
  // names, types and nullability. Throws ParquetError if the folder is not
  // writable or the schema is empty or has duplicate names.
  FileWriter(std::string path, const Table& schema, WriterOptions options = {});
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;
  // Removes the temporary file if Close() was not reached.
  ~FileWriter();

  // Appends rows; `batch` has the schema's columns in the same order.
  void Write(const Table& batch);
  // Flushes the last row group, writes the footer, syncs and renames.
  void Close();

 private:
  void WriteBytes(std::string_view bytes);
  void FlushPending();
  void WriteRowGroup(const Table& table, size_t begin, size_t end);

  std::string path_;
  std::string temp_path_;
  WriterOptions options_;
  int fd_ = -1;
  uint64_t offset_ = 0;
  Table pending_;
  FileMetaData metadata_;
  bool closed_ = false;
};

// Writes `table` to `path` in one go.
void WriteTable(const std::string& path, const Table& table, WriterOptions options = {});

}  // namespace pdex::parquet
