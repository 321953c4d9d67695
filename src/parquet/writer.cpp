#include "parquet/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "parquet/column_writer.h"
#include "parquet/parallel.h"

namespace pdex::parquet {

namespace {

constexpr char kMagic[] = "PAR1";

std::string TempPathFor(const std::string& path) {
  std::random_device random;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp-%08x", random());
  const std::filesystem::path p(path);
  return (p.parent_path() / ("." + p.filename().string() + suffix)).string();
}

}  // namespace

FileWriter::FileWriter(std::string path, const Table& schema, WriterOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  if (schema.num_columns() == 0) throw ParquetError(path_ + ": cannot write a table without columns");
  if (options_.row_group_rows == 0 || options_.page_bytes == 0) {
    throw ParquetError(path_ + ": row_group_rows and page_bytes must be positive");
  }
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(schema.num_columns());
  metadata_.schema.push_back(root);
  for (const Column& column : schema.columns()) metadata_.schema.push_back(SchemaElementFor(column));
  pending_ = schema.EmptyLike();
  metadata_.version = 2;
  metadata_.created_by = options_.created_by;
  metadata_.type_defined_column_orders = static_cast<int32_t>(schema.num_columns());
  for (const auto& [key, value] : options_.key_value_metadata) metadata_.key_value_metadata.push_back({key, value});

  temp_path_ = TempPathFor(path_);
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw ParquetError(path_ + ": cannot create " + temp_path_ + ": " + std::strerror(errno));
  WriteBytes(std::string_view(kMagic, 4));
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!closed_) ::unlink(temp_path_.c_str());
}

void FileWriter::WriteBytes(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ParquetError(path_ + ": write failed: " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
    offset_ += static_cast<uint64_t>(n);
  }
}

void FileWriter::Write(const Table& batch) {
  if (closed_) throw ParquetError(path_ + ": write after Close()");
  if (batch.num_columns() != pending_.num_columns()) {
    throw ParquetError(path_ + ": batch has " + std::to_string(batch.num_columns()) + " columns, the file " +
                       std::to_string(pending_.num_columns()));
  }
  for (size_t i = 0; i < batch.num_columns(); ++i) {
    const Column& got = batch.column(i);
    const Column& want = pending_.column(i);
    if (got.name() != want.name() || got.type() != want.type() || (got.nullable() && !want.nullable())) {
      throw ParquetError(path_ + ": batch column '" + got.name() + "' (" + TypeName(got.type()) +
                         ") does not match the file's '" + want.name() + "' (" + TypeName(want.type()) + ")");
    }
  }
  size_t row = 0;
  const size_t rows = batch.num_rows();
  // Whole row groups straight from the batch; the rest waits in pending_.
  while (pending_.num_rows() == 0 && rows - row >= options_.row_group_rows) {
    WriteRowGroup(batch, row, row + options_.row_group_rows);
    row += options_.row_group_rows;
  }
  while (row < rows) {
    const size_t take = std::min(rows - row, options_.row_group_rows - pending_.num_rows());
    for (size_t i = 0; i < batch.num_columns(); ++i) pending_.column(i).AppendRange(batch.column(i), row, row + take);
    row += take;
    if (pending_.num_rows() == options_.row_group_rows) FlushPending();
  }
}

void FileWriter::FlushPending() {
  if (pending_.num_rows() == 0) return;
  WriteRowGroup(pending_, 0, pending_.num_rows());
  pending_ = pending_.EmptyLike();
}

void FileWriter::WriteRowGroup(const Table& table, size_t begin, size_t end) {
  // Encode and compress the columns in parallel, then write them in order.
  std::vector<EncodedChunk> chunks(table.num_columns());
  ParallelFor(chunks.size(), [&](size_t i) { chunks[i] = EncodeColumnChunk(table.column(i), begin, end, options_); });

  RowGroup group;
  group.num_rows = static_cast<int64_t>(end - begin);
  group.file_offset = static_cast<int64_t>(offset_);
  int64_t compressed = 0;
  for (EncodedChunk& chunk : chunks) {
    const auto start = static_cast<int64_t>(offset_);
    ColumnMetaData meta = std::move(chunk.meta);
    meta.data_page_offset += start;
    if (meta.dictionary_page_offset) *meta.dictionary_page_offset += start;
    WriteBytes(chunk.bytes);
    group.total_byte_size += meta.total_uncompressed_size;
    compressed += meta.total_compressed_size;
    ColumnChunk column_chunk;
    column_chunk.file_offset = start;
    column_chunk.meta_data = std::move(meta);
    group.columns.push_back(std::move(column_chunk));
  }
  group.total_compressed_size = compressed;
  group.ordinal = static_cast<int16_t>(std::min<size_t>(metadata_.row_groups.size(), INT16_MAX));
  metadata_.num_rows += group.num_rows;
  metadata_.row_groups.push_back(std::move(group));
}

void FileWriter::Close() {
  if (closed_) return;
  FlushPending();
  std::string footer;
  SerializeFileMetaData(metadata_, &footer);
  const auto length = static_cast<uint32_t>(footer.size());
  footer.append(reinterpret_cast<const char*>(&length), 4);
  footer.append(kMagic, 4);
  WriteBytes(footer);
  if (::fsync(fd_) != 0) throw ParquetError(path_ + ": fsync failed: " + std::strerror(errno));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw ParquetError(path_ + ": close failed: " + std::strerror(errno));
  }
  fd_ = -1;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw ParquetError(path_ + ": cannot rename " + temp_path_ + ": " + std::strerror(errno));
  }
  closed_ = true;
}

void WriteTable(const std::string& path, const Table& table, WriterOptions options) {
  FileWriter writer(path, table, std::move(options));
  writer.Write(table);
  writer.Close();
}

}  // namespace pdex::parquet
