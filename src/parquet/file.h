// Random-access input for the reader, behind a tiny interface so tests and
// the fuzzer read from memory and the services read from disk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pdex::parquet {

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual uint64_t Size() const = 0;
  // Reads exactly `length` bytes at `offset` into `out`; throws ParquetError
  // if the range is outside the file or the read fails. Thread-safe.
  virtual void ReadAt(uint64_t offset, size_t length, char* out) const = 0;
};

// A file on disk, read with pread(2). Throws ParquetError naming the path
// when it cannot be opened.
std::unique_ptr<RandomAccessFile> OpenLocalFile(const std::string& path);

// Bytes in memory; `data` must outlive the returned object.
std::unique_ptr<RandomAccessFile> MemoryFile(std::string_view data);

}  // namespace pdex::parquet
