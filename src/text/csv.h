#pragma once
// A small RFC 4180 CSV reader for the project's data files.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pdex::text {

// Thrown on malformed CSV; the message names the source and line.
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parsed CSV document whose first record is the header.
class CsvTable {
 public:
  // Parses `content`; `source` names it in error messages. Every record must
  // have as many fields as the header. Throws CsvError.
  static CsvTable Parse(std::string_view content, std::string source);
  // Reads and parses a file. Throws CsvError (also when it cannot be read).
  static CsvTable ReadFile(const std::string& path);

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  const std::string& source() const { return source_; }
  // 1-based line number of a data row in the source, for error messages.
  std::size_t LineOf(std::size_t row) const { return lines_.at(row); }
  // Index of a header column; throws CsvError naming the missing column.
  std::size_t Column(std::string_view name) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
};

}  // namespace pdex::text
