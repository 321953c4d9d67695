#include "drift/reference.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <cmath>
#include <fstream>
#include <optional>

#include "parquet/reader.h"
#include "text/csv.h"

namespace pdex::drift {

namespace {

bool IsParquetFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReferenceError("cannot read " + path + ": " + std::strerror(errno));
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string_view(magic, 4) == "PAR1";
}

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string ShortestDecimal(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

// A CSV file as a table: numerical columns as nullable doubles, others as
// nullable strings; empty fields are nulls.
parquet::Table CsvToTable(const std::string& path) {
  text::CsvTable csv = [&] {
    try {
      return text::CsvTable::ReadFile(path);
    } catch (const text::CsvError& e) {
      throw ReferenceError(std::string("cannot read ") + e.what());
    }
  }();
  parquet::Table table;
  for (std::size_t c = 0; c < csv.header().size(); ++c) {
    bool numerical = true;
    for (const auto& row : csv.rows()) {
      if (!row[c].empty() && !ParseNumber(row[c])) {
        numerical = false;
        break;
      }
    }
    parquet::Column column(csv.header()[c], parquet::ColumnType::Of(numerical ? parquet::TypeKind::kDouble
                                                                              : parquet::TypeKind::kString),
                           true);
    column.Reserve(csv.rows().size());
    for (const auto& row : csv.rows()) {
      if (row[c].empty()) {
        column.AppendNull();
      } else if (numerical) {
        column.AppendDouble(*ParseNumber(row[c]));
      } else {
        column.AppendString(row[c]);
      }
    }
    table.AddColumn(std::move(column));
  }
  return table;
}

std::optional<ColumnKind> NaturalKind(const parquet::Column& column) {
  using parquet::TypeKind;
  switch (column.type().kind) {
    case TypeKind::kBoolean:
    case TypeKind::kString:
      return ColumnKind::kCategorical;
    case TypeKind::kInt8: case TypeKind::kInt16: case TypeKind::kInt32: case TypeKind::kInt64:
    case TypeKind::kUInt8: case TypeKind::kUInt16: case TypeKind::kUInt32: case TypeKind::kUInt64:
    case TypeKind::kFloat: case TypeKind::kDouble:
      return ColumnKind::kNumerical;
    default:
      return std::nullopt;  // timestamps, dates, binary, decimals: not model inputs here
  }
}

}  // namespace

bool IsEventMetadataColumn(std::string_view name) {
  return name == "event_id" || name == "timestamp" || name == "model_version";
}

ColumnSample SampleOf(const parquet::Column& column, ColumnKind kind, std::size_t* dropped) {
  using parquet::Storage;
  const std::size_t rows = column.size();
  std::size_t nulls = 0;
  if (kind == ColumnKind::kNumerical) {
    std::vector<double> values;
    values.reserve(rows);
    for (std::size_t row = 0; row < rows; ++row) {
      if (column.IsNull(row)) {
        ++nulls;
        continue;
      }
      switch (column.storage()) {
        case Storage::kInt64: values.push_back(static_cast<double>(column.ints()[row])); break;
        case Storage::kDouble: values.push_back(column.doubles()[row]); break;
        case Storage::kBinary:
        case Storage::kDictionary:
          if (auto number = ParseNumber(column.StringAt(row))) {
            values.push_back(*number);
          } else {
            ++nulls;
          }
          break;
      }
    }
    ColumnSample sample = ColumnSample::Numerical(std::move(values));
    if (dropped != nullptr) *dropped += rows - sample.size();
    return sample;
  }
  std::vector<std::string> owned;  // numbers turned into text
  std::vector<std::string_view> values;
  values.reserve(rows);
  if (column.storage() == Storage::kInt64 || column.storage() == Storage::kDouble) owned.reserve(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    if (column.IsNull(row)) {
      ++nulls;
      continue;
    }
    switch (column.storage()) {
      case Storage::kInt64:
        owned.push_back(column.type().kind == parquet::TypeKind::kBoolean
                            ? (column.ints()[row] != 0 ? "true" : "false")
                            : std::to_string(column.ints()[row]));
        values.push_back(owned.back());
        break;
      case Storage::kDouble:
        if (!std::isfinite(column.doubles()[row])) {
          ++nulls;
          break;
        }
        owned.push_back(ShortestDecimal(column.doubles()[row]));
        values.push_back(owned.back());
        break;
      case Storage::kBinary:
      case Storage::kDictionary:
        values.push_back(column.StringAt(row));
        break;
    }
  }
  if (dropped != nullptr) *dropped += nulls;
  return ColumnSample::Categorical(values);
}

parquet::Table ReadDataFile(const std::string& path) {
  if (IsParquetFile(path)) {
    try {
      return parquet::FileReader::Open(path).ReadAll();
    } catch (const parquet::ParquetError& e) {
      throw ReferenceError(std::string("cannot read ") + e.what());
    }
  }
  return CsvToTable(path);
}

Reference Reference::Load(const std::string& path, const DriftOptions& options) {
  return FromTable(ReadDataFile(path), options, path);
}

Reference Reference::FromTable(const parquet::Table& table, const DriftOptions& options, std::string source) {
  for (const auto& [name, spec] : options.columns) {
    if (!table.IndexOf(name)) throw ReferenceError(source + " has no column '" + name + "' (named in the column configuration)");
  }
  Reference reference;
  reference.source_ = std::move(source);
  reference.rows_ = table.num_rows();
  std::vector<ReferenceColumn> predictions;
  for (const parquet::Column& column : table.columns()) {
    if (IsEventMetadataColumn(column.name()) || options.ignored.contains(column.name())) continue;
    const ColumnOverride* spec = options.Find(column.name());
    std::optional<ColumnKind> kind = spec != nullptr && spec->kind ? spec->kind : NaturalKind(column);
    if (!kind) continue;
    ReferenceColumn prepared;
    prepared.name = column.name();
    prepared.role = column.name() == "prediction" || column.name() == "probability" ? ColumnRole::kPrediction
                                                                                    : ColumnRole::kFeature;
    prepared.kind = *kind;
    prepared.sample = SampleOf(column, *kind);
    if (spec != nullptr) {
      prepared.stattest = spec->stattest;
      if (spec->threshold) {
        prepared.threshold = *spec->threshold;
        prepared.has_threshold = true;
      }
      if (prepared.stattest != nullptr &&
          !(*kind == ColumnKind::kNumerical ? prepared.stattest->numerical : prepared.stattest->categorical)) {
        throw ReferenceError(reference.source_ + ": column '" + column.name() + "' is " +
                             std::string(ColumnKindName(*kind)) + ", which test '" +
                             std::string(prepared.stattest->name) + "' does not accept");
      }
    }
    (prepared.role == ColumnRole::kFeature ? reference.columns_ : predictions).push_back(std::move(prepared));
  }
  if (reference.columns_.empty()) throw ReferenceError(reference.source_ + " has no column to test");
  for (auto& column : predictions) reference.columns_.push_back(std::move(column));
  return reference;
}

const ReferenceColumn* Reference::Find(std::string_view name) const {
  for (const auto& column : columns_) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

}  // namespace pdex::drift
