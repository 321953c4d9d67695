#include "parquet/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "parquet/table.h"

namespace pdex::parquet {

namespace {

void CheckRange(uint64_t size, uint64_t offset, size_t length) {
  if (offset > size || length > size - offset) {
    throw ParquetError("read of " + std::to_string(length) + " bytes at offset " + std::to_string(offset) +
                       " is past the end of the file (" + std::to_string(size) + " bytes)");
  }
}

class LocalFile final : public RandomAccessFile {
 public:
  LocalFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  ~LocalFile() override { ::close(fd_); }
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;

  uint64_t Size() const override { return size_; }

  void ReadAt(uint64_t offset, size_t length, char* out) const override {
    CheckRange(size_, offset, length);
    while (length > 0) {
      const ssize_t n = ::pread(fd_, out, length, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        throw ParquetError(path_ + ": read failed: " + (n == 0 ? std::string("unexpected end of file")
                                                              : std::string(std::strerror(errno))));
      }
      out += n;
      offset += static_cast<uint64_t>(n);
      length -= static_cast<size_t>(n);
    }
  }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class InMemoryFile final : public RandomAccessFile {
 public:
  explicit InMemoryFile(std::string_view data) : data_(data) {}
  uint64_t Size() const override { return data_.size(); }
  void ReadAt(uint64_t offset, size_t length, char* out) const override {
    CheckRange(data_.size(), offset, length);
    if (length > 0) std::memcpy(out, data_.data() + offset, length);
  }

 private:
  std::string_view data_;
};

}  // namespace

std::unique_ptr<RandomAccessFile> OpenLocalFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ParquetError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ParquetError(path + ": not a regular file");
  }
  return std::make_unique<LocalFile>(path, fd, static_cast<uint64_t>(st.st_size));
}

std::unique_ptr<RandomAccessFile> MemoryFile(std::string_view data) {
  return std::make_unique<InMemoryFile>(data);
}

}  // namespace pdex::parquet
