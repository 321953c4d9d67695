#include "text/csv.h"

#include <fstream>
#include <sstream>

namespace pdex::text {

CsvTable CsvTable::Parse(std::string_view content, std::string source) {
  CsvTable table;
  table.source_ = std::move(source);
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> record_lines;
  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  std::size_t record_line = 1;
  bool in_quotes = false;
  bool field_started = false;
  bool after_closing_quote = false;
  bool record_had_quotes = false;

  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_started = false;
    after_closing_quote = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line is no record; a line holding only "" is one empty field.
    if (record_had_quotes || !(record.size() == 1 && record[0].empty())) {
      records.push_back(std::move(record));
      record_lines.push_back(record_line);
    }
    record.clear();
    record_had_quotes = false;
  };

  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < content.size() && content[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
          after_closing_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (after_closing_quote && c != ',' && c != '\n' && c != '\r') {
      throw CsvError(table.source_ + ":" + std::to_string(line) + ": text after a closing quote");
    }
    switch (c) {
      case '"':
        if (field_started || !field.empty()) {
          throw CsvError(table.source_ + ":" + std::to_string(line) + ": stray quote inside a field");
        }
        in_quotes = true;
        field_started = true;
        record_had_quotes = true;
        break;
      case ',':
        end_field();
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        record_line = line;
        break;
      default:
        field.push_back(c);
        field_started = true;
    }
  }
  if (in_quotes) throw CsvError(table.source_ + ": unterminated quoted field");
  if (!field.empty() || !record.empty()) end_record();
  if (records.empty()) throw CsvError(table.source_ + ": no header line");

  table.header_ = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header_.size()) {
      throw CsvError(table.source_ + ":" + std::to_string(record_lines[r]) + ": expected " +
                     std::to_string(table.header_.size()) + " fields, found " +
                     std::to_string(records[r].size()));
    }
    table.rows_.push_back(std::move(records[r]));
    table.lines_.push_back(record_lines[r]);
  }
  return table;
}

CsvTable CsvTable::ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CsvError("cannot read " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return Parse(content.str(), path);
}

std::size_t CsvTable::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  throw CsvError(source_ + ": missing column '" + std::string(name) + "'");
}

}  // namespace pdex::text
